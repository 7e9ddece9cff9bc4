"""Progress reminders: 14 and 3 days before a round's deadline, each lead with a return still
to write gets one e-mail (the EDI group for team-led actions); what is sent is recorded, so a
second run sends nothing."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from core.dates import today
from plans.models import ProgressReminder
from plans.progress import progress_write
from plans.reminders import send_progress_reminders, stage_for
from tests.plans_factories import adopted, open_round, small_plan, status


@pytest.fixture
def round(reviewer, colleague):
    small = adopted(small_plan(reviewer, colleague), reviewer)
    return small, open_round(small, reviewer, days=14)


@pytest.mark.parametrize(
    ("days_left", "stage"), [(20, None), (15, None), (14, 14), (4, 14), (3, 3), (0, 3), (-1, None)]
)
def test_the_reminder_due_is_the_nearest_stage_reached(days_left, stage):
    assert stage_for(days_left) == stage


@pytest.mark.django_db
def test_fourteen_days_before_the_lead_and_the_edi_group_each_get_one_email(
    round, colleague, reviewer
):
    run = send_progress_reminders(as_of=today())

    assert sorted(message.to[0] for message in mail.outbox) == [
        "bob@example.gov.uk",
        "erin@example.gov.uk",
    ]
    to_bob = next(message for message in mail.outbox if message.to == ["bob@example.gov.uk"])
    assert to_bob.subject.startswith("1 equality plan return for 2026 due in 14 days")
    assert "Train Mental Health First Aiders" in to_bob.body
    assert "Run a wellbeing week" not in to_bob.body
    to_erin = next(message for message in mail.outbox if message.to == ["erin@example.gov.uk"])
    assert "so the EDI Officer Group writes its progress" in to_erin.body
    assert len(run.sent) == 2
    assert ProgressReminder.objects.filter(stage="14").count() == 2


@pytest.mark.django_db
def test_a_second_run_sends_nothing_and_the_three_day_reminder_comes_later(round):
    send_progress_reminders(as_of=today())
    mail.outbox.clear()
    assert send_progress_reminders(as_of=today()).sent == ()
    assert send_progress_reminders(as_of=today() + datetime.timedelta(days=5)).sent == ()

    later = send_progress_reminders(as_of=today() + datetime.timedelta(days=11))
    assert {r.stage for r in later.sent} == {3}
    assert len(mail.outbox) == 2
    assert send_progress_reminders(as_of=today() + datetime.timedelta(days=12)).sent == ()


@pytest.mark.django_db
def test_a_lead_who_has_written_every_return_is_not_reminded(round, colleague):
    small, open_ = round
    progress_write(round=open_, action=small.led, by=colleague, text="Done", status=status())

    run = send_progress_reminders(as_of=today())

    assert [reminder.email for reminder in run.sent] == ["erin@example.gov.uk"]


@pytest.mark.django_db
def test_the_command_dry_run_sends_and_records_nothing(round, capsys):
    call_command("send_progress_reminders", "--dry-run")

    out = capsys.readouterr().out
    assert "Would e-mail bob@example.gov.uk" in out
    assert "Dry run: would send 2 progress reminder e-mails" in out
    assert not mail.outbox and not ProgressReminder.objects.exists()
