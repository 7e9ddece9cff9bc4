"""Action reminders: a lead hears once when an action is due within EQIA_ACTION_REMINDER_DAYS
and once when it is overdue (recorded, so a second run sends nothing), through the
send_action_reminders command."""

import datetime
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connections

from eqia.actions import action_add, action_update_status
from eqia.management.commands.send_action_reminders import Command
from eqia.models import Action, ActionReminder, ActionStatus, AssessmentState
from eqia.reminders import send_action_reminders
from eqia.services import assessment_start
from tests.assessment_factories import make_assessment, set_state
from tests.factories import days_from, make_policy

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 6, 1)


class FailingForBobBackend(EmailBackend):
    """Delivers like locmem, except that bob's mail server refuses every message."""

    def send_messages(self, messages):
        if any("bob@example.gov.uk" in message.to for message in messages):
            raise ConnectionRefusedError("mail server refused the connection")
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def reminder_settings(settings):
    settings.EQIA_ACTION_REMINDER_DAYS = 14
    settings.EQIA_SITE_URL = "https://eqia.example.gov.uk"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


@pytest.fixture
def signed(owner):
    """alice's signed v1 of HOU-001; its actions are planned before it was signed."""
    policy = make_policy(reference="HOU-001", owner=owner)
    return make_assessment(policy, by=owner, complete=True)


def plan(assessment, description, due_in, **fields):
    return action_add(
        assessment=assessment,
        by=assessment.created_by,
        description=description,
        due_date=days_from(AS_OF, due_in),
        **fields,
    )


def run(days_later=0, **options):
    return send_action_reminders(as_of=days_from(AS_OF, days_later), **options)


def sent_to():
    return sorted((message.to[0], message.subject) for message in mail.outbox)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """Runs the command as manage.py does, so exit codes and stderr are the real ones."""
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def command(*arguments: str) -> Result:
        capsys.readouterr()
        try:
            Command().run_from_argv(
                ["manage.py", "send_action_reminders", "--skip-checks", *arguments]
            )
            exit_code = 0
        except SystemExit as exit:
            exit_code = exit.code
        captured = capsys.readouterr()
        return Result(exit_code, captured.out, captured.err)

    return command


def test_a_lead_hears_once_when_an_action_falls_due_and_once_when_it_is_overdue(signed, colleague):
    action = plan(signed, "Consult the disability forum", 20, owner=colleague)
    set_state(signed, AssessmentState.SIGNED_OFF)
    assert run().sent == ()  # 20 days away: not yet
    run(days_later=6)  # 14 days away
    assert sent_to() == [("bob@example.gov.uk", "1 equality action due soon")]
    [message] = mail.outbox
    assert "HOU-001 EqIA v1: Consult the disability forum" in message.body
    assert "Due in 14 days, on 21 June 2026" in message.body
    assert f"https://eqia.example.gov.uk/assessments/actions/{action.pk}/update/" in message.body
    assert run(days_later=7).sent == ()  # recorded: nothing again
    run(days_later=21)
    assert sent_to()[-1] == ("bob@example.gov.uk", "1 equality action overdue or due soon")
    assert "Overdue by 1 day (it was due on 21 June 2026)" in mail.outbox[-1].body
    assert run(days_later=30).sent == ()
    assert list(
        ActionReminder.objects.order_by("sent_on").values_list("stage", "sent_on", "recipient")
    ) == [
        ("due_soon", days_from(AS_OF, 6), colleague.pk),
        ("overdue", days_from(AS_OF, 21), colleague.pk),
    ]


def test_a_new_due_date_starts_afresh(signed, colleague):
    action = plan(signed, "Consult the forum", 5, owner=colleague)
    set_state(signed, AssessmentState.SIGNED_OFF)
    run()
    Action.objects.filter(pk=action.pk).update(due_date=days_from(AS_OF, 40))
    assert run(days_later=20).sent == ()
    assert len(run(days_later=30).sent) == 1


def test_each_person_gets_one_email_and_a_team_led_action_goes_to_the_policys_owner(
    signed, owner, colleague
):
    plan(signed, "Report by income band", 3, lead_team="Data Analytics team")
    plan(signed, "Check the letters", -2, owner=owner)
    plan(signed, "Run the drop-in", 10, owner=colleague, lead_team="Libraries")
    set_state(signed, AssessmentState.SIGNED_OFF)
    result = run()
    assert [(r.email, len(r.actions)) for r in result.sent] == [
        ("alice@example.gov.uk", 2),
        ("bob@example.gov.uk", 1),
    ]
    alice = next(message for message in mail.outbox if message.to == ["alice@example.gov.uk"])
    assert alice.subject == "2 equality actions overdue or due soon"
    assert "Lead: Data Analytics team (you own the policy, so you hear about it)" in alice.body
    assert "Lead: Alice Owen\n" in alice.body


def test_done_dropped_withdrawn_and_superseded_actions_are_not_reminded(signed, owner):
    done = plan(signed, "Done already", 3, owner=owner)
    action_update_status(action=done, by=owner, status=ActionStatus.DONE)
    plan(signed, "Of a superseded version", 3, owner=owner)  # never inherited onwards
    set_state(signed, AssessmentState.SUPERSEDED)
    withdrawn = make_assessment(by=owner, complete=True)
    plan(withdrawn, "Of a withdrawn draft", 3, owner=owner)
    set_state(withdrawn, AssessmentState.WITHDRAWN)
    assert run().sent == ()
    assert not ActionReminder.objects.exists()


def test_an_inherited_action_is_reminded_once_with_its_latest_plan(signed, owner):
    plan(signed, "Carried on", 3, owner=owner)
    set_state(signed, AssessmentState.SIGNED_OFF)
    assessment_start(policy=signed.policy, by=owner)
    set_state(signed, AssessmentState.SUPERSEDED)  # as when v2 is signed off
    [reminder] = run().sent
    assert [(item.plan, item.description) for item in reminder.actions] == [
        ("EqIA v2", "Carried on")
    ]


def test_the_window_is_a_setting(signed, colleague, settings):
    settings.EQIA_ACTION_REMINDER_DAYS = 30
    plan(signed, "Thirty days out", 30, owner=colleague)
    set_state(signed, AssessmentState.SIGNED_OFF)
    assert len(run().sent) == 1


def test_the_command_prints_what_it_sent_and_records_it(signed, colleague, cli):
    plan(signed, "Consult the disability forum", 3, owner=colleague)
    set_state(signed, AssessmentState.SIGNED_OFF)
    result = cli("--as-of", "2026-06-01")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "E-mailed bob@example.gov.uk: 1 equality action due soon",
        "  HOU-001 EqIA v1  Consult the disability forum  due in 3 days, on 4 June 2026",
        "Sent 1 action reminder e-mail covering 1 action.",
    ]
    assert ActionReminder.objects.count() == 1
    again = cli("--as-of", "2026-06-01")
    assert again.stdout.splitlines() == ["Sent 0 action reminder e-mails covering 0 actions."]


def test_a_dry_run_sends_and_records_nothing(signed, colleague, cli):
    plan(signed, "Consult the disability forum", 3, owner=colleague)
    set_state(signed, AssessmentState.SIGNED_OFF)
    result = cli("--as-of", "2026-06-01", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "Would e-mail bob@example.gov.uk: 1 equality action due soon"
    )
    assert result.stdout.splitlines()[-1] == (
        "Dry run: would send 1 action reminder e-mail covering 1 action. "
        "Nothing was sent or recorded."
    )
    assert mail.outbox == []
    assert not ActionReminder.objects.exists()


def test_a_failed_email_exits_1_and_is_tried_again_next_time(
    signed, owner, colleague, cli, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingForBobBackend"
    plan(signed, "Bob's", 3, owner=colleague)
    plan(signed, "Alice's", 3, owner=owner)
    set_state(signed, AssessmentState.SIGNED_OFF)
    result = cli("--as-of", "2026-06-01")
    assert result.exit_code == 1
    assert "Could not e-mail bob@example.gov.uk: mail server refused the connection" in (
        result.stderr
    )
    assert list(ActionReminder.objects.values_list("recipient", flat=True)) == [owner.pk]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert [r.email for r in run().sent] == ["bob@example.gov.uk"]


def test_a_lead_who_cannot_be_emailed_is_skipped_and_named(signed, colleague, cli):
    colleague.is_active = False
    colleague.save()
    plan(signed, "Consult the disability forum", 3, owner=colleague)
    set_state(signed, AssessmentState.SIGNED_OFF)
    result = cli("--as-of", "2026-06-01")
    assert result.exit_code == 0
    assert result.stderr.strip() == (
        "Skipped HOU-001 \u201cConsult the disability forum\u201d: the lead's account is inactive"
    )


def test_a_bad_date_is_bad_usage(cli):
    result = cli("--as-of", "31/06/2026")
    assert result.exit_code == 2
    assert "is not a date: give it as yyyy-mm-dd" in result.stderr
