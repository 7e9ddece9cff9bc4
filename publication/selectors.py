"""What the public pages may show: published assessments only, read from their frozen content.

The one rule of what is public lives here (``published``): an assessment that is signed off (or
superseded since), whose sign-off published it, whose publication was not withdrawn, and
whose content was frozen. Drafts, assessments in review, withdrawn assessments and those not
published are never found by these pages, whatever the address asked.

What a page shows of an assessment comes from its frozen content (eqia/snapshot.py): the
policy's reference, title, service area and Covenant functions as they were when it was
signed, never the register's details now.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from core.dates import long_date
from eqia.models import Assessment, AssessmentState, Characteristic, Impact, ImpactRow, Publication
from eqia.selectors import NewerVersion
from eqia.selectors import newer_version as superseding_version
from policies.models import CovenantFunction

SIGNED = [AssessmentState.SIGNED_OFF, AssessmentState.SUPERSEDED]


def published() -> QuerySet[Assessment]:
    """Every assessment on the public pages now."""
    return Assessment.objects.filter(
        state__in=SIGNED, publication=Publication.PUBLISHED, frozen_content__isnull=False
    )


def on_record(reference: str, version: int) -> Assessment | None:
    """The assessment a public address names, when the public may know of it: published, or
    once published and since withdrawn (its page is then a notice). None for anything else."""
    if not reference.isprintable():  # no reference holds a control character (nor NUL)
        return None
    return (
        Assessment.objects.filter(
            state__in=SIGNED,
            publication__in=[Publication.PUBLISHED, Publication.WITHDRAWN],
            frozen_content__isnull=False,
            policy__reference=reference,
            version=version,
        )
        .select_related("policy")
        .first()
    )


def public_url(assessment: Assessment) -> str:
    return reverse("published:eqia", args=[assessment.policy.reference, assessment.version])


@dataclass(frozen=True)
class PublishedFilters:
    """What the list of published assessments is narrowed to (nothing: all of them)."""

    text: str = ""  # in the reference or title
    service_area: str = ""  # as named when signed
    year: int | None = None  # signed off in
    characteristic_id: int | None = None  # rated negative for
    covenant_function: str = ""  # a CovenantFunction the policy had when signed


def published_list(filters: PublishedFilters) -> QuerySet[Assessment]:
    """Published assessments, newest sign-off first, narrowed by ``filters``."""
    assessments = published()
    if text := filters.text.strip():
        assessments = assessments.filter(
            Q(frozen_content__policy__reference__icontains=text)
            | Q(frozen_content__policy__title__icontains=text)
        )
    if filters.service_area:
        assessments = assessments.filter(frozen_content__policy__service_area=filters.service_area)
    if filters.year is not None:
        start = timezone.make_aware(datetime.datetime(filters.year, 1, 1))
        end = timezone.make_aware(datetime.datetime(filters.year + 1, 1, 1))
        assessments = assessments.filter(signed_off_at__gte=start, signed_off_at__lt=end)
    if filters.characteristic_id is not None:
        # The impact rows of a signed assessment are its frozen grid: the workflow changes no
        # content after sign-off, and the content's SHA-256 would show a change made otherwise.
        assessments = assessments.filter(
            pk__in=ImpactRow.objects.filter(
                characteristic_id=filters.characteristic_id, impact=Impact.NEGATIVE
            ).values("assessment_id")
        )
    if filters.covenant_function:
        # The frozen list of the policy's functions, as JSON text: SQLite cannot ask whether a
        # JSON array contains a value, so the quoted code is looked for in the text (the codes
        # are words none of which is part of another).
        assessments = assessments.filter(
            frozen_content__policy__covenant_functions__icontains=f'"{filters.covenant_function}"'
        )
    # Sign-offs are recorded to the second: two in the same second list the later one first.
    return assessments.select_related("policy").order_by("-signed_off_at", "-pk")


# The choices of the list's filters: only what some published assessment has.


def service_areas() -> list[str]:
    names = published().values_list("frozen_content__policy__service_area", flat=True)
    return sorted({str(name) for name in names if name})


def years() -> list[int]:
    moments = published().values_list("signed_off_at", flat=True)
    return sorted({timezone.localtime(moment).year for moment in moments if moment}, reverse=True)


def characteristics() -> QuerySet[Characteristic]:
    """Every characteristic rated in a published assessment."""
    return Characteristic.objects.filter(
        pk__in=ImpactRow.objects.filter(assessment__in=published()).values("characteristic_id")
    ).order_by("position", "name")


def covenant_functions() -> list[tuple[str, str]]:
    return list(CovenantFunction.choices)


# One published assessment, as the list shows it.


@dataclass(frozen=True)
class PublishedItem:
    assessment: Assessment
    reference: str
    title: str
    service_area: str
    version: int
    signed_off_on: str
    negative_for: list[str]
    superseded: bool
    url: str

    @property
    def label(self) -> str:
        return f"{self.reference} EqIA v{self.version}"


def published_item(assessment: Assessment) -> PublishedItem:
    snapshot: dict[str, Any] = assessment.frozen_content or {}
    policy = snapshot.get("policy", {})
    signed = assessment.signed_off_at
    return PublishedItem(
        assessment=assessment,
        reference=policy.get("reference", assessment.policy.reference),
        title=policy.get("title", ""),
        service_area=policy.get("service_area") or "",
        version=assessment.version,
        signed_off_on=long_date(timezone.localtime(signed).date()) if signed else "",
        negative_for=[
            row["characteristic"]
            for row in snapshot.get("impact_grid", [])
            if row.get("impact") == Impact.NEGATIVE
        ],
        superseded=assessment.state == AssessmentState.SUPERSEDED,
        url=public_url(assessment),
    )


# Around one published assessment: the version that superseded it, and the other versions.


def newer_version(assessment: Assessment) -> NewerVersion | None:
    """The signed version that superseded this one (None while it is the current one), linked
    to its public page when it is published."""
    return superseding_version(
        assessment, url=lambda newer: public_url(newer) if newer.is_published else ""
    )


def other_versions(assessment: Assessment) -> list[PublishedItem]:
    """The policy's other published assessments, newest first."""
    return [
        published_item(other)
        for other in published()
        .filter(policy_id=assessment.policy_id)
        .exclude(pk=assessment.pk)
        .select_related("policy")
        .order_by("-version")
    ]
