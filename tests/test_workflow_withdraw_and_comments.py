"""Withdrawing an assessment, and comments on its parts during review."""

import pytest

from core.refusals import Refused
from eqia.content import comment_add
from eqia.models import AssessmentState, AuditEntry, AuditKind, Part, ReviewComment
from tests.assessment_factories import make_assessment
from tests.workflow_moves import messages_of, transitions_of
from workflow.services import make_move

S = AssessmentState


# Withdraw


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state", [S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED]
)
def test_the_author_withdraws_from_any_state_before_sign_off(owner, state):
    assessment = make_assessment(by=owner, complete=True, state=state)
    result = make_move(
        "withdraw", assessment=assessment, by=owner, data={"reason": "Policy dropped"}
    )
    assert (result.state, result.withdrawn_reason) == (S.WITHDRAWN, "Policy dropped")
    assert transitions_of(result)[-1][:2] == (state, S.WITHDRAWN)


@pytest.mark.django_db
def test_an_administrator_may_withdraw_and_is_logged_as_one(owner, administrator):
    assessment = make_assessment(by=owner)
    make_move("withdraw", assessment=assessment, by=administrator, data={"reason": "Duplicate"})
    assert transitions_of(assessment)[-1][3] == "Administrator"


@pytest.mark.django_db
def test_withdraw_needs_a_reason_and_is_refused_after_sign_off(owner, outsider):
    assessment = make_assessment(by=owner, complete=True, state=S.SIGNED_OFF)
    with pytest.raises(Refused) as refused:
        make_move("withdraw", assessment=assessment, by=owner, data={"reason": ""})
    assert messages_of(refused) == [
        "You cannot withdraw the assessment now: this assessment is signed off",
        "Enter why the assessment is withdrawn",
    ]
    draft = make_assessment(by=owner)
    with pytest.raises(Refused) as refused:
        make_move("withdraw", assessment=draft, by=outsider, data={"reason": "Mine now"})
    assert messages_of(refused) == [
        "Only the policy's owner, a colleague they share it with, or an administrator can "
        "withdraw the assessment"
    ]


# Comments


@pytest.mark.django_db
def test_reviewers_comment_on_a_part_while_in_review(in_review, reviewer):
    comment = comment_add(
        assessment=in_review, by=reviewer, part=Part.IMPACTS, text="Where is the poverty data?"
    )
    assert (comment.part, comment.author, comment.review_round) == ("impacts", reviewer, 1)
    entry = AuditEntry.objects.filter(assessment=in_review).latest("sequence")
    assert (entry.kind, entry.part, entry.comment, entry.actor_role) == (
        AuditKind.COMMENT,
        "impacts",
        "Where is the poverty data?",
        "EDI reviewer",
    )


@pytest.mark.django_db
def test_the_author_answers_while_changes_are_requested(in_review, reviewer, owner):
    make_move(
        "request_changes", assessment=in_review, by=reviewer, data={"comment": "See comments"}
    )
    answer = comment_add(
        assessment=in_review, by=owner, part=Part.IMPACTS, text="Added the 2024 survey"
    )
    assert (answer.author, answer.review_round) == (owner, 2)
    with pytest.raises(Refused) as refused:
        comment_add(assessment=in_review, by=reviewer, part=Part.IMPACTS, text="More")
    assert messages_of(refused) == [
        "Reviewers comment while an assessment is in review: it is back with the author for changes"
    ]


@pytest.mark.django_db
def test_a_comment_needs_text_a_known_part_and_someone_who_may_comment(
    in_review, reviewer, signoff_officer
):
    with pytest.raises(Refused) as refused:
        comment_add(assessment=in_review, by=reviewer, part="nonsense", text=" ")
    assert [(r.message, r.field) for r in refused.value.reasons] == [
        ("Choose the part of the assessment to comment on", "part"),
        ("Enter your comment", "text"),
    ]
    with pytest.raises(Refused) as refused:
        comment_add(assessment=in_review, by=signoff_officer, part=Part.AIMS, text="Looks fine")
    assert messages_of(refused) == [
        "Only the author's side and EDI reviewers can comment on an assessment"
    ]
    assert not ReviewComment.objects.exists()


@pytest.mark.django_db
def test_the_author_may_not_comment_on_a_draft(owner):
    assessment = make_assessment(by=owner)
    with pytest.raises(Refused, match="while the assessment is in review"):
        comment_add(assessment=assessment, by=owner, part=Part.AIMS, text="Note")
