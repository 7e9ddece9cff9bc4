"""The review queue: active policies in the order they should be reviewed, with reasons.

A policy's review date puts it in one of two bands: unknown or overdue, then still ahead.
The band always sorts first, so no weighting can lift a policy that is not yet due above one
that is overdue. Within a band, policies are ordered by their score: the sum of the points
each factor awards. The database works out the band and the score and sorts, so a page of
the queue reads only its own rows however long the register; each factor then puts into
words why it counted, for the rows actually shown.

To add a factor (the signed EqIA, open actions, negative impacts...), write its points as a
query expression and its reason as a function of the row, and append it to ``FACTORS``; a
field the reason needs goes into ``ROW_FIELDS`` (annotated onto the query if it is derived).
"""

import datetime
import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import reduce
from typing import Any, overload

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Least, Round, TruncDate

from policies.dates import today
from policies.models import (
    CovenantFunction,
    Policy,
    PolicyStatus,
    Relevance,
    ReviewState,
    ServiceArea,
    review_state_for,
)
from policies.selectors import review_state_filter

# One policy as the queue reads it: the fields of ``ROW_FIELDS`` plus its ``queue_score``.
Row = Mapping[str, Any]

ROW_FIELDS = (
    "id",
    "reference",
    "title",
    "service_area__name",
    "owner__first_name",
    "owner__last_name",
    "owner__email",
    "owner__username",
    "next_review",
    "equality_relevance",
    "covenant_functions",
    "last_reviewed",
    # Annotations from the policy's assessments (assessment_annotations):
    "last_signed_version",
    "last_signed_on",
    "open_actions",
    "negative_impacts",
    "open_assessment_id",
    "open_assessment_version",
    "open_assessment_state",
)


@dataclass(frozen=True)
class QueueEntry:
    rank: int
    policy_id: int
    reference: str
    title: str
    service_area: str
    owner_name: str
    open_assessment_id: int | None
    open_assessment_label: str
    next_review: datetime.date | None
    review_state: ReviewState
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Scoring:
    """The date and the settings one ranking is worked out with, read once per call."""

    as_of: datetime.date
    due_soon_days: int
    weights: Mapping[str, float]

    @classmethod
    def from_settings(cls, as_of: datetime.date) -> "Scoring":
        return cls(
            as_of=as_of,
            due_soon_days=settings.EQIA_REVIEW_DUE_SOON_DAYS,
            weights=dict(settings.EQIA_QUEUE_WEIGHTS),
        )

    def weight(self, name: str) -> Value:
        # A weight left out of the settings counts for nothing rather than breaking the queue.
        return Value(float(self.weights.get(name, 0)), output_field=FloatField())


@dataclass(frozen=True)
class Factor:
    """One thing that raises a policy's priority: its points in SQL and its reason in words."""

    points: Callable[[Scoring], Combinable]
    reason: Callable[[Row, Scoring], str | None]


class DaysBetween(Func):
    """Whole days from one date to another, negative when the second is the earlier."""

    output_field = IntegerField()

    def __init__(self, start: Combinable, end: Combinable) -> None:
        super().__init__(end, start)

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def]
        # PostgreSQL subtracts one date from another as a whole number of days.
        extra_context.update(template="(%(expressions)s)", arg_joiner=" - ")
        return super().as_sql(compiler, connection, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def]
        # Julian day numbers of two midnights differ by an exact whole number.
        extra_context.update(
            template="CAST(julianday(%(expressions)s) AS INTEGER)", arg_joiner=") - julianday("
        )
        return super().as_sql(compiler, connection, **extra_context)


class JSONArrayLength(Func):
    """How many items a JSON list holds; 0 for anything that is not a list."""

    function = "json_array_length"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def]
        # jsonb_array_length raises on a scalar, where SQLite's json_array_length gives 0.
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return (
            f"(CASE WHEN jsonb_typeof({sql}) = 'array' THEN jsonb_array_length({sql}) ELSE 0 END)",
            (*params, *params),
        )


def days_phrase(days: int) -> str:
    return f"{days} day{'' if days == 1 else 's'}"


def review_date_points(scoring: Scoring) -> Combinable:
    as_of = Value(scoring.as_of, output_field=DateField())
    window = scoring.due_soon_days
    if window > 0:
        # Linear from full points on the day to none at the window's far edge.
        share = Value(1.0) - DaysBetween(as_of, F("next_review")) / Value(float(window))
        due_soon = When(
            next_review__lte=scoring.as_of + datetime.timedelta(days=window),
            then=scoring.weight("due_soon") * share,
        )
    else:
        due_soon = When(next_review=scoring.as_of, then=scoring.weight("due_soon"))
    days_overdue = Least(
        DaysBetween(F("next_review"), as_of),
        scoring.weight("overdue_cap_days"),
        output_field=FloatField(),
    )
    return Case(
        When(next_review__isnull=True, then=scoring.weight("review_unknown")),
        When(
            next_review__lt=scoring.as_of,
            then=scoring.weight("overdue") + days_overdue * scoring.weight("overdue_per_day"),
        ),
        due_soon,
        default=Value(0.0),
        output_field=FloatField(),
    )


def review_date_reason(row: Row, scoring: Scoring) -> str:
    next_review: datetime.date | None = row["next_review"]
    if next_review is None:
        return "review date unknown"
    days_until = (next_review - scoring.as_of).days
    if days_until < 0:
        return f"overdue by {days_phrase(-days_until)}"
    if days_until == 0:
        return "due today"
    return f"due in {days_phrase(days_until)}"


RELEVANCE_REASONS = {
    Relevance.HIGH: "high equality relevance",
    Relevance.MEDIUM: "medium equality relevance",
    Relevance.LOW: "low equality relevance",
    Relevance.NONE: "no equality relevance",
}


def relevance_points(scoring: Scoring) -> Combinable:
    return Case(
        *(
            When(equality_relevance=relevance, then=scoring.weight(f"relevance_{relevance}"))
            for relevance in Relevance.values
        ),
        default=scoring.weight("relevance_unrated"),
        output_field=FloatField(),
    )


def relevance_reason(row: Row, scoring: Scoring) -> str:
    return RELEVANCE_REASONS.get(row["equality_relevance"], "equality relevance not rated")


def covenant_points(scoring: Scoring) -> Combinable:
    return JSONArrayLength("covenant_functions") * scoring.weight("covenant_function")


def covenant_reason(row: Row, scoring: Scoring) -> str | None:
    stored = row["covenant_functions"]
    if not isinstance(stored, list):
        return None
    functions = [function for function in CovenantFunction.values if function in stored]
    if not functions:
        return None
    label = "Covenant function" if len(functions) == 1 else "Covenant functions"
    return f"{label}: {', '.join(functions)}"


def assessment_annotations() -> dict[str, Any]:
    """What the queue needs to know of each policy's assessments, as subqueries of one query."""
    from eqia.models import (
        LIVE_ACTION_STATUSES,
        OPEN_STATES,
        Action,
        Assessment,
        AssessmentState,
        Impact,
        ImpactRow,
    )

    def latest_signed_of(policy: OuterRef) -> QuerySet[Assessment]:
        return Assessment.objects.filter(policy=policy, state=AssessmentState.SIGNED_OFF).order_by(
            "-version"
        )

    latest_signed = latest_signed_of(OuterRef("pk"))
    # Inside a count's subquery the policy is two levels out.
    latest_signed_pk = Subquery(latest_signed_of(OuterRef(OuterRef("pk"))).values("pk")[:1])
    open_assessment = Assessment.objects.filter(policy=OuterRef("pk"), state__in=OPEN_STATES)

    def count_of(queryset: QuerySet[Any]) -> Coalesce:
        counted = queryset.order_by().values("assessment").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)

    return {
        "last_signed_version": Subquery(latest_signed.values("version")[:1]),
        "last_signed_on": Subquery(
            latest_signed.annotate(on=TruncDate("signed_off_at")).values("on")[:1],
            output_field=DateField(),
        ),
        "open_actions": count_of(
            Action.objects.filter(assessment=latest_signed_pk, status__in=LIVE_ACTION_STATUSES)
        ),
        "negative_impacts": count_of(
            ImpactRow.objects.filter(assessment=latest_signed_pk, impact=Impact.NEGATIVE)
        ),
        "open_assessment_id": Subquery(open_assessment.values("pk")[:1]),
        "open_assessment_version": Subquery(open_assessment.values("version")[:1]),
        "open_assessment_state": Subquery(open_assessment.values("state")[:1]),
    }


def signed_eqia_points(scoring: Scoring) -> Combinable:
    return Case(
        When(last_signed_version__isnull=True, then=scoring.weight("no_signed_eqia")),
        When(last_signed_on__lt=F("last_reviewed"), then=scoring.weight("signed_eqia_stale")),
        default=Value(0.0),
        output_field=FloatField(),
    )


def signed_eqia_reason(row: Row, scoring: Scoring) -> str | None:
    if row["last_signed_version"] is None:
        return "no signed EqIA"
    last_reviewed, signed_on = row["last_reviewed"], row["last_signed_on"]
    if last_reviewed and signed_on and signed_on < last_reviewed:
        return (
            f"signed EqIA v{row['last_signed_version']} ({signed_on:%-d %B %Y}) is older than "
            f"the last policy review"
        )
    return None


def open_actions_points(scoring: Scoring) -> Combinable:
    return F("open_actions") * scoring.weight("open_action")


def open_actions_reason(row: Row, scoring: Scoring) -> str | None:
    count = row["open_actions"]
    if not count:
        return None
    return f"{count} open action{'' if count == 1 else 's'} in the last EqIA"


def negative_impacts_points(scoring: Scoring) -> Combinable:
    return F("negative_impacts") * scoring.weight("negative_impact")


def negative_impacts_reason(row: Row, scoring: Scoring) -> str | None:
    count = row["negative_impacts"]
    if not count:
        return None
    return f"{count} negative impact{'' if count == 1 else 's'} in the last EqIA"


FACTORS: tuple[Factor, ...] = (
    Factor(points=review_date_points, reason=review_date_reason),
    Factor(points=relevance_points, reason=relevance_reason),
    Factor(points=signed_eqia_points, reason=signed_eqia_reason),
    Factor(points=covenant_points, reason=covenant_reason),
    Factor(points=open_actions_points, reason=open_actions_reason),
    Factor(points=negative_impacts_points, reason=negative_impacts_reason),
)


def _queued_policies(
    *, service_area: ServiceArea | None, owner: AbstractBaseUser | None
) -> QuerySet[Policy]:
    policies = Policy.objects.filter(status=PolicyStatus.ACTIVE)
    if service_area is not None:
        policies = policies.filter(service_area=service_area)
    if owner is not None:
        policies = policies.filter(owner=owner)
    return policies


def _ranked_rows(policies: QuerySet[Policy], scoring: Scoring) -> QuerySet[Policy, dict[str, Any]]:
    """The policies in queue order, each with the fields its entry and reasons need."""
    first_band = review_state_filter(ReviewState.UNKNOWN, scoring.as_of) | review_state_filter(
        ReviewState.OVERDUE, scoring.as_of
    )
    total = reduce(operator.add, (factor.points(scoring) for factor in FACTORS))
    return (
        policies.annotate(**assessment_annotations())
        .annotate(
            queue_band=Case(When(first_band, then=Value(0)), default=Value(1)),
            # Rounded before sorting so that float noise cannot decide a tie.
            queue_score=Round(total, 2, output_field=FloatField()),
        )
        .order_by("queue_band", "-queue_score", F("next_review").asc(nulls_first=True), "reference")
        .values(*ROW_FIELDS, "queue_score")
    )


def _open_assessment_label(row: Row) -> str:
    from eqia.models import AssessmentState

    if row["open_assessment_id"] is None:
        return ""
    state = AssessmentState(row["open_assessment_state"]).label.lower()
    return f"EqIA v{row['open_assessment_version']}: {state}"


def _owner_name(row: Row) -> str:
    full_name = f"{row['owner__first_name'] or ''} {row['owner__last_name'] or ''}".strip()
    return full_name or row["owner__email"] or row["owner__username"] or ""


def _entry(row: Row, rank: int, scoring: Scoring) -> QueueEntry:
    return QueueEntry(
        rank=rank,
        policy_id=row["id"],
        reference=row["reference"],
        title=row["title"],
        service_area=row["service_area__name"] or "",
        owner_name=_owner_name(row),
        open_assessment_id=row["open_assessment_id"],
        open_assessment_label=_open_assessment_label(row),
        next_review=row["next_review"],
        review_state=review_state_for(row["next_review"], scoring.as_of, scoring.due_soon_days),
        # PostgreSQL rounds in NUMERIC and hands back a Decimal.
        score=float(row["queue_score"]),
        reasons=tuple(
            reason for factor in FACTORS if (reason := factor.reason(row, scoring)) is not None
        ),
    )


class RankedQueue:
    """The queue as a sequence a paginator can slice: each slice is one query for its rows."""

    def __init__(self, policies: QuerySet[Policy], scoring: Scoring) -> None:
        self._policies = policies
        self._rows = _ranked_rows(policies, scoring)
        self._scoring = scoring
        self._length: int | None = None

    def __len__(self) -> int:
        if self._length is None:
            # Counted without the joins and scores that only the rows themselves need.
            self._length = self._policies.count()
        return self._length

    @overload
    def __getitem__(self, index: int) -> QueueEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[QueueEntry]: ...

    def __getitem__(self, index: int | slice) -> QueueEntry | list[QueueEntry]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        if index.step not in (None, 1) or (index.start or 0) < 0 or (index.stop or 0) < 0:
            raise ValueError("The review queue slices forwards from the top only")
        first = index.start or 0
        return [
            _entry(row, rank, self._scoring)
            for rank, row in enumerate(self._rows[index], start=first + 1)
        ]

    def __iter__(self) -> Iterator[QueueEntry]:
        return iter(self[0:None])


def ranked_review_queue(
    *,
    as_of: datetime.date | None = None,
    service_area: ServiceArea | None = None,
    owner: AbstractBaseUser | None = None,
) -> RankedQueue:
    """The review queue to page through: nothing is read until a slice of it is."""
    policies = _queued_policies(service_area=service_area, owner=owner)
    return RankedQueue(policies, Scoring.from_settings(as_of or today()))


def review_queue(
    *,
    as_of: datetime.date | None = None,
    service_area: ServiceArea | None = None,
    owner: AbstractBaseUser | None = None,
    limit: int | None = None,
) -> list[QueueEntry]:
    """Active policies ranked for review, most pressing first; ranks count from 1."""
    if limit is not None and limit < 1:
        raise ValueError("limit must be a positive number")
    return ranked_review_queue(as_of=as_of, service_area=service_area, owner=owner)[0:limit]
