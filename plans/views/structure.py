"""A draft plan's content: its themes, objectives and actions added, changed, reordered and
removed by the EDI group or an administrator; and an objective's page, with the EqIA actions
that name it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.errors import reason_links
from core.http import AuthenticatedRequest
from core.refusals import Reason, Refused, add_to_form
from plans import structure
from plans.access import content_refusals, get_plan_for, may_manage
from plans.forms import ActionForm, ObjectiveForm, ThemeForm, lead_emails_of
from plans.models import Objective, Plan, PlanAction, Theme
from plans.selectors import linked_actions
from plans.values import lead_words
from plans.views.common import action_for, form_page, objective_for, theme_for


def refusals_shown(request: AuthenticatedRequest, plan: Plan) -> list[Reason]:
    """Why the content may not change now, shown when the page is opened (a POST carries them
    on the form)."""
    return [] if request.method == "POST" else content_refusals(request.user, plan)


def back_to(plan: Plan, anchor: str = "") -> str:
    return plan.get_absolute_url() + (f"#{anchor}" if anchor else "")


# Themes.


@login_required
def theme_add(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    plan = get_plan_for(request.user, slug, manage=True)
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = structure.theme_add(plan=plan, by=request.user, **form.cleaned_data)
        except Refused as error:
            add_to_form(form, error.reasons)
        else:
            messages.success(request, f"Theme added: {theme.role}.")
            return redirect(back_to(plan, f"theme-{theme.pk}"))
    return form_page(
        request, "plans/theme_form.html", form, plan=plan, theme=None,
        refusals=refusals_shown(request, plan),
    )  # fmt: skip


@login_required
def theme_edit(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    plan, theme = theme_for(request.user, slug, pk, manage=True)
    form = ThemeForm(
        request.POST or None,
        initial={
            "role": theme.role,
            "aim": theme.aim,
            "connections": "\n".join(theme.connections.values_list("name", flat=True)),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = structure.theme_change(theme=theme, by=request.user, **form.cleaned_data)
        except Refused as error:
            add_to_form(form, error.reasons)
        else:
            messages.success(request, "Theme saved." if changed else "Nothing was changed.")
            return redirect(back_to(plan, f"theme-{theme.pk}"))
    return form_page(
        request, "plans/theme_form.html", form, plan=plan, theme=theme,
        refusals=refusals_shown(request, plan),
    )  # fmt: skip


# Objectives.


@login_required
def objective_page(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    """An objective with its actions and the EqIA actions that name it, with their status."""
    plan, objective = objective_for(request.user, slug, pk)
    actions = list(objective.actions.prefetch_related("lead_people"))
    return render(
        request,
        "plans/objective.html",
        {
            "plan": plan,
            "objective": objective,
            "actions": [
                (action, lead_words(action.lead_people.all(), action.lead_teams))
                for action in actions
            ],
            "linked": linked_actions([objective.pk]).get(objective.pk, []),
            "editable": not content_refusals(request.user, plan),
            "manage": may_manage(request.user),
        },
    )


@login_required
def objective_add(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    plan, theme = theme_for(request.user, slug, pk, manage=True)
    form = ObjectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            objective = structure.objective_add(theme=theme, by=request.user, **form.cleaned_data)
        except Refused as error:
            add_to_form(form, error.reasons)
        else:
            messages.success(request, "Objective added.")
            return redirect(back_to(plan, f"objective-{objective.pk}"))
    return form_page(
        request, "plans/objective_form.html", form, plan=plan, theme=theme, objective=None,
        refusals=refusals_shown(request, plan),
    )  # fmt: skip


@login_required
def objective_edit(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    plan, objective = objective_for(request.user, slug, pk, manage=True)
    form = ObjectiveForm(
        request.POST or None,
        initial={
            "text": objective.text,
            "characteristics": list(objective.characteristics.all()),
            "psed_aims": objective.psed_aims,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = structure.objective_change(
                objective=objective, by=request.user, **form.cleaned_data
            )
        except Refused as error:
            add_to_form(form, error.reasons)
        else:
            messages.success(request, "Objective saved." if changed else "Nothing was changed.")
            return redirect(back_to(plan, f"objective-{objective.pk}"))
    return form_page(
        request, "plans/objective_form.html", form, plan=plan, theme=objective.theme,
        objective=objective, refusals=refusals_shown(request, plan),
    )  # fmt: skip


# Actions.


def action_values(form: ActionForm) -> dict[str, object]:
    data = form.cleaned_data
    return {
        "text": data["text"],
        "reference": data["reference"],
        "lead_people": data["lead_emails"],
        "lead_teams": data["lead_teams"],
        "target": data["target"],
    }


@login_required
def action_add(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    plan, objective = objective_for(request.user, slug, pk, manage=True)
    form = ActionForm(request.POST or None, plan=plan, initial={"objective": objective})
    if request.method == "POST" and form.is_valid():
        try:
            action = structure.action_add(
                objective=form.cleaned_data["objective"],
                by=request.user,
                **action_values(form),  # type: ignore[arg-type]  # the form's cleaned values
            )
        except Refused as error:
            add_to_form(form, error.reasons)
        else:
            messages.success(request, "Action added.")
            return redirect(back_to(plan, f"action-{action.pk}"))
    return form_page(
        request, "plans/action_form.html", form, plan=plan, action=None,
        refusals=refusals_shown(request, plan),
    )  # fmt: skip


@login_required
def action_edit(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    plan, action = action_for(request.user, slug, pk, manage=True)
    form = ActionForm(
        request.POST or None,
        plan=plan,
        initial={
            "text": action.text,
            "objective": action.objective,
            "lead_teams": action.lead_teams,
            "lead_emails": lead_emails_of(action),
            "target": action.target,
            "reference": action.reference,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = structure.action_change(
                action=action,
                by=request.user,
                objective=form.cleaned_data["objective"],
                **action_values(form),  # type: ignore[arg-type]  # the form's cleaned values
            )
        except Refused as error:
            add_to_form(form, error.reasons)
        else:
            messages.success(request, "Action saved." if changed else "Nothing was changed.")
            return redirect(back_to(plan, f"action-{action.pk}"))
    return form_page(
        request, "plans/action_form.html", form, plan=plan, action=action,
        refusals=refusals_shown(request, plan),
    )  # fmt: skip


# Removing and reordering.

KINDS: dict[str, type[Theme] | type[Objective] | type[PlanAction]] = {
    "theme": Theme,
    "objective": Objective,
    "action": PlanAction,
}
PLAN_OF = {
    "theme": "plan",
    "objective": "theme__plan",
    "action": "objective__theme__plan",
}


def item_for(
    request: AuthenticatedRequest, slug: str, kind: str, pk: int
) -> tuple[Plan, Theme | Objective | PlanAction]:
    if kind not in KINDS:
        raise Http404("Nothing of that kind")
    plan = get_plan_for(request.user, slug, manage=True)
    item = KINDS[kind].objects.filter(pk=pk, **{PLAN_OF[kind]: plan}).first()
    if item is None:
        raise Http404("Not found in this plan")
    return plan, item


def words_of(item: Theme | Objective | PlanAction) -> str:
    return item.role if isinstance(item, Theme) else item.text


@login_required
def remove_page(request: AuthenticatedRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    """Remove a theme (with its objectives and actions), an objective (with its actions) or an
    action, once asked to confirm."""
    plan, item = item_for(request, slug, kind, pk)
    if request.method == "POST":
        try:
            if isinstance(item, Theme):
                structure.theme_remove(theme=item, by=request.user)
            elif isinstance(item, Objective):
                structure.objective_remove(objective=item, by=request.user)
            else:
                structure.action_remove(action=item, by=request.user)
        except Refused as error:
            messages.error(request, " ".join(f"{reason}." for reason in error.reasons))
            return redirect(plan)
        messages.success(request, f"{kind.capitalize()} removed: {words_of(item)[:80]}.")
        return redirect(plan)
    return render(
        request,
        "plans/remove.html",
        {
            "plan": plan,
            "kind": kind,
            "item": item,
            "words": words_of(item),
            "errors": reason_links(content_refusals(request.user, plan)),
        },
    )


@require_POST
@login_required
def move_page(request: AuthenticatedRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    """Move a theme, objective or action one place up or down."""
    plan, item = item_for(request, slug, kind, pk)
    up = request.POST.get("direction") != "down"
    try:
        moved = structure.move(item=item, by=request.user, up=up)
    except Refused as error:
        messages.error(request, " ".join(f"{reason}." for reason in error.reasons))
        return redirect(plan)
    if moved:
        messages.success(request, f"{kind.capitalize()} moved {'up' if up else 'down'}.")
    return redirect(back_to(plan, f"{kind}-{item.pk}"))
