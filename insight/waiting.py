"""What waits for the EDI group across the council, oldest first: the EDI home page's reads
(and the list of assessments in a state that its counts link to)."""

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Case, Count, F, IntegerField, Min, QuerySet, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from core.dates import short_date
from eqia.action_plan import lead_of, live_actions
from eqia.models import OPEN_STATES, Action, Assessment, AssessmentState
from eqia.selectors import openable_by
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

    @property
    def since_shown(self) -> str:
        """Since when, as the lists give it: the day in UK time ("3 Nov 2026")."""
        return short_date(timezone.localtime(self.since))


def in_state(states: list[str], service_area_id: int | None = None) -> QuerySet[Assessment]:
    """The assessments in these states (signed off: those signed off and not superseded),
    longest in their state first."""
    assessments = Assessment.objects.filter(state__in=states)
    if service_area_id:
        assessments = assessments.filter(policy__service_area_id=service_area_id)
    return (
        assessments.annotate(since=Coalesce("state_since", "submitted_at", "created_at"))
        .select_related("policy__service_area")
        # What the lists show (templates/insight/_waiting.html), not the rest of the content.
        .only(
            "version",
            "state",
            "policy__reference",
            "policy__title",
            "policy__service_area__name",
        )
        .order_by("since", "policy__reference")
    )


def oldest_in_each(groups: Sequence[Sequence[str]], count: int) -> list[list[Assessment]]:
    """The ``count`` longest in their state of each group of states (``in_state``'s order), in
    one query: each assessment numbered within its group, and the first ``count`` kept."""
    group_of = Case(
        *(When(state__in=states, then=Value(number)) for number, states in enumerate(groups)),
        output_field=IntegerField(),
    )
    rows = (
        in_state([state for states in groups for state in states])
        .annotate(
            group=group_of,
            place=Window(
                RowNumber(),
                partition_by=[group_of],
                order_by=[F("since").asc(), F("policy__reference").asc()],
            ),
        )
        .filter(place__lte=count)
    )
    oldest: list[list[Assessment]] = [[] for _ in groups]
    for assessment in rows:
        oldest[getattr(assessment, "group")].append(assessment)  # noqa: B009  # the annotation
    return oldest


def waiting(
    assessments: list[Assessment],
    reader: User,
    *,
    as_of: datetime.date,
    openable: Collection[int] | None = None,
) -> list[Waiting]:
    """The assessments as lists show them, with which of them the reader may open (one query;
    none where the caller passes ``openable``, having asked for more than these at once)."""
    if openable is None:
        openable = openable_by(reader, [assessment.pk for assessment in assessments])
    shown = []
    for assessment in assessments:
        since = getattr(assessment, "since")  # noqa: B009  # in_state's annotation
        shown.append(
            Waiting(
                assessment=assessment,
                since=since,
                days=(as_of - timezone.localtime(since).date()).days,
                may_open=assessment.pk in openable,
            )
        )
    return shown


@dataclass(frozen=True)
class OverdueAction:
    """An overdue action as the EDI home lists it: its words, policy and due date, and its
    lead (the list links to the Actions page for the rest)."""

    action: Action
    lead: str

    @property
    def due_shown(self) -> str:
        return short_date(self.action.due_date)


@dataclass(frozen=True)
class OverduePolicy:
    """A policy overdue for review as the EDI home lists it, with its review date."""

    policy: Policy

    @property
    def due_shown(self) -> str:
        review = self.policy.next_review
        return short_date(review) if review else "–"


def oldest_overdue(actions: QuerySet[Action], count: int) -> list[OverdueAction]:
    """The ``count`` actions due longest ago, with only what the EDI home shows of them."""
    listed = (
        actions.select_related("owner", "assessment__policy")
        .only(
            "description",
            "due_date",
            "lead_team",
            "owner__first_name",
            "owner__last_name",
            "owner__email",
            "owner__username",
            "assessment__policy__reference",
        )
        .order_by("due_date", "pk")[:count]
    )
    return [OverdueAction(action=action, lead=lead_of(action)) for action in listed]


@dataclass(frozen=True)
class StateCount:
    state: AssessmentState
    count: int
    oldest: datetime.datetime | None

    @property
    def oldest_shown(self) -> str:
        """Since when the longest in the state has been in it: the day in UK time, or "–"."""
        return short_date(timezone.localtime(self.oldest)) if self.oldest else "–"


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
    oldest_overdue_policies: list[OverduePolicy]
    overdue_actions: int
    oldest_overdue_actions: list[OverdueAction]


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


# What each list of the EDI home holds, by the states counted in its heading.
TO_REVIEW = [AssessmentState.SUBMITTED, AssessmentState.IN_REVIEW]
TO_SIGN_OFF = [AssessmentState.APPROVED]
WITH_AUTHORS = [AssessmentState.CHANGES_REQUESTED]


def edi_home(reader: User, *, as_of: datetime.date) -> EdiHome:
    """Counts by state, the oldest assessments waiting for review, for sign-off and with their
    authors for changes, the policies overdue for review and the actions overdue.

    Each list's count is its states' in the counts by state (one query for them all), and
    which of everything listed the reader may open is asked once."""
    counts = state_counts()
    in_each = {count.state: count.count for count in counts}
    lists = oldest_in_each([TO_REVIEW, TO_SIGN_OFF, WITH_AUTHORS], OLDEST)
    active = Policy.objects.filter(status=PolicyStatus.ACTIVE)
    overdue = active.filter(next_review__lt=as_of)
    overdue_actions = live_actions().filter(due_date__lt=as_of)
    openable = openable_by(reader, {assessment.pk for listed in lists for assessment in listed})
    to_review, to_sign_off, with_authors = (
        waiting(listed, reader, as_of=as_of, openable=openable) for listed in lists
    )
    return EdiHome(
        as_of=as_of,
        counts=counts,
        signed_this_year=Assessment.objects.filter(
            state=AssessmentState.SIGNED_OFF, signed_off_at__year=as_of.year
        ).count(),
        to_review=to_review,
        to_review_count=sum(in_each[state] for state in TO_REVIEW),
        to_sign_off=to_sign_off,
        to_sign_off_count=sum(in_each[state] for state in TO_SIGN_OFF),
        with_authors=with_authors,
        with_authors_count=sum(in_each[state] for state in WITH_AUTHORS),
        overdue_reviews=overdue.count(),
        unknown_review_dates=active.filter(next_review__isnull=True).count(),
        oldest_overdue_policies=[
            OverduePolicy(policy)
            for policy in overdue.select_related("service_area").order_by(
                "next_review", "reference"
            )[:5]
        ],
        overdue_actions=overdue_actions.count(),
        oldest_overdue_actions=oldest_overdue(overdue_actions, 5),
    )
