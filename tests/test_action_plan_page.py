"""An assessment's action plan on its pages: its own actions and those it inherited, each with
its lead, success measure and history, and what the reader may do with each."""

import datetime

import pytest
from django.urls import reverse

from core.dates import today
from eqia.actions import action_add, action_update_status
from eqia.models import ActionStatus, AssessmentState
from eqia.services import assessment_start
from tests.assessment_factories import make_assessment, set_state
from tests.page import banners, links, parse, summary_list, table_rows, urls

pytestmark = pytest.mark.django_db


def plan_page(assessment):
    return reverse("assessments:part", args=[assessment.pk, "actions"])


def detail_page(assessment):
    return reverse("workflow:detail", args=[assessment.pk])


@pytest.fixture
def versions(owner, colleague):
    """v1 signed, with an action led by bob and the Communities team (moved on once), and v2
    started from it: a draft that inherits the action and plans one of its own."""
    first = make_assessment(by=owner, complete=True)
    inherited = action_add(
        assessment=first,
        by=owner,
        description="Publish the policy in easy read",
        owner=colleague,
        lead_team="Communities team",
        success_measure="Easy read version on the website",
        due_date=datetime.date(2027, 3, 31),
    )
    action_update_status(
        action=inherited, by=colleague, status=ActionStatus.IN_PROGRESS, note="Draft written"
    )
    set_state(first, AssessmentState.SIGNED_OFF)
    second = assessment_start(policy=first.policy, by=owner)
    own = action_add(
        assessment=second,
        by=owner,
        description="Survey tenants",
        lead_team="KCC occupational therapist",
        due_date=datetime.date(2027, 6, 30),
    )
    return first, second, inherited, own


def test_a_new_version_shows_the_actions_it_inherited_with_where_they_were_planned(
    client, owner, versions
):
    _, second, inherited, own = versions
    client.force_login(owner)
    response = client.get(plan_page(second))
    header, first_row, second_row = table_rows(response, caption="Actions")
    assert header == ["Action", "Lead", "Due", "Status"]
    description, lead, due, status = first_row
    assert description.startswith(
        "Publish the policy in easy read Success measure: Easy read version on the website "
        "Planned in EqIA v1: still open when this version began, so this plan shows it too. "
        "History (1 update) In progress – Bob Baker, "
    )
    assert (lead, due, status) == ("Bob Baker and Communities team", "31 Mar 2027", "In progress")
    assert second_row[1] == "KCC occupational therapist"
    page_links = links(response)
    assert "Update status of action 1" in page_links
    # Its own action may be changed; the inherited one only moved on.
    assert reverse("assessments:action_edit", args=[own.pk]) in urls(response)
    assert reverse("assessments:action_edit", args=[inherited.pk]) not in urls(response)
    assert reverse("assessments:action_remove", args=[inherited.pk]) not in urls(response)


def test_an_action_completed_on_the_first_version_shows_completed_on_the_second(
    client, owner, colleague, versions
):
    first, second, inherited, _ = versions
    update = reverse("assessments:action_update", args=[inherited.pk])
    client.force_login(colleague)  # its lead, who sees neither version: back to My work
    response = client.post(update, {"status": "done", "note": "Published in May"})
    assert response["Location"] == reverse("home")
    client.force_login(owner)  # the policy's owner: back to the latest plan showing it
    response = client.post(update, {"status": "done", "note": "Checked: it is on the website"})
    assert response["Location"] == detail_page(second) + "#actions"
    for version in (first, second):
        rows = table_rows(client.get(detail_page(version)), caption="Actions")
        assert [row[3] for row in rows if row[0].startswith("Publish")] == ["Done"]


def test_changing_an_inherited_action_is_refused_on_the_drafts_plan(client, owner, versions):
    _, second, inherited, _ = versions
    client.force_login(owner)
    for url in ["action_edit", "action_remove"]:
        response = client.post(
            reverse(f"assessments:{url}", args=[inherited.pk]), {"description": "x"}, follow=True
        )
        assert response.redirect_chain[-1][0] == plan_page(second)
        assert banners(response) == [
            "This action was planned in EqIA v1 and EqIA v2 inherits it: it cannot be changed "
            "or removed here. Use \u201cUpdate status\u201d to move it on, or to drop it with a "
            "reason."
        ]
    inherited.refresh_from_db()
    assert inherited.description == "Publish the policy in easy read"


def test_the_action_page_shows_its_lead_success_measure_and_every_plan_showing_it(
    client, owner, versions
):
    _, _, inherited, _ = versions
    client.force_login(owner)
    response = client.get(reverse("assessments:action_update", args=[inherited.pk]))
    facts = summary_list(response)
    assert facts["Lead"] == "Bob Baker and Communities team"
    assert facts["Success measure"] == "Easy read version on the website"
    assert facts["Planned in"].endswith("EqIA v1")
    assert facts["In the plans of"] == "EqIA v1 (signed off), EqIA v2 (in draft)"
    assert facts["Status now"] == "In progress"
    assert (
        parse(response)
        .find("a", class_="govuk-back-link")
        .attrs["href"]
        .endswith(f"/assessments/{inherited.appears_in.order_by('-version')[0].pk}/#actions")
    )


def test_the_plan_page_says_what_the_plan_is_for_and_that_actions_carry_across(
    client, owner, versions
):
    _, second, _, _ = versions
    client.force_login(owner)
    intro = [p.text for p in parse(client.get(plan_page(second))).find("main").find_all("p")]
    assert any(text.startswith("The action plan says what the council will do") for text in intro)
    assert any(
        "carries across to it: it is one action, shown in both plans" in text for text in intro
    )


DESCRIPTIONS = ("Late and open", "Late but done", "Not due yet")


def test_a_live_action_past_its_due_date_is_marked_overdue_on_the_plan_as_on_every_list(
    client, owner
):
    signed = make_assessment(by=owner, complete=True)
    yesterday = today() - datetime.timedelta(days=1)
    for description, status in [(DESCRIPTIONS[0], None), (DESCRIPTIONS[1], ActionStatus.DONE)]:
        action = action_add(
            assessment=signed,
            by=owner,
            description=description,
            lead_team="Housing team",
            due_date=yesterday,
        )
        if status:
            action_update_status(action=action, by=owner, status=status, note="")
    action_add(
        assessment=signed,
        by=owner,
        description="Not due yet",
        lead_team="Housing team",
        due_date=today() + datetime.timedelta(days=30),
    )
    set_state(signed, AssessmentState.SIGNED_OFF)
    client.force_login(owner)

    rows = table_rows(client.get(plan_page(signed)), "Actions")[1:]
    due = {
        description: row[2] for row in rows for description in DESCRIPTIONS if description in row[0]
    }
    assert len(due) == 3
    assert due["Late and open"].endswith("Overdue")
    assert not due["Late but done"].endswith("Overdue")
    assert not due["Not due yet"].endswith("Overdue")


def test_the_open_actions_of_a_withdrawn_version_say_they_are_no_longer_tracked(client, owner):
    withdrawn = make_assessment(by=owner, complete=True)
    action_add(
        assessment=withdrawn,
        by=owner,
        description="Survey tenants",
        lead_team="Housing team",
        due_date=today() - datetime.timedelta(days=3),
    )
    client.force_login(owner)
    rows = table_rows(client.get(plan_page(withdrawn)), "Actions")[1:]
    assert rows[0][3] == "Open" and rows[0][2].endswith("Overdue")

    set_state(withdrawn, AssessmentState.WITHDRAWN)
    (row,) = table_rows(client.get(plan_page(withdrawn)), "Actions")[1:]
    assert row[3] == ("Open Not tracked any more: this assessment was withdrawn.")
    assert not row[2].endswith("Overdue")
