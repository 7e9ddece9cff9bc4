"""Making a move: the one function every workflow move goes through.

It opens a transaction, locks the assessment's row, collects every reason against the move
(who may make it, from the gate; whether the state allows it; what the move itself checks),
makes the move's changes and the transition, saves with update_fields, writes the audit
entry, and sends the move's e-mail once committed. Two people making the same move at once get
one change; the second is told who made it and when.
"""

from functools import partial
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from core.dates import when
from core.logging import security_event
from core.refusals import Reason, Refused, refuse_if_any
from core.roles import Role
from eqia.access import Rights, author_capacity
from eqia.audit import record
from eqia.content import CommentChanges, comments_apply
from eqia.models import Assessment, AuditEntry, AuditKind
from workflow.models import AssessmentInWorkflow
from workflow.moves import MOVES, OFFERED, Change, Move


def lock(assessment: Assessment) -> AssessmentInWorkflow:
    """The assessment read afresh with its row locked until the transaction ends."""
    return (
        AssessmentInWorkflow.objects.select_for_update(of=("self",))
        .select_related("policy__service_area", "policy__owner", "created_by")
        .get(pk=assessment.pk)
    )


def last_transition(assessment: Assessment) -> AuditEntry | None:
    """The latest entry that changed the assessment's state."""
    return (
        AuditEntry.objects.filter(assessment=assessment, kind=AuditKind.TRANSITION)
        .exclude(to_state="")
        .order_by("-sequence")
        .first()
    )


def state_refusal(assessment: Assessment, move: Move) -> Reason | None:
    """Why the state does not allow the move now, in words; None when it does. When someone
    has just made the same move (two people pressing one button), say who and when."""
    if assessment.state in move.sources:
        return None
    last = last_transition(assessment)
    if (
        last is not None
        and last.details.get("move") == move.name
        and last.to_state == (assessment.state)
    ):
        return Reason(
            f"This assessment was already {move.done} by {last.actor_name} at {when(last.at)}"
        )
    return Reason(
        f"You cannot {move.label.lower()} now: this assessment is {assessment.current_state.phrase}"
    )


def standing_refusals(rights: Rights, move: Move) -> list[Reason]:
    """Every reason against the move before anything is typed: who may make it, whether the
    state allows it, and what else the move refuses beforehand."""
    reasons = rights.who_refusals(move.capability, move.label.lower()) if move.capability else []
    if refusal := state_refusal(rights.assessment, move):
        reasons.append(refusal)
    elif not reasons:
        reasons += move.refuse_before(rights.assessment, rights.user)
    return reasons


def acting_as(rights: Rights, move: Move) -> str:
    """The capacity the audit trail names: the author side's own (owner or colleague), an
    administrator's, or the role the move is made in."""
    if move.acting_as == Role.POLICY_OWNER:
        if rights.is_author_side:
            return author_capacity(rights.user, rights.assessment.policy)
        return Role.ADMINISTRATOR.label
    return move.acting_as.label


def available_moves(rights: Rights) -> list[Move]:
    """The moves the person may make now, by the checks make_move makes before the form."""
    # The state first: it rules out most moves without reading anything (standing_refusals
    # would read the audit trail to word a refusal nobody sees here).
    return [
        move
        for move in OFFERED
        if rights.assessment.state in move.sources and not standing_refusals(rights, move)
    ]


def blank_values(move: Move) -> dict[str, Any]:
    """What the move's form reads when nothing is typed: a command or a test passes only what
    it has."""
    return {
        name: False if isinstance(field, forms.BooleanField) else ""
        for name, field in move.form.base_fields.items()
    }


def make_move(
    name: str, *, assessment: Assessment, by: User, data: dict[str, Any] | None = None
) -> Assessment:
    """Make the move called ``name``, as ``by``, with what the move's form read (``data``).

    Raises Refused with every reason when the move may not be made.
    """
    move = MOVES[name]
    data = {**blank_values(move), **(data or {})}
    with transaction.atomic():
        locked = lock(assessment)
        rights = Rights(by, locked)
        reasons = standing_refusals(rights, move)
        reasons += move.check(locked, by, data)
        if reasons:
            security_event(
                "move refused",
                move=move.name,
                assessment_id=locked.pk,
                user_id=by.pk,
                reasons=[reason.message for reason in reasons],
            )
        refuse_if_any(reasons)
        _change(move, locked, by, data, capacity=acting_as(rights, move))
        if move.after is not None:
            move.after(locked, by, _system_move)
        if move.notify is not None:
            comment = data.get("comment", "")
            transaction.on_commit(partial(move.notify, locked, by, comment))
    return locked


def _change(
    move: Move,
    assessment: AssessmentInWorkflow,
    by: User,
    data: dict[str, Any],
    *,
    capacity: str,
    comment: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    from_state = assessment.state
    first = move.record_first(assessment, by, data) if move.record_first else Change()
    transition = getattr(assessment, move.name)
    moved = can_proceed(transition)
    change = Change()
    if moved:
        transition()
        assessment.state_since = timezone.now()
        change = move.apply(assessment, by, data)
        assessment.save(update_fields=["state", "state_since", *change.fields])
    record(
        assessment,
        actor=by,
        actor_role=capacity,
        kind=AuditKind.TRANSITION,
        from_state=from_state,
        to_state=assessment.state,
        comment=comment or change.comment or first.comment,
        details={"move": move.name, **first.details, **change.details, **(details or {})},
    )


def _system_move(
    name: str,
    assessment: Assessment,
    by: User,
    *,
    comment: str = "",
    details: dict[str, Any] | None = None,
) -> Assessment:
    """A move the system makes inside another move's transaction (superseding)."""
    move = MOVES[name]
    locked = lock(assessment)
    refuse_if_any([refusal] if (refusal := state_refusal(locked, move)) else [])
    _change(move, locked, by, {}, capacity=move.acting_as.label, comment=comment, details=details)
    return locked


# The moves a reviewer makes from the review page, beside saving comments.
REVIEW_PAGE_MOVES = ("start_review", "approve", "request_changes")


def review_save(
    *,
    assessment: Assessment,
    by: User,
    comments: CommentChanges,
    move: str = "",
    data: dict[str, Any] | None = None,
) -> Assessment:
    """What the review page's one form asks: save every comment typed on every part (and
    resolve or withdraw those ticked), then make the move chosen, if any, in one transaction.

    Refused with every reason (the comments' and the move's) when any is refused; then
    nothing is saved, and the page shows everything typed again.
    """
    if move and move not in REVIEW_PAGE_MOVES:
        raise Refused(Reason("Choose to save your comments, approve or request changes"))
    if not move and not comments:
        raise Refused(Reason("Type a comment on a part, or tick one, before you save"))
    reasons: list[Reason] = []
    moved = assessment
    with transaction.atomic():
        if comments:
            try:
                comments_apply(assessment=assessment, by=by, changes=comments)
            except Refused as refused:
                reasons += refused.reasons
        if move:
            try:
                moved = make_move(move, assessment=assessment, by=by, data=data)
            except Refused as refused:
                reasons += refused.reasons
        # Raised inside the block: the comments saved so far are undone with the move.
        refuse_if_any(reasons)
    return moved
