"""Cumulative impact, structured: the other policies (with the signed EqIA of each that was
considered, when it had one) that an assessment links to in its Impacts part, one group at a
time, with how they combine; and, the other way round, the assessments that consider a policy
or a signed EqIA (shown on the policy's page and in the signed EqIA's read view).

The links are content of the Impacts part: ``links_replace`` runs inside
eqia.content.part_save's transaction, under the assessment's row lock, once the gate let the
person edit. Its reasons name the row's field on the Impacts page (``link_field``).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from core.refusals import Reason, refuse_if_any
from eqia.access import SIGNED_STATES, visible_assessments
from eqia.models import Assessment, AssessmentState, CumulativeLink
from policies.models import Policy, normalise_reference

# The form prefix of the links on the Impacts page (a Django formset): ``cumulative-0-...``.
LINKS_PREFIX = "cumulative"


def link_field(position: int, name: str) -> str:
    """The name of a field of the link at ``position`` (0 first) on the Impacts page."""
    return f"{LINKS_PREFIX}-{position}-{name}"


@dataclass(frozen=True)
class LinkValues:
    """One link as the author gives it: the other policy's reference, the group both bear on
    (a characteristic's id) and how they combine for that group. ``row`` is its row on the
    Impacts page (0 first), which its reasons name; by default its place in the list given."""

    reference: str
    characteristic_id: int | None
    how_they_combine: str
    row: int | None = None


def latest_signed_of(policy_ids: Sequence[int]) -> dict[int, Assessment]:
    """Each policy's latest signed EqIA (signed off, or superseded only if none is newer)."""
    latest: dict[int, Assessment] = {}
    for assessment in Assessment.objects.filter(
        policy_id__in=policy_ids, state__in=SIGNED_STATES
    ).order_by("policy_id", "-version"):
        latest.setdefault(assessment.policy_id, assessment)
    return latest


def _refusals(
    assessment: Assessment, wanted: Sequence[LinkValues], policies: dict[str, Policy]
) -> list[Reason]:
    groups = dict(assessment.impacts.values_list("characteristic_id", "characteristic__name"))
    reasons: list[Reason] = []
    seen: dict[tuple[int, int], int] = {}
    for place, link in enumerate(wanted):
        position = place if link.row is None else link.row
        number = position + 1
        reference = normalise_reference(link.reference)
        policy = policies.get(reference)
        if not reference:
            reasons.append(
                Reason(
                    f"Enter the policy reference of link {number}",
                    field=link_field(position, "reference"),
                )
            )
        elif policy is None:
            reasons.append(
                Reason(
                    f"Link {number}: no policy has the reference {reference}; check it in the "
                    "policy register",
                    field=link_field(position, "reference"),
                )
            )
        elif policy.pk == assessment.policy_id:
            reasons.append(
                Reason(
                    f"Link {number}: {reference} is the policy this assessment is about; link "
                    "another policy",
                    field=link_field(position, "reference"),
                )
            )
        if link.characteristic_id not in groups:
            reasons.append(
                Reason(
                    f"Choose the group of link {number}",
                    field=link_field(position, "characteristic"),
                )
            )
        elif policy is not None:
            key = (policy.pk, link.characteristic_id)
            if key in seen:
                reasons.append(
                    Reason(
                        f"Link {number}: {reference} is already linked for "
                        f"{groups[link.characteristic_id]} in link {seen[key]}",
                        field=link_field(position, "characteristic"),
                    )
                )
            seen.setdefault(key, number)
        if not link.how_they_combine.strip():
            reasons.append(
                Reason(
                    f"Enter how the policies combine for the group of link {number}",
                    field=link_field(position, "how_they_combine"),
                )
            )
    return reasons


def links_replace(assessment: Assessment, wanted: Sequence[LinkValues]) -> list[str]:
    """Make the assessment's links exactly ``wanted``, or refuse with every reason (each at
    its row's field) and change nothing. A link kept (the same policy and group) keeps the
    signed EqIA it was made with; a new one links the policy's latest signed EqIA, if any.
    What changed, in words, for the audit trail."""
    references = {normalise_reference(link.reference) for link in wanted}
    policies = {p.reference: p for p in Policy.objects.filter(reference__in=references)}
    refuse_if_any(_refusals(assessment, wanted, policies))

    current = {(link.linked_policy_id, link.characteristic_id): link for link in _links(assessment)}
    wanted_by_key = {
        (policies[normalise_reference(link.reference)].pk, link.characteristic_id or 0): link
        for link in wanted
    }
    changed: list[str] = []
    for key, link in current.items():
        if key not in wanted_by_key:
            link.delete()
            changed.append(f"cumulative impact: {_named(link)} removed")
    signed = latest_signed_of([policy_id for policy_id, _ in wanted_by_key])
    added: list[CumulativeLink] = []
    for key, values in wanted_by_key.items():
        text = values.how_they_combine.strip()
        link = current.get(key) or CumulativeLink(
            assessment=assessment,
            linked_policy_id=key[0],
            linked_assessment=signed.get(key[0]),
            characteristic_id=key[1],
        )
        if link.pk is None:
            link.how_they_combine = text
            added.append(link)
        elif link.how_they_combine != text:
            link.how_they_combine = text
            link.save(update_fields=["how_they_combine"])
            changed.append(f"cumulative impact: {_named(link)} changed")
    CumulativeLink.objects.bulk_create(added)
    names = dict(assessment.impacts.values_list("characteristic_id", "characteristic__name"))
    by_id = {policy.pk: policy.reference for policy in policies.values()}
    changed += [
        f"cumulative impact: {by_id[link.linked_policy_id]} for "
        f"{names[link.characteristic_id]} added"
        for link in added
    ]
    return changed


def _links(assessment: Assessment) -> list[CumulativeLink]:
    return list(CumulativeLink.objects.filter(assessment=assessment))


def _named(link: CumulativeLink) -> str:
    return f"{link.linked_policy.reference} for {link.characteristic.name}"


def links_carry(previous: Assessment, assessment: Assessment) -> int:
    """The links of the signed version a new one starts from, carried into it as content is:
    each now with its policy's latest signed EqIA (a group no longer in force is left out, as
    its impact row is). How many were carried."""
    groups = set(assessment.impacts.values_list("characteristic_id", flat=True))
    links = [
        link
        for link in _links(previous)
        if link.characteristic_id in groups and link.linked_policy_id != assessment.policy_id
    ]
    signed = latest_signed_of([link.linked_policy_id for link in links])
    CumulativeLink.objects.bulk_create(
        CumulativeLink(
            assessment=assessment,
            linked_policy_id=link.linked_policy_id,
            linked_assessment=signed.get(link.linked_policy_id),
            characteristic_id=link.characteristic_id,
            how_they_combine=link.how_they_combine,
        )
        for link in links
    )
    return len(links)


def links_snapshot(assessment: Assessment) -> list[dict[str, Any]]:
    """The links as the frozen content keeps them (eqia.snapshot, key "cumulative_links")."""
    return [
        {
            "policy": link.linked_policy.reference,
            "policy_title": link.linked_policy.title,
            "signed_eqia_version": (
                link.linked_assessment.version if link.linked_assessment is not None else None
            ),
            "characteristic": link.characteristic.name,
            "how_they_combine": link.how_they_combine,
        }
        for link in _links(assessment)
    ]


@dataclass(frozen=True)
class Consideration:
    """An assessment that considers a policy (or one of its signed EqIAs) in its cumulative
    impact: for which groups, and whether the reader may open it."""

    assessment: Assessment
    groups: tuple[str, ...]
    may_open: bool


def _considerations(
    links: QuerySet[CumulativeLink], reader: User | AnonymousUser
) -> list[Consideration]:
    links = (
        links.exclude(assessment__state=AssessmentState.WITHDRAWN)
        .select_related("assessment__policy")
        .order_by(
            "assessment__policy__reference", "-assessment__version", "characteristic__position"
        )
    )
    groups: dict[int, list[str]] = {}
    assessments: dict[int, Assessment] = {}
    for link in links:
        assessments.setdefault(link.assessment_id, link.assessment)
        groups.setdefault(link.assessment_id, []).append(link.characteristic.name)
    visible = set(
        visible_assessments(reader).filter(pk__in=list(assessments)).values_list("pk", flat=True)
    )
    return [
        Consideration(assessment=assessment, groups=tuple(groups[pk]), may_open=pk in visible)
        for pk, assessment in assessments.items()
    ]


def considering_policy(policy: Policy, reader: User | AnonymousUser) -> list[Consideration]:
    """The assessments (of other policies; none withdrawn) whose cumulative impact links this
    policy, newest version first within a policy."""
    return _considerations(CumulativeLink.objects.filter(linked_policy=policy), reader)


def considering_assessment(
    assessment: Assessment, reader: User | AnonymousUser
) -> list[Consideration]:
    """The assessments whose cumulative impact considered this signed EqIA."""
    return _considerations(CumulativeLink.objects.filter(linked_assessment=assessment), reader)
