"""The equality plans of the permission matrix's world (tests/test_permission_matrix.py): a draft,
an adopted plan with an open and an approved round, and a published plan with a published
report; bob (the colleague persona) leads an action in the draft and the adopted plan. The
matrix's rows find them by slug, and its data builders are here."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from core.dates import today
from plans import lifecycle, progress
from plans.models import Plan, PlanAction, ProgressStatus
from tests.plans_factories import small_plan

DRAFT = "matrix-draft-plan"
ADOPTED = "matrix-adopted-plan"
PUBLISHED = "matrix-published-plan"
# Who sees each plan inside the service: those who read every plan, and its action's lead.
READ_ALL = frozenset({"reviewer", "auditor", "administrator"})
MANAGERS = frozenset({"reviewer", "administrator"})
LEADS = READ_ALL | {"colleague"}


def build_plans(people: dict[str, User]) -> None:
    manager, bob = people["reviewer"], people["colleague"]
    small_plan(manager, bob, title="Matrix draft plan")
    adopted = small_plan(manager, bob, title="Matrix adopted plan")
    lifecycle.plan_adopt(
        plan=adopted.plan,
        by=manager,
        adopted_on=today() - datetime.timedelta(days=1),
        committee="Cabinet",
    )
    deadline = today() + datetime.timedelta(days=30)
    progress.round_open(plan=adopted.plan, by=manager, year=2026, deadline=deadline)
    approved = progress.round_open(plan=adopted.plan, by=manager, year=2027, deadline=deadline)
    ongoing = ProgressStatus.objects.get(name="Ongoing/remain included in action plan")
    for action in (adopted.led, adopted.team_led):
        progress.progress_write(
            round=approved, action=action, by=manager, text="Done.", status=ongoing
        )
    progress.round_approve(round=approved, by=manager)
    published = small_plan(manager, None, title="Matrix published plan")
    lifecycle.plan_adopt(
        plan=published.plan,
        by=manager,
        adopted_on=today() - datetime.timedelta(days=1),
        committee="Cabinet",
    )
    report = progress.round_open(plan=published.plan, by=manager, year=2026, deadline=deadline)
    for action in (published.led, published.team_led):
        progress.progress_write(
            round=report, action=action, by=manager, text="Done.", status=ongoing
        )
    progress.round_approve(round=report, by=manager)
    progress.round_publish(round=report, by=manager)
    lifecycle.plan_publish(plan=published.plan, by=manager)


def slug(name: str, *more: object) -> Any:
    """Args for a plan URL: the plan's slug, then ``more``."""
    return lambda world, state: [name, *more]


def action(plan_slug: str, words: str, *before: object) -> Any:
    """Args: the plan's slug, ``before`` (a round's year), then the action's key."""

    def args(world: Any, state: Any) -> list[object]:
        found = PlanAction.objects.get(objective__theme__plan__slug=plan_slug, text=words)
        return [plan_slug, *before, found.pk]

    return args


def of(plan_slug: str, kind: str, *after: object) -> Any:
    """Args: the plan's slug and the key of its first theme or objective (then ``after``)."""

    def args(world: Any, state: Any) -> list[object]:
        plan = Plan.objects.get(slug=plan_slug)
        theme = plan.themes.first()
        assert theme is not None
        item = theme if kind == "theme" else theme.objectives.first()
        assert item is not None
        return [plan_slug, item.pk, *after]

    return args


def kinded(plan_slug: str, kind: str, words: str) -> Any:
    def args(world: Any, state: Any) -> list[object]:
        found = PlanAction.objects.get(objective__theme__plan__slug=plan_slug, text=words)
        return [plan_slug, kind, found.pk]

    return args


LED = "Train Mental Health First Aiders"
TEAM_LED = "Run a wellbeing week"


def a_plan(world: Any) -> dict[str, Any]:
    return {"title": "Matrix new plan", "period_start": "2026", "period_end": "2029"}


def a_plan_file(world: Any) -> dict[str, Any]:
    csv = (
        b"Theme,Aim,Objective,Action,Lead,Target,Connections\r\n"
        b"As an Employer,A diverse workforce.,We will train staff.,Train managers,HR,May 2027,\r\n"
    )
    return {
        "title": "Matrix imported plan",
        "period_start": "2026",
        "period_end": "2027",
        "follows": "",
        "file": SimpleUploadedFile("plan.csv", csv, content_type="text/csv"),
    }


def a_progress_file(world: Any) -> dict[str, Any]:
    csv = b"Reference,Progress,Status\r\nEM-1,Twelve trained.,Complete/on schedule to deliver\r\n"
    return {"file": SimpleUploadedFile("progress.csv", csv, content_type="text/csv")}


def a_theme(world: Any) -> dict[str, Any]:
    return {"role": "As a Service Provider", "aim": "Inclusive services.", "connections": ""}


def an_action(world: Any) -> dict[str, Any]:
    objective = Plan.objects.get(slug=DRAFT).themes.get().objectives.get()
    return {"text": "Publish a guide", "objective": objective.pk, "lead_teams": "HR"}


def adoption(world: Any) -> dict[str, Any]:
    return {
        "adopted_on": f"{today() - datetime.timedelta(days=1):%d/%m/%Y}",
        "committee": "Cabinet",
    }


def next_plan(world: Any) -> dict[str, Any]:
    return {"title": "Matrix next plan", "period_start": "2030", "period_end": "2033"}


def a_round(world: Any) -> dict[str, Any]:
    return {"year": "2028", "deadline": f"{today() + datetime.timedelta(days=20):%d/%m/%Y}"}


def a_return(world: Any) -> dict[str, Any]:
    ongoing = ProgressStatus.objects.get(name="Ongoing/remain included in action plan")
    return {"text": "Twelve trained:\n\n- six in Housing", "status": ongoing.pk, "reason": ""}


@dataclass(frozen=True)
class PlanRow:
    """A plan page the EDI group and administrators (``done``) use; refused (``refused``) where
    the plan's state does not allow it; 403 for the others who see the plan, 404 for the rest."""

    name: str
    method: str
    args: Callable[[Any, Any], list[object]]
    data: Callable[[Any], dict[str, Any]] | None = None
    done: frozenset[str] = frozenset()
    refused: frozenset[str] = frozenset()
    label: str = ""


M = MANAGERS
LEAD_AND_M = MANAGERS | {"colleague"}

PLAN_ROWS = [
    # A draft's content: the EDI group and administrators change it; refused once adopted.
    PlanRow("edit", "get", slug(DRAFT), done=M, label="draft"),
    PlanRow("edit", "post", slug(DRAFT), a_plan, done=M, label="draft"),
    PlanRow("edit", "get", slug(ADOPTED), refused=M, label="adopted"),
    PlanRow("adopt", "get", slug(DRAFT), done=M, label="draft"),
    PlanRow("adopt", "post", slug(DRAFT), adoption, done=M, label="draft"),
    PlanRow("adopt", "get", slug(ADOPTED), refused=M, label="adopted"),
    PlanRow("theme_add", "get", slug(DRAFT), done=M, label="draft"),
    PlanRow("theme_add", "post", slug(DRAFT), a_theme, done=M, label="draft"),
    PlanRow("theme_add", "get", slug(ADOPTED), refused=M, label="adopted"),
    PlanRow("theme_edit", "get", of(DRAFT, "theme"), done=M),
    PlanRow("objective_add", "get", of(DRAFT, "theme"), done=M),
    PlanRow("objective_edit", "get", of(DRAFT, "objective"), done=M),
    PlanRow("action_add", "get", of(DRAFT, "objective"), done=M),
    PlanRow("action_add", "post", of(DRAFT, "objective"), an_action, done=M),
    PlanRow("action_edit", "get", action(DRAFT, LED), done=M),
    PlanRow("remove", "get", kinded(DRAFT, "action", LED), done=M, label="draft"),
    PlanRow("remove", "post", kinded(DRAFT, "action", LED), done=M, label="draft"),
    PlanRow("remove", "post", kinded(ADOPTED, "action", LED), refused=M, label="adopted"),
    PlanRow("move", "post", kinded(DRAFT, "action", LED), lambda w: {"direction": "down"}, done=M),
    # Publishing, progress rounds and the next plan: on an adopted plan (refused on a draft).
    PlanRow("publish", "get", slug(ADOPTED), done=M, label="adopted"),
    PlanRow("publish", "post", slug(ADOPTED), done=M, label="adopted"),
    PlanRow("publish", "post", slug(DRAFT), refused=M, label="draft"),
    PlanRow("next", "get", slug(ADOPTED), done=M),
    PlanRow("next", "post", slug(ADOPTED), next_plan, done=M),
    PlanRow("round_open", "get", slug(ADOPTED), done=M, label="adopted"),
    PlanRow("round_open", "post", slug(ADOPTED), a_round, done=M, label="adopted"),
    PlanRow("round_open", "get", slug(DRAFT), refused=M, label="draft"),
    PlanRow("round_approve", "get", slug(ADOPTED, 2026), done=M),
    # Two actions have no return yet: approval is refused, saying so.
    PlanRow("round_approve", "post", slug(ADOPTED, 2026), refused=M),
    PlanRow("round_publish", "get", slug(ADOPTED, 2027), done=M),
    PlanRow("round_publish", "post", slug(ADOPTED, 2027), done=M),
    PlanRow("progress_import", "get", slug(ADOPTED, 2026), done=M),
    PlanRow("progress_import", "post", slug(ADOPTED, 2026), a_progress_file, done=M),
    # Nothing was uploaded in this session: the upload has expired.
    PlanRow("progress_import_confirm", "post", slug(ADOPTED, 2026), refused=M),
    # An action's progress: its lead (bob) and the EDI group; a team's action the EDI group
    # alone; refused once the round is approved.
    PlanRow("progress", "get", action(ADOPTED, LED, 2026), done=LEAD_AND_M, label="led"),
    PlanRow("progress", "post", action(ADOPTED, LED, 2026), a_return, done=LEAD_AND_M, label="led"),
    PlanRow("progress", "get", action(ADOPTED, TEAM_LED, 2026), done=M, label="team-led"),
    PlanRow("progress", "get", action(ADOPTED, LED, 2027), refused=LEAD_AND_M, label="approved"),
]
