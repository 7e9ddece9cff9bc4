"""Progress rounds: the EDI group opens one; each action's lead (or the EDI group, for a team-led
action) writes progress with a status; the returns page names what is missing; approval waits
for every return; once published the round is frozen."""

import datetime

import pytest
from django.urls import reverse

from core.dates import today
from core.refusals import Refused
from plans.models import ProgressUpdate, RoundState
from plans.progress import progress_write, round_approve, round_open
from tests.page import error_summary, field_error, table_rows, text_of
from tests.plans_factories import adopted, open_round, small_plan, status


@pytest.fixture
def plan(reviewer, colleague):
    return adopted(small_plan(reviewer, colleague), reviewer)


@pytest.mark.django_db
def test_a_round_opens_for_a_year_of_the_plan_with_a_deadline_ahead(client, plan, reviewer):
    client.force_login(reviewer)
    deadline = today() + datetime.timedelta(days=20)
    response = client.post(
        reverse("plans:round_open", args=[plan.plan.slug]),
        {"year": "2026", "deadline": f"{deadline:%d/%m/%Y}"},
    )

    round = plan.plan.rounds.get()
    assert (round.year, round.deadline, round.state) == (2026, deadline, RoundState.OPEN)
    assert response["Location"] == round.get_absolute_url()


@pytest.mark.django_db
def test_a_round_is_refused_outside_the_period_twice_a_year_or_with_a_past_deadline(plan, reviewer):
    open_round(plan, reviewer, year=2026)
    with pytest.raises(Refused) as refused:
        round_open(
            plan=plan.plan, by=reviewer, year=2026, deadline=today() - datetime.timedelta(days=1)
        )
    assert [(r.field, r.message) for r in refused.value.reasons] == [
        ("year", "There is already a progress round for 2026"),
        ("deadline", "The deadline must be today or in the future"),
    ]
    with pytest.raises(Refused, match="within the plan's period, 2026-2029"):
        round_open(plan=plan.plan, by=reviewer, year=2031, deadline=today())


@pytest.mark.django_db
def test_a_draft_plan_takes_no_round(client, reviewer, colleague):
    draft = small_plan(reviewer, colleague)
    client.force_login(reviewer)
    response = client.get(reverse("plans:round_open", args=[draft.plan.slug]))

    assert error_summary(response) == [
        "Equality plan 2026-2029 is a draft: progress is reported once it is adopted"
    ]


@pytest.mark.django_db
def test_the_lead_writes_progress_with_a_bullet_list_and_a_status(
    client, plan, reviewer, colleague
):
    round = open_round(plan, reviewer)
    client.force_login(colleague)
    url = reverse("plans:progress", args=[plan.plan.slug, 2026, plan.led.pk])
    response = client.post(
        url,
        {
            "text": "Twelve first aiders trained:\n\n- six in Housing\n- six in Revenues",
            "status": status().pk,
            "reason": "",
        },
    )

    assert response["Location"] == round.get_absolute_url()
    update = ProgressUpdate.objects.get()
    assert (update.written_by, update.status) == (colleague, status())
    page = client.get(round.get_absolute_url())
    text = text_of(page)
    assert "Twelve first aiders trained:" in text
    assert "six in Housing" in text and "six in Revenues" in text


@pytest.mark.django_db
def test_progress_without_words_or_status_is_refused_beside_each_field(
    client, plan, reviewer, colleague
):
    open_round(plan, reviewer)
    client.force_login(colleague)
    response = client.post(
        reverse("plans:progress", args=[plan.plan.slug, 2026, plan.led.pk]), {"text": ""}
    )

    assert error_summary(response) == ["Enter the progress made", "Choose the action's status"]
    assert field_error(response, "id_status") == "Choose the action's status"


@pytest.mark.django_db
def test_a_team_led_action_is_written_by_the_edi_group_not_by_another_lead(
    client, plan, reviewer, colleague
):
    open_round(plan, reviewer)
    client.force_login(colleague)
    response = client.get(reverse("plans:progress", args=[plan.plan.slug, 2026, plan.team_led.pk]))
    assert response.status_code == 403

    client.force_login(reviewer)
    ok = client.get(reverse("plans:progress", args=[plan.plan.slug, 2026, plan.team_led.pk]))
    assert ok.status_code == 200 and error_summary(ok) == []


@pytest.mark.django_db
def test_the_returns_page_names_the_actions_with_no_update_and_who_writes_them(
    client, plan, reviewer, colleague
):
    round = open_round(plan, reviewer)
    client.force_login(reviewer)
    rows = table_rows(client.get(round.get_absolute_url()), "Actions with no update yet")

    assert rows == [
        ["Action", "Who writes it"],
        ["Train Mental Health First Aiders", "Bob Baker"],
        [
            "Run a wellbeing week",
            "EDI Officer Group (led by Communities, Policy & Engagement team)",
        ],
    ]


@pytest.mark.django_db
def test_approval_waits_for_every_return_then_closes_the_round(plan, reviewer, colleague):
    round = open_round(plan, reviewer)
    progress_write(round=round, action=plan.led, by=colleague, text="Done.", status=status())
    with pytest.raises(Refused, match=r"1 action has no progress yet \(Run a wellbeing week\)"):
        round_approve(round=round, by=reviewer)

    progress_write(round=round, action=plan.team_led, by=reviewer, text="Held.", status=status())
    round = round_approve(round=round, by=reviewer)

    assert (round.state, round.approved_by) == (RoundState.APPROVED, reviewer)
    with pytest.raises(Refused, match="The 2026 round is approved: its progress can no longer"):
        progress_write(round=round, action=plan.led, by=colleague, text="Later", status=status())


@pytest.mark.django_db
def test_only_the_edi_group_and_administrators_approve(client, plan, reviewer, colleague, auditor):
    round = open_round(plan, reviewer)
    for person, answer in ((colleague, 403), (auditor, 403)):
        client.force_login(person)
        assert (
            client.post(reverse("plans:round_approve", args=[plan.plan.slug, 2026])).status_code
            == answer
        )
    assert round.state == RoundState.OPEN
