"""The plans: the list, a plan's page, creating and changing one, adopting, publishing,
drafting the next, and its documents and spreadsheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render

from core.http import AuthenticatedRequest
from core.refusals import Refused, add_to_form
from plans.access import (
    content_refusals,
    get_plan_for,
    may_manage,
    require_manager,
    visible_plans,
)
from plans.documents.content import plan_themes
from plans.documents.files import FORMATS, document_file
from plans.exporting import EXPORT_FORMATS, plan_file
from plans.forms import AdoptForm, NextPlanForm, PlanForm
from plans.lifecycle import carry_forward_offered, plan_adopt, plan_draft_next, plan_publish
from plans.models import Plan, PlanAction
from plans.progress import deadline_phrase
from plans.structure import plan_change, plan_create
from plans.views.common import form_page


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def plan_list(request: AuthenticatedRequest) -> HttpResponse:
    plans = visible_plans(request.user).annotate(
        actions=Count("themes__objectives__actions", distinct=True)
    )
    led = set(
        Plan.objects.filter(themes__objectives__actions__lead_people=request.user).values_list(
            "pk", flat=True
        )
    )
    return render(
        request,
        "plans/list.html",
        {"plans": plans, "led": led, "may_manage": may_manage(request.user)},
    )


@login_required
def plan_create_page(request: AuthenticatedRequest) -> HttpResponse:
    require_manager(request.user)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_create(by=request.user, **form.cleaned_data)
        except Refused as error:
            add_to_form(form, error.reasons)
        else:
            messages.success(request, f"{plan.title} created as a draft.")
            return redirect(plan)
    return form_page(request, "plans/plan_form.html", form, plan=None)


@login_required
def plan_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    plan = get_plan_for(request.user, slug)
    manage = may_manage(request.user)
    rounds = plan.rounds.annotate(returns=Count("updates")).order_by("-year")
    action_count = PlanAction.objects.filter(objective__theme__plan=plan).count()
    themes = plan_themes(plan)
    mine = set(
        PlanAction.objects.filter(
            objective__theme__plan=plan, lead_people=request.user
        ).values_list("pk", flat=True)
    )
    return render(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            "themes": themes,
            "manage": manage,
            "editable": not content_refusals(request.user, plan),
            "rounds": [(r, deadline_phrase(r)) for r in rounds],
            "action_count": action_count,
            "mine": mine,
            "next_plans": plan.next_plans.order_by("-period_start"),
        },
    )


@login_required
def plan_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    plan = get_plan_for(request.user, slug, manage=True)
    refusals = content_refusals(request.user, plan)
    form = PlanForm(
        request.POST or None,
        initial={
            "title": plan.title,
            "period_start": plan.period_start,
            "period_end": plan.period_end,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = plan_change(plan=plan, by=request.user, **form.cleaned_data)
        except Refused as error:
            add_to_form(form, error.reasons)
        else:
            messages.success(request, "Plan saved." if changed else "Nothing was changed.")
            return redirect(plan)
    return form_page(
        request, "plans/plan_form.html", form, plan=plan, refusals=[] if form.is_bound else refusals
    )


@login_required
def plan_adopt_page(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    plan = get_plan_for(request.user, slug, manage=True)
    form = AdoptForm(request.POST or None)
    refusals = [] if request.method == "POST" else content_refusals(request.user, plan)
    if request.method == "POST" and form.is_valid():
        try:
            plan_adopt(
                plan=plan,
                by=request.user,
                adopted_on=form.cleaned_data["adopted_on"],
                committee=form.cleaned_data["committee"],
            )
        except Refused as error:
            add_to_form(form, error.reasons)
        else:
            messages.success(request, f"{plan.title} is adopted: its content is now fixed.")
            return redirect(plan)
    return form_page(request, "plans/adopt.html", form, plan=plan, refusals=refusals)


@login_required
def plan_publish_page(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    plan = get_plan_for(request.user, slug, manage=True)
    if request.method == "POST":
        try:
            plan_publish(plan=plan, by=request.user)
        except Refused as error:
            messages.error(request, " ".join(f"{reason}." for reason in error.reasons))
            return redirect(plan)
        messages.success(
            request,
            f"{plan.title} is published: its signed PDF and Word file are on the public page.",
        )
        return redirect(plan)
    return render(request, "plans/publish.html", {"plan": plan, "what": "plan"})


@login_required
def plan_next_page(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    plan = get_plan_for(request.user, slug, manage=True)
    offered = carry_forward_offered(plan)
    form = NextPlanForm(
        request.POST or None,
        plan=plan,
        initial={
            "period_start": plan.period_end,
            "period_end": plan.period_end + (plan.period_end - plan.period_start),
            "carry": offered,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            successor = plan_draft_next(
                plan=plan,
                by=request.user,
                title=form.cleaned_data["title"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                carry=form.cleaned_data["carry"],
            )
        except Refused as error:
            add_to_form(form, error.reasons)
        else:
            carried = len(form.cleaned_data["carry"])
            actions = f"{carried} action{'' if carried == 1 else 's'}"
            messages.success(
                request, f"{successor.title} drafted, carrying {actions} forward from {plan.title}."
            )
            return redirect(successor)
    return form_page(request, "plans/next.html", form, plan=plan)


@login_required
def plan_document(request: AuthenticatedRequest, slug: str, kind: str) -> HttpResponse:
    """The plan as PDF or Word (the signed files once published), or one HTML file."""
    plan = get_plan_for(request.user, slug)
    if kind not in FORMATS:
        raise Http404("No such document")
    document = document_file(plan, None, kind)
    return download(document.content, document.content_type, document.name)


@login_required
def plan_export(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The plan in the import's columns (CSV or XLSX): it imports back unchanged."""
    plan = get_plan_for(request.user, slug)
    export_format = request.GET.get("format", "csv")
    if export_format not in EXPORT_FORMATS:
        return HttpResponseBadRequest("Choose format=csv or format=xlsx.")
    content_type = (
        "text/csv; charset=utf-8"
        if export_format == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return download(plan_file(plan, export_format), content_type, f"{plan.slug}.{export_format}")
