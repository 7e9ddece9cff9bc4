"""Small plans for the plan tests, built through the services: a draft with one theme, one
objective and two actions (one led by a person, one by a team), and the same plan adopted with
an open progress round."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User

from core.dates import today
from plans import lifecycle, progress, structure
from plans.models import Objective, Plan, PlanAction, ProgressRound, ProgressStatus, Theme


@dataclass
class SmallPlan:
    plan: Plan
    theme: Theme
    objective: Objective
    led: PlanAction  # led by a person (``lead``)
    team_led: PlanAction  # led by a team only


def small_plan(
    manager: User, lead: User | None = None, *, title: str = "Equality plan 2026-2029"
) -> SmallPlan:
    plan = structure.plan_create(by=manager, title=title, period_start=2026, period_end=2029)
    theme = structure.theme_add(
        plan=plan,
        by=manager,
        role="As an Employer",
        aim="To lead a diverse and inclusive workforce.",
        connections=["Strategic Plan", "Workforce Strategy"],
    )
    objective = structure.objective_add(
        theme=theme, by=manager, text="We will look after the mental health of our staff."
    )
    led = structure.action_add(
        objective=objective,
        by=manager,
        text="Train Mental Health First Aiders",
        lead_people=[lead] if lead else [],
        lead_teams="HR team",
        target="April 2027",
        reference="EM-1",
    )
    team_led = structure.action_add(
        objective=objective,
        by=manager,
        text="Run a wellbeing week",
        lead_teams="Communities, Policy & Engagement team",
        target="Review Jan 2027",
        reference="EM-2",
    )
    return SmallPlan(plan, theme, objective, led, team_led)


def adopted(small: SmallPlan, manager: User) -> SmallPlan:
    small.plan = lifecycle.plan_adopt(
        plan=small.plan,
        by=manager,
        adopted_on=today() - datetime.timedelta(days=1),
        committee="Cabinet",
    )
    return small


def open_round(
    small: SmallPlan, manager: User, *, year: int = 2026, days: int = 30
) -> ProgressRound:
    return progress.round_open(
        plan=small.plan,
        by=manager,
        year=year,
        deadline=today() + datetime.timedelta(days=days),
    )


def status(name: str = "Ongoing/remain included in action plan") -> ProgressStatus:
    return ProgressStatus.objects.get(name=name)
