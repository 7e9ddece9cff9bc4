"""The workflow moves: the state machine, submit and recall, and a whole life on the trail."""

import pytest
from django.utils import timezone
from django_fsm import TransitionNotAllowed
from guardian.shortcuts import assign_perm

from core.refusals import Refused
from eqia.access import COLLEAGUE_CAPACITY as COLLEAGUE_ROLE
from eqia.models import Assessment, AssessmentState, AuditEntry, AuditKind, Part, PartStatus
from tests.assessment_factories import make_assessment
from tests.workflow_moves import messages_of, sign, transitions_of
from workflow.models import AssessmentInWorkflow
from workflow.services import make_move

S = AssessmentState


# The state machine


def test_the_transitions_are_exactly_the_design_graph():
    graph = {
        (transition.name, str(transition.source), str(transition.target))
        for transition in AssessmentInWorkflow._meta.get_field("state").get_all_transitions(
            AssessmentInWorkflow
        )
    }
    open_states = [S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED]
    assert graph == {
        ("submit", S.DRAFT, S.SUBMITTED),
        ("submit", S.CHANGES_REQUESTED, S.SUBMITTED),
        ("recall", S.SUBMITTED, S.DRAFT),
        ("start_review", S.SUBMITTED, S.IN_REVIEW),
        ("request_changes", S.IN_REVIEW, S.CHANGES_REQUESTED),
        ("approve", S.IN_REVIEW, S.APPROVED),
        ("return_to_author", S.APPROVED, S.CHANGES_REQUESTED),
        ("sign_off", S.APPROVED, S.SIGNED_OFF),
        ("supersede", S.SIGNED_OFF, S.SUPERSEDED),
        *{("withdraw", state, S.WITHDRAWN) for state in open_states},
    }


@pytest.mark.django_db
def test_the_state_cannot_be_set_directly_only_moved(owner):
    assessment = make_assessment(by=owner)
    with pytest.raises(AttributeError, match="Direct state modification is not allowed"):
        assessment.state = S.SIGNED_OFF
    with pytest.raises(TransitionNotAllowed):
        AssessmentInWorkflow.objects.get(pk=assessment.pk).sign_off()


# Submit


@pytest.mark.django_db
def test_submit_moves_a_complete_draft_to_submitted_and_logs_who_when_and_from_where(owner):
    assessment = make_assessment(by=owner, complete=True)
    before = timezone.now().replace(microsecond=0)
    result = make_move("submit", assessment=assessment, by=owner)
    assert result.state == S.SUBMITTED
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.state == S.SUBMITTED and stored.submitted_at >= before
    entry = AuditEntry.objects.filter(assessment=assessment).latest("sequence")
    assert (entry.kind, entry.actor, entry.actor_role) == (
        AuditKind.TRANSITION,
        owner,
        "Policy owner",
    )
    assert (entry.from_state, entry.to_state, entry.details["move"]) == (
        S.DRAFT,
        S.SUBMITTED,
        "submit",
    )
    assert entry.at >= before
    assert stored.audit_length == entry.sequence and stored.audit_head == entry.entry_hash


@pytest.mark.django_db
def test_an_assessment_with_nothing_written_is_refused_for_that_reason_first(owner):
    assessment = make_assessment(by=owner)  # nothing filled in
    with pytest.raises(Refused) as refused:
        make_move("submit", assessment=assessment, by=owner)
    assert refused.value.reasons[0].message == (
        "Nothing has been written yet: complete the parts before you submit"
    )
    assert Assessment.objects.get(pk=assessment.pk).state == S.DRAFT


@pytest.mark.django_db
def test_submit_lists_every_incomplete_part_and_changes_nothing(owner):
    from eqia.completeness import submission_problems

    assessment = make_assessment(by=owner, purpose="Allocate housing fairly.")  # one part begun
    expected = submission_problems(assessment)
    with pytest.raises(Refused) as refused:
        make_move("submit", assessment=assessment, by=owner)
    assert refused.value.reasons == expected
    parts = {reason.part for reason in refused.value.reasons}
    assert parts == {part.value for part in Part}  # the policy has a Covenant function
    assert all(reason.field for reason in refused.value.reasons)
    assert Assessment.objects.get(pk=assessment.pk).state == S.DRAFT
    assert not AuditEntry.objects.filter(assessment=assessment, kind=AuditKind.TRANSITION)


@pytest.mark.django_db
def test_submit_names_the_one_part_left_to_complete(owner):
    assessment = make_assessment(by=owner, complete=True)
    assessment.part_status = {**assessment.part_status, Part.REVIEW.value: PartStatus.IN_PROGRESS}
    assessment.save()
    with pytest.raises(Refused) as refused:
        make_move("submit", assessment=assessment, by=owner)
    assert [(r.part, r.field) for r in refused.value.reasons] == [("review", "completed")]


@pytest.mark.django_db
def test_a_colleague_the_policy_is_shared_with_may_submit(owner, colleague):
    assessment = make_assessment(by=owner, complete=True)
    assign_perm("policies.edit_assessments", colleague, assessment.policy)
    result = make_move("submit", assessment=assessment, by=colleague)
    assert result.state == S.SUBMITTED
    # The trail names the capacity the content pages use for a colleague.
    assert transitions_of(result)[-1][2:] == ("Bob Baker", COLLEAGUE_ROLE)


@pytest.mark.django_db
def test_only_the_author_side_may_submit(owner, outsider, reviewer):
    assessment = make_assessment(by=owner, complete=True)
    for person in (outsider, reviewer):
        with pytest.raises(Refused) as refused:
            make_move("submit", assessment=assessment, by=person)
        assert messages_of(refused) == [
            "Only the policy's owner, or a colleague they share it with, can submit for review"
        ]
    assert Assessment.objects.get(pk=assessment.pk).state == S.DRAFT


@pytest.mark.django_db
def test_submitting_twice_tells_the_second_person_who_submitted_and_when(owner, colleague):
    assessment = make_assessment(by=owner, complete=True)
    assign_perm("policies.edit_assessments", colleague, assessment.policy)
    stale = Assessment.objects.get(pk=assessment.pk)
    make_move("submit", assessment=assessment, by=owner)
    with pytest.raises(Refused) as refused:
        make_move("submit", assessment=stale, by=colleague)
    at = timezone.localtime(AuditEntry.objects.filter(assessment=assessment).latest("sequence").at)
    assert messages_of(refused) == [
        f"This assessment was already submitted by Alice Owen at {at:%H:%M}"
    ]
    assert len(transitions_of(assessment)) == 1


@pytest.mark.django_db
def test_changes_requested_is_submitted_again_by_the_author(in_review, owner, reviewer):
    make_move(
        "request_changes", assessment=in_review, by=reviewer, data={"comment": "Add census data"}
    )
    result = make_move("submit", assessment=in_review, by=owner)
    assert result.state == S.SUBMITTED
    assert transitions_of(result)[-1][:2] == (S.CHANGES_REQUESTED, S.SUBMITTED)


# Recall


@pytest.mark.django_db
def test_recall_returns_a_submitted_assessment_to_draft(submitted, owner):
    result = make_move("recall", assessment=submitted, by=owner)
    assert result.state == S.DRAFT
    assert transitions_of(result)[-1] == (S.SUBMITTED, S.DRAFT, "Alice Owen", "Policy owner")


@pytest.mark.django_db
def test_recall_is_refused_once_the_review_has_started(in_review, owner, outsider):
    with pytest.raises(Refused) as refused:
        make_move("recall", assessment=in_review, by=owner)
    assert messages_of(refused) == [
        "You cannot recall the submission now: this assessment is in review"
    ]
    with pytest.raises(Refused) as refused:
        make_move("recall", assessment=in_review, by=outsider)
    assert len(refused.value.reasons) == 2  # not theirs, and the state


# A whole life


@pytest.mark.django_db
def test_every_move_of_a_life_is_on_the_trail_in_order(owner, reviewer, signoff_officer):
    assessment = make_assessment(by=owner, complete=True)
    make_move("submit", assessment=assessment, by=owner)
    make_move("recall", assessment=assessment, by=owner)
    make_move("submit", assessment=assessment, by=owner)
    make_move("start_review", assessment=assessment, by=reviewer)
    make_move("request_changes", assessment=assessment, by=reviewer, data={"comment": "Fix aims"})
    make_move("submit", assessment=assessment, by=owner)
    make_move("start_review", assessment=assessment, by=reviewer)
    make_move("approve", assessment=assessment, by=reviewer)
    make_move(
        "return_to_author", assessment=assessment, by=signoff_officer, data={"comment": "Outcome?"}
    )
    make_move("submit", assessment=assessment, by=owner)
    make_move("start_review", assessment=assessment, by=reviewer)
    make_move("approve", assessment=assessment, by=reviewer)
    sign(assessment, signoff_officer)
    assert [(f, t) for f, t, _, _ in transitions_of(assessment)] == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.DRAFT),
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.IN_REVIEW),
        (S.IN_REVIEW, S.CHANGES_REQUESTED),
        (S.CHANGES_REQUESTED, S.SUBMITTED),
        (S.SUBMITTED, S.IN_REVIEW),
        (S.IN_REVIEW, S.APPROVED),
        (S.APPROVED, S.CHANGES_REQUESTED),
        (S.CHANGES_REQUESTED, S.SUBMITTED),
        (S.SUBMITTED, S.IN_REVIEW),
        (S.IN_REVIEW, S.APPROVED),
        (S.APPROVED, S.SIGNED_OFF),
    ]
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.review_round == 3
    assert [a["review_round"] for a in stored.frozen_content["approvals"]] == [2, 3]
