"""An action's lead: a person with an account, a team or partner named in words, or both; and
its success measure."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse

from core.refusals import Refused
from eqia.actions import action_add, action_change
from eqia.models import Action
from tests.assessment_factories import add_action, make_assessment
from tests.factories import make_user
from tests.page import error_summary, field_error, parse, table_rows

pytestmark = pytest.mark.django_db


def add_url(assessment):
    return reverse("assessments:action_add", args=[assessment.pk])


def actions_page(assessment):
    return reverse("assessments:part", args=[assessment.pk, "actions"])


def test_a_team_or_partner_alone_may_lead_an_action(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(
        add_url(assessment),
        {
            "description": "Agree adaptations with the occupational therapy service",
            "owner": "",
            "lead_team": "  KCC occupational therapist ",
            "due_date": "31/01/2027",
            "success_measure": "Assessments within 12 weeks for nine in ten applicants",
        },
    )
    assert response["Location"] == actions_page(assessment)
    action = Action.objects.get(assessment=assessment)
    assert (action.owner, action.lead_team) == (None, "KCC occupational therapist")
    assert action.success_measure == "Assessments within 12 weeks for nine in ten applicants"
    [row] = table_rows(client.get(actions_page(assessment)), caption="Actions")[1:]
    assert row[0].startswith(
        "Agree adaptations with the occupational therapy service Success measure: "
        "Assessments within 12 weeks for nine in ten applicants"
    )
    assert row[1] == "KCC occupational therapist"


def test_a_person_and_a_team_may_lead_it_together(client, owner, colleague):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    client.post(
        add_url(assessment),
        {
            "description": "Run the drop-in sessions",
            "owner": colleague.pk,
            "lead_team": "Communities, Policy & Engagement team",
            "due_date": "31/01/2027",
        },
    )
    [row] = table_rows(client.get(actions_page(assessment)), caption="Actions")[1:]
    assert row[1] == "Bob Baker and Communities, Policy & Engagement team"


def test_an_action_with_no_lead_is_refused_at_the_person_field(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(
        add_url(assessment),
        {"description": "Nobody's job", "owner": "", "lead_team": "   ", "due_date": "31/01/2027"},
    )
    assert response.status_code == 200
    message = "Choose the lead person, or enter the lead team or partner (or both)"
    assert error_summary(response) == [message]
    assert field_error(response, "id_owner") == message
    assert parse(response).find("a", href="#id_owner").text == message
    assert not Action.objects.exists()


def test_the_service_refuses_an_action_without_a_lead_too(owner):
    assessment = make_assessment(by=owner)
    with pytest.raises(Refused, match="Choose the lead person") as refused:
        action_add(
            assessment=assessment,
            by=owner,
            description="Nobody's job",
            due_date=datetime.date(2027, 1, 31),
        )
    assert refused.value.reasons[0].field == "owner"
    action = add_action(assessment, owner=owner)
    with pytest.raises(Refused, match="Choose the lead person"):
        action_change(
            action=action,
            by=owner,
            description=action.description,
            due_date=action.due_date,
            lead_team=" ",
        )


def test_a_lead_team_longer_than_the_field_is_refused_with_its_name(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(
        add_url(assessment),
        {"description": "x", "lead_team": "T" * 201, "due_date": "31/01/2027"},
    )
    assert field_error(response, "id_lead_team") == (
        "The lead team or partner must be 200 characters or fewer"
    )


def test_the_person_list_offers_neither_anonymous_nor_inactive_accounts(client, owner):
    make_user("gone", first_name="Gina", last_name="Gone", is_active=False)
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    select = parse(client.get(add_url(assessment))).find("select", name="owner")
    options = [option.text for option in select.find_all("option")]
    assert options[0] == "No one person: a team or partner leads it"
    assert "Alice Owen (alice@example.gov.uk)" in options
    assert not [text for text in options if "AnonymousUser" in text or "Gina" in text]
    label = parse(client.get(add_url(assessment))).find("label", **{"for": "id_owner"})
    assert label.text == "Lead (person)"


def test_changing_an_action_shows_and_keeps_its_team_and_success_measure(client, owner):
    assessment = make_assessment(by=owner)
    action = action_add(
        assessment=assessment,
        by=owner,
        description="Publish in easy read",
        lead_team="Communications team",
        success_measure="Published",
        due_date=datetime.date(2027, 1, 31),
    )
    client.force_login(owner)
    url = reverse("assessments:action_edit", args=[action.pk])
    page = parse(client.get(url))
    assert page.find("input", name="lead_team").attrs["value"] == "Communications team"
    assert page.find("textarea", name="success_measure").text == "Published"
    client.post(
        url,
        {
            "description": "Publish in easy read",
            "owner": owner.pk,
            "lead_team": "",
            "success_measure": "Published and sent to the forum",
            "due_date": "31/01/2027",
        },
    )
    action.refresh_from_db()
    assert (action.owner, action.lead_team) == (owner, "")
    assert action.success_measure == "Published and sent to the forum"


def test_any_template_writes_a_lead_the_same_way(owner):
    assessment = make_assessment(by=owner)
    action = action_add(
        assessment=assessment,
        by=owner,
        description="Publish in easy read",
        owner=owner,
        lead_team="Communications team",
        due_date=datetime.date(2027, 1, 31),
    )
    rendered = Template("{% load action_plan %}{{ action|lead }}").render(
        Context({"action": action})
    )
    assert rendered == "Alice Owen and Communications team"
