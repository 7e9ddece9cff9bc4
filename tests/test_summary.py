"""The summary a decision-maker reads first (eqia/summary.py: assessment_summary), built once for
the read view, the sign-off page and the PDF's cover."""

import datetime

import pytest
from django.utils import timezone

from eqia.content import comment_add, comment_resolve
from eqia.models import ActionStatus, Assessment, AssessmentState, Impact, Outcome, Part
from eqia.summary import (
    Timing,
    assessment_summary,
    part_answers,
    sign_off_capacity,
    signer_job_title,
)
from tests.assessment_factories import add_action, make_assessment, set_state

S = AssessmentState


def rate(assessment: Assessment, name: str, impact: Impact, **values: str) -> None:
    row = assessment.impacts.get(characteristic__name=name)
    row.impact = impact
    for field, value in values.items():
        setattr(row, field, value)
    row.save()


@pytest.mark.django_db
def test_the_summary_names_the_outcome_the_rating_and_each_negative_or_unknown_impact(
    owner, colleague
):
    assessment = make_assessment(
        by=owner,
        complete=True,
        outcome=Outcome.CONTINUE,
        outcome_justification="No other way to meet demand.",
        adverse_impact_rating="none",
    )
    rate(assessment, "Disability", Impact.NEGATIVE, mitigation="Adapted homes first.")
    rate(assessment, "Race", Impact.NEGATIVE)
    sex = assessment.impacts.get(characteristic__name="Sex")
    rate(assessment, "Sex", Impact.UNKNOWN)
    add_action(
        assessment,
        owner=colleague,
        description="Ask the women's refuge",
        characteristics=[sex.characteristic],
    )
    summary = assessment_summary(assessment)
    assert (summary.outcome, summary.outcome_justification, summary.adverse_impact) == (
        "Continue despite adverse impact",
        "No other way to meet demand.",
        "None",
    )
    concerns = {c.characteristic: c for c in summary.concerns}
    assert list(concerns) == ["Disability", "Race", "Sex"]
    assert concerns["Disability"].mitigation == "Adapted homes first."
    assert concerns["Disability"].answered
    assert not concerns["Race"].answered
    assert [a.description for a in concerns["Sex"].actions] == ["Ask the women's refuge"]
    assert concerns["Sex"].is_unknown and concerns["Sex"].answered


@pytest.mark.django_db
def test_the_summary_lists_only_the_open_actions_with_their_lead(owner, colleague):
    assessment = make_assessment(by=owner, complete=True)
    add_action(assessment, owner=colleague, description="Open one")
    add_action(assessment, owner=colleague, description="Done one", status=ActionStatus.DONE)
    add_action(
        assessment,
        owner=colleague,
        description="Late one",
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    lines = assessment_summary(assessment).open_actions
    assert [(line.description, line.lead, line.overdue) for line in lines] == [
        ("Late one", "Bob Baker", True),
        ("Open one", "Bob Baker", False),
    ]


@pytest.mark.django_db
def test_the_summary_says_whether_due_regard_to_the_covenant_was_shown(owner):
    assessment = make_assessment(by=owner, complete=True)
    summary = assessment_summary(assessment)
    assert summary.covenant_required and summary.due_regard_shown
    assert summary.covenant_functions == ["Allocations"]
    started = make_assessment(by=owner)
    assert not assessment_summary(started).due_regard_shown


@pytest.mark.django_db
def test_the_timing_is_on_time_or_late_against_the_planned_decision_date(owner):
    today = timezone.localdate()
    ahead = make_assessment(by=owner, planned_decision_date=today + datetime.timedelta(days=3))
    assert assessment_summary(ahead).timing.words.endswith("(in 3 days).")
    passed = make_assessment(by=owner, planned_decision_date=today - datetime.timedelta(days=1))
    timing = assessment_summary(passed).timing
    assert timing.late and timing.words.startswith("Late: the planned decision date")
    signed = make_assessment(by=owner, planned_decision_date=today + datetime.timedelta(days=9))
    set_state(
        signed,
        S.SIGNED_OFF,
        signed_off_at=timezone.now(),
        signed_after_decision_date=True,
        late_sign_off_explanation="The meeting moved.",
    )
    timing = assessment_summary(signed).timing
    assert timing.words.startswith("Late: signed off on ")
    assert timing.explanation == "The meeting moved."
    assert assessment_summary(make_assessment(by=owner)).timing.words == (
        "No planned decision date was given."
    )


@pytest.mark.django_db
def test_the_review_dialogue_is_each_parts_comments_and_answers_with_their_round(owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    point = comment_add(assessment=assessment, by=reviewer, part=Part.AIMS, text="Aim 3?")
    comment_add(assessment=assessment, by=owner, part=Part.AIMS, text="Local lettings plans.")
    comment_resolve(comment=point, by=owner)
    (aims,) = assessment_summary(assessment).dialogue
    assert aims.part == Part.AIMS
    assert [(e.author, e.side, e.review_round, e.state) for e in aims.entries] == [
        ("Erin Reid", "EDI reviewer", 1, "Resolved by Alice Owen"),
        ("Alice Owen", "Author", 1, ""),
    ]
    assert aims.to_answer == 0


@pytest.mark.django_db
def test_each_answer_reads_in_words_with_the_anchor_of_its_field(owner):
    assessment = make_assessment(by=owner, complete=True)
    answers = {answer.name: answer for answer in part_answers(assessment, Part.ABOUT)}
    assert answers["policy_stage"].value == "A review of an existing policy"
    assert answers["policy_stage"].anchor == "id_policy_stage_0"
    assert answers["purpose"].anchor == "id_purpose"
    assert answers["dpia_url"].value == ""


@pytest.mark.django_db
def test_the_signers_capacity_reads_with_the_title_they_gave(owner):
    assert sign_off_capacity("Head of Housing") == "Head of Housing, sign-off officer"
    assert sign_off_capacity("  ") == "Sign-off officer"
    assert signer_job_title(make_assessment(by=owner)) == ""


@pytest.mark.django_db
def test_an_empty_covenant_part_of_a_policy_without_a_function_shows_no_regard_and_needs_none(
    owner,
):
    from tests.factories import make_policy

    policy = make_policy(owner=owner, covenant_functions=[])
    empty = make_assessment(
        policy,
        by=owner,
        complete=True,
        covenant_functions_in_scope=[],
        covenant_unique_obligations="",
        covenant_removing_disadvantage="",
        covenant_special_provision="",
    )
    summary = assessment_summary(empty)
    assert not summary.covenant_required and not summary.due_regard_shown
    assert summary.covenant_words == "Not required: the policy has no Covenant function."
    Assessment.objects.filter(pk=empty.pk).update(covenant_special_provision="Veterans first.")
    answered = assessment_summary(Assessment.objects.get(pk=empty.pk))
    assert answered.covenant_words == "Due regard shown: the Covenant part is complete."


def test_a_signed_documents_overdue_actions_are_overdue_at_sign_off_a_live_pages_today():
    signed_on = datetime.date(2026, 10, 1)
    frozen = Timing(planned=None, signed_on=signed_on, late=False, explanation="", as_of=signed_on)
    assert frozen.overdue_words == "Overdue at sign-off"
    seen_later = Timing(
        planned=None,
        signed_on=signed_on,
        late=False,
        explanation="",
        as_of=signed_on + datetime.timedelta(days=30),
    )
    assert seen_later.overdue_words == "Overdue"
    draft = Timing(planned=None, signed_on=None, late=False, explanation="", as_of=signed_on)
    assert draft.overdue_words == "Overdue"
