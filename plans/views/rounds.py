"""Progress rounds: opening one, the returns page (which actions have no update yet), writing
an action's progress, approving and publishing the round, and its report and spreadsheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render

from core.http import AuthenticatedRequest
from core.refusals import Refused, add_to_form
from plans.access import (
    get_plan_for,
    may_manage,
    progress_refusals,
    require_progress_writer,
)
from plans.documents.files import FORMATS, document_file
from plans.exporting import EXPORT_FORMATS, progress_file
from plans.forms import ProgressForm, RoundForm
from plans.models import ProgressUpdate
from plans.progress import (
    deadline_phrase,
    open_refusals,
    progress_write,
    round_approve,
    round_open,
    round_publish,
)
from plans.selectors import linked_actions, round_returns
from plans.values import lead_words
from plans.views.common import action_for, form_page, round_for
from plans.views.plans import download


@login_required
def round_open_page(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    plan = get_plan_for(request.user, slug, manage=True)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round = round_open(plan=plan, by=request.user, **form.cleaned_data)
        except Refused as error:
            add_to_form(form, error.reasons)
        else:
            messages.success(
                request,
                f"The {round.year} round is open: the leads can write their progress. Returns "
                f"are {deadline_phrase(round)}.",
            )
            return redirect(round)
    return form_page(
        request,
        "plans/round_form.html",
        form,
        plan=plan,
        refusals=[] if request.method == "POST" else open_refusals(plan),
    )


@login_required
def round_page(request: AuthenticatedRequest, slug: str, year: int) -> HttpResponse:
    """The returns: every action with its progress, those with no update yet first named."""
    plan, round = round_for(request.user, slug, year)
    returns = round_returns(round, request.user)
    missing = [item for item in returns if item.update is None]
    manage = may_manage(request.user)
    return render(
        request,
        "plans/round.html",
        {
            "plan": plan,
            "round": round,
            "returns": returns,
            "missing": missing,
            "mine": [item for item in returns if item.may_write and not manage],
            "manage": manage,
            "deadline": deadline_phrase(round),
        },
    )


@login_required
def progress_page(request: AuthenticatedRequest, slug: str, year: int, pk: int) -> HttpResponse:
    """Write (or rewrite) one action's progress in an open round: its lead, or the EDI group."""
    plan, round = round_for(request.user, slug, year)
    _, action = action_for(request.user, slug, pk)
    require_progress_writer(request.user, action)
    update = ProgressUpdate.objects.filter(round=round, action=action).first()
    initial = (
        {"text": update.text, "status": update.status, "reason": update.reason} if update else {}
    )
    form = ProgressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            progress_write(round=round, action=action, by=request.user, **form.cleaned_data)
        except Refused as error:
            add_to_form(form, error.reasons)
        else:
            messages.success(request, f"Progress saved: {action.text[:80]}.")
            return redirect(round)
    return form_page(
        request,
        "plans/progress_form.html",
        form,
        plan=plan,
        round=round,
        action=action,
        lead=lead_words(action.lead_people.all(), action.lead_teams),
        evidence=linked_actions([action.objective_id]).get(action.objective_id, []),
        refusals=[] if request.method == "POST" else progress_refusals(request.user, round, action),
    )


@login_required
def round_approve_page(request: AuthenticatedRequest, slug: str, year: int) -> HttpResponse:
    plan, round = round_for(request.user, slug, year, manage=True)
    if request.method == "POST":
        try:
            round_approve(round=round, by=request.user)
        except Refused as error:
            messages.error(request, " ".join(f"{reason}." for reason in error.reasons))
            return redirect(round)
        messages.success(request, f"The {round.year} round is approved: it can now be published.")
        return redirect(round)
    return render(
        request,
        "plans/round_confirm.html",
        {"plan": plan, "round": round, "move": "approve", "errors": []},
    )


@login_required
def round_publish_page(request: AuthenticatedRequest, slug: str, year: int) -> HttpResponse:
    plan, round = round_for(request.user, slug, year, manage=True)
    if request.method == "POST":
        try:
            round_publish(round=round, by=request.user)
        except Refused as error:
            messages.error(request, " ".join(f"{reason}." for reason in error.reasons))
            return redirect(round)
        messages.success(
            request,
            f"The {round.year} progress report is published: its signed PDF and Word file are "
            "on the public page.",
        )
        return redirect(round)
    return render(
        request,
        "plans/round_confirm.html",
        {"plan": plan, "round": round, "move": "publish", "errors": []},
    )


@login_required
def round_document(request: AuthenticatedRequest, slug: str, year: int, kind: str) -> HttpResponse:
    plan, round = round_for(request.user, slug, year)
    if kind not in FORMATS:
        raise Http404("No such document")
    document = document_file(plan, round, kind)
    return download(document.content, document.content_type, document.name)


@login_required
def progress_export(request: AuthenticatedRequest, slug: str, year: int) -> HttpResponse:
    """The round's returns in the progress import's columns: they import back unchanged."""
    plan, round = round_for(request.user, slug, year)
    export_format = request.GET.get("format", "csv")
    if export_format not in EXPORT_FORMATS:
        return HttpResponseBadRequest("Choose format=csv or format=xlsx.")
    content_type = (
        "text/csv; charset=utf-8"
        if export_format == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return download(
        progress_file(round, export_format),
        content_type,
        f"{plan.slug}-progress-{round.year}.{export_format}",
    )
