"""The demo's two plans, from the council's two reference documents (../shared/reference/),
loaded through the import services as a council would load its own:

- the earlier plan (equality-plan-2019-2022.csv: the agreed actions of the 2022 progress
  report), adopted and published, with its 2022 progress round (equality-progress-2022.csv)
  approved and published as the progress report;
- the draft Equality Objectives and Action Plan 2022-2025 (equality-plan-2022-2025.csv),
  drafted as the plan that follows it, each action the earlier report carried forward keeping
  its link ("Carried from").

The earlier plan's adoption (date and committee) is not in the documents: the demo says
"Policy and Resources Committee, 24 July 2019". Safe to run again: what is there is left.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from core.dates import today
from eqia.models import Action
from plans.importing import import_plan
from plans.lifecycle import plan_adopt, plan_draft_next, plan_publish
from plans.models import Objective, ObjectiveLink, Plan, PlanState, RoundState
from plans.progress import round_approve, round_open, round_publish
from plans.progress_import import import_progress

DEMO = Path(__file__).resolve().parent
EARLIER_TITLE = "Equality Objectives and Action Plan 2019-2022"
EARLIER_FILE = DEMO / "equality-plan-2019-2022.csv"
EARLIER_PROGRESS_FILE = DEMO / "equality-progress-2022.csv"
PLAN_TITLE = "Equality Objectives and Action Plan 2022-2025"
PLAN_FILE = DEMO / "equality-plan-2022-2025.csv"
EARLIER_ADOPTED = (datetime.date(2019, 7, 24), "Policy and Resources Committee")
EQIA_OBJECTIVE = "We will review the Equalities Impact Assessment processes."


class DemoNotReady(Exception):
    """The demo logins are missing: seed_demo makes them."""


@dataclass
class SeedResult:
    done: list[str] = field(default_factory=list)

    def note(self, line: str) -> None:
        self.done.append(line)


def edi_officer() -> User:
    """The demo's EDI Officer Group member, who publishes (and so signs) the demo documents."""
    user = User.objects.filter(username="reviewer").first()
    if user is None:
        raise DemoNotReady("There is no demo login 'reviewer': run manage.py seed_demo first.")
    return user


@transaction.atomic
def seed_plans() -> SeedResult:
    result = SeedResult()
    by = edi_officer()
    earlier = Plan.objects.filter(title=EARLIER_TITLE).first()
    if earlier is None:
        imported = import_plan(
            content=EARLIER_FILE.read_bytes(),
            filename=EARLIER_FILE.name,
            title=EARLIER_TITLE,
            period=(2019, 2022),
        )
        earlier = Plan.objects.get(slug=imported.slug)
        result.note(f"{EARLIER_TITLE}: {imported.summary_line()}")
    if earlier.is_draft:
        earlier = plan_adopt(
            plan=earlier, by=by, adopted_on=EARLIER_ADOPTED[0], committee=EARLIER_ADOPTED[1]
        )
    if earlier.state == PlanState.ADOPTED:
        earlier = plan_publish(plan=earlier, by=by)
        result.note(f"{EARLIER_TITLE}: published")
    round = earlier.rounds.filter(year=2022).first()
    if round is None:
        round = round_open(plan=earlier, by=by, year=2022, deadline=today())
    if round.is_open:
        progress = import_progress(
            content=EARLIER_PROGRESS_FILE.read_bytes(),
            filename=EARLIER_PROGRESS_FILE.name,
            plan=earlier,
            year=2022,
        )
        result.note(f"Progress 2022: {progress.summary_line()}")
    plan = Plan.objects.filter(title=PLAN_TITLE).first()
    if plan is None:
        plan = plan_draft_next(
            plan=earlier, by=by, title=PLAN_TITLE, period_start=2022, period_end=2025
        )
        imported = import_plan(
            content=PLAN_FILE.read_bytes(), filename=PLAN_FILE.name, title=PLAN_TITLE
        )
        result.note(f"{PLAN_TITLE}: {imported.summary_line()}")
    # Published after the next plan is drafted, so the report says which actions were carried.
    if round.is_open:
        round = round_approve(round=round, by=by)
    if round.state == RoundState.APPROVED:
        round_publish(round=round, by=by)
        result.note("Progress report 2022: published")
    result.note(link_demo_eqia_actions(plan, by))
    return result


def link_demo_eqia_actions(plan: Plan, by: User) -> str:
    """The demo's EqIA actions that consider poverty serve the objective about the EqIA
    process: the objective's page lists them, and its progress shows them as evidence."""
    objective = Objective.objects.filter(theme__plan=plan, text=EQIA_OBJECTIVE).first()
    if objective is None:
        return "No objective to link EqIA actions to"
    if objective.eqia_links.exists():
        return f"EqIA actions serving \u201c{EQIA_OBJECTIVE}\u201d: linked already"
    actions = Action.objects.filter(
        characteristics__name__startswith="Poverty", objective_link__isnull=True
    ).distinct()[:3]
    for action in actions:
        ObjectiveLink.objects.create(action=action, objective=objective, linked_by=by)
    linked = ObjectiveLink.objects.filter(objective=objective).count()
    return f"EqIA actions serving \u201c{EQIA_OBJECTIVE}\u201d: {linked}"
