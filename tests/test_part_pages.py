"""A part page: saving a part, coming back to it, and content frozen outside the author's turn."""

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from core.dates import date_hint
from eqia.models import (
    AssessmentState,
    AuditEntry,
    AuditKind,
    DecisionMeeting,
    Impact,
    Part,
    PartStatus,
)
from tests.assessment_factories import (
    CONSIDERATION_BEGAN,
    PLANNED_DECISION_DATE,
    long_date,
    make_assessment,
)
from tests.factories import make_policy
from tests.page import (
    banners,
    error_summary,
    field_error,
    parse,
    summary_list,
    table_rows,
    text_of,
    title,
)
from tests.parts import has_edit_form, part_url


def content_entries(assessment):
    return AuditEntry.objects.filter(assessment=assessment, kind=AuditKind.CONTENT)


ABOUT = {
    "purpose": "Allocate housing fairly.",
    "scope": "Applicants and tenants.",
    "policy_stage": "new",
    "lead_officer_name": "Alice Owen",
    "lead_officer_role": "Housing Needs Manager",
    "others_involved": "",
    "consideration_began": "05/01/2026",
    "decision_maker": "Cabinet Member for Housing",
    "planned_decision_date": "30/06/2027",
    "dpia_url": "",
    "previous_plans": "",
    "changes_since": "",
    "meetings-TOTAL_FORMS": "1",
    "meetings-INITIAL_FORMS": "0",
    "meetings-MIN_NUM_FORMS": "0",
    "meetings-MAX_NUM_FORMS": "1000",
    "meetings-0-body": "Cabinet",
    "meetings-0-date": "30/06/2027",
    "completed": "yes",
}


# --- Saving and coming back later ----------------------------------------------------------


@pytest.mark.django_db
def test_saving_a_part_stores_it_and_returns_to_the_task_list(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "about"), {**ABOUT, "decision_maker": "", "completed": "no"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workflow:detail", args=[assessment.pk])
    assessment.refresh_from_db()
    assert assessment.consideration_began == datetime.date(2026, 1, 5)
    assert assessment.planned_decision_date == datetime.date(2027, 6, 30)
    assert assessment.status_of(Part.ABOUT) == PartStatus.IN_PROGRESS
    assert list(assessment.decision_meetings.values_list("body", "date")) == [
        ("Cabinet", datetime.date(2027, 6, 30))
    ]
    entry = content_entries(assessment).get()
    assert (entry.actor, entry.part) == (owner, "about")
    assert "consideration_began" in entry.details["changed"]
    assert banners(client.get(response["Location"])) == ["\u201cAbout the policy\u201d saved."]


@pytest.mark.django_db
def test_a_complete_part_marked_completed_is_completed(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(part_url(assessment, "about"), ABOUT)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status_of(Part.ABOUT) == PartStatus.COMPLETED


@pytest.mark.django_db
def test_marking_an_incomplete_part_completed_shows_each_problem_at_its_field(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "about"),
        {**ABOUT, "decision_maker": "", "policy_stage": "revised"},
    )
    assert response.status_code == 200
    assert title(response).startswith("Error: 1. About the policy – ")
    assertContains(response, '<a href="#id_decision_maker">Enter the decision-maker</a>', html=True)
    assert error_summary(response) == [
        "Enter the decision-maker",
        "Enter what the previous assessment planned, and what came of it",
        "Enter what has changed since the last assessment",
    ]
    assert parse(response).find("a", href="#id_previous_plans").text == (
        "Enter what the previous assessment planned, and what came of it"
    )
    assert field_error(response, "id_decision_maker") == "Enter the decision-maker"
    assert "were saved, but it is not complete yet" in text_of(response)
    assessment.refresh_from_db()
    assert assessment.lead_officer_name == "Alice Owen"  # saved all the same
    assert assessment.status_of(Part.ABOUT) == PartStatus.IN_PROGRESS


@pytest.mark.django_db
def test_a_date_that_is_not_a_date_saves_nothing(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "about"), {**ABOUT, "planned_decision_date": "31/02/2027"}
    )
    assert response.status_code == 200
    assert field_error(response, "id_planned_decision_date") == (
        f"Enter a real date for the planned decision date. {date_hint()}"
    )
    # What was typed is still in the boxes, to put right and save again.
    assert parse(response).find("textarea", name="purpose").text == "Allocate housing fairly."
    assessment.refresh_from_db()
    assert assessment.purpose == ""
    assert not content_entries(assessment).exists()


@pytest.mark.django_db
def test_each_date_error_names_its_field_and_no_message_is_shown_twice(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "about"),
        {
            **ABOUT,
            "consideration_began": "32/01/2026",
            "planned_decision_date": "31/02/2027",
            "meetings-TOTAL_FORMS": "2",
            "meetings-1-body": "Full Council",
            "meetings-0-date": "soon",
            "meetings-1-date": "later",
        },
    )
    hint = date_hint()
    assert error_summary(response) == [
        f"Enter a real date for when consideration of equality began. {hint}",
        f"Enter a real date for the planned decision date. {hint}",
        f"Enter a real date for the date of meeting 1. {hint}",
        f"Enter a real date for the date of meeting 2. {hint}",
    ]


@pytest.mark.django_db
def test_an_unanswered_completed_question_keeps_the_parts_status(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "evidence"), {"data_sources": "Census 2021", "engagement": "Panel"}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.data_sources == "Census 2021"
    assert assessment.status_of(Part.EVIDENCE) == PartStatus.COMPLETED
    started = make_assessment(by=owner)
    response = client.post(part_url(started, "evidence"), {"data_sources": "Census"})
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.status_of(Part.EVIDENCE) == PartStatus.IN_PROGRESS


# --- Every way off the form saves what was typed ----------------------------------------------


@pytest.mark.django_db
def test_save_and_continue_saves_and_opens_the_next_part(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "evidence"), {"data_sources": "Census", "then": "next"}
    )
    assert response["Location"] == part_url(assessment, "impacts")
    assessment.refresh_from_db()
    assert assessment.data_sources == "Census"
    assert banners(client.get(response["Location"])) == [
        "\u201cEvidence and engagement\u201d saved."
    ]


@pytest.mark.django_db
def test_previous_saves_and_opens_the_part_before(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "evidence"), {"engagement": "Tenant panel", "then": "previous"}
    )
    assert response["Location"] == part_url(assessment, "screening")
    assessment.refresh_from_db()
    assert assessment.engagement == "Tenant panel"


@pytest.mark.django_db
def test_the_first_and_last_parts_return_to_the_assessment_when_there_is_no_part_beyond(
    client, owner
):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    for part, data in [("review", {}), ("about", {**ABOUT, "completed": "no"})]:
        then = "next" if part == "review" else "previous"
        response = client.post(part_url(assessment, part), {**data, "then": then})
        assert response["Location"] == assessment.get_absolute_url()


@pytest.mark.django_db
def test_the_part_page_offers_only_buttons_that_save_to_leave_the_form(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    page = parse(client.get(part_url(assessment, "evidence")))
    form = page.find("form", id="part-form")
    buttons = {
        button.text: (button.attrs.get("name"), button.attrs.get("value"))
        for button in page.find_all("button")
        if button.attrs.get("form") == "part-form" or button in form.find_all("button")
    }
    assert buttons == {
        "Save and continue": ("then", "next"),
        "Save and return to the assessment": ("then", "assessment"),
        "Save and go to the Previous part: Screening": ("then", "previous"),
        "Save and go to the Next part: Impact on people": ("then", "next"),
    }
    pagination = page.find("nav", class_="govuk-pagination")
    assert not pagination.find_all("a")  # no link that would drop what was typed
    # A reader has links: there is nothing to save.
    signed = make_assessment(by=owner, complete=True, state=AssessmentState.SIGNED_OFF)
    read = parse(client.get(part_url(signed, "evidence"))).find("nav", class_="govuk-pagination")
    assert [link.attrs["href"] for link in read.find_all("a")] == [
        part_url(signed, "screening"),
        part_url(signed, "impacts"),
    ]


@pytest.mark.django_db
def test_the_form_shows_stored_dates_as_day_month_year(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    page = parse(client.get(part_url(assessment, "about")))
    began = page.find("input", name="consideration_began")
    assert began.attrs["value"] == f"{CONSIDERATION_BEGAN:%d/%m/%Y}"
    completed = page.find("input", id="id_completed_0").parent.parent.parent
    assert completed.find("legend").text == "Have you completed this section?"
    checked = [
        radio for radio in page.find_all("input", name="completed") if "checked" in radio.attrs
    ]
    assert [radio.attrs["value"] for radio in checked] == ["yes"]


@pytest.mark.django_db
def test_decision_meetings_are_added_and_removed(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    data = {
        **ABOUT,
        "meetings-TOTAL_FORMS": "2",
        "meetings-INITIAL_FORMS": "1",
        "meetings-0-body": "Cabinet",
        "meetings-0-date": "30/06/2027",
        "meetings-0-DELETE": "on",
        "meetings-1-body": "Full Council",
        "meetings-1-date": "15/07/2027",
        "add_meeting": "1",
    }
    response = client.post(part_url(assessment, "about"), data)
    assert response.status_code == 302
    assert response["Location"].endswith("/parts/about/#meetings")
    assert list(DecisionMeeting.objects.filter(assessment=assessment).values_list("body")) == [
        ("Full Council",)
    ]


@pytest.mark.django_db
def test_no_full_assessment_is_refused_at_screening_when_an_impact_is_not_yet_known(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    row = assessment.impacts.get(characteristic__name="Age")
    row.impact = Impact.UNKNOWN
    row.save()
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "screening"),
        {
            "relevant_to_equality": "False",
            "relevance_reasons": "Internal procedure.",
            "screening_outcome": "not_needed",
            "no_full_assessment_reasons": "Minor change.",
            "completed": "yes",
        },
    )
    assert response.status_code == 200
    refusal = parse(response).find("a", href="#id_screening_outcome_0").text
    assert refusal.startswith("A full assessment is needed because")
    assert "Age (not yet known)" in refusal
    assessment.refresh_from_db()
    assert assessment.relevant_to_equality is False
    assert assessment.status_of(Part.SCREENING) == PartStatus.IN_PROGRESS


# --- Frozen content -----------------------------------------------------------------------


@pytest.mark.django_db
def test_posting_to_a_submitted_assessment_saves_nothing_and_says_why(client, owner):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.SUBMITTED)
    saves_before = content_entries(assessment).count()
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "evidence"),
        {"data_sources": "Changed", "engagement": "x", "completed": "yes"},
        follow=True,
    )
    assert banners(response) == [
        "Nothing was saved: this assessment is submitted for review, and its content can be"
        " changed only while it is a draft or changes are requested."
    ]
    assessment.refresh_from_db()
    assert assessment.data_sources != "Changed"
    assert content_entries(assessment).count() == saves_before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state, words",
    [
        (AssessmentState.SIGNED_OFF, "signed off"),
        # The state's own phrase, never its label lowercased ("approved by the edi group").
        (AssessmentState.APPROVED, "approved and waiting for sign-off"),
    ],
)
def test_the_author_is_told_why_a_signed_assessment_cannot_be_edited(client, owner, state, words):
    assessment = make_assessment(by=owner, complete=True, state=state)
    client.force_login(owner)
    response = client.get(part_url(assessment, "aims"))
    assert parse(response).find(class_="govuk-inset-text").text == (
        f"This assessment is {words}: its content cannot be changed now."
    )
    assert "Local lettings plans agreed with residents." in summary_list(response).values()
    assert not has_edit_form(response, assessment, "aims")


@pytest.mark.django_db
def test_the_covenant_part_page_says_it_is_optional_for_a_policy_without_a_function(client, owner):
    assessment = make_assessment(make_policy(owner=owner, covenant_functions=[]), by=owner)
    client.force_login(owner)
    response = client.get(part_url(assessment, "covenant"))
    assert parse(response).find("span", class_="govuk-hint").text == (
        "This part is optional: the policy has no Armed Forces Covenant function."
    )
    assertContains(
        response, '<strong class="govuk-tag govuk-tag--grey">Optional</strong>', html=True
    )


@pytest.mark.django_db
def test_a_reader_sees_the_part_content_read_only(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.IN_REVIEW)
    client.force_login(reviewer)
    response = client.get(part_url(assessment, "about"))
    about = summary_list(response)
    assert about["Lead officer's role"] == "Housing Needs Manager"
    assert about["Decision pathway"] == f"Cabinet, {long_date(PLANNED_DECISION_DATE)}"
    assert about["When consideration of equality began"] == long_date(CONSIDERATION_BEGAN)
    assert about["Is this"] == "A review of an existing policy"
    assert not has_edit_form(response, assessment, "about")
    impacts = table_rows(client.get(part_url(assessment, "impacts")), "Impact on each group")
    evidence = {row[0]: row[2] for row in impacts[1:]}
    assert evidence["Sexual orientation"] == "No differential effect found for Sexual orientation."
