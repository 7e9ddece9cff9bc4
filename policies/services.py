"""Writes to a policy's details, each kept in the policy's history (PolicyChange).

Every way a policy changes (its page, the Django admin, the spreadsheet import, an EqIA's
sign-off) goes through here or, for the import's bulk writes, through ``record_changes``:
who, when, where, old value to new. Lowering a policy's equality relevance, or moving its next
review further away than one review cycle, needs a reason and tells the EDI group. Details
that something above the register depends on (an EqIA under way depends on the service area and
the Covenant functions) are fixed for everyone but administrators while it lasts.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Field
from django.urls import reverse
from django.utils import timezone

from core.dates import add_months, long_date, today
from core.mail import send_each, site_url
from core.people import display_name
from core.refusals import Reason, refuse_if_any
from core.roles import Role, is_administrator
from policies.bulk import insert_in_bulk
from policies.models import (
    ChangeSource,
    CovenantFunction,
    Policy,
    PolicyChange,
    PolicyStatus,
    Relevance,
)

# The details whose changes are kept, in the order the history lists them.
TRACKED_FIELDS = [
    "reference",
    "title",
    "service_area",
    "owner",
    "policy_type",
    "status",
    "equality_relevance",
    "covenant_functions",
    "last_reviewed",
    "review_frequency_months",
    "next_review",
    "document_url",
    "notes",
]
# How relevant each rating is, to tell a lowering; a rating removed ("" not rated) lowers it.
RELEVANCE_RANK: dict[str, int] = {
    Relevance.HIGH: 3,
    Relevance.MEDIUM: 2,
    Relevance.LOW: 1,
    Relevance.NONE: 0,
}
# The review cycle assumed for a policy with no review frequency, in months.
DEFAULT_CYCLE_MONTHS = 12
REASON_FIELD = "change_reason"


def field_label(name: str) -> str:
    field = Policy._meta.get_field(name)
    assert isinstance(field, Field)  # TRACKED_FIELDS names the policy's own fields
    label = str(field.verbose_name)
    return label[:1].upper() + label[1:]


def value_text(policy: Policy, name: str) -> str:
    """A detail of the policy as people read it: labels for codes, dates in words."""
    value = getattr(policy, name)
    if value in (None, "", []):
        return ""
    if name == "covenant_functions":
        labels = dict(CovenantFunction.choices)
        return ", ".join(str(labels.get(code, code)) for code in value)
    if name == "equality_relevance":
        return str(Relevance(value).label) if value in Relevance.values else str(value)
    if name == "status":
        return str(PolicyStatus(value).label) if value in PolicyStatus.values else str(value)
    if name == "owner":
        return display_name(value)
    if isinstance(value, datetime.date):
        return long_date(value)
    return str(value)


def snapshot(policy: Policy) -> dict[str, str]:
    return {name: value_text(policy, name) for name in TRACKED_FIELDS}


@dataclass(frozen=True)
class Flag:
    """A change the EDI group is told about, in words."""

    field: str
    message: str


def flags(before: Policy | None, after: Policy, *, as_of: datetime.date) -> list[Flag]:
    """Changes that need a reason and that the EDI group hears about: lowering the equality
    relevance, or moving the next review further away than one review cycle from today."""
    if before is None:
        return []
    found = []
    old_rank = RELEVANCE_RANK.get(before.equality_relevance)
    new_rank = RELEVANCE_RANK.get(after.equality_relevance)
    if old_rank is not None and (new_rank is None or new_rank < old_rank):
        found.append(
            Flag(
                "equality_relevance",
                f"equality relevance lowered from {value_text(before, 'equality_relevance')} to "
                f"{value_text(after, 'equality_relevance') or 'not rated'}",
            )
        )
    cycle = after.review_frequency_months or DEFAULT_CYCLE_MONTHS
    limit = add_months(as_of, cycle)
    if after.next_review and after.next_review != before.next_review and after.next_review > limit:
        found.append(
            Flag(
                "next_review",
                f"next review moved to {long_date(after.next_review)}, more than "
                f"{cycle} month{'' if cycle == 1 else 's'} away",
            )
        )
    if before.next_review and not after.next_review:
        found.append(Flag("next_review", "next review date removed: it is now unknown"))
    return found


def record_changes(
    pairs: Iterable[tuple[Policy, dict[str, str], dict[str, str]]],
    *,
    by: User | None,
    source: ChangeSource,
    reason: str = "",
    at: datetime.datetime | None = None,
) -> list[PolicyChange]:
    """Keep the changes between each policy's details before and after, one row a field, in
    one statement however many (the import records a whole register's)."""
    at = at or timezone.now()
    rows = [
        PolicyChange(
            policy=policy,
            field=name,
            field_label=field_label(name),
            old_value=old.get(name, ""),
            new_value=new[name],
            reason=reason,
            source=source,
            by=by,
            by_name=display_name(by) if by is not None else source.label,
            at=at,
        )
        for policy, old, new in pairs
        for name in TRACKED_FIELDS
        if old.get(name, "") != new[name]
    ]
    insert_in_bulk(rows)
    return rows


def _stored(policy: Policy, *, lock: bool = False) -> Policy | None:
    """The policy as stored; under its row lock until the transaction ends, for a save (an
    assessment starting at the same moment waits for it, as it locks the policy too)."""
    if policy.pk is None:
        return None
    stored = Policy.objects.select_related("service_area", "owner")
    if lock:
        stored = stored.select_for_update(of=("self",))
    return stored.get(pk=policy.pk)


def reason_refusals(flagged: list[Flag], reason: str) -> list[Reason]:
    """A reason is needed for a flagged change: one refusal naming every flag, on the field
    ``change_reason``."""
    if not flagged or reason.strip():
        return []
    changes = "; ".join(flag.message for flag in flagged)
    return [
        Reason(
            f"Enter a reason for the change ({changes}): the EDI group is told of it",
            field=REASON_FIELD,
        )
    ]


# Which of a policy's details are fixed now, each with why: rules the layers above the register
# add when they load (AppConfig.ready), since the register cannot see what depends on it.
FixedDetailsRule = Callable[[Policy], dict[str, str]]
_fixed_details_rules: list[FixedDetailsRule] = []


def fix_details_while(rule: FixedDetailsRule) -> FixedDetailsRule:
    """Add a rule saying which details of a policy only an administrator may change now, and
    why (the message the person who tries is shown, beside the field)."""
    if rule not in _fixed_details_rules:
        _fixed_details_rules.append(rule)
    return rule


def fixed_details(policy: Policy) -> dict[str, str]:
    """The details of the stored policy that only an administrator may change now: field ->
    why."""
    fixed: dict[str, str] = {}
    for rule in _fixed_details_rules:
        fixed.update(rule(policy))
    return fixed


def fixed_detail_refusals(before: Policy | None, after: Policy, by: User | None) -> list[Reason]:
    """A change to a fixed detail, by anyone but an administrator (or the import, run by one),
    is refused beside the field, saying why."""
    if before is None or by is None or is_administrator(by):
        return []
    return [
        Reason(why, field=name)
        for name, why in fixed_details(before).items()
        if comparable(getattr(before, name)) != comparable(getattr(after, name))
    ]


def comparable(value: object) -> object:
    """A detail's value, with the order of a list of choices (Covenant functions) left out."""
    return sorted(value) if isinstance(value, list) else value


def change_refusals(policy: Policy, reason: str) -> list[Reason]:
    """Why the policy as changed in memory may not be stored with this reason: for a form to
    check before it saves (the Django admin's). ``policy`` has been cleaned (full_clean)."""
    return reason_refusals(flags(_stored(policy), policy, as_of=today()), reason)


@transaction.atomic
def policy_save(
    *,
    policy: Policy,
    by: User | None,
    source: ChangeSource = ChangeSource.FORM,
    reason: str = "",
) -> Policy:
    """Validate and store a policy created or edited (its next review derived when blank),
    keeping every change in its history.

    Raises Refused (field ``change_reason``) when a change needs a reason and has none, and
    (on the detail's field) when someone other than an administrator changes a detail that is
    fixed now (``fixed_details``).
    """
    before = _stored(policy, lock=True)
    policy.full_clean()
    flagged = flags(before, policy, as_of=today())
    reason = reason.strip()
    refuse_if_any(fixed_detail_refusals(before, policy, by) + reason_refusals(flagged, reason))
    policy.save()
    old = snapshot(before) if before is not None else {}
    record_changes([(policy, old, snapshot(policy))], by=by, source=source, reason=reason)
    if flagged:
        transaction.on_commit(partial(tell_edi_group, policy, flagged, by=by, reason=reason))
    return policy


@transaction.atomic
def policy_record_review(
    *,
    policy: Policy,
    reviewed_on: datetime.date,
    next_review: datetime.date | None,
    by: User,
    note: str,
) -> Policy:
    """A review of the policy (an EqIA signed off): last reviewed is that day; next review is
    the date the review set, else a review cycle later (unknown without a frequency)."""
    locked = Policy.objects.select_for_update().get(pk=policy.pk)
    before = snapshot(locked)
    locked.last_reviewed = reviewed_on
    locked.next_review = next_review or Policy.derive_next_review(
        reviewed_on, locked.review_frequency_months
    )
    locked.save(update_fields=["last_reviewed", "next_review", "updated_at"])
    record_changes(
        [(locked, before, snapshot(locked))], by=by, source=ChangeSource.SIGN_OFF, reason=note
    )
    return locked


def edi_group() -> list[User]:
    return list(
        User.objects.filter(groups__name=Role.EDI_REVIEWER.value, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def tell_edi_group(policy: Policy, flagged: list[Flag], *, by: User | None, reason: str) -> int:
    """E-mail the EDI group a change they should know of (after the change is committed)."""
    return len(
        send_each(
            "emails/policy_change_flagged.txt",
            f"{policy.reference}: {flagged[0].message}",
            edi_group(),
            policy=policy,
            changes=[flag.message for flag in flagged],
            by_name=display_name(by) if by is not None else "The spreadsheet import",
            reason=reason,
            url=site_url(reverse("policies:detail", args=[policy.reference])),
        )
    )


def history(policy: Policy) -> list[PolicyChange]:
    return list(policy.changes.all())


def tell_edi_group_of_import(
    *, filename: str, flagged: list[tuple[Policy, list[Flag]]], by: User | None
) -> int:
    """One e-mail to each of the EDI group listing an import's changes they should know of."""
    count = len(flagged)
    return len(
        send_each(
            "emails/policy_import_flagged.txt",
            f"{filename}: {count} polic{'y' if count == 1 else 'ies'} changed in ways the EDI "
            "group is told of",
            edi_group(),
            filename=filename,
            by_name=display_name(by) if by is not None else "The import_policies command",
            changes=[
                {
                    "policy": policy,
                    "messages": [flag.message for flag in found],
                    "url": site_url(reverse("policies:detail", args=[policy.reference])),
                }
                for policy, found in flagged
            ],
        )
    )
