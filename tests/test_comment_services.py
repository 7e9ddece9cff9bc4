"""The comment services (eqia/content.py): a reviewer's point resolved by the reviewer or the
author's side, a mistaken comment withdrawn by its author before its round closes, several
comments saved at once or not at all, and a reply saved with its part."""

import pytest

from core.refusals import Refused
from eqia.content import (
    CommentChanges,
    comment_add,
    comment_resolve,
    comment_withdraw,
    comments_apply,
    part_save_and_reply,
)
from eqia.models import AssessmentState, AuditKind, Part
from tests.assessment_factories import make_assessment
from workflow.services import make_move

S = AssessmentState


def messages(refused: pytest.ExceptionInfo[Refused]) -> list[str]:
    return [reason.message for reason in refused.value.reasons]


@pytest.mark.django_db
def test_the_reviewer_who_made_a_point_or_the_author_side_resolves_it(owner, colleague, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    point = comment_add(assessment=assessment, by=reviewer, part=Part.AIMS, text="Aim 3?")
    with pytest.raises(Refused) as refused:
        comment_resolve(comment=point, by=colleague)  # not shared with bob
    assert messages(refused)[-1] == (
        "Only the reviewer who made a comment, or the author's side, can resolve it"
    )
    resolved = comment_resolve(comment=point, by=reviewer)
    assert (resolved.resolved_by, resolved.is_open) == (reviewer, False)
    entry = assessment.audit_entries.filter(kind=AuditKind.COMMENT).latest("sequence")
    assert (entry.actor_role, entry.part, entry.details["resolved"]) == (
        "EDI reviewer",
        "aims",
        True,
    )
    with pytest.raises(Refused) as refused:
        comment_resolve(comment=point, by=owner)
    assert messages(refused)[0].startswith("This comment was already resolved by Erin Reid at ")


@pytest.mark.django_db
def test_an_authors_answer_is_not_resolved(owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    answer = comment_add(assessment=assessment, by=owner, part=Part.AIMS, text="Done")
    with pytest.raises(Refused) as refused:
        comment_resolve(comment=answer, by=owner)
    assert messages(refused) == [
        "Only a reviewer's comment is resolved: this is the author's answer"
    ]


@pytest.mark.django_db
def test_a_comment_is_withdrawn_by_its_author_only_before_its_round_closes(owner, reviewer):
    assessment = make_assessment(by=owner, complete=True)
    assessment = make_move("submit", assessment=assessment, by=owner)
    assessment = make_move("start_review", assessment=assessment, by=reviewer)
    mistake = comment_add(assessment=assessment, by=reviewer, part=Part.AIMS, text="Wrong")
    late = comment_add(assessment=assessment, by=reviewer, part=Part.OUTCOME, text="Kept")
    with pytest.raises(Refused) as refused:
        comment_withdraw(comment=mistake, by=owner)
    assert messages(refused) == ["Only the person who wrote a comment can withdraw it"]
    withdrawn = comment_withdraw(comment=mistake, by=reviewer)
    assert withdrawn.is_withdrawn and not withdrawn.is_open
    entry = assessment.audit_entries.filter(kind=AuditKind.COMMENT).latest("sequence")
    assert entry.details == {"comment": mistake.pk, "withdrawn": True, "review_round": 1}
    make_move("request_changes", assessment=assessment, by=reviewer, data={"comment": "See"})
    with pytest.raises(Refused) as refused:
        comment_withdraw(comment=late, by=reviewer)
    assert messages(refused) == [
        "The review round of this comment (round 1) has closed: it can no longer be withdrawn"
    ]


@pytest.mark.django_db
def test_several_comments_are_saved_together_or_not_at_all(owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    saved = comments_apply(
        assessment=assessment,
        by=reviewer,
        changes=CommentChanges(new={Part.ABOUT: "One", Part.AIMS: "Two", Part.REVIEW: "  "}),
    )
    assert [c.part for c in saved] == ["about", "aims"]
    trail = assessment.audit_entries.count()
    with pytest.raises(Refused) as refused:
        comments_apply(
            assessment=assessment,
            by=reviewer,
            changes=CommentChanges(new={Part.EVIDENCE: "Three"}, withdraw=[saved[0].pk, 999]),
        )
    assert messages(refused) == ["That comment is not one of this assessment's"]
    assert assessment.comments.count() == 2
    assert not assessment.comments.get(pk=saved[0].pk).is_withdrawn
    assert assessment.audit_entries.count() == trail


@pytest.mark.django_db
def test_a_refused_comment_names_its_box_and_a_refusal_of_who_is_said_once(owner, auditor):
    assessment = make_assessment(by=owner, complete=True, state=S.SIGNED_OFF)
    with pytest.raises(Refused) as refused:
        comments_apply(
            assessment=assessment,
            by=auditor,
            changes=CommentChanges(new={Part.ABOUT: "One", Part.AIMS: "Two"}),
        )
    assert messages(refused) == [
        "Only the author's side and EDI reviewers can comment on an assessment"
    ]


@pytest.mark.django_db
def test_a_reply_is_saved_with_its_part_in_one_transaction(owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.CHANGES_REQUESTED)
    saved = part_save_and_reply(
        assessment=assessment,
        by=owner,
        part=Part.EVIDENCE,
        values={"data_sources": "Census 2021 TS038"},
        completed=True,
        reply="Added the census table.",
    )
    assert saved.reply is not None and saved.reply.text == "Added the census table."
    assessment.refresh_from_db()
    assert assessment.data_sources == "Census 2021 TS038"
    # The reply refused (an unknown comment ticked), the part is not saved either.
    with pytest.raises(Refused):
        part_save_and_reply(
            assessment=assessment,
            by=owner,
            part=Part.EVIDENCE,
            values={"data_sources": "Changed"},
            completed=True,
            reply="Again",
            comments=CommentChanges(resolve=[999]),
        )
    assessment.refresh_from_db()
    assert assessment.data_sources == "Census 2021 TS038"
    assert assessment.comments.count() == 1
