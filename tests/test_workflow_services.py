"""The workflow moves: who may make each, from which state, what each records."""

import datetime

import pytest
from django.utils import timezone
from django_fsm import TransitionNotAllowed
from guardian.shortcuts import assign_perm

from core.refusals import Refused
from core.roles import Role
from eqia.access import COLLEAGUE_CAPACITY as COLLEAGUE_ROLE
from eqia.access import content_authors
from eqia.content import comment_add
from eqia.models import (
    Approval,
    Assessment,
    AssessmentState,
    AuditEntry,
    AuditKind,
    Part,
    PartStatus,
    ReviewComment,
)
from eqia.snapshot import content_sha256, content_snapshot
from tests.assessment_factories import add_content_entry, fill_complete, make_assessment, set_state
from tests.factories import make_policy, make_service_area, make_user
from workflow.models import AssessmentInWorkflow
from workflow.services import make_move

S = AssessmentState
ATTESTATION_SETTING = "EQIA_ATTESTATION"


def messages_of(error: pytest.ExceptionInfo[Refused]) -> list[str]:
    return [reason.message for reason in error.value.reasons]


def transitions_of(assessment: Assessment) -> list[tuple[str, str, str, str]]:
    return [
        (entry.from_state, entry.to_state, entry.actor_name, entry.actor_role)
        for entry in AuditEntry.objects.filter(
            assessment=assessment, kind=AuditKind.TRANSITION
        ).order_by("sequence")
    ]


@pytest.fixture
def submitted(owner):
    assessment = make_assessment(by=owner, complete=True)
    return make_move("submit", assessment=assessment, by=owner)


@pytest.fixture
def in_review(submitted, reviewer):
    return make_move("start_review", assessment=submitted, by=reviewer)


@pytest.fixture
def approved(in_review, reviewer):
    return make_move("approve", assessment=in_review, by=reviewer)


def sign(assessment, by, **kwargs):
    attestation = kwargs.pop("attestation", _attestation())
    data = {"attestation": bool(attestation), "attestation_text": attestation, **kwargs}
    return make_move("sign_off", assessment=assessment, by=by, data=data)


def _attestation() -> str:
    from django.conf import settings

    return settings.EQIA_ATTESTATION


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
def test_submit_lists_every_incomplete_part_and_changes_nothing(owner):
    from eqia.completeness import submission_problems

    assessment = make_assessment(by=owner)  # nothing filled in
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
        "You wrote or edited this assessment, so you cannot start the review: someone "
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
        "You wrote or edited this assessment, so you cannot approve: someone independent of "
        "it must (separation of duties)"
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


# Sign off


@pytest.mark.django_db
def test_sign_off_records_the_officer_the_attestation_and_freezes_the_content(
    approved, signoff_officer
):
    result = sign(approved, signoff_officer, comment="Agreed")
    stored = Assessment.objects.get(pk=approved.pk)
    assert stored.state == S.SIGNED_OFF == result.state
    assert stored.signed_off_by == signoff_officer
    assert stored.signed_off_at is not None
    assert stored.attestation == _attestation()
    assert stored.sign_off_comment == "Agreed"
    assert stored.signed_after_decision_date is False
    assert stored.frozen_content["sign_off"]["by"] == "Sam Sinclair"
    assert stored.frozen_content["assessment"]["state"] == S.SIGNED_OFF
    assert stored.content_sha256 == content_sha256(stored.frozen_content)
    assert stored.frozen_content == content_snapshot(stored)
    assert not stored.is_editable
    entry = AuditEntry.objects.filter(assessment=stored).latest("sequence")
    assert entry.details["content_sha256"] == stored.content_sha256
    assert (entry.from_state, entry.to_state, entry.actor_role) == (
        S.APPROVED,
        S.SIGNED_OFF,
        "Sign-off officer",
    )


@pytest.mark.django_db
def test_after_sign_off_the_content_save_service_refuses_edits(approved, signoff_officer, owner):
    from eqia.content import part_save

    sign(approved, signoff_officer)
    with pytest.raises(Refused):
        part_save(
            assessment=approved,
            by=owner,
            part=Part.AIMS,
            values={"aim_foster_relations": "Changed afterwards"},
            completed=True,
        )
    assert Assessment.objects.get(pk=approved.pk).aim_foster_relations != "Changed afterwards"


@pytest.mark.django_db
def test_sign_off_needs_the_attestation_in_the_councils_exact_words(approved, signoff_officer):
    with pytest.raises(Refused) as refused:
        sign(approved, signoff_officer, attestation="")
    assert [(r.field) for r in refused.value.reasons] == ["attestation"]
    assert "I confirm" in messages_of(refused)[0]
    with pytest.raises(Refused) as refused:
        sign(approved, signoff_officer, attestation=_attestation().rstrip("."))
    assert messages_of(refused) == [
        "The attestation is not in the council's words: read it again and confirm"
    ]
    assert Assessment.objects.get(pk=approved.pk).state == S.APPROVED


@pytest.mark.django_db
def test_the_attestation_may_be_the_councils_own_words(approved, signoff_officer, settings):
    settings.EQIA_ATTESTATION = "We had due regard."
    with pytest.raises(Refused):
        sign(approved, signoff_officer, attestation="I have read this assessment in full")
    result = sign(approved, signoff_officer, attestation="We had due regard.")
    assert result.attestation == "We had due regard."


@pytest.mark.django_db
def test_signing_after_the_planned_decision_date_needs_an_explanation_shown_on_the_record(
    owner, reviewer, signoff_officer
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assessment = make_assessment(by=owner, complete=True)
    Assessment.objects.filter(pk=assessment.pk).update(planned_decision_date=yesterday)
    set_state(assessment, S.APPROVED)
    with pytest.raises(Refused) as refused:
        sign(assessment, signoff_officer, late_explanation=" ")
    expected_date = f"{yesterday.day} {yesterday:%B %Y}"
    assert [(r.message, r.field) for r in refused.value.reasons] == [
        (
            f"The planned decision date, {expected_date}, has passed: explain why the "
            "assessment is signed off after it",
            "late_explanation",
        )
    ]
    result = sign(assessment, signoff_officer, late_explanation="Cabinet met early")
    assert result.signed_after_decision_date is True
    assert result.late_sign_off_explanation == "Cabinet met early"
    assert result.frozen_content["sign_off"]["late_explanation"] == "Cabinet met early"
    assert (
        AuditEntry.objects.filter(assessment=result)
        .latest("sequence")
        .details["after_planned_decision_date"]
    )


@pytest.mark.django_db
def test_a_decision_date_today_is_not_late(owner, signoff_officer):
    assessment = make_assessment(
        by=owner, complete=True, state=S.APPROVED, planned_decision_date=timezone.localdate()
    )
    result = sign(assessment, signoff_officer, late_explanation="Not needed")
    assert (result.signed_after_decision_date, result.late_sign_off_explanation) == (False, "")


@pytest.mark.django_db
def test_sign_off_officers_limited_to_other_service_areas_are_refused(owner, signoff_officer):
    housing, schools = make_service_area("Housing"), make_service_area("Schools")
    assign_perm("policies.sign_off_assessments", signoff_officer, schools)
    policy = make_policy(owner=owner, service_area=housing, covenant_functions=["housing"])
    assessment = make_assessment(policy, by=owner, complete=True, state=S.APPROVED)
    with pytest.raises(Refused) as refused:
        sign(assessment, signoff_officer)
    assert messages_of(refused) == [
        "You sign off assessments only in your own service areas, and this policy is in Housing"
    ]
    assign_perm("policies.sign_off_assessments", signoff_officer, housing)
    assert sign(assessment, signoff_officer).state == S.SIGNED_OFF


@pytest.mark.django_db
def test_nobody_signs_off_an_assessment_they_started(signoff_officer):
    assessment = make_assessment(by=signoff_officer, complete=True, state=S.APPROVED)
    with pytest.raises(Refused) as refused:
        sign(assessment, signoff_officer)
    assert messages_of(refused) == [
        "You wrote or edited this assessment, so you cannot sign off: someone independent of "
        "it must (separation of duties)"
    ]


@pytest.mark.django_db
def test_signing_a_newer_version_supersedes_the_older_one_on_both_trails(
    owner, reviewer, signoff_officer
):
    from eqia.services import assessment_start

    first = make_assessment(by=owner, complete=True, state=S.APPROVED)
    sign(first, signoff_officer)
    second = assessment_start(policy=first.policy, by=owner)
    fill_complete(second)
    set_state(second, S.APPROVED)
    sign(second, signoff_officer)

    first.refresh_from_db()
    assert first.state == S.SUPERSEDED
    last = AuditEntry.objects.filter(assessment=first).latest("sequence")
    assert (last.from_state, last.to_state, last.actor_name, last.details["move"]) == (
        S.SIGNED_OFF,
        S.SUPERSEDED,
        "Sam Sinclair",
        "supersede",
    )
    assert last.comment == "Superseded by EqIA v2, signed off"
    assert first.audit_length == last.sequence
    # The older version's frozen content stays as it was signed.
    assert first.frozen_content["assessment"]["state"] == S.SIGNED_OFF
    assert first.content_sha256 == content_sha256(first.frozen_content)


@pytest.mark.django_db
def test_documents_hook_is_called_inside_the_sign_off(approved, signoff_officer, monkeypatch):
    called = []

    def hook(assessment):
        called.append((assessment.pk, assessment.state, assessment.content_sha256))

    monkeypatch.setattr("workflow.moves.issue_signed_pdf", hook)
    sign(approved, signoff_officer)
    assert called == [
        (approved.pk, S.SIGNED_OFF, Assessment.objects.get(pk=approved.pk).content_sha256)
    ]


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
