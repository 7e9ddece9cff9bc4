"""Drafting the next plan carries open actions forward: each keeps a link to where it came
from, the page offers those whose latest status carries forward, and the old plan's report
says which were carried."""

import pytest
from django.urls import reverse

from core.refusals import Refused
from plans.documents.content import report_document
from plans.lifecycle import carry_forward_offered, plan_draft_next
from plans.models import PlanAction, PlanState
from plans.progress import progress_write
from tests.page import text_of
from tests.plans_factories import adopted, open_round, small_plan, status


@pytest.fixture
def reported(reviewer, colleague):
    """An adopted plan whose 2026 round says: the first action carries on, the second is
    done."""
    small = adopted(small_plan(reviewer, colleague), reviewer)
    round = open_round(small, reviewer)
    progress_write(round=round, action=small.led, by=colleague, text="Half done", status=status())
    progress_write(
        round=round,
        action=small.team_led,
        by=reviewer,
        text="Held",
        status=status("Complete/on schedule to deliver"),
    )
    return small, round


@pytest.mark.django_db
def test_the_next_plan_offers_the_actions_whose_status_carries_forward(reported):
    small, _ = reported
    assert carry_forward_offered(small.plan) == [small.led]


@pytest.mark.django_db
def test_carried_actions_keep_their_theme_objective_lead_target_and_origin(reported, reviewer):
    small, round = reported
    successor = plan_draft_next(
        plan=small.plan,
        by=reviewer,
        title="Equality plan 2029-2032",
        period_start=2029,
        period_end=2032,
        carry=[small.led],
    )

    assert (successor.state, successor.carried_from) == (PlanState.DRAFT, small.plan)
    carried = PlanAction.objects.get(objective__theme__plan=successor)
    assert carried.carried_from == small.led
    assert (carried.text, carried.target, carried.lead) == (
        "Train Mental Health First Aiders",
        "April 2027",
        "Bob Baker; HR team",
    )
    assert carried.objective.text == small.objective.text
    assert carried.objective.theme.aim == small.theme.aim
    assert list(carried.objective.theme.connections.values_list("name", flat=True)) == [
        "Strategic Plan",
        "Workforce Strategy",
    ]
    lines = report_document(round).themes[0].objectives[0].lines
    assert lines[0].action.carried_into == "Carried into Equality plan 2029-2032"
    assert lines[1].action.carried_into == ""


@pytest.mark.django_db
def test_a_draft_has_no_next_plan_and_other_plans_actions_are_not_carried(reviewer, colleague):
    draft = small_plan(reviewer, colleague)
    other = small_plan(reviewer, colleague, title="Another plan")
    adopted(other, reviewer)
    with pytest.raises(Refused) as refused:
        plan_draft_next(
            plan=draft.plan, by=reviewer, title="Next", period_start=2030, period_end=2031
        )
    assert [r.message for r in refused.value.reasons] == [
        "Equality plan 2026-2029 is still a draft: adopt it before drafting the next"
    ]
    with pytest.raises(Refused, match="Only the plan's own actions can be carried forward"):
        plan_draft_next(
            plan=other.plan,
            by=reviewer,
            title="Next",
            period_start=2030,
            period_end=2031,
            carry=[draft.led],
        )


@pytest.mark.django_db
def test_the_next_plan_page_ticks_the_offered_actions_and_the_new_plan_says_where_each_came_from(
    client, reported, reviewer
):
    small, _ = reported
    client.force_login(reviewer)
    page = client.get(reverse("plans:next", args=[small.plan.slug])).content.decode()
    assert f'value="{small.led.pk}" checked' in page
    assert f'value="{small.team_led.pk}" checked' not in page

    response = client.post(
        reverse("plans:next", args=[small.plan.slug]),
        {
            "title": "Equality plan 2029-2032",
            "period_start": "2029",
            "period_end": "2032",
            "carry": [small.led.pk],
        },
        follow=True,
    )
    assert "Carried from Equality plan 2026-2029" in text_of(response)
