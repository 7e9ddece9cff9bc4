import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm
from pytest_django.asserts import assertContains

from core.dates import today
from eqia.models import AssessmentState
from tests.assessment_factories import add_action, make_assessment, set_state
from tests.factories import days_from, make_policy, make_service_area
from tests.page import links, table_rows, text_of

URL = reverse("home")


def page_for(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response


def heading(text: str) -> str:
    return f'<h2 class="govuk-heading-m">{text}</h2>'


def references(response, caption: str) -> list[str]:
    """The policy references in the table with this caption."""
    return [row[0].split()[0] for row in table_rows(response, caption)[1:]]


@pytest.mark.django_db
def test_an_owner_sees_open_assessments_policies_due_and_actions(client, owner, colleague):
    make_assessment(make_policy(reference="HOU-001", owner=owner), by=owner)
    make_policy(reference="HOU-002", owner=owner, next_review=days_from(today(), -3))
    make_policy(reference="HOU-003", owner=owner, next_review=days_from(today(), 400))
    signed = make_assessment(make_policy(reference="REV-001", owner=colleague), by=colleague)
    set_state(signed, AssessmentState.SIGNED_OFF)
    add_action(signed, owner=owner, description="Publish easy-read leaflet")
    page = page_for(client, owner)
    assertContains(page, heading("Your open assessments (1)"), html=True)
    assert references(page, "Your open assessments") == ["HOU-001"]
    # HOU-001 (date unknown) and HOU-002
    assertContains(page, heading("Your policies due for review (2)"), html=True)
    assert sorted(text.split()[0] for text in links(page) if text.startswith("HOU-")) == [
        "HOU-001",
        "HOU-002",
    ]
    assert "HOU-003" not in text_of(page)
    assertContains(page, heading("Your actions (1)"), html=True)
    assert "REV-001 EqIA v1: Publish easy-read leaflet" in text_of(page)
    assert "Waiting for EDI review" not in text_of(page)


@pytest.mark.django_db
def test_a_reviewer_sees_what_waits_for_review(client, owner, reviewer):
    waiting = make_assessment(make_policy(reference="A-1", owner=owner), by=owner)
    set_state(waiting, AssessmentState.SUBMITTED)
    reviewing = make_assessment(make_policy(reference="A-2", owner=owner), by=owner)
    set_state(reviewing, AssessmentState.IN_REVIEW)
    make_assessment(make_policy(reference="A-3", owner=owner), by=owner)  # a draft
    page = page_for(client, reviewer)
    assertContains(page, heading("Waiting for EDI review (2)"), html=True)
    assert sorted(references(page, "Assessments waiting for review")) == ["A-1", "A-2"]
    assert "A-3" not in text_of(page)
    assert "Your open assessments" not in text_of(page)


@pytest.mark.django_db
def test_a_sign_off_officer_sees_approved_assessments_in_their_areas(
    client, owner, signoff_officer
):
    housing, planning = make_service_area("Housing"), make_service_area("Planning")
    for reference, area in [("H-1", housing), ("P-1", planning)]:
        assessment = make_assessment(
            make_policy(reference=reference, owner=owner, service_area=area), by=owner
        )
        set_state(assessment, AssessmentState.APPROVED)
    assertContains(
        page_for(client, signoff_officer), heading("Waiting for sign-off (2)"), html=True
    )
    assign_perm("policies.sign_off_assessments", signoff_officer, housing)
    page = page_for(client, signoff_officer)
    assertContains(page, heading("Waiting for sign-off (1)"), html=True)
    assert references(page, "Assessments waiting for sign-off") == ["H-1"]
    assert "P-1" not in text_of(page)


@pytest.mark.django_db
def test_an_auditor_sees_signed_assessments(client, owner, auditor):
    signed = make_assessment(make_policy(reference="S-1", owner=owner), by=owner)
    set_state(signed, AssessmentState.SIGNED_OFF)
    page = page_for(client, auditor)
    assertContains(page, heading("Recently signed off (1)"), html=True)
    assert references(page, "Recently signed-off assessments") == ["S-1"]
