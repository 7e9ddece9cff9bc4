"""The review moves: starting a review, requesting changes, approving, returning to the author."""

import pytest

from core.refusals import Refused
from core.roles import Role
from eqia.access import content_authors
from eqia.models import Approval, AssessmentState, AuditEntry
from tests.assessment_factories import add_content_entry, make_assessment
from tests.factories import make_user
from tests.workflow_moves import messages_of, sign, transitions_of
from workflow.services import make_move

S = AssessmentState


# Review


@pytest.mark.django_db
def test_start_review_is_for_edi_reviewers(submitted, reviewer, owner, signoff_officer):
    for person in (owner, signoff_officer):
        with pytest.raises(Refused) as refused:
            make_move("start_review", assessment=submitted, by=person)
        assert messages_of(refused)[0] == "Only EDI reviewers can start the review"
    result = make_move("start_review", assessment=submitted, by=reviewer)
    assert result.state == S.IN_REVIEW
    assert transitions_of(result)[-1] == (S.SUBMITTED, S.IN_REVIEW, "Erin Reid", "EDI reviewer")


@pytest.mark.django_db
def test_nobody_reviews_an_assessment_they_started(reviewer):
    assessment = make_assessment(by=reviewer, complete=True)
    make_move("submit", assessment=assessment, by=reviewer)
    with pytest.raises(Refused) as refused:
        make_move("start_review", assessment=assessment, by=reviewer)
    assert messages_of(refused) == [
        "You started, edited or submitted this assessment, so you cannot start the review: someone "
        "independent of it must (separation of duties)"
    ]


@pytest.mark.django_db
def test_a_reviewer_who_edited_the_content_may_not_approve_it(in_review, reviewer):
    other = make_user("frank", Role.EDI_REVIEWER)
    add_content_entry(in_review, by=other)
    assert content_authors(in_review) == {in_review.created_by_id, other.pk}
    with pytest.raises(Refused) as refused:
        make_move("approve", assessment=in_review, by=other)
    assert messages_of(refused) == [
        "You started, edited or submitted this assessment, so you cannot approve: someone "
        "independent of it must (separation of duties)"
    ]
    assert not Approval.objects.filter(assessment=in_review)


@pytest.mark.django_db
def test_request_changes_needs_a_comment_and_starts_a_new_review_round(in_review, reviewer):
    with pytest.raises(Refused) as refused:
        make_move("request_changes", assessment=in_review, by=reviewer, data={"comment": "   "})
    assert [(r.message, r.field) for r in refused.value.reasons] == [
        ("Enter what needs to change", "comment")
    ]
    result = make_move(
        "request_changes",
        assessment=in_review,
        by=reviewer,
        data={"comment": "Impact on carers is missing"},
    )
    assert (result.state, result.review_round) == (S.CHANGES_REQUESTED, 2)
    entry = AuditEntry.objects.filter(assessment=result).latest("sequence")
    assert entry.comment == "Impact on carers is missing"
    assert entry.details == {"move": "request_changes", "review_round": 1}


@pytest.mark.django_db
def test_every_reason_is_given_at_once(owner):
    assessment = make_assessment(by=owner)
    with pytest.raises(Refused) as refused:
        make_move("request_changes", assessment=assessment, by=owner, data={"comment": ""})
    assert messages_of(refused) == [
        "Only EDI reviewers can request changes",
        "You cannot request changes now: this assessment is a draft",
        "Enter what needs to change",
    ]


# Approve


@pytest.mark.django_db
def test_one_approval_approves_by_default(in_review, reviewer, settings):
    settings.EQIA_APPROVALS_REQUIRED = 1
    result = make_move("approve", assessment=in_review, by=reviewer, data={"comment": "Thorough"})
    assert result.state == S.APPROVED
    approval = Approval.objects.get(assessment=result)
    assert (approval.approver, approval.review_round, approval.comment) == (reviewer, 1, "Thorough")
    entry = AuditEntry.objects.filter(assessment=result).latest("sequence")
    assert (entry.from_state, entry.to_state, entry.comment) == (
        S.IN_REVIEW,
        S.APPROVED,
        "Thorough",
    )
    assert entry.details == {
        "move": "approve",
        "review_round": 1,
        "approvals": 1,
        "required": 1,
    }


@pytest.mark.django_db
def test_below_the_approvals_required_the_approval_is_recorded_and_review_goes_on(
    in_review, reviewer, settings
):
    settings.EQIA_APPROVALS_REQUIRED = 2
    result = make_move("approve", assessment=in_review, by=reviewer)
    assert result.state == S.IN_REVIEW
    assert Approval.objects.filter(assessment=result).count() == 1
    assert transitions_of(result)[-1][:2] == (S.IN_REVIEW, S.IN_REVIEW)

    with pytest.raises(Refused) as refused:
        make_move("approve", assessment=result, by=reviewer)
    assert messages_of(refused) == [
        "You have already approved this assessment in this review round"
    ]

    second = make_user("frank", Role.EDI_REVIEWER, first_name="Frank", last_name="Fox")
    result = make_move("approve", assessment=result, by=second)
    assert result.state == S.APPROVED
    assert AuditEntry.objects.filter(assessment=result).latest("sequence").details["approvals"] == 2


@pytest.mark.django_db
def test_the_approvals_required_is_read_when_approving(in_review, reviewer, settings):
    settings.EQIA_APPROVALS_REQUIRED = 3
    make_move("approve", assessment=in_review, by=reviewer)
    settings.EQIA_APPROVALS_REQUIRED = 2
    result = make_move("approve", assessment=in_review, by=make_user("frank", Role.EDI_REVIEWER))
    assert result.state == S.APPROVED


@pytest.mark.django_db
def test_requested_changes_reset_the_approvals(in_review, reviewer, owner, settings):
    settings.EQIA_APPROVALS_REQUIRED = 2
    make_move("approve", assessment=in_review, by=reviewer)
    make_move(
        "request_changes", assessment=in_review, by=reviewer, data={"comment": "One more thing"}
    )
    make_move("submit", assessment=in_review, by=owner)
    make_move("start_review", assessment=in_review, by=reviewer)
    result = make_move("approve", assessment=in_review, by=reviewer)  # round 2: counted afresh
    assert result.state == S.IN_REVIEW
    assert list(result.approvals.values_list("review_round", flat=True)) == [1, 2]


@pytest.mark.django_db
def test_approve_outside_review_says_so(submitted, reviewer):
    with pytest.raises(Refused) as refused:
        make_move("approve", assessment=submitted, by=reviewer)
    assert messages_of(refused) == [
        "You cannot approve now: this assessment is submitted and waiting for a reviewer"
    ]


# Return to author


@pytest.mark.django_db
def test_return_to_author_needs_reasons_and_opens_a_new_round(approved, signoff_officer):
    with pytest.raises(Refused) as refused:
        make_move("return_to_author", assessment=approved, by=signoff_officer, data={"comment": ""})
    assert [(r.message, r.field) for r in refused.value.reasons] == [
        ("Enter why you are returning the assessment", "comment")
    ]
    result = make_move(
        "return_to_author",
        assessment=approved,
        by=signoff_officer,
        data={"comment": "The outcome contradicts the grid"},
    )
    assert (result.state, result.review_round) == (S.CHANGES_REQUESTED, 2)
    assert transitions_of(result)[-1] == (
        S.APPROVED,
        S.CHANGES_REQUESTED,
        "Sam Sinclair",
        "Sign-off officer",
    )


@pytest.mark.django_db
def test_reviewers_may_not_return_or_sign_off(approved, reviewer):
    with pytest.raises(Refused) as refused:
        make_move("return_to_author", assessment=approved, by=reviewer, data={"comment": "No"})
    assert messages_of(refused) == ["Only sign-off officers can return to the author"]
    with pytest.raises(Refused) as refused:
        sign(approved, reviewer)
    assert messages_of(refused) == ["Only sign-off officers can sign off"]
