"""The review queue: active policies in the order they should be reviewed, with reasons.

A policy's review date puts it in one of three bands: unknown or overdue, then due soon (within
the due-soon window), then later. The band always sorts first, so no weighting can lift a
policy above one in an earlier band (twenty open actions of a policy due in three years do not
put it before one due next week). Within a band, policies are ordered by their score: the sum
of the points each factor awards. The database works out the band and the score and sorts, so
a page of the queue reads only its own rows however long the register; each factor then puts
into words why it counted, for the rows actually shown.

The register's own factors (review date, equality relevance, Covenant functions) are here.
A layer that knows more of a policy (its assessments: eqia/queue.py) ranks with a ``Ranking``
of its own: each factor writes its points as a query expression and its reason as a function
of the row, and the fields the factors read are annotated onto the query (``annotations``).
"""

import datetime
import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from typing import Any, overload

from django.conf import settings
from django.contrib.auth.models import User
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, JSONObject, Least
from django.db.models.sql.compiler import SQLCompiler

from core.dates import short_date, today
from core.links import page_url
from core.people import name_from_row
from policies.models import (
    CovenantFunction,
    Policy,
    PolicyStatus,
    Relevance,
    ReviewState,
    ServiceArea,
    review_state_for,
)

# One policy as the queue reads it: the fields of ``ROW_FIELDS`` and ``SHOWN`` plus its
# ``queue_score``.
Row = Mapping[str, Any]

ROW_FIELDS = (
    "id",
    "reference",
    "title",
    "next_review",
    "equality_relevance",
    "covenant_functions",
    "last_reviewed",
)


@dataclass(frozen=True)
class QueueEntry:
    rank: int
    policy_id: int
    reference: str
    title: str
    service_area: str
    owner_name: str
    next_review: datetime.date | None
    review_state: ReviewState
    score: float
    reasons: tuple[str, ...]
    # What a ranking of another layer adds to the row (eqia/queue.py: the open assessment).
    extra: Mapping[str, Any]

    @property
    def url(self) -> str:
        """The policy's page (Policy.get_absolute_url, without reading the policy)."""
        return page_url("policies:detail", self.reference)

    @property
    def next_review_shown(self) -> str:
        """The next review date as the queue's table gives it, or that it is unknown."""
        return short_date(self.next_review) if self.next_review else "Unknown"

    @property
    def why(self) -> str:
        """The reasons as the queue page gives them, in one sentence."""
        sentence = "; ".join(self.reasons)
        return sentence[:1].upper() + sentence[1:]


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

    def weight_value(self, name: str) -> float:
        # A weight left out of the settings counts for nothing rather than breaking the queue.
        return float(self.weights.get(name, 0))

    def weight(self, name: str) -> Combinable:
        return number(self.weight_value(name))


def number(value: float) -> Combinable:
    """A number in the queue's arithmetic, as a floating-point value: a bare literal is NUMERIC
    on PostgreSQL, whose decimal arithmetic took a third of the time of scoring the queue."""
    return Cast(Value(float(value)), FloatField())


class Hundredths(Func):
    """A number rounded to two decimal places, in floating point (Round with a precision works
    in NUMERIC on PostgreSQL): equal once rounded, two scores are the very same number."""

    template = "(ROUND((%(expressions)s) * 100) / 100)"
    output_field = FloatField()


@dataclass(frozen=True)
class Factor:
    """One thing that raises a policy's priority: its points in SQL and its reason in words.

    Factors that read the same related row may count their points together in one subquery
    (eqia/queue.py: the last signed EqIA's): the others then have no points of their own."""

    points: Callable[[Scoring], Combinable] | None
    reason: Callable[[Row, Scoring], str | None]


# What an expression compiles to: its SQL and the SQL's parameters.
Sql = tuple[str, tuple[Any, ...]]


class DaysBetween(Func):
    """Whole days from one date to another, negative when the second is the earlier."""

    output_field = IntegerField()

    def __init__(self, start: Combinable, end: Combinable) -> None:
        super().__init__(end, start)

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> Sql:
        # PostgreSQL subtracts one date from another as a whole number of days.
        return super().as_sql(
            compiler,
            connection,
            function=function,
            template="(%(expressions)s)",
            arg_joiner=" - ",
            **extra_context,
        )

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> Sql:
        # Julian day numbers of two midnights differ by an exact whole number.
        extra_context.update(
            template="CAST(julianday(%(expressions)s) AS INTEGER)", arg_joiner=") - julianday("
        )
        return super().as_sql(compiler, connection, **extra_context)


class JSONArrayLength(Func):
    """How many items a JSON list holds; 0 for anything that is not a list."""

    function = "json_array_length"
    output_field = IntegerField()

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> Sql:
        # jsonb_array_length raises on a scalar, where SQLite's json_array_length gives 0. Most
        # lists are empty: comparing first saves a third of the queue's scoring time.
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return (
            f"(CASE WHEN {sql} = '[]'::jsonb THEN 0 WHEN jsonb_typeof({sql}) = 'array' "
            f"THEN jsonb_array_length({sql}) ELSE 0 END)",
            (*params, *params, *params),
        )


def days_phrase(days: int) -> str:
    return f"{days} day{'' if days == 1 else 's'}"


def review_date_points(scoring: Scoring) -> Combinable:
    as_of = Value(scoring.as_of, output_field=DateField())
    window = scoring.due_soon_days
    if window > 0:
        # Linear from full points on the day to none at the window's far edge.
        share = number(1) - DaysBetween(as_of, F("next_review")) / number(window)
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
        default=number(0),
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


REVIEW_DATE = Factor(points=review_date_points, reason=review_date_reason)
RELEVANCE = Factor(points=relevance_points, reason=relevance_reason)
COVENANT = Factor(points=covenant_points, reason=covenant_reason)


@dataclass(frozen=True, eq=False)  # one object each, told apart by identity (a cache key)
class Ranking:
    """What a queue is ranked by: its factors in the order their reasons read, the fields
    they read that the query annotates, and what each entry carries besides."""

    factors: tuple[Factor, ...] = (REVIEW_DATE, RELEVANCE, COVENANT)
    annotations: Mapping[str, Any] = field(default_factory=dict)
    extra: Callable[[Row], Mapping[str, Any]] | None = None


REGISTER_RANKING = Ranking()


def _narrowed_to(*, service_area: ServiceArea | None, owner: User | None) -> Q:
    """The queue's filters, as a condition on the active policies."""
    narrow = Q()
    if service_area is not None:
        narrow &= Q(service_area=service_area)
    if owner is not None:
        narrow &= Q(owner=owner)
    return narrow


def bands(scoring: Scoring) -> tuple[Q, Q, Q]:
    """The queue's bands in their order, whatever the scores: review date unknown or passed;
    due within the due-soon window (as ``review_state_for`` tells them apart); later."""
    due_soon_end = scoring.as_of + datetime.timedelta(days=scoring.due_soon_days)
    return (
        Q(next_review__isnull=True) | Q(next_review__lt=scoring.as_of),
        Q(next_review__gte=scoring.as_of, next_review__lte=due_soon_end),
        Q(next_review__gt=due_soon_end),
    )


# What an entry shows of the policy's service area and owner, as subqueries rather than joins:
# the database works them out for the rows of the page alone, after the sort (joined, they
# were read for every policy in the band: a fifth of the time of the queue's query).
SHOWN = {
    "service_area_name": Subquery(
        ServiceArea.objects.filter(pk=OuterRef("service_area_id")).order_by().values("name")
    ),
    "owner_fields": Subquery(
        User.objects.filter(pk=OuterRef("owner_id")).values(
            fields=JSONObject(
                first_name="first_name", last_name="last_name", email="email", username="username"
            )
        )
    ),
}


def _ranked_rows(
    policies: QuerySet[Policy], scoring: Scoring, ranking: Ranking
) -> QuerySet[Policy, dict[str, Any]]:
    """The policies in queue order, each with the fields its entry and reasons need."""
    total = reduce(
        operator.add,
        (factor.points(scoring) for factor in ranking.factors if factor.points is not None),
    )
    return (
        policies.annotate(**ranking.annotations)
        .annotate(
            queue_band=Case(
                *(When(band, then=Value(number)) for number, band in enumerate(bands(scoring)))
            ),
            # Rounded before sorting so that float noise cannot decide a tie.
            queue_score=Hundredths(total),
        )
        .order_by("queue_band", "-queue_score", F("next_review").asc(nulls_first=True), "reference")
        .annotate(**SHOWN)
        .values(*ROW_FIELDS, *SHOWN, *ranking.annotations, "queue_score")
    )


@dataclass(frozen=True)
class QueueQueries:
    """The queries of one day's queue, unfiltered and not yet read: the whole queue and each
    of its bands, with the conditions that make them."""

    rows: QuerySet[Policy, dict[str, Any]]
    bands: tuple[QuerySet[Policy, dict[str, Any]], ...]
    conditions: tuple[Q, ...]


@lru_cache(maxsize=8)
def _queue_queries(
    as_of: datetime.date,
    due_soon_days: int,
    weights: tuple[tuple[str, float], ...],
    ranking: Ranking,
) -> QueueQueries:
    """Built once for a day, its settings and a ranking, and narrowed and sliced (copies of
    them) for each page: building the expressions of every factor and subquery was a tenth
    of the time of each page of the queue. Nothing is read here, so nothing goes stale."""
    scoring = Scoring(as_of=as_of, due_soon_days=due_soon_days, weights=dict(weights))
    rows = _ranked_rows(Policy.objects.filter(status=PolicyStatus.ACTIVE), scoring, ranking)
    conditions = bands(scoring)
    return QueueQueries(
        rows=rows, bands=tuple(rows.filter(band) for band in conditions), conditions=conditions
    )


def queue_queries(scoring: Scoring, ranking: Ranking) -> QueueQueries:
    return _queue_queries(
        scoring.as_of, scoring.due_soon_days, tuple(sorted(scoring.weights.items())), ranking
    )


def _entry(row: Row, rank: int, scoring: Scoring, ranking: Ranking) -> QueueEntry:
    return QueueEntry(
        rank=rank,
        policy_id=row["id"],
        reference=row["reference"],
        title=row["title"],
        service_area=row["service_area_name"] or "",
        owner_name=name_from_row(row["owner_fields"], "") if row["owner_fields"] else "",
        next_review=row["next_review"],
        review_state=review_state_for(row["next_review"], scoring.as_of, scoring.due_soon_days),
        score=row["queue_score"],
        reasons=tuple(
            reason
            for factor in ranking.factors
            if (reason := factor.reason(row, scoring)) is not None
        ),
        extra=ranking.extra(row) if ranking.extra else {},
    )


class RankedQueue:
    """The queue as a sequence a paginator can slice: each slice is one query for its rows.

    Every policy of a band sorts before every policy of the next, so a slice inside one band
    reads and scores that band alone: the first pages of a long queue score only the overdue
    policies (half the time for 10,000 policies)."""

    def __init__(self, narrow: Q, scoring: Scoring, ranking: Ranking) -> None:
        self._policies = Policy.objects.filter(narrow, status=PolicyStatus.ACTIVE)
        self._narrow = narrow
        self._queries = queue_queries(scoring, ranking)
        self._scoring = scoring
        self._ranking = ranking
        self._band_sizes: list[int] | None = None
        self._length: int | None = None

    def __len__(self) -> int:
        if self._length is None:
            # Counted without the joins and scores that only the rows themselves need, from
            # the index on status and review date alone: status is never empty, so counting it
            # counts the policies (their ids would be read from the table).
            conditions = self._queries.conditions
            counts = self._policies.aggregate(
                total=Count("status"),
                **{
                    f"band_{number}": Count("status", filter=band)
                    for number, band in enumerate(conditions[:-1])
                },
            )
            self._length = counts["total"]
            sizes = [counts[f"band_{number}"] for number in range(len(conditions) - 1)]
            self._band_sizes = [*sizes, self._length - sum(sizes)]
        return self._length

    def _rows_between(self, start: int, stop: int | None) -> QuerySet[Policy, dict[str, Any]]:
        """The rows from ``start`` to ``stop``, from the band(s) they fall in once the queue
        has been counted (as a paginator does first); else from the whole queue, in one query."""
        queries, narrow = self._queries, self._narrow
        if self._band_sizes is not None:
            end = self._length if stop is None else stop
            band_start = 0
            for band, size in zip(queries.bands, self._band_sizes, strict=True):
                band_stop = band_start + size
                if band_start <= start and end is not None and end <= band_stop:
                    return band.filter(narrow)[
                        start - band_start : None if stop is None else stop - band_start
                    ]
                band_start = band_stop
        return queries.rows.filter(narrow)[start:stop]

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
            _entry(row, rank, self._scoring, self._ranking)
            for rank, row in enumerate(self._rows_between(first, index.stop), start=first + 1)
        ]

    def __iter__(self) -> Iterator[QueueEntry]:
        return iter(self[0:None])


def ranked_review_queue(
    *,
    as_of: datetime.date | None = None,
    service_area: ServiceArea | None = None,
    owner: User | None = None,
    ranking: Ranking = REGISTER_RANKING,
) -> RankedQueue:
    """The review queue to page through: nothing is read until a slice of it is."""
    narrow = _narrowed_to(service_area=service_area, owner=owner)
    return RankedQueue(narrow, Scoring.from_settings(as_of or today()), ranking)


def review_queue(
    *,
    as_of: datetime.date | None = None,
    service_area: ServiceArea | None = None,
    owner: User | None = None,
    limit: int | None = None,
    ranking: Ranking = REGISTER_RANKING,
) -> list[QueueEntry]:
    """Active policies ranked for review, most pressing first; ranks count from 1."""
    if limit is not None and limit < 1:
        raise ValueError("limit must be a positive number")
    queue = ranked_review_queue(
        as_of=as_of, service_area=service_area, owner=owner, ranking=ranking
    )
    return queue[0:limit]
