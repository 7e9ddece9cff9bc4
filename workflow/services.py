"""The workflow moves of an assessment, one service function each.

Every move: opens a transaction, locks the assessment's row, checks who may move and whether
the state allows it (collecting every reason into one WorkflowError), makes the transition,
saves with update_fields, writes the audit entry, and sends its e-mails once committed.
Two people making the same move at once get one change; the second is told who made it.
"""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import dateformat, timezone
from django_fsm import can_proceed

from eqia.access import access_to
from eqia.content import author_role
from eqia.models import Approval, Assessment, AssessmentState, Part, ReviewComment
from eqia.snapshot import content_sha256, content_snapshot
from workflow import audit, notifications
from workflow.exceptions import Reason, WorkflowError
from workflow.models import AuditKind
from workflow.roles import Role
from workflow.selectors import (
    APPROVE,
    RECALL,
    REQUEST_CHANGES,
    RETURN_TO_AUTHOR,
    SIGN_OFF,
    START_REVIEW,
    SUBMIT,
    SUPERSEDE,
    WITHDRAW,
    Standing,
    approvals_required,
    comment_refusals,
    planned_decision_date_passed,
    standing_refusals,
)

User = AbstractBaseUser


def _lock(assessment: Assessment) -> Assessment:
    """The assessment read afresh with its row locked until the transaction ends."""
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("policy__service_area", "policy__owner", "created_by")
        .get(pk=assessment.pk)
    )


def _standing(by: User, assessment: Assessment) -> Standing:
    return Standing(by, assessment, access_to(by, assessment))


def _refuse_if_any(reasons: list[Reason]) -> None:
    if reasons:
        raise WorkflowError(reasons)


def _required_text(value: str, reason: Reason) -> list[Reason]:
    return [] if value.strip() else [reason]


def _log_transition(
    assessment: Assessment,
    *,
    by: User,
    role: str,
    move: str,
    from_state: str,
    comment: str = "",
    **details: Any,
) -> None:
    audit.record(
        assessment,
        actor=by,
        actor_role=role,
        kind=AuditKind.TRANSITION,
        from_state=from_state,
        to_state=assessment.state,
        comment=comment,
        details={"move": move, **details},
    )


def _after_commit(send: Callable[..., None], *args: Any) -> None:
    transaction.on_commit(partial(send, *args))


def submit(*, assessment: Assessment, by: User) -> Assessment:
    """The author's side sends a complete assessment to the EDI reviewers."""
    from eqia.completeness import submission_problems

    with transaction.atomic():
        assessment = _lock(assessment)
        reasons = standing_refusals(_standing(by, assessment), SUBMIT)
        reasons += submission_problems(assessment)
        _refuse_if_any(reasons)
        from_state = assessment.state
        assessment.submit(at=timezone.now())
        assessment.save(update_fields=["state", "submitted_at"])
        _log_transition(
            assessment,
            by=by,
            role=author_role(by, assessment.policy),
            move=SUBMIT,
            from_state=from_state,
        )
        _after_commit(notifications.submitted, assessment)
    return assessment


def recall(*, assessment: Assessment, by: User) -> Assessment:
    """The author's side takes a submitted assessment back before review starts."""
    with transaction.atomic():
        assessment = _lock(assessment)
        _refuse_if_any(standing_refusals(_standing(by, assessment), RECALL))
        from_state = assessment.state
        assessment.recall()
        assessment.save(update_fields=["state"])
        _log_transition(
            assessment,
            by=by,
            role=author_role(by, assessment.policy),
            move=RECALL,
            from_state=from_state,
        )
    return assessment


def start_review(*, assessment: Assessment, by: User) -> Assessment:
    """An EDI reviewer independent of the assessment takes it into review."""
    with transaction.atomic():
        assessment = _lock(assessment)
        _refuse_if_any(standing_refusals(_standing(by, assessment), START_REVIEW))
        from_state = assessment.state
        assessment.start_review()
        assessment.save(update_fields=["state"])
        _log_transition(
            assessment,
            by=by,
            role=Role.EDI_REVIEWER.label,
            move=START_REVIEW,
            from_state=from_state,
        )
    return assessment


def request_changes(*, assessment: Assessment, by: User, comment: str) -> Assessment:
    """An EDI reviewer sends the assessment back to its author; a new review round begins."""
    with transaction.atomic():
        assessment = _lock(assessment)
        reasons = standing_refusals(_standing(by, assessment), REQUEST_CHANGES)
        reasons += _required_text(comment, Reason("Enter what needs to change", field="comment"))
        _refuse_if_any(reasons)
        from_state, round_closed = assessment.state, assessment.review_round
        assessment.request_changes()
        assessment.save(update_fields=["state", "review_round"])
        _log_transition(
            assessment,
            by=by,
            role=Role.EDI_REVIEWER.label,
            move=REQUEST_CHANGES,
            from_state=from_state,
            comment=comment.strip(),
            review_round=round_closed,
        )
        _after_commit(notifications.changes_requested, assessment, by, comment.strip())
    return assessment


def approve(*, assessment: Assessment, by: User, comment: str = "") -> Assessment:
    """An EDI reviewer approves. The assessment is approved when the distinct approvers of
    this review round reach EQIA_APPROVALS_REQUIRED; until then it stays in review."""
    with transaction.atomic():
        assessment = _lock(assessment)
        _refuse_if_any(standing_refusals(_standing(by, assessment), APPROVE))
        Approval.objects.create(
            assessment=assessment,
            approver=by,
            review_round=assessment.review_round,
            comment=comment.strip(),
        )
        approvals = assessment.approvals.filter(review_round=assessment.review_round).count()
        from_state = assessment.state
        # The transition's condition counts the approvals: below the number required, the
        # approval is recorded and the state stays in review.
        if can_proceed(assessment.approve):
            assessment.approve()
            assessment.save(update_fields=["state"])
        _log_transition(
            assessment,
            by=by,
            role=Role.EDI_REVIEWER.label,
            move=APPROVE,
            from_state=from_state,
            comment=comment.strip(),
            review_round=assessment.review_round,
            approvals=approvals,
            required=approvals_required(),
        )
        if assessment.state == AssessmentState.APPROVED:
            _after_commit(notifications.approved, assessment)
    return assessment


def return_to_author(*, assessment: Assessment, by: User, comment: str) -> Assessment:
    """A sign-off officer sends an approved assessment back to its author, with reasons."""
    with transaction.atomic():
        assessment = _lock(assessment)
        reasons = standing_refusals(_standing(by, assessment), RETURN_TO_AUTHOR)
        reasons += _required_text(
            comment, Reason("Enter why you are returning the assessment", field="comment")
        )
        _refuse_if_any(reasons)
        from_state, round_closed = assessment.state, assessment.review_round
        assessment.return_to_author()
        assessment.save(update_fields=["state", "review_round"])
        _log_transition(
            assessment,
            by=by,
            role=Role.SIGN_OFF_OFFICER.label,
            move=RETURN_TO_AUTHOR,
            from_state=from_state,
            comment=comment.strip(),
            review_round=round_closed,
        )
        _after_commit(notifications.returned_to_author, assessment, by, comment.strip())
    return assessment


def sign_off(
    *,
    assessment: Assessment,
    by: User,
    attestation: str,
    comment: str = "",
    late_explanation: str = "",
) -> Assessment:
    """A sign-off officer signs an approved assessment: its content is frozen for good and
    any older signed version of the policy is superseded."""
    with transaction.atomic():
        assessment = _lock(assessment)
        reasons = standing_refusals(_standing(by, assessment), SIGN_OFF)
        if not attestation.strip():
            reasons.append(
                Reason(
                    "Confirm that you have read the assessment and had due regard: "
                    "tick \u201cI confirm\u201d",
                    field="attestation",
                )
            )
        elif attestation != settings.EQIA_ATTESTATION:
            reasons.append(
                Reason(
                    "The attestation is not in the council's words: read it again and confirm",
                    field="attestation",
                )
            )
        late = planned_decision_date_passed(assessment)
        if late and not late_explanation.strip():
            planned = dateformat.format(assessment.planned_decision_date, "j F Y")
            reasons.append(
                Reason(
                    f"The planned decision date, {planned}, has passed: explain why the "
                    "assessment is signed off after it",
                    field="late_explanation",
                )
            )
        _refuse_if_any(reasons)
        from_state = assessment.state
        assessment.sign_off(
            by=by,
            at=timezone.now().replace(microsecond=0),
            attestation=attestation,
            comment=comment.strip(),
            after_decision_date=late,
            late_explanation=late_explanation.strip() if late else "",
        )
        assessment.frozen_content = content_snapshot(assessment)
        assessment.content_sha256 = content_sha256(assessment.frozen_content)
        assessment.save(
            update_fields=[
                "state",
                "signed_off_by",
                "signed_off_at",
                "attestation",
                "sign_off_comment",
                "signed_after_decision_date",
                "late_sign_off_explanation",
                "frozen_content",
                "content_sha256",
            ]
        )
        _log_transition(
            assessment,
            by=by,
            role=Role.SIGN_OFF_OFFICER.label,
            move=SIGN_OFF,
            from_state=from_state,
            comment=comment.strip(),
            content_sha256=assessment.content_sha256,
            after_planned_decision_date=late,
            late_explanation=assessment.late_sign_off_explanation,
        )
        _supersede_older_versions(assessment, by=by)
        documents_after_sign_off(assessment)
        _after_commit(notifications.signed_off, assessment)
    return assessment


def _supersede_older_versions(assessment: Assessment, *, by: User) -> list[Assessment]:
    """The policy's older signed assessment gives way to the one just signed."""
    older = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("policy")
        .filter(
            policy_id=assessment.policy_id,
            state=AssessmentState.SIGNED_OFF,
            version__lt=assessment.version,
        )
        .order_by("version")
    )
    superseded = []
    for previous in older:
        previous.supersede()
        previous.save(update_fields=["state"])
        _log_transition(
            previous,
            by=by,
            role=Role.SIGN_OFF_OFFICER.label,
            move=SUPERSEDE,
            from_state=AssessmentState.SIGNED_OFF,
            comment=f"Superseded by {assessment.label}, signed off",
            superseded_by=assessment.pk,
        )
        superseded.append(previous)
    return superseded


def documents_after_sign_off(assessment: Assessment) -> None:
    """Render, sign and store the signed PDF inside the sign-off transaction: a failure raises
    WorkflowError and undoes the sign-off."""
    from eqia.documents.issue import issue_signed_pdf

    issue_signed_pdf(assessment)


def withdraw(*, assessment: Assessment, by: User, reason: str) -> Assessment:
    """The author's side or an administrator withdraws an assessment before sign-off."""
    with transaction.atomic():
        assessment = _lock(assessment)
        standing = _standing(by, assessment)
        reasons = standing_refusals(standing, WITHDRAW)
        reasons += _required_text(
            reason, Reason("Enter why the assessment is withdrawn", field="reason")
        )
        _refuse_if_any(reasons)
        from_state = assessment.state
        assessment.withdraw(reason=reason.strip())
        assessment.save(update_fields=["state", "withdrawn_reason"])
        _log_transition(
            assessment,
            by=by,
            role=(
                author_role(by, assessment.policy)
                if standing.access.can_edit
                else Role.ADMINISTRATOR.label
            ),
            move=WITHDRAW,
            from_state=from_state,
            comment=reason.strip(),
        )
    return assessment


def add_comment(*, assessment: Assessment, by: User, part: str, text: str) -> ReviewComment:
    """A reviewer's comment on a part while in review, or the author's side answering on a
    part while in review or changes are requested."""
    with transaction.atomic():
        assessment = _lock(assessment)
        standing = _standing(by, assessment)
        reasons = comment_refusals(standing)
        if part not in Part.values:
            reasons.append(Reason("Choose the part of the assessment to comment on", field="part"))
        reasons += _required_text(text, Reason("Enter your comment", field="text"))
        _refuse_if_any(reasons)
        comment = ReviewComment.objects.create(
            assessment=assessment,
            part=part,
            author=by,
            text=text.strip(),
            review_round=assessment.review_round,
        )
        audit.record(
            assessment,
            actor=by,
            actor_role=(
                author_role(by, assessment.policy)
                if standing.access.can_edit
                else Role.EDI_REVIEWER.label
            ),
            kind=AuditKind.COMMENT,
            part=part,
            comment=comment.text,
            details={"comment": comment.pk, "review_round": comment.review_round},
        )
    return comment
