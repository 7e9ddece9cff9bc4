"""What the plan pages share: finding a plan's theme, objective, action or round for the
person asking (404 when they may not see the plan), and rendering a form page."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core.errors import form_error_links, reason_links
from core.refusals import Reason
from plans.access import Visitor, get_plan_for
from plans.models import Objective, Plan, PlanAction, ProgressRound, Theme


def theme_for(user: Visitor, slug: str, pk: int, *, manage: bool = False) -> tuple[Plan, Theme]:
    plan = get_plan_for(user, slug, manage=manage)
    theme = plan.themes.filter(pk=pk).first()
    if theme is None:
        raise Http404("No theme found")
    return plan, theme


def objective_for(
    user: Visitor, slug: str, pk: int, *, manage: bool = False
) -> tuple[Plan, Objective]:
    plan = get_plan_for(user, slug, manage=manage)
    objective = Objective.objects.select_related("theme").filter(theme__plan=plan, pk=pk).first()
    if objective is None:
        raise Http404("No objective found")
    return plan, objective


def action_for(
    user: Visitor, slug: str, pk: int, *, manage: bool = False
) -> tuple[Plan, PlanAction]:
    plan = get_plan_for(user, slug, manage=manage)
    action = (
        PlanAction.objects.select_related("objective__theme")
        .filter(objective__theme__plan=plan, pk=pk)
        .first()
    )
    if action is None:
        raise Http404("No action found")
    return plan, action


def round_for(
    user: Visitor, slug: str, year: int, *, manage: bool = False
) -> tuple[Plan, ProgressRound]:
    plan = get_plan_for(user, slug, manage=manage)
    round = plan.rounds.filter(year=year).first()
    if round is None:
        raise Http404("No progress round found")
    round.plan = plan
    return plan, round


def form_page(
    request: HttpRequest,
    template: str,
    form: Any,
    *,
    refusals: list[Reason] | None = None,
    **context: Any,
) -> HttpResponse:
    """A page with a form: its errors, and refusals that name no field of it, in the summary."""
    errors = form_error_links(form) + reason_links(refusals or [])
    return render(request, template, {"form": form, "errors": errors, **context})
