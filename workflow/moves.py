"""The workflow's moves, described once each, as data (DESIGN.md "States").

A row says everything about one move: its words, the states it leaves and reaches, who may make
it (a capability of the gate, eqia/access.py), the capacity the audit trail names, the form it
asks for, what it checks and changes beyond the state, whom it tells, and what the person
sees after it. The state machine (workflow/models.py), the one function that makes every move
(workflow/services.py), the one move page (workflow/views/moves.py), the assessment page's
buttons and the history's wording are all read from this table.

To add a move: add a row to MOVES (and, where it asks for something, a form in
workflow/forms.py). docs/architecture.md shows a row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from core.dates import long_date
from core.people import job_title, job_title_set
from core.refusals import Reason
from core.roles import Role
from eqia.access import Capability, Visitor
from eqia.completeness import submission_problems
from eqia.models import Approval, Assessment, AssessmentState, Part, PartStatus
from eqia.publishing import officer_chooses, publication_decided
from eqia.selectors import plan_with_rights
from eqia.snapshot import content_sha256, content_snapshot
from eqia.summary import (
    SIGNER_JOB_TITLE,
    assessment_summary,
    dialogue,
    part_answers,
    part_tags,
)
from policies.services import policy_record_review
from workflow import notifications
from workflow.documents.issue import issue_signed_pdf
from workflow.forms import (
    DO_NOT_PUBLISH,
    PUBLISH,
    ApproveForm,
    ConfirmForm,
    MoveForm,
    RequestChangesForm,
    ReturnForm,
    SignOffForm,
    WithdrawForm,
)

Data = dict[str, Any]


class MakeMove(Protocol):
    """How a move's ``after`` step makes a system move in the same transaction."""

    def __call__(
        self,
        name: str,
        assessment: Assessment,
        by: User,
        *,
        comment: str = "",
        details: dict[str, Any] | None = None,
    ) -> Assessment: ...


DRAFT, SUBMITTED, IN_REVIEW, CHANGES_REQUESTED, APPROVED, SIGNED_OFF, SUPERSEDED, WITHDRAWN = (
    AssessmentState.DRAFT,
    AssessmentState.SUBMITTED,
    AssessmentState.IN_REVIEW,
    AssessmentState.CHANGES_REQUESTED,
    AssessmentState.APPROVED,
    AssessmentState.SIGNED_OFF,
    AssessmentState.SUPERSEDED,
    AssessmentState.WITHDRAWN,
)
OPEN = (DRAFT, SUBMITTED, IN_REVIEW, CHANGES_REQUESTED, APPROVED)


@dataclass(frozen=True)
class Change:
    """What a move changed besides the state: fields to save, and details for the audit entry."""

    fields: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    comment: str = ""


@dataclass(frozen=True)
class Move:
    name: str  # the transition's name, and the name of its URL in the workflow namespace
    label: str  # the button
    heading: str  # its page's heading
    description: str  # what the history says it was ("Submitted for review")
    done: str  # "This assessment was already <done> by ..."
    sources: tuple[AssessmentState, ...]
    target: AssessmentState
    capability: Capability | None  # who may make it (the gate); None: the system alone
    acting_as: Role  # the capacity the audit trail names (the author side: owner or colleague)
    path: str = ""  # its page's address under /assessments/<pk>/
    form: type[MoveForm] = ConfirmForm
    # Reasons against the move known before anything is typed, beyond who may make it and the
    # state: the page shows them and offers no form, the assessment page offers no button.
    refuse_before: Callable[[Assessment, Visitor], list[Reason]] = lambda a, u: []
    # What the move's page lists before anything is typed, while still offering the move.
    preview: Callable[[Assessment], list[Reason]] | None = None
    # Every reason against the move from what was typed or the assessment's content.
    check: Callable[[Assessment, User, Data], list[Reason]] = lambda a, u, d: []
    # Recorded before the state is judged (an approval, which the condition then counts).
    record_first: Callable[[Assessment, User, Data], Change] | None = None
    # When the state changes: an FSM condition; unmet, the move is recorded and the state stays.
    condition: Callable[[Assessment], bool] | None = None
    # Changes besides the state, made once the state has changed (sign-off freezes the content).
    apply: Callable[[Assessment, User, Data], Change] = lambda a, u, d: Change()
    # Done inside the move's transaction once the state has changed (sign-off supersedes the
    # older version and issues the signed PDF); it may make system moves with ``make``.
    after: Callable[[Assessment, User, "MakeMove"], None] | None = None
    # Sent once the move is committed.
    notify: Callable[[Assessment, User, str], Any] | None = None
    success: Callable[[Assessment], str] = lambda a: ""
    button_class: str = ""
    explanation: tuple[str, ...] = ()
    template: str = "workflow/move.html"
    # What the move's page shows the person besides its form.
    page_context: Callable[[Assessment, Visitor], dict[str, Any]] = lambda a, u: {}

    @property
    def is_destructive(self) -> bool:
        """A red button: offered apart from the others, under "Other actions"."""
        return "govuk-button--warning" in self.button_class


def named(assessment: Assessment) -> str:
    return f"{assessment.policy.reference} {assessment.label}"


def _required(value: str, message: str, field: str) -> list[Reason]:
    return [] if (value or "").strip() else [Reason(message, field=field)]


def approvals_required() -> int:
    return int(settings.EQIA_APPROVALS_REQUIRED)


def approvers_in_round(assessment: Assessment) -> set[int]:
    """The distinct EDI reviewers who approved in the current review round."""
    return set(
        assessment.approvals.filter(review_round=assessment.review_round).values_list(
            "approver_id", flat=True
        )
    )


def approvals_reached(assessment: Assessment) -> bool:
    """Enough distinct EDI reviewers approved in this round (read at call time, so a change of
    EQIA_APPROVALS_REQUIRED applies to the next approval)."""
    return len(approvers_in_round(assessment)) >= approvals_required()


# The checks, changes and pages of the moves that ask for more than a click.


def _parts_to_check(assessment: Assessment, by: Visitor) -> dict[str, Any]:
    """The submit page: "check your answers", part by part (each answer with a link to change
    it), and the reviewers' points still open, which a resubmission should have answered."""
    tags = part_tags(assessment)
    comments = dialogue(assessment)
    parts: list[dict[str, Any]] = []
    unanswered = 0
    for part in Part:
        open_points = [
            entry
            for entry in comments[part].entries
            if entry.is_reviewers and entry.comment.is_open
        ]
        unanswered += len(open_points)
        parts.append(
            {
                "part": part,
                "status": tags[part],
                "url": reverse("assessments:part", args=[assessment.pk, part.value]),
                "answers": part_answers(assessment, part),
                "unanswered": open_points,
            }
        )
    return {
        "parts": parts,
        "impacts": assessment.impacts.select_related("characteristic"),
        "meetings": assessment.decision_meetings.all(),
        "actions": plan_with_rights(assessment, by),
        "unanswered": unanswered,
    }


def _nothing_started(assessment: Assessment, by: Visitor) -> list[Reason]:
    """An assessment with nothing written is not offered for review."""
    if all(assessment.status_of(part) == PartStatus.NOT_STARTED for part in Part):
        return [Reason("Nothing has been written yet: complete the parts before you submit")]
    return []


def _approvals_so_far(assessment: Assessment, by: Visitor) -> dict[str, Any]:
    return {
        "approvals": len(approvers_in_round(assessment)),
        "approvals_required": approvals_required(),
    }


def _sign_off_page(assessment: Assessment, by: Visitor) -> dict[str, Any]:
    return {
        "summary": assessment_summary(assessment),
        "attestation_text": settings.EQIA_ATTESTATION,
        "decision_date_passed": assessment.decision_date_passed(),
        "approvals": assessment.approvals.filter(
            review_round=assessment.review_round
        ).select_related("approver"),
    }


def _submitted(assessment: Assessment, by: User, data: Data) -> Change:
    assessment.submitted_at = timezone.now()
    return Change(fields=("submitted_at",))


def _new_round(assessment: Assessment, by: User, data: Data) -> Change:
    """Changes requested or the assessment returned: the approvals must be given again."""
    closed = assessment.review_round
    assessment.review_round += 1
    return Change(
        fields=("review_round",), details={"review_round": closed}, comment=data["comment"]
    )


def _not_approved_yet(assessment: Assessment, by: Visitor) -> list[Reason]:
    if by.pk in approvers_in_round(assessment):
        return [Reason("You have already approved this assessment in this review round")]
    return []


def _approval(assessment: Assessment, by: User, data: Data) -> Change:
    Approval.objects.create(
        assessment=assessment,
        approver=by,
        review_round=assessment.review_round,
        comment=data["comment"],
    )
    return Change(
        details={
            "review_round": assessment.review_round,
            "approvals": len(approvers_in_round(assessment)),
            "required": approvals_required(),
        },
        comment=data["comment"],
    )


def _approved_message(assessment: Assessment) -> str:
    if assessment.state == APPROVED:
        return f"{named(assessment)} is approved and ready for sign-off."
    return (
        f"Your approval of {named(assessment)} was recorded: "
        f"{len(approvers_in_round(assessment))} of {approvals_required()} approvals."
    )


def _sign_off_checks(assessment: Assessment, by: User, data: Data) -> list[Reason]:
    reasons = []
    if "job_title" in data and not str(data["job_title"]).strip():  # asked: see SignOffForm
        reasons.append(
            Reason(
                "Enter your job title: it is shown with your sign-off, in the signed PDF and its "
                "signature",
                field="job_title",
            )
        )
    attestation = data["attestation_text"] if data["attestation"] else ""
    if not attestation.strip():
        reasons.append(
            Reason(
                "Confirm that you have read the assessment and had due regard: tick "
                "\u201cI confirm\u201d",
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
    planned = assessment.planned_decision_date  # never None when the date has passed
    if (
        planned is not None
        and assessment.decision_date_passed()
        and not data["late_explanation"].strip()
    ):
        reasons.append(
            Reason(
                f"The planned decision date, {long_date(planned)}, has "
                "passed: explain why the assessment is signed off after it",
                field="late_explanation",
            )
        )
    return reasons + _publication_checks(data)


def _publication_checks(data: Data) -> list[Reason]:
    """Where the council lets the sign-off officer choose (eqia.publishing), they choose, and
    say why when they do not publish."""
    if not officer_chooses():
        return []
    if data["publish"] not in (PUBLISH, DO_NOT_PUBLISH):
        return [Reason("Choose whether to publish the assessment", field="publish")]
    if data["publish"] == DO_NOT_PUBLISH and not data["not_published_reason"].strip():
        return [Reason("Enter why the assessment is not published", field="not_published_reason")]
    return []


def _signed(assessment: Assessment, by: User, data: Data) -> Change:
    late = assessment.decision_date_passed()
    title = str(data.get("job_title", "")).strip()
    if title:
        job_title_set(user=by, title=title)  # asked once: kept for their next sign-offs
    else:
        title = job_title(by)
    assessment.signed_off_by = by
    assessment.signed_off_at = timezone.now().replace(microsecond=0)
    assessment.attestation = data["attestation_text"]
    assessment.sign_off_comment = data["comment"]
    assessment.signed_after_decision_date = late
    assessment.late_sign_off_explanation = data["late_explanation"] if late else ""
    assessment.frozen_content = content_snapshot(assessment)
    assessment.content_sha256 = content_sha256(assessment.frozen_content)
    published = publication_decided(
        assessment,
        publish=not officer_chooses() or data["publish"] == PUBLISH,
        reason=data["not_published_reason"],
        at=assessment.signed_off_at,
    )
    return Change(
        fields=(
            "signed_off_by",
            "signed_off_at",
            "attestation",
            "sign_off_comment",
            "signed_after_decision_date",
            "late_sign_off_explanation",
            "frozen_content",
            "content_sha256",
            *published,
        ),
        details={
            "content_sha256": assessment.content_sha256,
            "after_planned_decision_date": late,
            "late_explanation": assessment.late_sign_off_explanation,
            SIGNER_JOB_TITLE: title,
            "publication": assessment.publication,
            "not_published_reason": assessment.not_published_reason,
        },
        comment=data["comment"],
    )


def _signed_message(assessment: Assessment) -> str:
    published = (
        " It is published on the council's website."
        if assessment.is_published
        else " It is not published."
    )
    return f"{named(assessment)} is signed off. Its content is now fixed.{published}"


def _after_sign_off(assessment: Assessment, by: User, make: "MakeMove") -> None:
    """The sign-off is the policy's review: the register records it (last reviewed today, next
    review the date the assessment set). The policy's older signed version gives way to this
    one; then the signed PDF is made. A failure of any undoes the sign-off."""
    assert assessment.signed_off_at is not None  # set by _signed, just before
    policy_record_review(
        policy=assessment.policy,
        reviewed_on=timezone.localtime(assessment.signed_off_at).date(),
        next_review=assessment.review_date,
        by=by,
        note=f"{assessment.label} signed off",
    )
    older = Assessment.objects.filter(
        policy_id=assessment.policy_id, state=SIGNED_OFF, version__lt=assessment.version
    ).order_by("version")
    for previous in older:
        make(
            "supersede",
            previous,
            by,
            comment=f"Superseded by {assessment.label}, signed off",
            details={"superseded_by": assessment.pk},
        )
    issue_signed_pdf(assessment)


def _withdrawn(assessment: Assessment, by: User, data: Data) -> Change:
    assessment.withdrawn_reason = data["reason"]
    return Change(fields=("withdrawn_reason",), comment=data["reason"])


MOVES: dict[str, Move] = {
    move.name: move
    for move in [
        Move(
            name="submit",
            label="Submit for review",
            heading="Check your assessment before you submit it",
            description="Submitted for review",
            done="submitted",
            sources=(DRAFT, CHANGES_REQUESTED),
            target=SUBMITTED,
            capability=Capability.EDIT,
            acting_as=Role.POLICY_OWNER,
            path="submit",
            refuse_before=_nothing_started,
            preview=submission_problems,
            check=lambda assessment, by, data: submission_problems(assessment),
            apply=_submitted,
            notify=lambda assessment, by, comment: notifications.submitted(assessment),
            success=lambda a: (
                f"{named(a)} was submitted for review. The EDI reviewers have been told by e-mail."
            ),
            template="workflow/submit.html",
            page_context=_parts_to_check,
        ),
        Move(
            name="recall",
            label="Recall the submission",
            heading="Recall the submission?",
            description="Recalled by the author",
            done="recalled",
            sources=(SUBMITTED,),
            target=DRAFT,
            capability=Capability.EDIT,
            acting_as=Role.POLICY_OWNER,
            path="recall",
            success=lambda a: f"{named(a)} was recalled: it is a draft again.",
            button_class="govuk-button--secondary",
            explanation=(
                "The assessment comes back to you as a draft, so you can change it. The EDI "
                "reviewers have not started their review yet.",
                "Submit it again when it is ready.",
            ),
        ),
        Move(
            name="start_review",
            label="Start the review",
            heading="Start the review?",
            description="Review started",
            done="taken into review",
            sources=(SUBMITTED,),
            target=IN_REVIEW,
            capability=Capability.REVIEW,
            acting_as=Role.EDI_REVIEWER,
            path="start-review",
            success=lambda a: f"You started the review of {named(a)}.",
            explanation=(
                "The assessment moves into review, so the author cannot recall it. Comment on "
                "each part, then approve it or request changes.",
            ),
        ),
        Move(
            name="approve",
            label="Approve",
            heading="Approve the assessment",
            description="Approved",
            done="approved",
            sources=(IN_REVIEW,),
            target=APPROVED,
            capability=Capability.REVIEW,
            acting_as=Role.EDI_REVIEWER,
            path="approve",
            form=ApproveForm,
            refuse_before=_not_approved_yet,
            record_first=_approval,
            condition=approvals_reached,
            notify=lambda assessment, by, comment: (
                notifications.approved(assessment) if assessment.state == APPROVED else None
            ),
            success=_approved_message,
            page_context=_approvals_so_far,
        ),
        Move(
            name="request_changes",
            label="Request changes",
            heading="Request changes",
            description="Changes requested",
            done="sent back for changes",
            sources=(IN_REVIEW,),
            target=CHANGES_REQUESTED,
            capability=Capability.REVIEW,
            acting_as=Role.EDI_REVIEWER,
            path="request-changes",
            form=RequestChangesForm,
            check=lambda assessment, by, data: _required(
                data["comment"], "Enter what needs to change", "comment"
            ),
            apply=_new_round,
            notify=notifications.changes_requested,
            success=lambda a: f"Changes requested: {named(a)} is back with its author.",
            button_class="govuk-button--secondary",
        ),
        Move(
            name="sign_off",
            label="Sign off",
            heading="Sign off the assessment",
            description="Signed off",
            done="signed off",
            sources=(APPROVED,),
            target=SIGNED_OFF,
            capability=Capability.SIGN_OFF,
            acting_as=Role.SIGN_OFF_OFFICER,
            path="sign-off",
            form=SignOffForm,
            check=_sign_off_checks,
            apply=_signed,
            after=_after_sign_off,
            notify=lambda assessment, by, comment: notifications.signed_off(assessment),
            success=_signed_message,
            template="workflow/sign_off.html",
            page_context=_sign_off_page,
        ),
        Move(
            name="return_to_author",
            label="Return to the author",
            heading="Return the assessment to its author",
            description="Returned to the author",
            done="returned to the author",
            sources=(APPROVED,),
            target=CHANGES_REQUESTED,
            capability=Capability.SIGN_OFF,
            acting_as=Role.SIGN_OFF_OFFICER,
            path="return",
            form=ReturnForm,
            check=lambda assessment, by, data: _required(
                data["comment"], "Enter why you are returning the assessment", "comment"
            ),
            apply=_new_round,
            notify=notifications.returned_to_author,
            success=lambda a: f"{named(a)} was returned to its author.",
            button_class="govuk-button--secondary",
        ),
        Move(
            name="withdraw",
            label="Withdraw the assessment",
            heading="Withdraw the assessment",
            description="Withdrawn",
            done="withdrawn",
            sources=OPEN,
            target=WITHDRAWN,
            capability=Capability.WITHDRAW,
            acting_as=Role.POLICY_OWNER,
            path="withdraw",
            form=WithdrawForm,
            check=lambda assessment, by, data: _required(
                data["reason"], "Enter why the assessment is withdrawn", "reason"
            ),
            apply=_withdrawn,
            success=lambda a: f"{named(a)} was withdrawn.",
            button_class="govuk-button--warning",
            explanation=(
                "A withdrawn assessment cannot be submitted or signed off again. It stays on "
                "the record with your reason. The policy can then start a new assessment.",
            ),
        ),
        Move(
            name="supersede",
            label="Supersede",
            heading="Supersede",
            description="Superseded",
            done="superseded",
            sources=(SIGNED_OFF,),
            target=SUPERSEDED,
            capability=None,  # made by the system when a newer version is signed off
            acting_as=Role.SIGN_OFF_OFFICER,
        ),
    ]
}

# The moves a person may be offered on the assessment page, in this order.
OFFERED = [move for move in MOVES.values() if move.capability is not None]


def description_of(name: str, details: dict[str, Any]) -> str:
    """What the history says a move was."""
    move = MOVES.get(name)
    if move is None:
        return "State changed"
    text = move.description
    if name == "approve" and details.get("required", 1) > 1:
        text += f" ({details['approvals']} of {details['required']} approvals)"
    return text
