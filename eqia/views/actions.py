"""The action plan: the author adds, changes and removes the actions a draft plans; the
action's lead, the author side or an administrator moves each action on to completion, from
any plan that shows it (its own version's, or a later one that inherited it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core.errors import form_error_links
from core.http import AuthenticatedRequest
from core.refusals import Refused, add_to_form
from eqia.access import (
    Capability,
    action_refusals,
    get_action_for,
    get_assessment_for,
    visible_assessments,
)
from eqia.action_plan import lead_of
from eqia.actions import (
    action_add,
    action_change,
    action_remove,
    action_update_status,
    inherited_refusals,
)
from eqia.extensions import extension_initial, save_extensions, split_values
from eqia.forms import ActionForm, ActionStatusForm
from eqia.models import Action, Assessment, Part
from eqia.views.pages import not_editable_message


def actions_url(assessment: Assessment) -> str:
    return reverse("assessments:part", args=[assessment.pk, Part.ACTIONS.value])


def _editable_or_redirect(request: HttpRequest, assessment: Assessment) -> HttpResponse | None:
    if assessment.is_editable:
        return None
    messages.error(request, not_editable_message(assessment))
    return redirect(actions_url(assessment))


def _refused(request: HttpRequest, assessment: Assessment, error: Refused) -> HttpResponse:
    messages.error(request, " ".join(f"{reason}." for reason in error.reasons))
    return redirect(actions_url(assessment))


def _action_of(request: HttpRequest, action_pk: int) -> tuple[Action, Assessment]:
    """An action and the version that planned it: 404 if that version is unseen, 403 if
    read-only."""
    action = get_object_or_404(Action.objects.select_related("owner"), pk=action_pk)
    assessment, _ = get_assessment_for(request.user, action.assessment_id, Capability.EDIT)
    action.assessment = assessment
    return action, assessment


def _inherited_by_draft(request: HttpRequest, action: Action) -> HttpResponse | None:
    """An action an earlier version planned, shown by a later draft: refused with the
    service's reason, back on that draft's plan."""
    if reasons := inherited_refusals(action):
        later = action.appears_in.order_by("-version").first()
        messages.error(request, " ".join(f"{reason}." for reason in reasons))
        return redirect(actions_url(later or action.assessment))
    return None


def _render_form(
    request: HttpRequest, assessment: Assessment, form: ActionForm, action: Action | None
) -> HttpResponse:
    return render(
        request,
        "assessments/action_form.html",
        {
            "assessment": assessment,
            "policy": assessment.policy,
            "form": form,
            "action": action,
            "errors": form_error_links(form),
        },
    )


@login_required
def action_add_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment, _ = get_assessment_for(request.user, pk, Capability.EDIT)
    if refused := _editable_or_redirect(request, assessment):
        return refused
    form = ActionForm(request.POST or None, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        own, extra = split_values(form.cleaned_data, form.extension_names)
        try:
            with transaction.atomic():
                action = action_add(assessment=assessment, by=request.user, **own)
                save_extensions(action, extra, request.user)
        except Refused as error:
            add_to_form(form, error.reasons)
        else:
            messages.success(request, "Action added to the action plan.")
            return redirect(actions_url(assessment))
    return _render_form(request, assessment, form, None)


@login_required
def action_edit_page(request: AuthenticatedRequest, action_pk: int) -> HttpResponse:
    action, assessment = _action_of(request, action_pk)
    if refused := _inherited_by_draft(request, action) or _editable_or_redirect(
        request, assessment
    ):
        return refused
    form = ActionForm(
        request.POST or None,
        assessment=assessment,
        initial={
            "description": action.description,
            "owner": action.owner,
            "lead_team": action.lead_team,
            "due_date": action.due_date,
            "success_measure": action.success_measure,
            "characteristics": list(action.characteristics.all()),
            **extension_initial(action),
        },
    )
    if request.method == "POST" and form.is_valid():
        own, extra = split_values(form.cleaned_data, form.extension_names)
        try:
            with transaction.atomic():
                changed = action_change(action=action, by=request.user, **own)
                if save_extensions(action, extra, request.user):
                    changed.append("links")
        except Refused as error:
            add_to_form(form, error.reasons)
        else:
            messages.success(request, "Action saved." if changed else "Nothing was changed.")
            return redirect(actions_url(assessment))
    return _render_form(request, assessment, form, action)


@login_required
def action_remove_page(request: AuthenticatedRequest, action_pk: int) -> HttpResponse:
    action, assessment = _action_of(request, action_pk)
    if refused := _inherited_by_draft(request, action) or _editable_or_redirect(
        request, assessment
    ):
        return refused
    if request.method == "POST":
        try:
            action_remove(action=action, by=request.user)
        except Refused as error:
            return _refused(request, assessment, error)
        messages.success(request, "Action removed from the action plan.")
        return redirect(actions_url(assessment))
    return render(
        request,
        "assessments/action_remove.html",
        {
            "assessment": assessment,
            "policy": assessment.policy,
            "action": action,
            "lead": lead_of(action),
        },
    )


def _back(request: HttpRequest, action: Action) -> str:
    """Where "Back" goes: the action plan of the latest version showing the action that the
    person may open (a later version that inherited it, or the one that planned it), else My
    work (a lead who does not otherwise see the assessment)."""
    plan = (
        visible_assessments(request.user).filter(plan_actions=action).order_by("-version").first()
    )
    return f"{plan.get_absolute_url()}#actions" if plan is not None else reverse("home")


@login_required
def action_update_page(request: AuthenticatedRequest, action_pk: int) -> HttpResponse:
    """Move an action on, at any time after it is set: open, in progress, done or dropped.
    The one record moves on in every plan that shows it.

    The action's lead may do so without otherwise seeing the assessment.
    """
    action, sees_assessment = get_action_for(request.user, action_pk)
    back = _back(request, action)
    if refused := action_refusals(request.user, action):
        messages.error(request, f"{refused[0].message}.")
        return redirect(back)
    form = ActionStatusForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST" and form.is_valid():
        try:
            update = action_update_status(action=action, by=request.user, **form.cleaned_data)
        except Refused as error:
            add_to_form(form, error.reasons)
        else:
            messages.success(request, f"Action updated: {update.get_status_display().lower()}.")
            return redirect(back)
    return render(
        request,
        "assessments/action_update.html",
        {
            "action": action,
            "assessment": action.assessment,
            "policy": action.assessment.policy,
            "lead": lead_of(action),
            "plans": action.appears_in.order_by("version"),
            "form": form,
            "back": back,
            "sees_assessment": sees_assessment,
            "updates": action.updates.select_related("by"),
            "errors": form_error_links(form),
        },
    )
