import datetime

import pytest

from core.dates import today
from eqia.completeness import (
    part_problems,
    reason_url,
    required_parts,
    submission_problems,
)
from eqia.models import (
    Characteristic,
    DecisionMeeting,
    Impact,
    Outcome,
    Part,
    PartStatus,
    PolicyStage,
    ScreeningOutcome,
)
from tests.assessment_factories import add_action, make_assessment
from tests.factories import make_policy


def messages(reasons):
    return [reason.message for reason in reasons]


def fields(reasons):
    return {reason.field for reason in reasons}


def row_for(assessment, name):
    return assessment.impacts.get(characteristic__name=name)


@pytest.mark.django_db
def test_a_complete_assessment_has_no_submission_problems(owner):
    assessment = make_assessment(by=owner, complete=True)
    assert submission_problems(assessment) == []


@pytest.mark.django_db
def test_a_fresh_assessment_lists_every_problem_of_every_required_part(owner):
    assessment = make_assessment(by=owner)
    reasons = submission_problems(assessment)
    text = messages(reasons)
    assert "About the policy: enter the decision-maker" in text
    assert "Screening: say whether a full assessment is needed" in text
    assert "Evidence and engagement: enter the data and evidence used" in text
    assert "Impact on people: rate the impact on Age" in text
    assert "The three aims of the equality duty: enter how the policy fosters good relations" in (
        text
    )
    assert "Outcome: choose the outcome" in text
    assert "Review date: enter when this assessment will be reviewed" in text
    for part in Part:
        assert f"Mark {part.label} as completed" in text
    assert {reason.part for reason in reasons} == set(Part.values)


@pytest.mark.django_db
def test_each_reason_names_its_part_and_form_field(owner):
    assessment = make_assessment(by=owner)
    reason = next(r for r in part_problems(assessment, Part.ABOUT) if "decision-maker" in r.message)
    assert (reason.part, reason.field) == ("about", "decision_maker")
    assert reason_url(assessment, reason) == (
        f"/assessments/{assessment.pk}/parts/about/#id_decision_maker"
    )


@pytest.mark.django_db
def test_a_part_not_marked_completed_stops_submission_even_with_its_content_done(owner):
    assessment = make_assessment(by=owner, complete=True)
    assessment.part_status["aims"] = PartStatus.IN_PROGRESS
    assessment.save()
    assert messages(submission_problems(assessment)) == [
        "Mark The three aims of the equality duty as completed"
    ]


@pytest.mark.django_db
def test_about_needs_a_decision_meeting_on_the_pathway(owner):
    assessment = make_assessment(by=owner, complete=True)
    assert part_problems(assessment, Part.ABOUT) == []
    assessment.decision_meetings.all().delete()
    [reason] = part_problems(assessment, Part.ABOUT)
    assert "meeting or body on the decision pathway" in reason.message
    assert reason.field == "meetings-0-body"


@pytest.mark.django_db
def test_previous_plans_and_changes_are_needed_only_for_a_revised_or_existing_policy(owner):
    assessment = make_assessment(by=owner, complete=True, previous_plans="", changes_since="")
    assert fields(part_problems(assessment, Part.ABOUT)) == {"previous_plans", "changes_since"}
    assessment.policy_stage = PolicyStage.NEW
    assert part_problems(assessment, Part.ABOUT) == []


@pytest.mark.django_db
def test_consideration_must_begin_before_the_planned_decision(owner):
    assessment = make_assessment(
        by=owner,
        complete=True,
        consideration_began=datetime.date(2027, 7, 1),
        planned_decision_date=datetime.date(2027, 6, 30),
    )
    assert fields(part_problems(assessment, Part.ABOUT)) == {"consideration_began"}


@pytest.mark.django_db
def test_the_data_protection_link_is_optional(owner):
    assessment = make_assessment(by=owner, complete=True, dpia_url="")
    assert part_problems(assessment, Part.ABOUT) == []


@pytest.mark.django_db
def test_no_full_assessment_needs_its_reasons(owner):
    assessment = make_assessment(
        by=owner, complete=True, screening_outcome=ScreeningOutcome.NOT_NEEDED
    )
    assert messages(part_problems(assessment, Part.SCREENING)) == [
        "Screening: explain why no full assessment is needed"
    ]


@pytest.mark.django_db
def test_no_full_assessment_is_refused_when_an_impact_is_negative_or_not_yet_known(owner):
    assessment = make_assessment(
        by=owner,
        complete=True,
        screening_outcome=ScreeningOutcome.NOT_NEEDED,
        no_full_assessment_reasons="Minor wording change.",
    )
    assert part_problems(assessment, Part.SCREENING) == []
    row = row_for(assessment, "Disability")
    row.impact = Impact.UNKNOWN
    row.save()
    [reason] = part_problems(assessment, Part.SCREENING)
    assert reason.field == "screening_outcome"
    assert "a full assessment is needed" in reason.message
    assert "Disability (not yet known)" in reason.message


@pytest.mark.django_db
def test_evidence_and_grid_summaries_are_needed_only_for_a_full_assessment(owner):
    assessment = make_assessment(
        by=owner, complete=True, data_sources="", engagement="", intersectionality=""
    )
    assert fields(part_problems(assessment, Part.EVIDENCE)) == {"data_sources", "engagement"}
    assert fields(part_problems(assessment, Part.IMPACTS)) == {"intersectionality"}
    assessment.screening_outcome = ScreeningOutcome.NOT_NEEDED
    assert part_problems(assessment, Part.EVIDENCE) == []
    assert part_problems(assessment, Part.IMPACTS) == []


@pytest.mark.django_db
def test_every_characteristic_is_rated_with_evidence_even_without_a_full_assessment(owner):
    assessment = make_assessment(
        by=owner, complete=True, screening_outcome=ScreeningOutcome.NOT_NEEDED
    )
    row = row_for(assessment, "Armed Forces community")
    row.impact, row.evidence = "", ""
    row.save()
    reasons = part_problems(assessment, Part.IMPACTS)
    assert messages(reasons) == [
        "Impact on people: rate the impact on Armed Forces community",
        "Impact on people: give the evidence for Armed Forces community",
    ]
    assert fields(reasons) == {f"impact-{row.pk}-impact", f"impact-{row.pk}-evidence"}


@pytest.mark.django_db
def test_a_negative_impact_needs_a_mitigation_or_a_justification(owner):
    assessment = make_assessment(by=owner, complete=True)
    row = row_for(assessment, "Age")
    row.impact = Impact.NEGATIVE
    row.save()
    [reason] = part_problems(assessment, Part.IMPACTS)
    assert reason.field == f"impact-{row.pk}-mitigation"
    row.justification = "Proportionate means of meeting a legitimate aim."
    row.save()
    assert part_problems(assessment, Part.IMPACTS) == []


@pytest.mark.django_db
def test_not_yet_known_needs_an_action_for_that_characteristic(owner, colleague):
    assessment = make_assessment(by=owner, complete=True)
    row = row_for(assessment, "Race")
    row.impact = Impact.UNKNOWN
    row.save()
    [reason] = part_problems(assessment, Part.IMPACTS)
    assert "Race is not yet known: add an action" in reason.message
    add_action(
        assessment, owner=colleague, characteristics=[Characteristic.objects.get(name="Age")]
    )
    assert len(part_problems(assessment, Part.IMPACTS)) == 1
    add_action(assessment, owner=colleague, characteristics=[row.characteristic])
    assert part_problems(assessment, Part.IMPACTS) == []


@pytest.mark.django_db
def test_the_covenant_part_is_required_only_for_a_policy_with_a_covenant_function(owner):
    policy = make_policy(owner=owner, covenant_functions=[])
    assessment = make_assessment(
        policy,
        by=owner,
        complete=True,
        covenant_functions_in_scope=[],
        covenant_special_provision="",
    )
    assessment.part_status.pop("covenant")
    assessment.save()
    assert Part.COVENANT not in required_parts(assessment)
    assert submission_problems(assessment) == []
    assessment.policy.covenant_functions = ["education"]
    assessment.policy.save()
    assert fields(submission_problems(assessment)) == {
        "covenant_functions_in_scope",
        "covenant_special_provision",
        "completed",
    }


@pytest.mark.django_db
def test_the_covenant_part_needs_each_principle_in_its_own_field(owner):
    assessment = make_assessment(
        by=owner,
        complete=True,
        covenant_unique_obligations="",
        covenant_removing_disadvantage="",
        covenant_special_provision="",
        covenant_functions_in_scope=["not_a_function"],
    )
    assert fields(part_problems(assessment, Part.COVENANT)) == {
        "covenant_functions_in_scope",
        "covenant_unique_obligations",
        "covenant_removing_disadvantage",
        "covenant_special_provision",
    }


@pytest.mark.django_db
def test_all_three_aims_are_required(owner):
    assessment = make_assessment(by=owner, complete=True, aim_advance_opportunity="")
    assert fields(part_problems(assessment, Part.AIMS)) == {"aim_advance_opportunity"}


@pytest.mark.django_db
def test_continuing_despite_adverse_impact_needs_the_justification(owner):
    assessment = make_assessment(by=owner, complete=True, outcome=Outcome.CONTINUE)
    [reason] = part_problems(assessment, Part.OUTCOME)
    assert reason.field == "outcome_justification"
    assert "countervailing factors" in reason.message


@pytest.mark.parametrize("outcome", [Outcome.ADJUST, Outcome.STOP])
@pytest.mark.django_db
def test_adjust_and_stop_need_an_action(owner, outcome):
    assessment = make_assessment(by=owner, complete=True, outcome=outcome)
    [reason] = part_problems(assessment, Part.OUTCOME)
    assert reason.field == "outcome"
    assert "needs at least one action" in reason.message
    add_action(assessment, owner=owner)
    assert part_problems(assessment, Part.OUTCOME) == []


@pytest.mark.django_db
def test_outcome_needs_the_rating_and_why_the_evidence_is_sufficient(owner):
    assessment = make_assessment(
        by=owner, complete=True, adverse_impact_rating="", evidence_sufficiency=""
    )
    assert fields(part_problems(assessment, Part.OUTCOME)) == {
        "adverse_impact_rating",
        "evidence_sufficiency",
    }


@pytest.mark.django_db
def test_an_action_without_a_description_is_a_problem(owner):
    assessment = make_assessment(by=owner, complete=True)
    action = add_action(assessment, owner=owner, description="  ")
    [reason] = part_problems(assessment, Part.ACTIONS)
    assert reason.message == "Action plan: action 1 needs a description"
    assert reason.field == f"action-{action.pk}"


@pytest.mark.django_db
def test_the_review_date_must_be_after_today(owner):
    assessment = make_assessment(by=owner, complete=True, review_date=today())
    assert messages(part_problems(assessment, Part.REVIEW)) == [
        "Review date: the review date must be in the future"
    ]
    assessment.review_date = today() + datetime.timedelta(days=1)
    assert part_problems(assessment, Part.REVIEW) == []


@pytest.mark.django_db
def test_the_rules_read_the_meetings_stored_now(owner):
    assessment = make_assessment(by=owner)
    DecisionMeeting.objects.create(assessment=assessment, body="Cabinet", date=today())
    assert "meetings-0-body" not in fields(part_problems(assessment, Part.ABOUT))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "covenant"),
    [
        ({}, True),  # an existing policy, a full assessment, a Covenant function
        (
            {
                "policy_stage": PolicyStage.NEW,
                "screening_outcome": ScreeningOutcome.NOT_NEEDED,
                "no_full_assessment_reasons": "No group is affected differently.",
                "outcome": Outcome.CONTINUE,
                "outcome_justification": "No other way to meet demand.",
            },
            False,
        ),
    ],
)
def test_a_field_is_due_exactly_where_the_pdf_says_it_applies(owner, answers, covenant):
    """eqia.completeness.field_applies (what the signed PDF reads "Not applicable") and the
    rules: blanking a field that applies, and is not optional, is a problem; blanking one that
    does not apply is none."""
    from eqia.completeness import OPTIONAL_FIELDS, field_applies
    from eqia.models import PART_FIELDS

    policy = make_policy(owner=owner, covenant_functions=["housing"] if covenant else [])
    assessment = make_assessment(policy, by=owner, complete=True, **answers)
    values = {name: getattr(assessment, name) for names in PART_FIELDS.values() for name in names}
    for part, names in PART_FIELDS.items():
        for name in names:
            blank = [] if isinstance(values[name], list) else None
            if isinstance(values[name], str):
                blank = ""
            setattr(assessment, name, blank)
            flagged = name in fields(part_problems(assessment, part))
            setattr(assessment, name, values[name])
            due = name not in OPTIONAL_FIELDS and field_applies(
                name, values, covenant_required=covenant
            )
            assert flagged == due, name
