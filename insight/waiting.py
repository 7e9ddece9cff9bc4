"""What waits for the EDI group across the council, oldest first: the EDI home page's reads
(and the list of assessments in a state that its counts link to)."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Count, Min, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from eqia.access import visible_assessments
from eqia.action_plan import live_actions
from eqia.models import OPEN_STATES, Assessment, AssessmentState
from eqia.selectors import ActionRow, action_rows, with_plans
from policies.models import Policy, PolicyStatus

# How many of the oldest the home page lists in each section (each links to the whole list).
OLDEST = 10


@dataclass(frozen=True)
class Waiting:
    """An assessment in its state: since when, and whether the reader may open it."""

    assessment: Assessment
    since: datetime.datetime
    days: int  # whole days since then, in UK time
    may_open: bool


def in_state(states: list[str], service_area_id: int | None = None) -> QuerySet[Assessment]:
    """The assessments in these states (signed off: those signed off and not superseded),
    longest in their state first."""
    assessments = Assessment.objects.filter(state__in=states)
    if service_area_id:
        assessments = assessments.filter(policy__service_area_id=service_area_id)
    return (
        assessments.annotate(since=Coalesce("state_since", "submitted_at", "created_at"))
        .select_related("policy__service_area")
        .order_by("since", "policy__reference")
    )


def waiting(assessments: list[Assessment], reader: User, *, as_of: datetime.date) -> list[Waiting]:
    """The assessments as lists show them, with which of them the reader may open (one query)."""
    ids = [assessment.pk for assessment in assessments]
    visible = set(visible_assessments(reader).filter(pk__in=ids).values_list("pk", flat=True))
    shown = []
    for assessment in assessments:
        since = getattr(assessment, "since")  # noqa: B009  # in_state's annotation
        shown.append(
            Waiting(
                assessment=assessment,
                since=since,
                days=(as_of - timezone.localtime(since).date()).days,
                may_open=assessment.pk in visible,
            )
        )
    return shown


@dataclass(frozen=True)
class StateCount:
    state: AssessmentState
    count: int
    oldest: datetime.datetime | None


@dataclass
class EdiHome:
    """What the EDI home page opens with."""

    as_of: datetime.date
    counts: list[StateCount]
    signed_this_year: int
    to_review: list[Waiting]
    to_review_count: int
    to_sign_off: list[Waiting]
    to_sign_off_count: int
    with_authors: list[Waiting]
    with_authors_count: int
    overdue_reviews: int
    unknown_review_dates: int
    oldest_overdue_policies: list[Policy]
    overdue_actions: int
    oldest_overdue_actions: list[ActionRow]


def state_counts() -> list[StateCount]:
    counted: dict[str, tuple[int, datetime.datetime | None]] = {
        row["state"]: (row["count"], row["oldest"])
        for row in Assessment.objects.filter(state__in=OPEN_STATES)
        .values("state")
        .annotate(count=Count("pk"), oldest=Min(Coalesce("state_since", "created_at")))
        .order_by()
    }
    return [
        StateCount(AssessmentState(state), *counted.get(state, (0, None))) for state in OPEN_STATES
    ]


def _oldest(states: list[str], reader: User, as_of: datetime.date) -> tuple[list[Waiting], int]:
    assessments = in_state(states)
    return waiting(list(assessments[:OLDEST]), reader, as_of=as_of), assessments.count()


def edi_home(reader: User, *, as_of: datetime.date) -> EdiHome:
    """Counts by state, the oldest assessments waiting for review, for sign-off and with their
    authors for changes, the policies overdue for review and the actions overdue."""
    to_review, to_review_count = _oldest(
        [AssessmentState.SUBMITTED, AssessmentState.IN_REVIEW], reader, as_of
    )
    to_sign_off, to_sign_off_count = _oldest([AssessmentState.APPROVED], reader, as_of)
    with_authors, with_authors_count = _oldest([AssessmentState.CHANGES_REQUESTED], reader, as_of)
    active = Policy.objects.filter(status=PolicyStatus.ACTIVE)
    overdue = active.filter(next_review__lt=as_of)
    overdue_actions = live_actions().filter(due_date__lt=as_of)
    return EdiHome(
        as_of=as_of,
        counts=state_counts(),
        signed_this_year=Assessment.objects.filter(
            state=AssessmentState.SIGNED_OFF, signed_off_at__year=as_of.year
        ).count(),
        to_review=to_review,
        to_review_count=to_review_count,
        to_sign_off=to_sign_off,
        to_sign_off_count=to_sign_off_count,
        with_authors=with_authors,
        with_authors_count=with_authors_count,
        overdue_reviews=overdue.count(),
        unknown_review_dates=active.filter(next_review__isnull=True).count(),
        oldest_overdue_policies=list(
            overdue.select_related("service_area").order_by("next_review", "reference")[:5]
        ),
        overdue_actions=overdue_actions.count(),
        oldest_overdue_actions=action_rows(
            with_plans(overdue_actions).order_by("due_date", "pk")[:5], as_of=as_of, reader=reader
        ),
    )
