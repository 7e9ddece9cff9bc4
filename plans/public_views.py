"""The public pages: published plans and published progress reports, readable without signing
in, as accessible pages with their signed PDF and Word file. Drafts, adopted plans not yet
published and rounds not yet published are never shown here (404)."""

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from plans.documents.content import plan_document, report_document
from plans.documents.files import CONTENT_TYPES, stored
from plans.models import Plan, PlanState, ProgressRound, RoundState

PUBLIC_FORMATS = ("pdf", "docx")


def published_plan(slug: str) -> Plan:
    plan = Plan.objects.filter(state=PlanState.PUBLISHED, slug=slug).first()
    if plan is None:
        raise Http404("No published plan found")
    return plan


def published_rounds(plans: list[Plan]) -> dict[int, list[ProgressRound]]:
    rounds: dict[int, list[ProgressRound]] = {plan.pk: [] for plan in plans}
    for round in ProgressRound.objects.filter(plan__in=plans, state=RoundState.PUBLISHED).order_by(
        "-year"
    ):
        rounds[round.plan_id].append(round)
    return rounds


def published_round(slug: str, year: int) -> tuple[Plan, ProgressRound]:
    round = (
        ProgressRound.objects.select_related("plan")
        .filter(plan__slug=slug, year=year, state=RoundState.PUBLISHED)
        .first()
    )
    if round is None:
        raise Http404("No published progress report found")
    return round.plan, round


def index(request: HttpRequest) -> HttpResponse:
    plans = list(
        Plan.objects.filter(
            Q(state=PlanState.PUBLISHED) | Q(rounds__state=RoundState.PUBLISHED)
        ).distinct()
    )
    rounds = published_rounds(plans)
    return render(
        request,
        "plans/public/index.html",
        {"plans": [(plan, rounds[plan.pk]) for plan in plans]},
    )


def plan_page(request: HttpRequest, slug: str) -> HttpResponse:
    plan = published_plan(slug)
    return render(
        request,
        "plans/public/plan.html",
        {"plan": plan, "doc": plan_document(plan), "rounds": published_rounds([plan])[plan.pk]},
    )


def report_page(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    plan, round = published_round(slug, year)
    return render(
        request,
        "plans/public/report.html",
        {"plan": plan, "round": round, "doc": report_document(round)},
    )


def file_response(content: bytes | None, kind: str, name: str) -> HttpResponse:
    if content is None:
        raise Http404("No file")
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def plan_file(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """The signed PDF or the Word file kept when the plan was published."""
    if kind not in PUBLIC_FORMATS:
        raise Http404("No such file")
    plan = published_plan(slug)
    return file_response(stored(plan.signed_pdf if kind == "pdf" else plan.docx), kind, plan.slug)


def report_file(request: HttpRequest, slug: str, year: int, kind: str) -> HttpResponse:
    if kind not in PUBLIC_FORMATS:
        raise Http404("No such file")
    plan, round = published_round(slug, year)
    name = f"{plan.slug}-progress-{round.year}"
    return file_response(stored(round.signed_pdf if kind == "pdf" else round.docx), kind, name)
