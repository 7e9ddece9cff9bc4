import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm
from pytest_django.asserts import assertContains

from core.dates import today
from eqia.actions import action_add
from eqia.models import AssessmentState
from eqia.services import assessment_start
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
    add_action(signed, owner=owner, description="Publish easy-read leaflet")
    set_state(signed, AssessmentState.SIGNED_OFF)
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
    [action_row] = table_rows(page, "Your actions")[1:]
    assert action_row[:3] == ["Publish easy-read leaflet", "REV-001 EqIA v1", "Alice Owen"]
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


def plan(assessment, description, **fields):
    return action_add(
        assessment=assessment,
        by=assessment.created_by,
        description=description,
        due_date=days_from(today(), 30),
        **fields,
    )


@pytest.mark.django_db
def test_each_live_action_is_listed_once_and_none_of_ended_plans(client, owner, colleague):
    first = make_assessment(make_policy(reference="HOU-008", owner=owner), by=owner, complete=True)
    for number in range(1, 5):
        plan(first, f"Open action {number}", owner=owner)
    set_state(first, AssessmentState.SIGNED_OFF)
    assessment_start(policy=first.policy, by=owner)  # v2 inherits all four
    withdrawn = make_assessment(make_policy(reference="HR-004", owner=owner), by=owner)
    plan(withdrawn, "Of a withdrawn draft", owner=owner)
    set_state(withdrawn, AssessmentState.WITHDRAWN)
    superseded = make_assessment(make_policy(reference="REV-002", owner=owner), by=owner)
    plan(superseded, "Of a superseded version", owner=owner)
    set_state(superseded, AssessmentState.SUPERSEDED)
    page = page_for(client, owner)
    assertContains(page, heading("Your actions (4)"), html=True)
    rows = table_rows(page, "Your actions")[1:]
    assert sorted(row[0] for row in rows) == [f"Open action {n}" for n in range(1, 5)]
    assert {row[1] for row in rows} == {"HOU-008 EqIA v2"}  # the latest plan showing each


@pytest.mark.django_db
def test_the_policy_owner_answers_for_actions_a_team_alone_leads(client, owner, colleague):
    assessment = make_assessment(make_policy(reference="CSF-004", owner=owner), by=owner)
    plan(assessment, "Ask the young people's council", lead_team="Participation team")
    plan(assessment, "Bob's own", owner=colleague, lead_team="Libraries")
    rows = table_rows(page_for(client, owner), "Your actions")[1:]
    assert [(row[0], row[2]) for row in rows] == [
        ("Ask the young people's council", "Participation team")
    ]
    rows = table_rows(page_for(client, colleague), "Your actions")[1:]
    assert [row[0] for row in rows] == ["Bob's own"]


@pytest.mark.django_db
def test_a_policy_due_for_review_shows_its_open_eqia_beside_its_review_state(client, owner):
    """As the review queue does: overdue is still overdue while an EqIA is under way."""
    due = make_policy(reference="HOU-002", owner=owner, next_review=days_from(today(), -3))
    under_way = make_assessment(due, by=owner)
    make_policy(reference="HOU-003", owner=owner, next_review=days_from(today(), -3))
    page = page_for(client, owner)
    items = {text.split()[0]: text for text in links(page) if text.startswith("HOU-00")}
    assert set(items) == {"HOU-002", "HOU-003"}
    standing = links(page)[f"{under_way.standing} (HOU-002)"]
    assert standing == reverse("workflow:detail", args=[under_way.pk])
    assertContains(
        page, '<strong class="govuk-tag govuk-tag--red">Overdue</strong>', html=True, count=2
    )
