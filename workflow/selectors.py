"""Reads the workflow shares: who may make which move now and why not, and the audit trail.

The services (workflow/services.py) and the pages (the panel, the move pages) ask the same
functions here, so a page never offers a move the service would refuse for who-you-are or
state reasons.
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import dateformat, timezone
from django_fsm import can_proceed

from eqia.access import AssessmentAccess, may_sign_off_in
from eqia.models import Assessment, AssessmentState, Part
from workflow.exceptions import Reason
from workflow.models import AuditEntry, AuditKind
from workflow.roles import Role, has_role

User = AbstractBaseUser | AnonymousUser

# The moves, in the order the panel offers them.
SUBMIT = "submit"
RECALL = "recall"
START_REVIEW = "start_review"
REQUEST_CHANGES = "request_changes"
APPROVE = "approve"
SIGN_OFF = "sign_off"
RETURN_TO_AUTHOR = "return_to_author"
WITHDRAW = "withdraw"
SUPERSEDE = "supersede"

# How a state reads after "it is ...".
STATE_PHRASES = {
    AssessmentState.DRAFT: "a draft",
    AssessmentState.SUBMITTED: "submitted and waiting for a reviewer",
    AssessmentState.IN_REVIEW: "in review",
    AssessmentState.CHANGES_REQUESTED: "back with the author for changes",
    AssessmentState.APPROVED: "approved and waiting for sign-off",
    AssessmentState.SIGNED_OFF: "signed off",
    AssessmentState.SUPERSEDED: "superseded by a newer version",
    AssessmentState.WITHDRAWN: "withdrawn",
}
# The GOV.UK tag colour of each state.
STATE_TAG_CLASSES = {
    AssessmentState.DRAFT: "govuk-tag--grey",
    AssessmentState.SUBMITTED: "govuk-tag--light-blue",
    AssessmentState.IN_REVIEW: "govuk-tag--blue",
    AssessmentState.CHANGES_REQUESTED: "govuk-tag--orange",
    AssessmentState.APPROVED: "govuk-tag--turquoise",
    AssessmentState.SIGNED_OFF: "govuk-tag--green",
    AssessmentState.SUPERSEDED: "govuk-tag--purple",
    AssessmentState.WITHDRAWN: "govuk-tag--red",
}


def content_authors(assessment: Assessment) -> set[int]:
    """Everyone who started or saved content of the assessment: they may not review it,
    approve it or sign it off (separation of duties)."""
    return set(
        AuditEntry.objects.filter(
            assessment=assessment, kind__in=[AuditKind.CREATED, AuditKind.CONTENT]
        ).values_list("actor_id", flat=True)
    )


def approvers_in_round(assessment: Assessment) -> set[int]:
    """The distinct EDI reviewers who approved in the current review round."""
    return set(
        assessment.approvals.filter(review_round=assessment.review_round).values_list(
            "approver_id", flat=True
        )
    )


def approvals_required() -> int:
    return int(settings.EQIA_APPROVALS_REQUIRED)


def planned_decision_date_passed(assessment: Assessment) -> bool:
    """Signing now would come after the decision it should inform."""
    planned = assessment.planned_decision_date
    return planned is not None and planned < timezone.localdate()


def last_transition(assessment: Assessment) -> AuditEntry | None:
    """The latest entry that changed the assessment's state."""
    return (
        AuditEntry.objects.filter(assessment=assessment, kind=AuditKind.TRANSITION)
        .exclude(to_state="")
        .order_by("-sequence")
        .first()
    )


def when(moment: datetime.datetime) -> str:
    """A moment as people say it: "14:02" today, "14:02 on 3 March 2026" another day."""
    local = timezone.localtime(moment)
    said = dateformat.format(local, "H:i")
    if local.date() != timezone.localdate():
        said += " on " + dateformat.format(local, "j F Y")
    return said


@dataclass
class Standing:
    """One user before one assessment: what the move checks need, each read at most once."""

    user: User
    assessment: Assessment
    access: AssessmentAccess

    @cached_property
    def authors(self) -> set[int]:
        return content_authors(self.assessment)

    @cached_property
    def approvers(self) -> set[int]:
        return approvers_in_round(self.assessment)

    @cached_property
    def last_transition(self) -> AuditEntry | None:
        return last_transition(self.assessment)

    @property
    def is_author(self) -> bool:
        return self.user.pk in self.authors


@dataclass(frozen=True)
class MoveRule:
    """A workflow move: its words, its page, and who may make it."""

    name: str
    label: str  # the button
    done: str  # "This assessment was already <done>"
    url_name: str
    role: Role  # the role the move is made in, for the audit trail
    who: Callable[[Standing, "MoveRule"], list[Reason]]
    button_class: str = ""


def _author_side(standing: Standing, rule: MoveRule) -> list[Reason]:
    if standing.access.can_edit:
        return []
    return [
        Reason(
            f"Only the policy's owner, or a colleague they share it with, can {rule.label.lower()}"
        )
    ]


def _author_side_or_administrator(standing: Standing, rule: MoveRule) -> list[Reason]:
    if standing.access.can_edit or standing.access.is_administrator:
        return []
    return [
        Reason(
            "Only the policy's owner, a colleague they share it with, or an administrator can "
            f"{rule.label.lower()}"
        )
    ]


def _independent(standing: Standing, rule: MoveRule) -> list[Reason]:
    if not standing.is_author:
        return []
    return [
        Reason(
            f"You wrote or edited this assessment, so you cannot {rule.label.lower()}: "
            "someone independent of it must (separation of duties)"
        )
    ]


def _reviewer(standing: Standing, rule: MoveRule) -> list[Reason]:
    if not standing.access.can_review:
        return [Reason(f"Only EDI reviewers can {rule.label.lower()}")]
    return _independent(standing, rule)


def _approving_reviewer(standing: Standing, rule: MoveRule) -> list[Reason]:
    reasons = _reviewer(standing, rule)
    if (
        standing.access.can_review
        and standing.assessment.state == AssessmentState.IN_REVIEW
        and standing.user.pk in standing.approvers
    ):
        reasons.append(Reason("You have already approved this assessment in this review round"))
    return reasons


def _sign_off_officer(standing: Standing, rule: MoveRule) -> list[Reason]:
    if not standing.access.can_sign_off:
        policy = standing.assessment.policy
        if has_role(standing.user, Role.SIGN_OFF_OFFICER):
            area = policy.service_area.name if policy.service_area else "no service area"
            return [
                Reason(
                    f"You sign off assessments only in your own service areas, and this "
                    f"policy is in {area}"
                )
            ]
        return [Reason(f"Only sign-off officers can {rule.label.lower()}")]
    return _independent(standing, rule)


MOVES: dict[str, MoveRule] = {
    rule.name: rule
    for rule in [
        MoveRule(
            name=SUBMIT,
            label="Submit for review",
            done="submitted",
            url_name="workflow:submit",
            role=Role.POLICY_OWNER,
            who=_author_side,
        ),
        MoveRule(
            name=RECALL,
            label="Recall the submission",
            done="recalled",
            url_name="workflow:recall",
            role=Role.POLICY_OWNER,
            who=_author_side,
            button_class="govuk-button--secondary",
        ),
        MoveRule(
            name=START_REVIEW,
            label="Start the review",
            done="taken into review",
            url_name="workflow:start_review",
            role=Role.EDI_REVIEWER,
            who=_reviewer,
        ),
        MoveRule(
            name=APPROVE,
            label="Approve",
            done="approved",
            url_name="workflow:approve",
            role=Role.EDI_REVIEWER,
            who=_approving_reviewer,
        ),
        MoveRule(
            name=REQUEST_CHANGES,
            label="Request changes",
            done="sent back for changes",
            url_name="workflow:request_changes",
            role=Role.EDI_REVIEWER,
            who=_reviewer,
            button_class="govuk-button--secondary",
        ),
        MoveRule(
            name=SIGN_OFF,
            label="Sign off",
            done="signed off",
            url_name="workflow:sign_off",
            role=Role.SIGN_OFF_OFFICER,
            who=_sign_off_officer,
        ),
        MoveRule(
            name=RETURN_TO_AUTHOR,
            label="Return to the author",
            done="returned to the author",
            url_name="workflow:return",
            role=Role.SIGN_OFF_OFFICER,
            who=_sign_off_officer,
            button_class="govuk-button--secondary",
        ),
        MoveRule(
            name=WITHDRAW,
            label="Withdraw the assessment",
            done="withdrawn",
            url_name="workflow:withdraw",
            role=Role.POLICY_OWNER,
            who=_author_side_or_administrator,
            button_class="govuk-button--warning",
        ),
    ]
}


def state_refusal(standing: Standing, rule: MoveRule) -> Reason | None:
    """Why the assessment's state does not allow the move, in words; None when it does.

    When someone has just made the same move (two people pressing the same button at once),
    say who did and when.
    """
    assessment = standing.assessment
    if can_proceed(getattr(assessment, rule.name), check_conditions=False):
        return None
    last = standing.last_transition
    if (
        last is not None
        and last.details.get("move") == rule.name
        and last.to_state == assessment.state
    ):
        return Reason(
            f"This assessment was already {rule.done} by {last.actor_name} at {when(last.at)}"
        )
    phrase = STATE_PHRASES.get(AssessmentState(assessment.state), assessment.state)
    return Reason(f"You cannot {rule.label.lower()} now: this assessment is {phrase}")


def standing_refusals(standing: Standing, move: str) -> list[Reason]:
    """Every who-you-are and state reason against the move (not what a form must supply)."""
    rule = MOVES[move]
    reasons = rule.who(standing, rule)
    if refusal := state_refusal(standing, rule):
        reasons.append(refusal)
    return reasons


def move_refusals(
    move: str, user: User, assessment: Assessment, access: AssessmentAccess
) -> list[Reason]:
    return standing_refusals(Standing(user, assessment, access), move)


# States in which each side may comment on a part.
AUTHOR_COMMENT_STATES = [AssessmentState.CHANGES_REQUESTED, AssessmentState.IN_REVIEW]
REVIEWER_COMMENT_STATES = [AssessmentState.IN_REVIEW]


def comment_refusals(standing: Standing) -> list[Reason]:
    """Why the user may not comment on the assessment's parts now; empty when they may.

    Reviewers comment while the assessment is in review; the author's side answers while it
    is in review or changes are requested.
    """
    state = standing.assessment.state
    phrase = STATE_PHRASES.get(AssessmentState(state), state)
    if standing.access.can_edit:
        if state in AUTHOR_COMMENT_STATES:
            return []
        return [
            Reason(
                "You can answer on a part while the assessment is in review or changes are "
                f"requested: it is {phrase}"
            )
        ]
    if standing.access.can_review:
        reasons = []
        if standing.is_author:
            reasons.append(
                Reason(
                    "You wrote or edited this assessment, so you cannot review it: someone "
                    "independent of it must (separation of duties)"
                )
            )
        if state not in REVIEWER_COMMENT_STATES:
            reasons.append(
                Reason(f"Reviewers comment while an assessment is in review: it is {phrase}")
            )
        return reasons
    return [Reason("Only the author's side and EDI reviewers can comment on an assessment")]


@dataclass(frozen=True)
class Move:
    """A move the panel offers: a link to its page, styled as a button."""

    name: str
    label: str
    url: str
    button_class: str = ""


def available_moves(user: User, assessment: Assessment, access: AssessmentAccess) -> list[Move]:
    """The moves the user may make now, by the checks the services make."""
    standing = Standing(user, assessment, access)
    return [
        Move(rule.name, rule.label, reverse(rule.url_name, args=[assessment.pk]), rule.button_class)
        for rule in MOVES.values()
        if not standing_refusals(standing, rule.name)
    ]


def may_see_review(access: AssessmentAccess) -> bool:
    """The review page (each part with its comments) is for reviewers and the author's side."""
    return access.can_review or access.can_edit


def sign_off_officers_for(assessment: Assessment) -> list[AbstractBaseUser]:
    """Active sign-off officers with an e-mail address who may sign off this assessment."""
    from django.contrib.auth import get_user_model

    candidates = (
        get_user_model()
        .objects.filter(groups__name=Role.SIGN_OFF_OFFICER.value, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    return [user for user in candidates if may_sign_off_in(user, assessment.policy)]


# The audit trail, as people read it.

MOVE_DESCRIPTIONS = {
    SUBMIT: "Submitted for review",
    RECALL: "Recalled by the author",
    START_REVIEW: "Review started",
    REQUEST_CHANGES: "Changes requested",
    APPROVE: "Approved",
    RETURN_TO_AUTHOR: "Returned to the author",
    SIGN_OFF: "Signed off",
    SUPERSEDE: "Superseded",
    WITHDRAW: "Withdrawn",
}


def describe(entry: AuditEntry) -> str:
    """What an audit entry records, in a few words."""
    part = Part(entry.part).label if entry.part in Part.values else entry.part
    if entry.kind == AuditKind.TRANSITION:
        move = entry.details.get("move", "")
        text = MOVE_DESCRIPTIONS.get(move, "State changed")
        if move == APPROVE and entry.details.get("required", 1) > 1:
            text += f" ({entry.details['approvals']} of {entry.details['required']} approvals)"
        return text
    if entry.kind == AuditKind.CONTENT and part:
        return f"Content saved: {part}"
    if entry.kind == AuditKind.COMMENT and part:
        return f"Comment on {part}"
    return AuditKind(entry.kind).label if entry.kind in AuditKind.values else entry.kind


def state_label(value: str) -> str:
    return AssessmentState(value).label if value in AssessmentState.values else value


@dataclass(frozen=True)
class TimelineEntry:
    sequence: int
    at: datetime.datetime
    actor_name: str
    actor_role: str
    what: str
    from_state: str
    to_state: str
    comment: str

    @property
    def changed_state(self) -> bool:
        return bool(self.from_state and self.to_state and self.from_state != self.to_state)


def timeline_entry(entry: AuditEntry) -> TimelineEntry:
    return TimelineEntry(
        sequence=entry.sequence,
        at=entry.at,
        actor_name=entry.actor_name,
        actor_role=entry.actor_role,
        what=describe(entry),
        from_state=state_label(entry.from_state),
        to_state=state_label(entry.to_state),
        comment=entry.comment,
    )


def audit_timeline(assessment: Assessment, *, latest: int | None = None) -> list[TimelineEntry]:
    """The trail oldest first, or the ``latest`` few newest first."""
    entries: QuerySet[AuditEntry] = AuditEntry.objects.filter(assessment=assessment)
    if latest is not None:
        entries = entries.order_by("-sequence")[:latest]
    else:
        entries = entries.order_by("sequence")
    return [timeline_entry(entry) for entry in entries]


# Checking the audit trail (python manage.py verify_audit_trail).


@dataclass
class AuditVerification:
    entries: int = 0
    assessments: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> str:
        return self.problems[0] if self.problems else ""


def _chain_problem(
    label: str, recorded_length: int, recorded_head: str, entries: Iterator[AuditEntry]
) -> tuple[int, str | None]:
    """Walk one assessment's entries in sequence order; the count seen and the first break."""
    expected, previous_hash, seen = 1, "", 0
    for entry in entries:
        seen += 1
        if entry.sequence != expected:
            if entry.sequence > expected:
                missing = (
                    f"entry #{expected}"
                    if entry.sequence == expected + 1
                    else f"entries #{expected} to #{entry.sequence - 1}"
                )
                verb = "is" if entry.sequence == expected + 1 else "are"
                return seen, f"{missing} of {label} {verb} missing (deleted)"
            return seen, f"entry #{entry.sequence} of {label} is out of sequence"
        if entry.compute_hash() != entry.entry_hash:
            return seen, f"entry #{entry.sequence} of {label} was changed after it was written"
        if entry.previous_hash != previous_hash:
            # A rewritten entry whose own hash was recomputed shows here, in its successor.
            return seen, (
                f"entry #{entry.sequence - 1} of {label} was changed after it was written "
                f"(entry #{entry.sequence} no longer links to it)"
            )
        previous_hash, expected = entry.entry_hash, expected + 1
    last = expected - 1
    if recorded_length > last:
        return seen, (
            f"the last entries of {label} were deleted: the trail ends at entry #{last} "
            f"but {recorded_length} were written"
        )
    if recorded_length < last:
        return seen, (
            f"{label} records {recorded_length} audit entries but its trail has {last}: "
            "its record of the trail was changed"
        )
    if previous_hash != recorded_head:
        return seen, (
            f"entry #{last} of {label} was changed after it was written (it no longer matches "
            "the assessment's record of its last entry)"
        )
    return seen, None


def verify_audit_trails() -> AuditVerification:
    """Walk every assessment's chain: sequence 1..n without gaps, each entry's hash
    recomputed, each link to the previous entry, and the end matching the assessment's
    record of its length and last hash. Problems are listed assessment by assessment, the
    first break of each."""
    result = AuditVerification()
    assessments = Assessment.objects.select_related("policy").order_by("pk")
    for assessment in assessments.iterator(chunk_size=500):
        entries = AuditEntry.objects.filter(assessment=assessment).order_by("sequence")
        seen, problem = _chain_problem(
            str(assessment),
            assessment.audit_length,
            assessment.audit_head,
            entries.iterator(chunk_size=500),
        )
        result.assessments += 1
        result.entries += entries.count() if problem else seen
        if problem:
            result.problems.append(problem)
    return result
