"""An EqIA action may name the equality objective it serves (eqia.extensions, registered by the
plans app): its form offers the objectives, its row names the one chosen, and the objective's
page lists the actions that serve it with their status, as does the returns page as evidence."""

import pytest
from django.urls import reverse

from plans.models import ObjectiveLink
from tests.assessment_factories import add_action, make_assessment
from tests.page import field_error, links, table_rows, text_of
from tests.plans_factories import adopted, open_round, small_plan


@pytest.fixture
def plan(reviewer, colleague):
    return small_plan(reviewer, colleague)


@pytest.mark.django_db
def test_an_action_added_to_an_eqia_can_name_the_objective_it_serves(
    client, owner, administrator, plan
):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    response = client.post(
        reverse("assessments:action_add", args=[assessment.pk]),
        {
            "description": "Offer a mental health first aider in each team",
            "lead_team": "HR team",
            "due_date": "31/03/2027",
            "plans_objective": plan.objective.pk,
        },
    )

    assert response.status_code == 302
    link = ObjectiveLink.objects.get()
    assert (link.objective, link.linked_by) == (plan.objective, owner)
    # Those who may open the draft plan (here an administrator) follow the link to the
    # objective's page.
    client.force_login(administrator)
    page = client.get(reverse("assessments:part", args=[assessment.pk, "actions"]))
    objective_url = reverse("plans:objective", args=[plan.plan.slug, plan.objective.pk])
    assert (
        links(page)[
            "Serves the equality objective: We will look after the mental health of our staff."
        ]
        == objective_url
    )
    assert client.get(objective_url).status_code == 200


@pytest.mark.django_db
def test_the_objective_of_a_plan_the_reader_may_not_open_is_named_without_a_link(
    client, owner, plan
):
    """A draft plan is the EDI group's: its objective's page would be a 404 for the owner."""
    assessment = make_assessment(by=owner, complete=True)
    action = add_action(assessment, owner=owner)
    ObjectiveLink.objects.create(action=action, objective=plan.objective)
    client.force_login(owner)
    page = client.get(reverse("assessments:part", args=[assessment.pk, "actions"]))
    objective_url = reverse("plans:objective", args=[plan.plan.slug, plan.objective.pk])

    assert objective_url not in links(page).values()
    assert (
        "Serves the equality objective: We will look after the mental health of our staff. "
        "(Equality plan 2026-2029, not yet published)" in text_of(page)
    )
    assert client.get(objective_url).status_code == 404
    plan_url = reverse("plans:detail", args=[plan.plan.slug])
    assert not any(url.startswith(plan_url) for url in links(page).values())


@pytest.mark.django_db
def test_changing_the_action_to_no_objective_removes_the_link(client, owner, plan):
    assessment = make_assessment(by=owner, complete=True)
    action = add_action(assessment, owner=owner)
    ObjectiveLink.objects.create(action=action, objective=plan.objective)
    client.force_login(owner)
    edit = reverse("assessments:action_edit", args=[action.pk])
    assert f'value="{plan.objective.pk}" selected' in client.get(edit).content.decode()

    client.post(
        edit,
        {
            "description": action.description,
            "owner": owner.pk,
            "due_date": "31/03/2027",
            "plans_objective": "",
        },
    )
    assert not ObjectiveLink.objects.exists()


@pytest.mark.django_db
def test_an_objective_that_is_not_offered_is_refused_beside_its_field(client, owner, plan):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    for wrong in ("999999", "abc", "9" * 40):
        response = client.post(
            reverse("assessments:action_add", args=[assessment.pk]),
            {
                "description": "Something",
                "lead_team": "HR team",
                "due_date": "31/03/2027",
                "plans_objective": wrong,
            },
        )
        assert field_error(response, "id_plans_objective") == "Choose one of the objectives listed"
    assert not ObjectiveLink.objects.exists()


@pytest.mark.django_db
def test_the_objective_page_lists_the_eqia_actions_that_serve_it_with_their_status(
    client, owner, plan, reviewer
):
    assessment = make_assessment(by=owner, complete=True)
    action = add_action(assessment, owner=owner, description="Survey staff wellbeing")
    ObjectiveLink.objects.create(action=action, objective=plan.objective)
    client.force_login(reviewer)
    response = client.get(reverse("plans:objective", args=[plan.plan.slug, plan.objective.pk]))

    rows = table_rows(response, "EqIA actions that serve the objective")
    assert rows[1][0] == "Survey staff wellbeing"
    assert rows[1][1] == f"{assessment.policy.reference} EqIA v1"
    assert rows[1][4] == "Open"


@pytest.mark.django_db
def test_the_returns_page_shows_the_objectives_eqia_actions_as_evidence(
    client, owner, plan, reviewer, colleague
):
    adopted(plan, reviewer)
    round = open_round(plan, reviewer)
    from plans.progress import progress_write
    from tests.plans_factories import status

    progress_write(round=round, action=plan.led, by=colleague, text="Done", status=status())
    assessment = make_assessment(by=owner, complete=True)
    action = add_action(assessment, owner=owner, description="Survey staff wellbeing")
    ObjectiveLink.objects.create(action=action, objective=plan.objective)
    client.force_login(reviewer)

    text = text_of(client.get(round.get_absolute_url()))
    assert "Evidence from EqIAs" in text
    assert f"{assessment.policy.reference} EqIA v1: Survey staff wellbeing Open" in text
