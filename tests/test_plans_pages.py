"""The plan pages: the EDI group builds a draft (themes, objectives, actions, reordered), adopts
it, and its content is then fixed; every refusal names its field."""

import pytest
from django.urls import reverse

from plans.models import Plan, PlanAction, PlanState, Theme
from tests.page import banners, error_summary, field_error, h1, table_rows, text_of
from tests.plans_factories import adopted, small_plan


@pytest.fixture
def draft(reviewer, colleague):
    return small_plan(reviewer, colleague)


@pytest.mark.django_db
def test_the_edi_group_creates_a_plan_whose_address_is_its_slugified_title(client, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("plans:create"),
        {
            "title": "Equality Objectives & Action Plan 2026-2030",
            "period_start": "2026",
            "period_end": "2030",
        },
    )

    plan = Plan.objects.get()
    assert plan.slug == "equality-objectives-action-plan-2026-2030"
    assert response["Location"] == plan.get_absolute_url()
    assert plan.state == PlanState.DRAFT


@pytest.mark.django_db
def test_creating_a_plan_without_a_title_says_so_beside_it(client, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("plans:create"), {"title": "", "period_start": "2030", "period_end": "2026"}
    )

    # The form's own check first: the period is the service's to check, once there is a title.
    assert error_summary(response) == ["Enter the title"]
    assert field_error(response, "id_title") == "Enter the title"
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_a_period_back_to_front_is_refused_beside_the_last_year(client, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("plans:create"), {"title": "Plan", "period_start": "2030", "period_end": "2026"}
    )

    assert field_error(response, "id_period_end") == (
        "The last year must be the same as or after the first"
    )


@pytest.mark.django_db
def test_the_plan_page_shows_themes_objectives_actions_leads_and_targets(client, draft, auditor):
    client.force_login(auditor)
    response = client.get(draft.plan.get_absolute_url())

    assert h1(response) == "Equality plan 2026-2029"
    text = text_of(response)
    for words in (
        "As an Employer",
        "To lead a diverse and inclusive workforce.",
        "Connections to other plans: Strategic Plan; Workforce Strategy",
        "We will look after the mental health of our staff.",
        "Train Mental Health First Aiders",
        "Bob Baker; HR team",
        "April 2027",
        "30 Apr 2027",
    ):
        assert words in text, words
    assert "Change the theme" not in text  # auditors read only


@pytest.mark.django_db
def test_a_theme_with_the_same_role_is_refused_beside_its_field(client, draft, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("plans:theme_add", args=[draft.plan.slug]),
        {"role": "as an employer", "aim": "Again", "connections": ""},
    )

    assert field_error(response, "id_role") == "The plan already has the theme as an employer"
    assert Theme.objects.count() == 1


@pytest.mark.django_db
def test_an_action_is_added_with_lead_people_by_email_and_its_target_date(
    client, draft, reviewer, owner
):
    client.force_login(reviewer)
    response = client.post(
        reverse("plans:action_add", args=[draft.plan.slug, draft.objective.pk]),
        {
            "text": "Publish a wellbeing guide",
            "objective": draft.objective.pk,
            "lead_teams": "HR team",
            "lead_emails": "ALICE@example.gov.uk",
            "target": "Dec 2027 (ongoing release)",
            "reference": "",
        },
    )

    assert response.status_code == 302
    action = PlanAction.objects.get(text="Publish a wellbeing guide")
    assert list(action.lead_people.all()) == [owner]
    assert str(action.target_date) == "2027-12-31"


@pytest.mark.django_db
def test_an_unknown_lead_email_is_refused_beside_its_field(client, draft, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("plans:action_add", args=[draft.plan.slug, draft.objective.pk]),
        {"text": "Something", "objective": draft.objective.pk, "lead_emails": "nobody@example.org"},
    )

    assert field_error(response, "id_lead_emails") == (
        "No one has an account with the e-mail address nobody@example.org: write the team in "
        "Lead teams instead"
    )


@pytest.mark.django_db
def test_moving_an_action_down_reorders_the_objectives_actions(client, draft, reviewer):
    client.force_login(reviewer)
    client.post(
        reverse("plans:move", args=[draft.plan.slug, "action", draft.led.pk]),
        {"direction": "down"},
    )

    assert [a.text for a in draft.objective.actions.all()] == [
        "Run a wellbeing week",
        "Train Mental Health First Aiders",
    ]


@pytest.mark.django_db
def test_adopting_records_the_committee_and_fixes_the_content(client, draft, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("plans:adopt", args=[draft.plan.slug]),
        {"adopted_on": "01/01/2026", "committee": "Cabinet"},
        follow=True,
    )

    assert banners(response) == ["Equality plan 2026-2029 is adopted: its content is now fixed."]
    draft.plan.refresh_from_db()
    assert (draft.plan.state, draft.plan.adopted_by) == (PlanState.ADOPTED, "Cabinet")
    refused = client.get(reverse("plans:theme_edit", args=[draft.plan.slug, draft.theme.pk]))
    assert error_summary(refused) == [
        "Equality plan 2026-2029 is adopted: its content can be changed only while it is a "
        "draft. Draft the next plan to change it"
    ]


@pytest.mark.django_db
def test_an_adopted_plans_action_cannot_be_removed(client, draft, reviewer):
    adopted(draft, reviewer)
    client.force_login(reviewer)
    response = client.post(
        reverse("plans:remove", args=[draft.plan.slug, "action", draft.led.pk]), follow=True
    )

    assert "its content can be changed only while it is a draft" in text_of(response)
    assert PlanAction.objects.filter(pk=draft.led.pk).exists()


@pytest.mark.django_db
def test_the_list_shows_a_lead_only_the_plans_they_may_see(client, draft, colleague, outsider):
    client.force_login(colleague)
    assert [row[0] for row in table_rows(client.get(reverse("plans:list")))[1:]] == [
        "Equality plan 2026-2029 You lead actions in this plan"
    ]
    client.force_login(outsider)
    assert "There are no plans for you to see yet." in text_of(client.get(reverse("plans:list")))
    assert client.get(draft.plan.get_absolute_url()).status_code == 404
