"""The workflow pages: one page per move, the review page and the full history.

Each move page shows, on GET, why the move is refused now (if it is), and makes the move on
POST through its service. A refused move comes back as the same page, status 200, with an
error summary of every reason; a move made goes to the assessment page with a message.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from eqia.access import AssessmentAccess, Capability, get_assessment_for
from eqia.completeness import part_is_required, reason_url, submission_problems
from eqia.models import Assessment, AssessmentState, Part
from workflow import selectors, services
from workflow.exceptions import Reason, WorkflowError
from workflow.forms import CommentForm, ConfirmForm, PartCommentForm, SignOffForm, WithdrawForm
from workflow.selectors import Standing


@dataclass(frozen=True)
class ErrorLink:
    """One line of an error summary: the reason, and where to put it right ("" for nowhere)."""

    message: str
    href: str = ""


def error_links(
    assessment: Assessment, reasons: list[Reason], form: Form | None = None
) -> list[ErrorLink]:
    """Each reason linked to its part page and field, or to its field on this page (where the
    message is shown beside the field too)."""
    links = []
    for reason in reasons:
        if reason.part:
            links.append(ErrorLink(reason.message, reason_url(assessment, reason)))
        elif form is not None and reason.field in form.fields:
            if form.is_bound:
                form.add_error(reason.field, reason.message)
            links.append(ErrorLink(reason.message, f"#{form[reason.field].auto_id}"))
        else:
            links.append(ErrorLink(reason.message))
    return links


def posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one), or None to leave the form unbound."""
    return request.POST if request.method == "POST" else None


def _page_reasons(move: str, standing: Standing) -> list[Reason]:
    """What stops the move now, before anything is typed."""
    reasons = selectors.standing_refusals(standing, move)
    if move == selectors.SUBMIT:
        reasons += submission_problems(standing.assessment)
    return reasons


def move_page(
    request: HttpRequest,
    *,
    assessment: Assessment,
    access: AssessmentAccess,
    move: str,
    form: Form,
    make_move: Callable[[dict[str, Any]], Assessment],
    success: Callable[[Assessment], str],
    template: str = "workflow/move.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    reasons: list[Reason] = []
    if request.method == "POST":
        form.is_valid()  # the forms only read what was typed; the service judges it
        try:
            moved = make_move(form.cleaned_data)
        except WorkflowError as refused:
            reasons = refused.reasons
            # Someone else may have just moved it: show the page as it is now.
            assessment.refresh_from_db()
        else:
            messages.success(request, success(moved))
            return redirect(moved)
    standing = Standing(request.user, assessment, access)
    standing_now = _page_reasons(move, standing)
    if request.method != "POST":
        reasons = standing_now
    rule = selectors.MOVES[move]
    links = error_links(assessment, reasons, form)
    return render(
        request,
        template,
        {
            "assessment": assessment,
            "policy": assessment.policy,
            "access": access,
            "form": form,
            "error_links": links,
            "page_has_errors": bool(links),
            "may_move": not standing_now,
            "heading": rule.label,
            "button_label": rule.label,
            "button_class": rule.button_class,
            **(context or {}),
        },
    )


def _named(assessment: Assessment) -> str:
    return f"{assessment.policy.reference} {assessment.label}"


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, access = get_assessment_for(request.user, pk, write=Capability.EDIT)
    parts = [
        {
            "part": part,
            "status": assessment.status_of(part),
            "required": part_is_required(assessment, part),
            "url": reverse("assessments:part", args=[assessment.pk, part.value]),
        }
        for part in Part
    ]
    return move_page(
        request,
        assessment=assessment,
        access=access,
        move=selectors.SUBMIT,
        form=ConfirmForm(posted(request)),
        make_move=lambda data: services.submit(assessment=assessment, by=request.user),
        success=lambda moved: (
            f"{_named(moved)} was submitted for review. The EDI reviewers have been told by e-mail."
        ),
        template="workflow/submit.html",
        context={"parts": parts, "heading": "Check your assessment before you submit it"},
    )


@login_required
def recall(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, access = get_assessment_for(request.user, pk, write=Capability.EDIT)
    return move_page(
        request,
        assessment=assessment,
        access=access,
        move=selectors.RECALL,
        form=ConfirmForm(posted(request)),
        make_move=lambda data: services.recall(assessment=assessment, by=request.user),
        success=lambda moved: f"{_named(moved)} was recalled: it is a draft again.",
        context={
            "heading": "Recall the submission?",
            "explanation": [
                "The assessment comes back to you as a draft, so you can change it. The EDI "
                "reviewers have not started their review yet.",
                "Submit it again when it is ready.",
            ],
        },
    )


@login_required
def start_review(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, access = get_assessment_for(request.user, pk, write=Capability.REVIEW)
    return move_page(
        request,
        assessment=assessment,
        access=access,
        move=selectors.START_REVIEW,
        form=ConfirmForm(posted(request)),
        make_move=lambda data: services.start_review(assessment=assessment, by=request.user),
        success=lambda moved: f"You started the review of {_named(moved)}.",
        context={
            "heading": "Start the review?",
            "explanation": [
                "The assessment moves into review, so the author cannot recall it. Comment on "
                "each part, then approve it or request changes.",
            ],
        },
    )


@login_required
def request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, access = get_assessment_for(request.user, pk, write=Capability.REVIEW)
    return move_page(
        request,
        assessment=assessment,
        access=access,
        move=selectors.REQUEST_CHANGES,
        form=CommentForm(
            posted(request),
            label="What needs to change",
            help_text="The author is e-mailed this with a link to the assessment. Your comments "
            "on each part stay with the parts.",
        ),
        make_move=lambda data: services.request_changes(
            assessment=assessment, by=request.user, comment=data.get("comment", "")
        ),
        success=lambda moved: f"Changes requested: {_named(moved)} is back with its author.",
        context={"heading": "Request changes"},
    )


@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, access = get_assessment_for(request.user, pk, write=Capability.REVIEW)

    def success(moved: Assessment) -> str:
        if moved.state == AssessmentState.APPROVED:
            return f"{_named(moved)} is approved and ready for sign-off."
        count = len(selectors.approvers_in_round(moved))
        return (
            f"Your approval of {_named(moved)} was recorded: {count} of "
            f"{selectors.approvals_required()} approvals."
        )

    return move_page(
        request,
        assessment=assessment,
        access=access,
        move=selectors.APPROVE,
        form=CommentForm(posted(request), label="Comment (optional)"),
        make_move=lambda data: services.approve(
            assessment=assessment, by=request.user, comment=data.get("comment", "")
        ),
        success=success,
        context={
            "heading": "Approve the assessment",
            "approvals": len(selectors.approvers_in_round(assessment)),
            "approvals_required": selectors.approvals_required(),
        },
    )


@login_required
def return_to_author(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, access = get_assessment_for(request.user, pk, write=Capability.SIGN_OFF)
    return move_page(
        request,
        assessment=assessment,
        access=access,
        move=selectors.RETURN_TO_AUTHOR,
        form=CommentForm(
            posted(request),
            label="Why are you returning it?",
            help_text="The author is e-mailed your reasons. The EDI group reviews it again "
            "after the author submits it again.",
        ),
        make_move=lambda data: services.return_to_author(
            assessment=assessment, by=request.user, comment=data.get("comment", "")
        ),
        success=lambda moved: f"{_named(moved)} was returned to its author.",
        context={"heading": "Return the assessment to its author"},
    )


@login_required
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, access = get_assessment_for(request.user, pk, write=Capability.SIGN_OFF)
    late = selectors.planned_decision_date_passed(assessment)
    form = SignOffForm(posted(request), decision_date_passed=late)

    def make_move(data: dict[str, Any]) -> Assessment:
        # The page shows the council's words; ticking the box attests to exactly those.
        shown = request.POST.get("attestation_text", "")
        return services.sign_off(
            assessment=assessment,
            by=request.user,
            attestation=shown if data.get("attestation") else "",
            comment=data.get("comment", ""),
            late_explanation=data.get("late_explanation", ""),
        )

    return move_page(
        request,
        assessment=assessment,
        access=access,
        move=selectors.SIGN_OFF,
        form=form,
        make_move=make_move,
        success=lambda moved: f"{_named(moved)} is signed off. Its content is now fixed.",
        template="workflow/sign_off.html",
        context={
            "heading": "Sign off the assessment",
            "attestation_text": settings.EQIA_ATTESTATION,
            "decision_date_passed": late,
            "approvals": assessment.approvals.filter(
                review_round=assessment.review_round
            ).select_related("approver"),
        },
    )


@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, access = get_assessment_for(request.user, pk)
    if not (access.can_edit or access.is_administrator):
        raise PermissionDenied("Only the author's side or an administrator withdraws")
    return move_page(
        request,
        assessment=assessment,
        access=access,
        move=selectors.WITHDRAW,
        form=WithdrawForm(posted(request)),
        make_move=lambda data: services.withdraw(
            assessment=assessment, by=request.user, reason=data.get("reason", "")
        ),
        success=lambda moved: f"{_named(moved)} was withdrawn.",
        context={
            "heading": "Withdraw the assessment",
            "explanation": [
                "A withdrawn assessment cannot be submitted or signed off again. It stays on "
                "the record with your reason. The policy can then start a new assessment.",
            ],
        },
    )


def _review_page(
    request: HttpRequest,
    assessment: Assessment,
    access: AssessmentAccess,
    *,
    failed_form: PartCommentForm | None = None,
    reasons: list[Reason] | None = None,
) -> HttpResponse:
    from eqia.views.pages import part_summary

    standing = Standing(request.user, assessment, access)
    may_comment = not selectors.comment_refusals(standing)
    review_url = reverse("workflow:review", args=[assessment.pk])
    comments = assessment.comments.select_related("author").order_by("created_at", "pk")
    by_part: dict[str, list[Any]] = {}
    for comment in comments:
        by_part.setdefault(comment.part, []).append(comment)
    failed_part = failed_form.data.get("part") if failed_form is not None else None
    parts = []
    for part in Part:
        form = None
        if may_comment:
            form = (
                failed_form
                if failed_part == part.value
                else PartCommentForm(part=part.value, initial={"part": part.value})
            )
            form.fields["next"].initial = f"{review_url}#part-{part.value}"
        parts.append(
            {
                "part": part,
                "status": assessment.status_of(part),
                "required": part_is_required(assessment, part),
                "fields": part_summary(assessment, part),
                "comments": by_part.get(part.value, []),
                "form": form,
                "url": reverse("assessments:part", args=[assessment.pk, part.value]),
            }
        )
    moves = {move.name for move in selectors.available_moves(request.user, assessment, access)}
    links = error_links(assessment, reasons or [], failed_form)
    return render(
        request,
        "workflow/review.html",
        {
            "assessment": assessment,
            "policy": assessment.policy,
            "access": access,
            "parts": parts,
            "impacts": assessment.impacts.select_related("characteristic"),
            "meetings": assessment.decision_meetings.all(),
            "actions": assessment.actions.select_related("owner").prefetch_related(
                "characteristics"
            ),
            "may_comment": may_comment,
            "request_changes_form": (
                CommentForm(auto_id="id_request_changes_%s", label="What needs to change")
                if selectors.REQUEST_CHANGES in moves
                else None
            ),
            "approve_form": (
                CommentForm(auto_id="id_approve_%s", label="Comment (optional)")
                if selectors.APPROVE in moves
                else None
            ),
            "start_review_allowed": selectors.START_REVIEW in moves,
            "approvals": len(selectors.approvers_in_round(assessment)),
            "approvals_required": selectors.approvals_required(),
            "error_links": links,
            "page_has_errors": bool(links),
        },
    )


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, access = get_assessment_for(request.user, pk)
    if not selectors.may_see_review(access):
        raise PermissionDenied("The review page is for EDI reviewers and the author's side")
    return _review_page(request, assessment, access)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a comment on a part, then go back where it was written (a local page only)."""
    assessment, access = get_assessment_for(request.user, pk)
    if not selectors.may_see_review(access):
        raise PermissionDenied("Only EDI reviewers and the author's side comment")
    part = request.POST.get("part", "")
    form = PartCommentForm(request.POST, part=part if part in Part.values else "")
    form.is_valid()
    try:
        services.add_comment(
            assessment=assessment,
            by=request.user,
            part=form.cleaned_data.get("part", ""),
            text=form.cleaned_data.get("text", ""),
        )
    except WorkflowError as refused:
        assessment.refresh_from_db()
        return _review_page(request, assessment, access, failed_form=form, reasons=refused.reasons)
    messages.success(request, f"Your comment on {Part(part).label} was added.")
    fallback = reverse("workflow:review", args=[assessment.pk]) + f"#part-{part}"
    return redirect(_safe_next(request, fallback))


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _ = get_assessment_for(request.user, pk)
    return render(
        request,
        "workflow/history.html",
        {
            "assessment": assessment,
            "policy": assessment.policy,
            "entries": selectors.audit_timeline(assessment),
        },
    )
