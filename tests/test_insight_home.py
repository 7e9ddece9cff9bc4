"""The home page: for the EDI group and administrators, what waits for them across the council
first; for everyone else, My work as it was. And the list of assessments in a state that the
EDI home's counts link to."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.dates import today
from eqia.models import Assessment, AssessmentState
from tests.assessment_factories import add_action, make_assessment, set_state
from tests.factories import days_from, make_policy, make_service_area
from tests.page import error_summary, h1, links, parse, table_rows, text_of

HOME = reverse("home")
LIST = reverse("insight:assessments")


def in_state(reference, state, owner, *, days_ago, **policy):
    assessment = make_assessment(make_policy(reference=reference, owner=owner, **policy), by=owner)
    since = timezone.now() - datetime.timedelta(days=days_ago)
    return set_state(assessment, state, state_since=since)


@pytest.fixture
def pipeline(owner):
    """Two submitted, one in review, one approved, one back with its author, two drafts."""
    return {
        "SUB-NEW": in_state("SUB-NEW", AssessmentState.SUBMITTED, owner, days_ago=2),
        "SUB-OLD": in_state("SUB-OLD", AssessmentState.SUBMITTED, owner, days_ago=20),
        "REV-1": in_state("REV-1", AssessmentState.IN_REVIEW, owner, days_ago=9),
        "APP-1": in_state("APP-1", AssessmentState.APPROVED, owner, days_ago=4),
        "CR-1": in_state("CR-1", AssessmentState.CHANGES_REQUESTED, owner, days_ago=30),
        "DRAFT-1": in_state("DRAFT-1", AssessmentState.DRAFT, owner, days_ago=1),
        "DRAFT-2": in_state("DRAFT-2", AssessmentState.DRAFT, owner, days_ago=50),
    }


def references(response, caption):
    return [row[0].split()[0] for row in table_rows(response, caption)[1:]]


@pytest.mark.django_db
def test_the_edi_group_sees_counts_by_state_and_the_oldest_waiting_first(
    client, reviewer, pipeline
):
    client.force_login(reviewer)
    response = client.get(HOME)
    assert h1(response) == "My work"
    counts = {row[0]: row[1] for row in table_rows(response, "Assessments by state")[1:]}
    for state in [
        AssessmentState.DRAFT,
        AssessmentState.SUBMITTED,
        AssessmentState.IN_REVIEW,
        AssessmentState.CHANGES_REQUESTED,
        AssessmentState.APPROVED,
    ]:
        assert counts[state.label] == str(Assessment.objects.filter(state=state).count())
    assert references(response, "Assessments waiting for review") == [
        "SUB-OLD",
        "REV-1",
        "SUB-NEW",
    ]
    rows = table_rows(response, "Assessments waiting for review")
    assert rows[1][4].endswith("(20 days)")
    assert references(response, "Approved assessments waiting for sign-off") == ["APP-1"]
    assert references(response, "Assessments back with their authors for changes") == ["CR-1"]
    # Drafts are counted, never listed: the EDI group sees them once submitted.
    assert "DRAFT-1" not in text_of(response)
    assert links(response)["Draft"] == f"{LIST}?state=draft"


@pytest.mark.django_db
def test_overdue_reviews_and_actions_link_into_their_lists(client, owner, administrator):
    as_of = today()
    make_policy(reference="LATE-1", owner=owner, next_review=days_from(as_of, -40))
    make_policy(reference="LATE-2", owner=owner, next_review=days_from(as_of, -400))
    make_policy(reference="FINE-1", owner=owner, next_review=days_from(as_of, 40))
    make_policy(reference="UNKNOWN-1", owner=owner)
    signed = in_state("SIGNED-1", AssessmentState.SIGNED_OFF, owner, days_ago=100)
    add_action(
        signed, owner=owner, description="Write to every tenant", due_date=days_from(as_of, -3)
    )
    add_action(signed, owner=owner, description="Not due yet", due_date=days_from(as_of, 3))
    client.force_login(administrator)
    response = client.get(HOME)
    page = text_of(response)
    assert "Policies overdue for review (2)" in page
    overdue = [item.text for item in parse(response).find_all("li") if "due " in item.text]
    assert overdue[0].startswith("LATE-2")  # the longest overdue first
    assert "Overdue actions (1)" in page
    assert "Write to every tenant (SIGNED-1, Alice Owen)" in page
    assert "Not due yet" not in page
    found = links(response)
    assert found["See every policy overdue for review"] == (
        reverse("policies:register") + "?review_state=overdue"
    )
    assert found["2 active policies have no review date"] == (
        reverse("policies:register") + "?review_state=unknown"
    )
    assert found["See every overdue action"] == reverse("actions:list") + "?due=overdue"


@pytest.mark.django_db
def test_everyone_else_gets_my_work_as_before(client, owner, auditor, signoff_officer, pipeline):
    for person, section in [
        (owner, "Your open assessments"),
        (auditor, "Recently signed off"),
        (signoff_officer, "Waiting for sign-off (1)"),
    ]:
        client.force_login(person)
        response = client.get(HOME)
        assert [t.name for t in response.templates][0] == "home.html"
        assert section in text_of(response)
        assert "Assessments by state" not in text_of(response)


@pytest.mark.django_db
def test_the_edi_home_keeps_the_persons_own_work_below(client, reviewer, owner):
    signed = in_state("MINE-1", AssessmentState.SIGNED_OFF, owner, days_ago=5)
    add_action(signed, owner=reviewer, description="Erin's own action")
    client.force_login(reviewer)
    response = client.get(HOME)
    [row] = table_rows(response, "Your actions")[1:]
    assert row[0].startswith("Erin's own action")


@pytest.mark.django_db
def test_the_list_shows_a_state_longest_first_linking_only_what_the_reader_may_open(
    client, reviewer, pipeline
):
    client.force_login(reviewer)
    response = client.get(LIST, {"state": "draft"})
    assert references(response, "Assessments in the state chosen") == ["DRAFT-2", "DRAFT-1"]
    assert not parse(response).find_all("a", href=pipeline["DRAFT-1"].get_absolute_url())
    response = client.get(LIST)  # every open state
    assert len(table_rows(response, "Assessments in the state chosen")) == 8
    response = client.get(LIST, {"state": "submitted"})
    assert parse(response).find("a", href=pipeline["SUB-OLD"].get_absolute_url())
    area = make_service_area("Libraries")
    response = client.get(LIST, {"state": "submitted", "service_area": area.pk})
    assert "No assessment is in this state." in text_of(response)
    response = client.get(LIST, {"state": "lost", "service_area": "x"})
    assert error_summary(response) == [
        "Choose a state from the list",
        "Choose a service area from the list",
    ]


@pytest.mark.django_db
def test_the_header_offers_insight_to_those_the_gate_lets_see_it(client, personas):
    for name, shown in [
        ("owner", False),
        ("signoff_officer", False),
        ("reviewer", True),
        ("auditor", True),
        ("administrator", True),
    ]:
        client.force_login(personas[name])
        navigation = parse(client.get(reverse("policies:register"))).find(
            "nav", **{"aria-label": "Menu"}
        )
        assert ("Insight" in navigation.text) is shown, name
