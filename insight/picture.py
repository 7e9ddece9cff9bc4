"""The picture across the council's signed EqIAs: for each group, how many of the latest signed
EqIAs of the active policies rate the impact on it positive, neutral, negative or not yet known;
and the negative impacts, with their mitigations and the open actions of their plans.

Reads only, in a fixed number of queries whatever the number of policies.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from core.dates import short_date
from eqia.access import SIGNED_STATES
from eqia.action_plan import lead_of, live_actions
from eqia.models import Action, Assessment, Characteristic, Impact, ImpactRow
from insight.charts import GREEN, GREY, PURPLE, RED, BarChart, Series, bar_chart
from insight.tables import Cell, Link, Table
from policies.models import Policy, PolicyStatus

# The ratings in the order every table, chart and file gives them. A row left unrated (never
# the case in a signed EqIA, whose every row is rated) counts as not yet known.
RATINGS = [
    (Impact.POSITIVE, GREEN),
    (Impact.NEUTRAL, GREY),
    (Impact.NEGATIVE, RED),
    (Impact.UNKNOWN, PURPLE),
]


@dataclass(frozen=True)
class PictureFilters:
    """Which EqIAs the picture covers: a service area's, and those signed off in one year
    (UK time); all by default."""

    service_area_id: int | None = None
    year: int | None = None

    def query(self) -> str:
        """The filters as the page's query string ("service_area=3&year=2026"), for links to
        what the page shows: the filters applied, never a value the page refused."""
        return urlencode(
            [
                (name, value)
                for name, value in (("service_area", self.service_area_id), ("year", self.year))
                if value
            ]
        )


def latest_signed(filters: PictureFilters) -> QuerySet[Assessment]:
    """The latest signed EqIA of every active policy (its signed-off version; an older,
    superseded one never counts), within the filters."""
    newest = (
        Assessment.objects.filter(policy=OuterRef("policy"), state__in=SIGNED_STATES)
        .order_by("-version")
        .values("version")[:1]
    )
    assessments = Assessment.objects.filter(
        state__in=SIGNED_STATES, policy__status=PolicyStatus.ACTIVE, version=Subquery(newest)
    )
    if filters.service_area_id:
        assessments = assessments.filter(policy__service_area_id=filters.service_area_id)
    if filters.year:
        assessments = assessments.filter(signed_off_at__year=filters.year)
    return assessments


def signed_years() -> list[int]:
    """The years (UK time) in which any EqIA was signed off, latest first, each once.

    Ordered by the truncated year itself: ordering by ``signed_off_at`` would add the moment
    to the distinct rows, and give a year once for every sign-off in it."""
    dates = Assessment.objects.filter(state__in=SIGNED_STATES, signed_off_at__isnull=False).dates(
        "signed_off_at", "year", order="DESC"
    )
    return [date.year for date in dates]


@dataclass(frozen=True)
class GroupCount:
    """How the EqIAs counted rate the impact on one group."""

    characteristic: Characteristic
    positive: int
    neutral: int
    negative: int
    unknown: int

    @property
    def total(self) -> int:
        return self.positive + self.neutral + self.negative + self.unknown

    @property
    def values(self) -> list[int]:
        return [self.positive, self.neutral, self.negative, self.unknown]


def group_counts(assessments: QuerySet[Assessment]) -> list[GroupCount]:
    """For every group in force (and any other an EqIA counted rates), the ratings of the EqIAs
    counted: one query for the counts, one for the groups."""
    counted = (
        ImpactRow.objects.filter(assessment__in=assessments)
        .values("characteristic_id")
        .annotate(
            positive=Count("pk", filter=Q(impact=Impact.POSITIVE)),
            neutral=Count("pk", filter=Q(impact=Impact.NEUTRAL)),
            negative=Count("pk", filter=Q(impact=Impact.NEGATIVE)),
            unknown=Count("pk", filter=Q(impact=Impact.UNKNOWN) | Q(impact="")),
        )
        .order_by()
    )
    by_group: dict[int, list[int]] = {
        row["characteristic_id"]: [row["positive"], row["neutral"], row["negative"], row["unknown"]]
        for row in counted
    }
    groups = Characteristic.objects.filter(Q(is_active=True) | Q(pk__in=list(by_group)))
    return [
        GroupCount(group, *by_group.get(group.pk, [0, 0, 0, 0]))
        for group in groups.order_by("position", "name")
    ]


def policy_link(policy_reference: str, title: str) -> Link:
    return Link(f"{policy_reference} {title}", reverse("policies:detail", args=[policy_reference]))


@dataclass(frozen=True)
class NegativeImpact:
    """A negative impact in a latest signed EqIA: what mitigates or justifies it, and the
    open actions of the EqIA's plan (those that serve the group, and how many others)."""

    row: ImpactRow
    for_group: list[Action]
    other_open: int

    @property
    def assessment(self) -> Assessment:
        return self.row.assessment


def negative_impacts(assessments: QuerySet[Assessment]) -> list[NegativeImpact]:
    """Every negative impact of the EqIAs counted, by policy, with the live actions of each
    EqIA's plan: four queries, whatever their number."""
    rows = list(
        ImpactRow.objects.filter(assessment__in=assessments, impact=Impact.NEGATIVE)
        .select_related("assessment__policy__service_area", "characteristic")
        .order_by("assessment__policy__reference", "characteristic__position")
    )
    ids = {row.assessment_id for row in rows}
    plans: dict[int, set[int]] = defaultdict(set)
    for assessment_id, action_id in Action.appears_in.through.objects.filter(
        assessment_id__in=ids
    ).values_list("assessment_id", "action_id"):
        plans[assessment_id].add(action_id)
    action_ids = {pk for plan in plans.values() for pk in plan}
    actions = {
        action.pk: action
        for action in live_actions(Action.objects.filter(pk__in=action_ids))
        .select_related("owner")
        .prefetch_related("characteristics")
        .order_by("due_date", "pk")
    }
    found = []
    for row in rows:
        open_actions = [actions[pk] for pk in sorted(plans[row.assessment_id]) if pk in actions]
        serving = [
            action
            for action in open_actions
            if row.characteristic_id in {c.pk for c in action.characteristics.all()}
        ]
        serving.sort(key=lambda action: (action.due_date, action.pk))
        found.append(
            NegativeImpact(row=row, for_group=serving, other_open=len(open_actions) - len(serving))
        )
    return found


def action_line(action: Action, as_of: datetime.date) -> str:
    """ "Survey the tenants (Housing team, due 31 Mar 2027, overdue)": its due date as the
    tables give dates."""
    lead = lead_of(action)
    due = f"due {short_date(action.due_date)}"
    overdue = ", overdue" if action.is_overdue(as_of) else ""
    return f"{action.description} ({f'{lead}, ' if lead else ''}{due}{overdue})"


@dataclass
class Picture:
    """The insight page: the EqIAs counted, the group counts and the negative impacts, as
    tables (each a download) and the chart of the counts."""

    counted: int
    active_without_signed: int
    groups: list[GroupCount]
    negatives: list[NegativeImpact]
    tables: dict[str, Table]
    chart: BarChart

    @property
    def impacts_table(self) -> Table:
        return self.tables["impacts"]

    @property
    def negative_table(self) -> Table:
        return self.tables["negative-impacts"]

    @property
    def policies_with_negative(self) -> int:
        return len({item.row.assessment.policy_id for item in self.negatives})


def group_table(groups: list[GroupCount], counted: int) -> Table:
    return Table(
        slug="impacts",
        caption=f"Impact on each group, in {counted} signed EqIA{'s' if counted != 1 else ''}",
        headings=["Group", *[rating.label for rating, _ in RATINGS], "EqIAs rating it"],
        rows=[[group.characteristic.name, *group.values, group.total] for group in groups],
        widths={"Group": 40},
        empty="No signed EqIA of an active policy matches these filters.",
    )


def negative_table(negatives: list[NegativeImpact], as_of: datetime.date) -> Table:
    rows: list[list[Cell]] = []
    for item in negatives:
        assessment = item.assessment
        policy = assessment.policy
        answer = [
            f"Mitigation: {item.row.mitigation}" if item.row.mitigation else "",
            f"Justification: {item.row.justification}" if item.row.justification else "",
        ]
        rows.append(
            [
                policy_link(policy.reference, policy.title),
                policy.service_area.name if policy.service_area else "",
                Link(assessment.label, assessment.get_absolute_url()),
                timezone.localdate(assessment.signed_off_at) if assessment.signed_off_at else None,
                item.row.characteristic.name,
                "\n".join(line for line in answer if line) or "None given",
                "\n".join(action_line(action, as_of) for action in item.for_group)
                or "No open action serves this group",
                item.other_open,
            ]
        )
    return Table(
        slug="negative-impacts",
        caption="Negative impacts, their mitigations and open actions",
        headings=[
            "Policy",
            "Service area",
            "EqIA",
            "Signed off",
            "Group",
            "Mitigation or justification",
            "Open actions for this group",
            "Other open actions",
        ],
        rows=rows,
        widths={
            "Policy": 45,
            "Mitigation or justification": 60,
            "Open actions for this group": 60,
            "Other open actions": 12,
        },
        empty="None of the signed EqIAs counted rates an impact negative.",
    )


def picture(filters: PictureFilters, *, as_of: datetime.date) -> Picture:
    """Everything the insight page shows, for the filters."""
    assessments = latest_signed(filters)
    counted = assessments.count()
    groups = group_counts(assessments)
    negatives = negative_impacts(assessments)
    # Whatever the year: an active policy whose EqIA has never been signed.
    with_signed = latest_signed(PictureFilters(service_area_id=filters.service_area_id))
    active = Policy.objects.filter(status=PolicyStatus.ACTIVE)
    if filters.service_area_id:
        active = active.filter(service_area_id=filters.service_area_id)
    table = group_table(groups, counted)
    return Picture(
        counted=counted,
        active_without_signed=active.exclude(pk__in=with_signed.values("policy_id")).count(),
        groups=groups,
        negatives=negatives,
        tables={
            "impacts": table,
            "negative-impacts": negative_table(negatives, as_of),
        },
        chart=bar_chart(
            chart_id="chart-impacts",
            title=table.caption,
            series=[Series(rating.label, colour) for rating, colour in RATINGS],
            data=[(group.characteristic.name, group.values) for group in groups],
        ),
    )
