"""The one page every move has (its row in workflow/moves.py says what it shows and asks).

On GET it says why the move is refused now, if it is; on POST it makes the move through
workflow.services.make_move. A refused move comes back as the same page (200) with every
reason beside its field and in the error summary; a move made goes to the assessment page
with a message.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from core.http import AuthenticatedRequest
from core.refusals import Refused
from eqia.access import Rights, get_assessment_for
from eqia.completeness import error_links_for
from workflow.moves import MOVES, Move
from workflow.services import make_move, standing_refusals


def _standing(rights: Rights, move: Move) -> list[Any]:
    reasons = standing_refusals(rights, move)
    if move.preview is not None:
        reasons += move.preview(rights.assessment)
    return reasons


@login_required
def move_page(request: AuthenticatedRequest, pk: int, move: str) -> HttpResponse:
    the_move = MOVES[move]
    assert the_move.capability is not None  # the URLs name only the moves people make
    assessment, rights = get_assessment_for(request.user, pk, the_move.capability)
    form = the_move.form(
        request.POST if request.method == "POST" else None,
        assessment=assessment,
        by=request.user,
    )
    refused: list[Any] = []
    if request.method == "POST":
        form.is_valid()  # the form only reads what was typed; the move judges it
        try:
            moved = make_move(
                the_move.name, assessment=assessment, by=request.user, data=form.values()
            )
        except Refused as refusal:
            refused = refusal.reasons
            # Someone else may have just moved it: show the page as it is now.
            assessment.refresh_from_db()
            rights = Rights(request.user, assessment)
        else:
            messages.success(request, the_move.success(moved))
            return redirect(moved)
    standing = _standing(rights, the_move)
    errors = error_links_for(assessment, refused if request.method == "POST" else standing, form)
    return render(
        request,
        the_move.template,
        {
            "assessment": assessment,
            "policy": assessment.policy,
            "rights": rights,
            "move": the_move,
            "form": form,
            "errors": errors,
            "may_move": not standing,
            "heading": the_move.heading,
            "explanation": the_move.explanation,
            **the_move.page_context(assessment, request.user),
        },
    )
