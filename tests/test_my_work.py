import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from core.dates import today
from eqia.models import AssessmentState
from tests.assessment_factories import add_action, make_assessment, set_state
from tests.factories import days_from, make_policy, make_service_area

URL = reverse("home")


def page_for(client, user) -> str:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_an_owner_sees_open_assessments_policies_due_and_actions(client, owner, colleague):
    make_assessment(make_policy(reference="HOU-001", owner=owner), by=owner)
    make_policy(reference="HOU-002", owner=owner, next_review=days_from(today(), -3))
    make_policy(reference="HOU-003", owner=owner, next_review=days_from(today(), 400))
    signed = make_assessment(make_policy(reference="REV-001", owner=colleague), by=colleague)
    set_state(signed, AssessmentState.SIGNED_OFF)
    add_action(signed, owner=owner, description="Publish easy-read leaflet")
    page = page_for(client, owner)
    assert "Your open assessments (1)" in page
    assert "HOU-001" in page
    assert "Your policies due for review (2)" in page  # HOU-001 (date unknown) and HOU-002
    assert "HOU-003" not in page
    assert "Your actions (1)" in page
    assert "Publish easy-read leaflet" in page
    assert "Waiting for EDI review" not in page


@pytest.mark.django_db
def test_a_reviewer_sees_what_waits_for_review(client, owner, reviewer):
    waiting = make_assessment(make_policy(reference="A-1", owner=owner), by=owner)
    set_state(waiting, AssessmentState.SUBMITTED)
    reviewing = make_assessment(make_policy(reference="A-2", owner=owner), by=owner)
    set_state(reviewing, AssessmentState.IN_REVIEW)
    make_assessment(make_policy(reference="A-3", owner=owner), by=owner)  # a draft
    page = page_for(client, reviewer)
    assert "Waiting for EDI review (2)" in page
    assert "A-1" in page and "A-2" in page and "A-3" not in page
    assert "Your open assessments" not in page


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
    assert "Waiting for sign-off (2)" in page_for(client, signoff_officer)
    assign_perm("policies.sign_off_assessments", signoff_officer, housing)
    page = page_for(client, signoff_officer)
    assert "Waiting for sign-off (1)" in page
    assert "H-1" in page and "P-1" not in page


@pytest.mark.django_db
def test_an_auditor_sees_signed_assessments(client, owner, auditor):
    signed = make_assessment(make_policy(reference="S-1", owner=owner), by=owner)
    set_state(signed, AssessmentState.SIGNED_OFF)
    page = page_for(client, auditor)
    assert "Recently signed off (1)" in page
    assert "S-1" in page
