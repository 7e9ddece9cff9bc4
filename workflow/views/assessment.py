"""The assessment page (its task list, the moves open to the person, the latest history), the
review page (every part with its comments) and the full history."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.http import AuthenticatedRequest
from core.refusals import Reason, Refused
from eqia.access import Capability, Rights, get_assessment_for
from eqia.completeness import error_links_for, part_status_tag
from eqia.content import comment_add
from eqia.models import Assessment, AssessmentState, Part
from eqia.views.pages import actions_with_rights, part_summary, task_list
from workflow.forms import ApproveForm, PartCommentForm, RequestChangesForm
from workflow.moves import MOVES, approvals_required, approvers_in_round
from workflow.services import available_moves
from workflow.timeline import audit_timeline

TIMELINE_LENGTH = 5


@login_required
def assessment_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment, rights = get_assessment_for(request.user, pk)
    in_review = assessment.state == AssessmentState.IN_REVIEW
    return render(
        request,
        "workflow/detail.html",
        {
            "assessment": assessment,
            "policy": assessment.policy,
            "rights": rights,
            "tasks": task_list(assessment),
            "actions": actions_with_rights(assessment, request.user),
            "moves": [
                (move, reverse(f"workflow:{move.name}", args=[assessment.pk]))
                for move in available_moves(rights)
            ],
            "approvals": len(approvers_in_round(assessment)) if in_review else None,
            "approvals_required": approvals_required(),
            "recent_entries": audit_timeline(assessment, latest=TIMELINE_LENGTH),
        },
    )


def _review_page(
    request: HttpRequest,
    assessment: Assessment,
    rights: Rights,
    *,
    failed_form: PartCommentForm | None = None,
    reasons: list[Reason] | None = None,
) -> HttpResponse:
    may_comment = rights.can_comment_now
    review_url = reverse("workflow:review", args=[assessment.pk])
    by_part: dict[str, list[Any]] = {}
    for comment in assessment.comments.select_related("author").order_by("created_at", "pk"):
        by_part.setdefault(comment.part, []).append(comment)
    failed_part = failed_form.data.get("part") if failed_form is not None else None
    parts = []
    for part in Part:
        form = None
        if may_comment:
            form = (
                failed_form
                if failed_form is not None and failed_part == part.value
                else PartCommentForm(part=part.value, initial={"part": part.value})
            )
            form.fields["next"].initial = f"{review_url}#part-{part.value}"
        parts.append(
            {
                "part": part,
                "status": part_status_tag(assessment, part),
                "fields": part_summary(assessment, part),
                "comments": by_part.get(part.value, []),
                "form": form,
                "url": reverse("assessments:part", args=[assessment.pk, part.value]),
            }
        )
    moves = {move.name for move in available_moves(rights)}
    return render(
        request,
        "workflow/review.html",
        {
            "assessment": assessment,
            "policy": assessment.policy,
            "rights": rights,
            "parts": parts,
            "impacts": assessment.impacts.select_related("characteristic"),
            "meetings": assessment.decision_meetings.all(),
            "actions": assessment.actions.select_related("owner").prefetch_related(
                "characteristics"
            ),
            "may_comment": may_comment,
            "request_changes_form": (
                RequestChangesForm(assessment=assessment, auto_id="id_request_changes_%s")
                if "request_changes" in moves
                else None
            ),
            "approve_form": (
                ApproveForm(assessment=assessment, auto_id="id_approve_%s")
                if "approve" in moves
                else None
            ),
            "start_review": MOVES["start_review"] if "start_review" in moves else None,
            "approvals": len(approvers_in_round(assessment)),
            "approvals_required": approvals_required(),
            "errors": error_links_for(assessment, reasons or [], failed_form),
        },
    )


@login_required
def review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment, rights = get_assessment_for(request.user, pk, Capability.SEE_REVIEW)
    return _review_page(request, assessment, rights)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_POST
def comment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add a comment on a part, then go back where it was written (a local page only)."""
    assessment, rights = get_assessment_for(request.user, pk, Capability.COMMENT)
    part = request.POST.get("part", "")
    form = PartCommentForm(request.POST, part=part if part in Part.values else "")
    form.is_valid()
    try:
        comment_add(
            assessment=assessment,
            by=request.user,
            part=form.cleaned_data.get("part", ""),
            text=form.cleaned_data.get("text", ""),
        )
    except Refused as refused:
        assessment.refresh_from_db()
        return _review_page(
            request,
            assessment,
            Rights(request.user, assessment),
            failed_form=form,
            reasons=refused.reasons,
        )
    messages.success(request, f"Your comment on {Part(part).label} was added.")
    fallback = reverse("workflow:review", args=[assessment.pk]) + f"#part-{part}"
    return redirect(_safe_next(request, fallback))


@login_required
def history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment, _ = get_assessment_for(request.user, pk)
    return render(
        request,
        "workflow/history.html",
        {
            "assessment": assessment,
            "policy": assessment.policy,
            "entries": audit_timeline(assessment),
        },
    )
