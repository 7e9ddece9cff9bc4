"""The assessment page (its task list, the moves open to the person, the latest history), the
review page (every part with its comments, and one form for every comment and the decision),
the read view (the whole assessment, its summary first) and the full history."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from core.http import AuthenticatedRequest
from core.people import display_name
from core.refusals import Reason, Refused
from eqia.access import Capability, Rights, get_assessment_for
from eqia.completeness import error_links_for, part_is_required
from eqia.content import comment_field, decision_refusals
from eqia.cumulative import considering_assessment
from eqia.models import Assessment, AssessmentState, Part
from eqia.summary import (
    assessment_summary,
    dialogue,
    part_answers,
    part_tags,
    sign_off_capacity,
    signer_job_title,
)
from eqia.views.pages import actions_with_rights, comments_on_page, progress, task_list
from workflow.forms import ReviewPageForm
from workflow.moves import MOVES, Move, approvals_required, approvers_in_round
from workflow.services import available_moves, review_save
from workflow.timeline import audit_timeline, decisions

TIMELINE_LENGTH = 5
# The decisions a reviewer makes at the foot of the review page, in the order of the buttons.
DECISION_MOVES = ("approve", "request_changes")


def sign_off_record(assessment: Assessment) -> dict[str, str]:
    """Who signed it off, as the record names them: "Sam Sinclair", "Head of Housing,
    sign-off officer"."""
    if assessment.signed_off_by is None:
        return {}
    return {
        "name": display_name(assessment.signed_off_by),
        "capacity": sign_off_capacity(signer_job_title(assessment)),
    }


@login_required
def assessment_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment, rights = get_assessment_for(request.user, pk)
    in_review = assessment.state == AssessmentState.IN_REVIEW
    moves = [
        (move, reverse(f"workflow:{move.name}", args=[assessment.pk]))
        for move in available_moves(rights)
    ]
    tasks = task_list(assessment)
    return render(
        request,
        "workflow/detail.html",
        {
            "assessment": assessment,
            "policy": assessment.policy,
            "rights": rights,
            "tasks": tasks,
            "progress": progress(tasks),
            "actions": actions_with_rights(assessment, request.user),
            "moves": [(move, url) for move, url in moves if not move.is_destructive],
            "other_moves": [(move, url) for move, url in moves if move.is_destructive],
            "approvals": len(approvers_in_round(assessment)) if in_review else None,
            "approvals_required": approvals_required(),
            "signer": sign_off_record(assessment),
            "may_record_decision": not decision_refusals(rights),
            "recent_entries": audit_timeline(assessment, latest=TIMELINE_LENGTH),
        },
    )


def part_sections(
    assessment: Assessment,
    rights: Rights,
    *,
    form: ReviewPageForm | None = None,
    tickable: bool = False,
    with_comments: bool = True,
) -> list[dict[str, Any]]:
    """Every part as the review page and the read view show it (workflow/_part_section.html):
    its answers, its comments (with boxes to tick them resolved or withdrawn where the person
    may, on the review page) and, on the review page, the box for a new comment."""
    tags = part_tags(assessment)
    talk = dialogue(assessment)
    return [
        {
            "number": number,
            "part": part,
            "status": tags[part],
            "required": part_is_required(assessment, part),
            "answers": part_answers(assessment, part),
            "comments": comments_on_page(rights, talk[part].entries, tickable=tickable)
            if with_comments
            else [],
            "box": form.box(part) if form is not None else None,
            "url": reverse("assessments:part", args=[assessment.pk, part.value]),
        }
        for number, part in enumerate(Part, start=1)
    ]


def _part_content(assessment: Assessment, user: Any) -> dict[str, Any]:
    """What the parts' read-only content needs besides their answers (assessments/
    _part_summary.html): the impact grid, the decision pathway, the action plan."""
    return {
        "impacts": assessment.impacts.select_related("characteristic"),
        "meetings": assessment.decision_meetings.all(),
        "actions": actions_with_rights(assessment, user),
    }


def review_form(
    assessment: Assessment, rights: Rights, data: Any = None
) -> tuple[ReviewPageForm, list[Move]]:
    """The review page's one form and the decisions it offers the person now. A box someone
    typed in stays on the page even if the assessment moved on meanwhile: nothing is lost."""
    offered = {move.name for move in available_moves(rights)}
    decision_moves = [MOVES[name] for name in DECISION_MOVES if name in offered]
    typed = data is not None and any(comment_field(part) in data for part in Part)
    form = ReviewPageForm(
        data,
        parts=list(Part) if rights.can_comment_now or typed else [],
        reply=rights.is_author_side,
        decision=bool(decision_moves) or (data is not None and "comment" in data),
    )
    return form, decision_moves


def ticked(request: HttpRequest, name: str) -> list[int]:
    """The comments ticked to resolve or to withdraw."""
    if request.method != "POST":
        return []
    return [int(value) for value in request.POST.getlist(name) if value.isdigit()]


def _review_page(
    request: HttpRequest,
    assessment: Assessment,
    rights: Rights,
    *,
    form: ReviewPageForm | None = None,
    reasons: list[Reason] | None = None,
) -> HttpResponse:
    fresh, decision_moves = review_form(assessment, rights)
    form = form or fresh
    offered = {move.name for move in available_moves(rights)}
    start_review = MOVES["start_review"] if "start_review" in offered else None
    return render(
        request,
        "workflow/review.html",
        {
            "has_form": bool(form.fields or start_review or decision_moves),
            "assessment": assessment,
            "policy": assessment.policy,
            "rights": rights,
            "form": form,
            "parts": part_sections(assessment, rights, form=form, tickable=True),
            **_part_content(assessment, request.user),
            "may_comment": rights.can_comment_now,
            "decision_moves": decision_moves,
            "start_review": start_review,
            "approvals": len(approvers_in_round(assessment)),
            "approvals_required": approvals_required(),
            "resolving": ticked(request, "resolve"),
            "withdrawing": ticked(request, "withdraw"),
            "errors": error_links_for(assessment, reasons or [], form),
        },
    )


@login_required
def review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The review page. Its one form carries every comment typed on every part and the
    decision: whichever button is pressed saves every comment, then makes the move (one
    transaction); refused, the page comes back with everything typed and every reason."""
    assessment, rights = get_assessment_for(request.user, pk, Capability.SEE_REVIEW)
    if request.method != "POST":
        return _review_page(request, assessment, rights)
    form, _ = review_form(assessment, rights, request.POST)
    if not form.is_valid():
        return _review_page(request, assessment, rights, form=form)
    move = request.POST.get("move", "")
    changes = form.comment_changes(ticked(request, "resolve"), ticked(request, "withdraw"))
    try:
        moved = review_save(
            assessment=assessment,
            by=request.user,
            comments=changes,
            move=move,
            data=form.decision_values() if move in DECISION_MOVES else {},
        )
    except Refused as refused:
        # Nothing was saved. Someone may have just moved it: show the page as it is now.
        assessment.refresh_from_db()
        rights = Rights(request.user, assessment)
        return _review_page(request, assessment, rights, form=form, reasons=refused.reasons)
    saved = len(changes.typed)
    said = f"{saved} comment{'s' if saved != 1 else ''} saved. " if saved else ""
    if move:
        messages.success(request, said + MOVES[move].success(moved))
        return redirect(moved)
    messages.success(request, said or "Your changes to the comments were saved.")
    return redirect(reverse("workflow:review", args=[assessment.pk]))


@login_required
def read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The whole assessment, read-only, for everyone who may see it: the summary a decision-
    maker reads first, the sign-off and the decision taken, then every part in full with its
    review dialogue."""
    assessment, rights = get_assessment_for(request.user, pk)
    return render(
        request,
        "workflow/read.html",
        {
            "assessment": assessment,
            "policy": assessment.policy,
            "rights": rights,
            "summary": assessment_summary(assessment),
            "signer": sign_off_record(assessment),
            # The dialogue is in the summary: the parts follow without it.
            "parts": part_sections(assessment, rights, with_comments=False),
            **_part_content(assessment, request.user),
            # A signed EqIA may be linked in the cumulative impact of other policies' EqIAs.
            "considered_by": considering_assessment(assessment, request.user)
            if assessment.is_signed
            else [],
        },
    )


@login_required
def history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment, _ = get_assessment_for(request.user, pk)
    entries = audit_timeline(assessment)
    return render(
        request,
        "workflow/history.html",
        {
            "assessment": assessment,
            "policy": assessment.policy,
            "entries": entries,
            "entry_count": assessment.audit_length,
            "decisions": decisions(entries),
        },
    )
