"""What a plan and a progress report say, in words, laid out as the council's own documents:
theme by theme, the aim, then the objectives with their actions, leads and targets (the plan)
or the table *Agreed actions | Progress – year | Status* (the report), then the theme's
connections to other plans.

One reading of the database, used by every form of the document: the pages (HTML), the PDF and
the Word file, so all three say the same.
"""

import datetime
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from core.dates import long_date
from core.pages import Tag
from plans.models import (
    Objective,
    Plan,
    PlanAction,
    PlanState,
    ProgressRound,
    ProgressUpdate,
    RoundState,
    Theme,
)
from plans.values import Block, lead_words, progress_blocks


@dataclass(frozen=True)
class ActionLine:
    pk: int
    reference: str
    text: str
    lead: str
    target: str
    target_date: str  # "30 April 2023", or "" when the target names no date
    carried_from: str  # "Carried from Equality Action Plan 2019-2022", or ""
    carried_into: str  # "Carried into Equality Objectives and Action Plan 2022-2025", or ""


@dataclass(frozen=True)
class ObjectiveSection:
    pk: int
    text: str
    characteristics: list[str]
    aims: list[str]
    actions: list[ActionLine]

    @property
    def rows(self) -> int:
        return max(len(self.actions), 1)


@dataclass(frozen=True)
class ThemeSection:
    pk: int
    role: str
    aim: str
    connections: list[str]
    objectives: list[ObjectiveSection]


@dataclass(frozen=True)
class PlanDocument:
    council: str
    title: str
    slug: str
    period: str
    state: str
    adopted: str  # "Adopted by Cabinet on 12 October 2022", or ""
    published: str
    follows: str  # the title of the plan before, or ""
    themes: list[ThemeSection]

    @property
    def document_title(self) -> str:
        return self.title

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ProgressLine:
    """One row of a report's table: the agreed action, its progress and its status."""

    action: ActionLine
    blocks: list[Block]
    status: str
    status_colour: str
    reason: str
    written: bool  # a return was made

    @property
    def tag(self) -> Tag:
        """The status as {% govuk_tag %} shows it."""
        return Tag(self.status, self.status_colour)


@dataclass(frozen=True)
class ReportObjective:
    text: str
    # The objective is itself the agreed action (one action of the same words): its row is
    # not repeated as a heading.
    is_the_action: bool
    lines: list[ProgressLine]


@dataclass(frozen=True)
class ReportTheme:
    role: str
    aim: str
    connections: list[str]
    objectives: list[ReportObjective]


@dataclass(frozen=True)
class ReportDocument:
    council: str
    plan_title: str
    slug: str
    year: int
    state: str
    approved: str
    published: str
    themes: list[ReportTheme] = field(default_factory=list)

    @property
    def document_title(self) -> str:
        return f"{self.plan_title}: progress report {self.year}"

    @property
    def progress_heading(self) -> str:
        return f"Progress \u2013 {self.year}"

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def day(moment: datetime.datetime) -> str:
    """The day of a moment, in UK time: "3 March 2026"."""
    return long_date(timezone.localtime(moment).date())


def plan_themes(plan: Plan) -> list[Theme]:
    """The plan's themes with everything the documents show, in a fixed number of queries."""
    actions = PlanAction.objects.select_related(
        "carried_from__objective__theme__plan"
    ).prefetch_related(
        "lead_people",
        Prefetch(
            "carried_into",
            queryset=PlanAction.objects.select_related("objective__theme__plan"),
        ),
    )
    objectives = Objective.objects.prefetch_related(
        "characteristics", Prefetch("actions", queryset=actions)
    )
    return list(
        plan.themes.prefetch_related("connections", Prefetch("objectives", queryset=objectives))
    )


def action_line(action: PlanAction) -> ActionLine:
    origin = action.carried_from
    later = [carried.objective.theme.plan.title for carried in action.carried_into.all()]
    return ActionLine(
        pk=action.pk,
        reference=action.reference,
        text=action.text,
        lead=lead_words(action.lead_people.all(), action.lead_teams),
        target=action.target,
        target_date=long_date(action.target_date) if action.target_date else "",
        carried_from=f"Carried from {origin.objective.theme.plan.title}" if origin else "",
        carried_into=("Carried into " + " and ".join(dict.fromkeys(later)) if later else ""),
    )


def plan_document(plan: Plan) -> PlanDocument:
    themes = [
        ThemeSection(
            pk=theme.pk,
            role=theme.role,
            aim=theme.aim,
            connections=[connection.name for connection in theme.connections.all()],
            objectives=[
                ObjectiveSection(
                    pk=objective.pk,
                    text=objective.text,
                    characteristics=[c.name for c in objective.characteristics.all()],
                    aims=[aim.label for aim in objective.aims_served],
                    actions=[action_line(action) for action in objective.actions.all()],
                )
                for objective in theme.objectives.all()
            ],
        )
        for theme in plan_themes(plan)
    ]
    adopted = ""
    if plan.adopted_on:
        by = f" by {plan.adopted_by}" if plan.adopted_by else ""
        adopted = f"Adopted{by} on {long_date(plan.adopted_on)}"
    return PlanDocument(
        council=settings.EQIA_COUNCIL_NAME,
        title=plan.title,
        slug=plan.slug,
        period=plan.period,
        state=PlanState(plan.state).label,
        adopted=adopted,
        published=f"Published on {day(plan.published_at)}" if plan.published_at else "",
        follows=plan.carried_from.title if plan.carried_from_id and plan.carried_from else "",
        themes=themes,
    )


def report_document(round: ProgressRound) -> ReportDocument:
    updates = {
        update.action_id: update
        for update in ProgressUpdate.objects.filter(round=round).select_related("status")
    }
    themes = []
    for theme in plan_themes(round.plan):
        objectives = []
        for objective in theme.objectives.all():
            actions = list(objective.actions.all())
            lines = [progress_line(action, updates.get(action.pk)) for action in actions]
            same = len(actions) == 1 and " ".join(actions[0].text.split()) == " ".join(
                objective.text.split()
            )
            objectives.append(ReportObjective(objective.text, same, lines))
        themes.append(
            ReportTheme(
                role=theme.role,
                aim=theme.aim,
                connections=[connection.name for connection in theme.connections.all()],
                objectives=objectives,
            )
        )
    return ReportDocument(
        council=settings.EQIA_COUNCIL_NAME,
        plan_title=round.plan.title,
        slug=round.plan.slug,
        year=round.year,
        state=RoundState(round.state).label,
        approved=f"Approved on {day(round.approved_at)}" if round.approved_at else "",
        published=f"Published on {day(round.published_at)}" if round.published_at else "",
        themes=themes,
    )


def progress_line(action: PlanAction, update: ProgressUpdate | None) -> ProgressLine:
    status = update.status if update is not None else None
    return ProgressLine(
        action=action_line(action),
        blocks=progress_blocks(update.text) if update is not None else [],
        status=status.name if status is not None else "",
        status_colour=status.colour if status is not None else "",
        reason=update.reason if update is not None else "",
        written=update is not None,
    )
