"""The process measures an EDI group reports each year ("Equality information: how we assess
the impact of our policies, 2026"): EqIAs signed per year and service area, the share signed
before the planned decision date, the late sign-offs with their explanations, the median days
an assessment spends in each state (from the audit trail), the policies overdue for review
month by month (OverdueSnapshot), and the actions completed and overdue.

One build (``process_report``) feeds the page, its downloads, the PDF and the Word file.
Years and months are UK time. Reads only, in a fixed number of queries.
"""

import calendar
import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from core.dates import long_date
from core.people import display_name
from eqia.access import SIGNED_STATES
from eqia.action_plan import is_tracked, with_tracking
from eqia.models import (
    OPEN_STATES,
    Action,
    ActionStatus,
    Assessment,
    AssessmentState,
    AuditEntry,
    AuditKind,
)
from insight.charts import BLUE, BarChart, Series, bar_chart
from insight.models import OverdueSnapshot
from insight.picture import policy_link
from insight.tables import Cell, Link, Table, share

NO_SERVICE_AREA = "No service area"
ALL_AREAS = "All service areas"
CLOSED_STATUSES = [ActionStatus.DONE, ActionStatus.DROPPED]


# How each measure is counted: said under its table on the page, in the PDF and in Word.
NOTES = {
    "signed": (
        "Every EqIA signed off, counted in the year of its sign-off (UK time), superseded "
        "versions included: each was signed."
    ),
    "before-decision": (
        "Regard must be had before a decision is made. An EqIA counts as after the decision "
        "date when it was signed off after the planned decision date it gave, as recorded at "
        "sign-off."
    ),
    "late": "Each EqIA signed off after its planned decision date, with the signing officer's "
    "explanation, recorded at sign-off.",
    "days-in-state": (
        "From the audit trail: each time an assessment left a state during the year, the days "
        "it had spent in it. The median is the middle value: half the times were shorter."
    ),
    "overdue": (
        "Counted once a month, on the day the service first takes that month's count "
        "(normally the 1st): the active policies past their review date on that day, "
        "those of them with an EqIA under way, and those with no review date on record. A "
        "month with no count is shown as not recorded."
    ),
    "actions": (
        "Actions in the action plans of signed EqIAs, superseded versions included: each "
        "action counted once, whatever later happened to the version that planned it. "
        "Completed: marked done during the year (on time when by the due date). Overdue: due "
        "before the date given and neither done nor dropped by then."
    ),
}


def report_heading(year: int) -> str:
    """The heading the council publishes each year."""
    return f"Equality information: how we assess the impact of our policies, {year}"


def _area(name: str | None) -> str:
    return name or NO_SERVICE_AREA


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


@dataclass
class ProcessReport:
    """The year's measures: a few sentences to open with, and the tables and charts."""

    year: int
    as_of: datetime.date  # the end of the year, or today for this year
    headline: list[str] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict[str, BarChart] = field(default_factory=dict)

    @property
    def heading(self) -> str:
        return report_heading(self.year)

    @property
    def as_of_shown(self) -> str:
        """The date the measures are as on, as its sentence says it: "31 December 2026"."""
        return long_date(self.as_of)


# EqIAs signed per year and service area.


def signed_by_year(year: int) -> tuple[Table, BarChart]:
    """Every EqIA signed off (superseded ones too: each was signed), by year up to ``year``
    and by service area."""
    counted = (
        Assessment.objects.filter(state__in=SIGNED_STATES, signed_off_at__isnull=False)
        .annotate(year=ExtractYear("signed_off_at"))
        .filter(year__lte=year)
        .values("year", area=F("policy__service_area__name"))
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts: dict[tuple[str, int], int] = {}
    for row in counted:
        counts[_area(row["area"]), row["year"]] = row["count"]
    years = sorted({y for _, y in counts}) or [year]
    areas = sorted({area for area, _ in counts}, key=lambda a: (a == NO_SERVICE_AREA, a))
    rows: list[list[Cell]] = [
        [
            area,
            *[counts.get((area, y), 0) for y in years],
            sum(counts.get((area, y), 0) for y in years),
        ]
        for area in areas
    ]
    per_year = [sum(counts.get((area, y), 0) for area in areas) for y in years]
    table = Table(
        slug="signed",
        caption="EqIAs signed off, by year and service area",
        headings=["Service area", *[str(y) for y in years], "Total"],
        rows=rows,
        footer=[[ALL_AREAS, *per_year, sum(per_year)]] if rows else [],
        widths={"Service area": 35},
        empty="No EqIA has been signed off yet.",
    )
    chart = bar_chart(
        chart_id="chart-signed",
        title="EqIAs signed off each year",
        series=[Series("Signed off", BLUE)],
        data=[(str(y), [n]) for y, n in zip(years, per_year, strict=True)] if rows else [],
        unit="signed off",
        compact=True,
    )
    return table, chart


# Signed before the planned decision date, and the late sign-offs.


def signed_in(year: int) -> list[Assessment]:
    return list(
        Assessment.objects.filter(
            state__in=SIGNED_STATES, signed_off_at__isnull=False, signed_off_at__year=year
        )
        .select_related("policy__service_area", "signed_off_by")
        .order_by("signed_off_at", "pk")
    )


def timeliness_table(year: int, signed: list[Assessment]) -> Table:
    """Per service area: how many signed off in the year, before and after the planned
    decision date (as the sign-off recorded it)."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for assessment in signed:
        area = _area(
            assessment.policy.service_area.name if assessment.policy.service_area else None
        )
        totals[area][1 if assessment.signed_after_decision_date else 0] += 1
    areas = sorted(totals, key=lambda a: (a == NO_SERVICE_AREA, a))
    rows: list[list[Cell]] = []
    for area in areas:
        before, after = totals[area]
        rows.append([area, before + after, before, after, share(before, before + after)])
    before = sum(totals[a][0] for a in areas)
    after = sum(totals[a][1] for a in areas)
    return Table(
        slug="before-decision",
        caption=f"EqIAs signed off in {year}: before or after the planned decision date",
        headings=[
            "Service area",
            "Signed off",
            "Before the decision date",
            "After it",
            "Share before",
        ],
        rows=rows,
        footer=[[ALL_AREAS, before + after, before, after, share(before, before + after)]]
        if rows
        else [],
        widths={"Service area": 35},
        empty=f"No EqIA was signed off in {year}.",
    )


def late_table(year: int, signed: list[Assessment]) -> Table:
    rows: list[list[Cell]] = []
    for assessment in signed:
        if not assessment.signed_after_decision_date:
            continue
        policy = assessment.policy
        signed_on = _local_date(assessment.signed_off_at) if assessment.signed_off_at else None
        planned = assessment.planned_decision_date
        rows.append(
            [
                policy_link(policy.reference, policy.title),
                Link(assessment.label, assessment.get_absolute_url()),
                _area(policy.service_area.name if policy.service_area else None),
                planned,
                signed_on,
                (signed_on - planned).days if signed_on and planned else None,
                display_name(assessment.signed_off_by),
                assessment.late_sign_off_explanation or "No explanation recorded",
            ]
        )
    return Table(
        slug="late",
        caption=f"Signed off after the planned decision date in {year}, with the explanations",
        headings=[
            "Policy",
            "EqIA",
            "Service area",
            "Planned decision date",
            "Signed off",
            "Days after",
            "Signed off by",
            "Explanation",
        ],
        rows=rows,
        widths={"Policy": 45, "Explanation": 70},
        empty=f"No EqIA was signed off after its planned decision date in {year}.",
    )


# Days in each state, from the audit trail.


@dataclass(frozen=True)
class Stay:
    state: str
    days: float


def stays_ended_in(year: int) -> list[Stay]:
    """Each time an assessment left a state of the process (draft to approved) during the
    year, and how many days it had been in it: read from the audit trail's moves."""
    moved = AuditEntry.objects.filter(kind=AuditKind.TRANSITION, at__year=year).values(
        "assessment_id"
    )
    entries = (
        AuditEntry.objects.filter(
            assessment_id__in=moved, kind__in=[AuditKind.CREATED, AuditKind.TRANSITION]
        )
        .order_by("assessment_id", "sequence")
        .values_list("assessment_id", "kind", "from_state", "to_state", "at")
    )
    stays: list[Stay] = []
    current: tuple[int, str, datetime.datetime] | None = None  # assessment, state, since
    for assessment_id, kind, from_state, to_state, at in entries:
        if current is not None and current[0] != assessment_id:
            current = None
        if kind == AuditKind.CREATED:
            current = (assessment_id, to_state or AssessmentState.DRAFT, at)
            continue
        if not to_state or from_state == to_state:
            continue  # a move that changed nothing
        left_in_year = timezone.localtime(at).year == year and from_state in OPEN_STATES
        if current is not None and current[1] == from_state and left_in_year:
            stays.append(Stay(from_state, (at - current[2]).total_seconds() / 86400))
        current = (assessment_id, to_state, at)
    return stays


def days_table(year: int, stays: list[Stay]) -> tuple[Table, BarChart]:
    by_state: dict[str, list[float]] = defaultdict(list)
    for stay in stays:
        by_state[stay.state].append(stay.days)
    rows: list[list[Cell]] = []
    medians = []
    for state in OPEN_STATES:
        days = by_state.get(state, [])
        median = round(statistics.median(days), 1) if days else None
        rows.append(
            [
                AssessmentState(state).label,
                len(days),
                median,
                round(max(days), 1) if days else None,
            ]
        )
        if median is not None:
            medians.append((AssessmentState(state).label, [median]))
    table = Table(
        slug="days-in-state",
        caption=f"Days in each state, for the times an assessment left it in {year}",
        headings=["State", "Times left", "Median days", "Longest (days)"],
        rows=rows if stays else [],
        widths={"State": 30},
        empty=f"No assessment moved on in {year}.",
    )
    chart = bar_chart(
        chart_id="chart-days",
        title=f"Median days in each state, {year}",
        series=[Series("Median days", BLUE)],
        data=medians,
        unit="days",
        compact=True,
    )
    return table, chart


# Policies overdue for review, month by month.


def overdue_table(year: int, as_of: datetime.date) -> tuple[Table, BarChart]:
    recorded = {
        snapshot.month: snapshot for snapshot in OverdueSnapshot.objects.filter(month__year=year)
    }
    last_month = as_of.month if as_of.year == year else 12
    rows: list[list[Cell]] = []
    data = []
    for month in range(1, last_month + 1):
        first = datetime.date(year, month, 1)
        name = f"{calendar.month_name[month]} {year}"
        snapshot = recorded.get(first)
        if snapshot is None:
            rows.append([name, None, None, None, None, "Not recorded"])
            continue
        rows.append(
            [
                name,
                snapshot.active_policies,
                snapshot.overdue,
                snapshot.overdue_under_way,
                snapshot.review_date_unknown,
                share(snapshot.overdue, snapshot.active_policies),
            ]
        )
        data.append((name, [snapshot.overdue]))
    table = Table(
        slug="overdue",
        caption=f"Active policies overdue for review, month by month, {year}",
        headings=[
            "Month",
            "Active policies",
            "Overdue for review",
            "Of which with an EqIA under way",
            "Review date unknown",
            "Share overdue",
        ],
        rows=rows if recorded else [],
        widths={"Month": 20},
        empty=(
            f"No month of {year} was counted. The service counts the policies overdue for "
            "review once a month; if months are missing, the service's administrators can "
            "check that the monthly count is set up."
        ),
    )
    chart = bar_chart(
        chart_id="chart-overdue",
        title=f"Active policies overdue for review each month, {year}",
        series=[Series("Overdue", BLUE)],
        data=data,
        unit="overdue",
        compact=True,
    )
    return table, chart


# Actions completed and overdue.


def _closed_on(action: Action) -> datetime.date | None:
    """When the action was done or dropped (its last such update); None while it is live."""
    if action.status not in CLOSED_STATUSES:
        return None
    closing = [update.at for update in action.updates.all() if update.status == action.status]
    return _local_date(max(closing)) if closing else _local_date(action.created_at)


def signed_plan_actions() -> QuerySet[Action]:
    """The actions of signed EqIAs: those in the plan of at least one version signed off,
    superseded ones included (each was signed), each action once.

    An action lives once, on the version that planned it, and later versions show it through
    ``appears_in``: so an action of a version superseded since (done before the next version
    started, which inherits only open ones) is still the council's action. One planned only
    in versions withdrawn before sign-off was never an action of a signed EqIA.
    """
    in_signed_plan = Action.appears_in.through.objects.filter(
        action=OuterRef("pk"), assessment__state__in=SIGNED_STATES
    )
    return Action.objects.filter(Exists(in_signed_plan))


def actions_table(year: int, as_of: datetime.date) -> Table:
    """Per service area, the actions of signed EqIAs (``signed_plan_actions``): those
    completed in the year (and how many by their due date), and those overdue at ``as_of``:
    due before it and not done or dropped by then. One still open today counts as overdue
    only while it is tracked (eqia.action_plan's rule of live work, as the Actions page and
    the EDI home count overdue actions)."""
    actions = (
        with_tracking(signed_plan_actions())
        .select_related("assessment__policy__service_area")
        .prefetch_related("updates")
    )
    completed: Counter[str] = Counter()
    on_time: Counter[str] = Counter()
    overdue: Counter[str] = Counter()
    areas: set[str] = set()
    for action in actions:
        area_model = action.assessment.policy.service_area
        area = _area(area_model.name if area_model else None)
        closed = _closed_on(action)
        if action.status == ActionStatus.DONE and closed is not None and closed.year == year:
            completed[area] += 1
            on_time[area] += closed <= action.due_date
            areas.add(area)
        open_then = is_tracked(action) if closed is None else closed > as_of
        if action.due_date < as_of and open_then:
            overdue[area] += 1
            areas.add(area)
    ordered = sorted(areas, key=lambda a: (a == NO_SERVICE_AREA, a))
    rows: list[list[Cell]] = [
        [area, completed[area], on_time[area], overdue[area]] for area in ordered
    ]
    return Table(
        slug="actions",
        caption=f"Actions of signed EqIAs: completed in {year}, and overdue on {long_date(as_of)}",
        headings=[
            "Service area",
            f"Completed in {year}",
            "Of which by their due date",
            f"Overdue on {long_date(as_of)}",
        ],
        rows=rows,
        footer=[
            [
                ALL_AREAS,
                sum(completed.values()),
                sum(on_time.values()),
                sum(overdue.values()),
            ]
        ]
        if rows
        else [],
        widths={"Service area": 35},
        empty=f"No action of a signed EqIA was completed in {year}, and none is overdue.",
    )


def report_as_of(year: int, today: datetime.date) -> datetime.date:
    return min(datetime.date(year, 12, 31), today)


def process_report(year: int, *, today: datetime.date) -> ProcessReport:
    """Every measure of the year."""
    as_of = report_as_of(year, today)
    report = ProcessReport(year=year, as_of=as_of)
    signed_table, signed_chart = signed_by_year(year)
    signed = signed_in(year)
    stays = stays_ended_in(year)
    days, days_chart = days_table(year, stays)
    overdue, overdue_chart = overdue_table(year, as_of)
    actions = actions_table(year, as_of)
    report.tables = {
        table.slug: table
        for table in [
            signed_table,
            timeliness_table(year, signed),
            late_table(year, signed),
            days,
            overdue,
            actions,
        ]
    }
    report.charts = {"signed": signed_chart, "days-in-state": days_chart, "overdue": overdue_chart}
    report.headline = _headline(report, signed, stays)
    return report


def _headline(report: ProcessReport, signed: list[Assessment], stays: list[Stay]) -> list[str]:
    year = report.year
    late = sum(1 for assessment in signed if assessment.signed_after_decision_date)
    lines = [
        f"{len(signed)} EqIA{'s' if len(signed) != 1 else ''} signed off in {year}."
        if signed
        else f"No EqIA was signed off in {year}."
    ]
    if signed:
        before = len(signed) - late
        lines.append(
            f"{before} of {len(signed)} ({share(before, len(signed))}) signed off before the "
            f"planned decision date; {late} after it."
        )
    in_review = [stay.days for stay in stays if stay.state == AssessmentState.IN_REVIEW]
    if in_review:
        lines.append(f"Median time in review: {statistics.median(in_review):.1f} days.")
    actions = report.tables["actions"]
    if actions.footer:
        _, completed, on_time, overdue = actions.footer[0]
        lines.append(
            f"{completed} action{'s' if completed != 1 else ''} completed ({on_time} by their "
            f"due date); {overdue} overdue on {long_date(report.as_of)}."
        )
    latest = OverdueSnapshot.objects.filter(month__year=year).order_by("-month").first()
    if latest is not None:
        lines.append(
            f"{latest.overdue} of {latest.active_policies} active policies overdue for review "
            f"in {latest.month:%B %Y}."
        )
    return lines
