"""The review queue as the assessment layer ranks it: the register's factors (policies/queue.py)
and what the policy's assessments add: whether a current signed EqIA exists, the open actions
and negative impacts of the last one, and the open assessment each entry shows (its standing:
"EqIA v2 in review since 3 November 2026")."""

import datetime
import functools
from typing import Any

from django.contrib.auth.models import User
from django.db.models import (
    Case,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, JSONObject, TruncDate

from eqia.models import (
    LIVE_ACTION_STATUSES,
    OPEN_STATES,
    Action,
    Assessment,
    AssessmentState,
    Impact,
    ImpactRow,
)
from eqia.models.choices import standing
from policies.models import ServiceArea
from policies.queue import (
    COVENANT,
    RELEVANCE,
    REVIEW_DATE,
    Factor,
    QueueEntry,
    RankedQueue,
    Ranking,
    Row,
    Scoring,
    number,
    ranked_review_queue,
    review_queue,
)


class CountOf(Subquery):
    """How many rows a correlated queryset matches, as a subquery (0 for none): COUNT(*) over
    its rows, which needs none of the grouping an aggregate in a subquery would (each queryset
    counted here matches each row once)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


def count_of(queryset: QuerySet[Any]) -> CountOf:
    """How many rows a correlated queryset matches, as a subquery (0 for none)."""
    return CountOf(queryset.order_by().values("pk"))


def plan_counts() -> tuple[Combinable, Combinable]:
    """The live actions the plan of an assessment (the outer query's row) shows, and its
    negative impacts, as subqueries.

    Its live actions are those it planned and those it inherited from earlier versions
    (appears_in), each counted through its own index (an OR across the join scans every
    action)."""
    planned_live = Action.objects.filter(assessment=OuterRef("pk"), status__in=LIVE_ACTION_STATUSES)
    inherited_live = Action.appears_in.through.objects.filter(
        assessment=OuterRef("pk"), action__status__in=LIVE_ACTION_STATUSES
    ).exclude(action__assessment=OuterRef("pk"))
    negative = ImpactRow.objects.filter(assessment=OuterRef("pk"), impact=Impact.NEGATIVE)
    return count_of(planned_live) + count_of(inherited_live), count_of(negative)


def assessment_annotations() -> dict[str, Any]:
    """What the queue needs to know of each policy's assessments, as subqueries of one query
    (the database works them out for the rows of the page alone, after the sort): its last
    signed EqIA and its open assessment, each read as one object of its fields (a subquery for
    each field cost every request building, compiling and planning eight of them)."""
    latest_signed = Assessment.objects.filter(
        policy=OuterRef("pk"), state=AssessmentState.SIGNED_OFF
    ).order_by("-version")
    live_actions, negative_impacts = plan_counts()
    # At most one a policy (a constraint): no order to keep, so not the model's, which joins the
    # policy to sort by its reference.
    open_assessment = Assessment.objects.filter(
        policy=OuterRef("pk"), state__in=OPEN_STATES
    ).order_by()
    return {
        "last_signed": Subquery(
            latest_signed.annotate(
                on=TruncDate("signed_off_at"), live=live_actions, negative=negative_impacts
            ).values(
                fields=JSONObject(
                    version="version", on="on", open_actions="live", negative_impacts="negative"
                )
            )[:1]
        ),
        "open_assessment": Subquery(
            open_assessment.annotate(since=Coalesce("state_since", "created_at")).values(
                fields=JSONObject(id="pk", version="version", state="state", since="since")
            )[:1]
        ),
    }


def read_date(value: str | None) -> datetime.date | None:
    """A date as a subquery's object gives it (ISO 8601 text)."""
    return datetime.date.fromisoformat(value) if value else None


def read_moment(value: str) -> datetime.datetime:
    """A moment as a subquery's object gives it: ISO 8601 text, with its offset (PostgreSQL)
    or in UTC without one (SQLite, which keeps UTC)."""
    moment = datetime.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def last_signed_points(scoring: Scoring) -> Combinable:
    """The points of the last signed EqIA (stale, open actions, negative impacts), or those
    for having none, worked out in one subquery of that assessment.

    Every active policy is scored before the sort, so the subquery runs only for policies that
    have a signed EqIA: one look-up in the (small) set of those tells the rest apart, which
    score the points for having none. (A subquery for each policy, finding nothing for most,
    was half the time of the queue's first page.)

    The expression depends on the weights alone, not on the day: it is built once for them,
    and each query resolves a copy of it, as it does the queue's annotations."""
    return _last_signed_points(*(scoring.weight_value(name) for name in LAST_SIGNED_WEIGHTS))


# The weights of last_signed_points, in the order _last_signed_points takes them.
LAST_SIGNED_WEIGHTS = ("signed_eqia_stale", "open_action", "negative_impact", "no_signed_eqia")


@functools.lru_cache(maxsize=16)
def _last_signed_points(
    stale_weight: float, open_action_weight: float, negative_weight: float, none_weight: float
) -> Combinable:
    live_actions, negative_impacts = plan_counts()
    stale = Case(
        When(signed_on__lt=OuterRef("last_reviewed"), then=number(stale_weight)),
        default=number(0),
        output_field=FloatField(),
    )
    points = (
        Assessment.objects.filter(policy=OuterRef("pk"), state=AssessmentState.SIGNED_OFF)
        .order_by("-version")
        .annotate(signed_on=TruncDate("signed_off_at"))
        .annotate(
            points=stale
            + live_actions * number(open_action_weight)
            + negative_impacts * number(negative_weight)
        )
        .values("points")[:1]
    )
    has_signed = Q(
        pk__in=Assessment.objects.filter(state=AssessmentState.SIGNED_OFF)
        .order_by()
        .values("policy_id")
    )
    return Case(
        When(has_signed, then=Subquery(points, output_field=FloatField())),
        default=number(none_weight),
        output_field=FloatField(),
    )


def signed_eqia_reason(row: Row, scoring: Scoring) -> str | None:
    signed = row["last_signed"]
    if signed is None:
        return "no signed EqIA"
    last_reviewed, signed_on = row["last_reviewed"], read_date(signed["on"])
    if last_reviewed and signed_on and signed_on < last_reviewed:
        return (
            f"signed EqIA v{signed['version']} ({signed_on:%-d %B %Y}) is older than "
            f"the last policy review"
        )
    return None


def open_actions_reason(row: Row, scoring: Scoring) -> str | None:
    count = (row["last_signed"] or {}).get("open_actions")
    if not count:
        return None
    return f"{count} open action{'' if count == 1 else 's'} in the last EqIA"


def negative_impacts_reason(row: Row, scoring: Scoring) -> str | None:
    count = (row["last_signed"] or {}).get("negative_impacts")
    if not count:
        return None
    return f"{count} negative impact{'' if count == 1 else 's'} in the last EqIA"


# Where an open assessment stands, after "EqIA v2 ...": each reads before "since <date>".
def open_assessment(row: Row) -> dict[str, Any]:
    """What each entry carries of the policy's open assessment, for the queue page."""
    found = row["open_assessment"]
    if found is None:
        return {"open_assessment_id": None, "open_assessment_label": ""}
    return {
        "open_assessment_id": found["id"],
        "open_assessment_label": standing(
            found["version"], found["state"], read_moment(found["since"])
        ),
    }


ASSESSMENT_RANKING = Ranking(
    factors=(
        REVIEW_DATE,
        RELEVANCE,
        Factor(points=last_signed_points, reason=signed_eqia_reason),
        COVENANT,
        # Counted in last_signed_points.
        Factor(points=None, reason=open_actions_reason),
        Factor(points=None, reason=negative_impacts_reason),
    ),
    annotations=assessment_annotations(),
    extra=open_assessment,
)


def ranked_queue(
    *,
    as_of: datetime.date | None = None,
    service_area: ServiceArea | None = None,
    owner: User | None = None,
) -> RankedQueue:
    """The review queue to page through, ranked with the assessments' factors."""
    return ranked_review_queue(
        as_of=as_of, service_area=service_area, owner=owner, ranking=ASSESSMENT_RANKING
    )


def queue(
    *,
    as_of: datetime.date | None = None,
    service_area: ServiceArea | None = None,
    owner: User | None = None,
    limit: int | None = None,
) -> list[QueueEntry]:
    """Active policies ranked for review with the assessments' factors; ranks count from 1."""
    return review_queue(
        as_of=as_of,
        service_area=service_area,
        owner=owner,
        limit=limit,
        ranking=ASSESSMENT_RANKING,
    )


def open_assessment_reasons() -> dict[int, str]:
    """Every policy with an EqIA under way, with its standing as the reason it is not reminded
    about its review (the review reminders' ``leave_out``): that EqIA is its review."""
    return {
        row["policy_id"]: (
            "has an open assessment ("
            f"{standing(row['version'], row['state'], row['state_since'] or row['created_at'])})"
        )
        for row in Assessment.objects.filter(state__in=OPEN_STATES).values(
            "policy_id", "version", "state", "state_since", "created_at"
        )
    }
