import datetime
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import IntegrityError, connections
from django.urls import reverse

from eqia.management.commands.send_review_reminders import Command
from policies.models import Policy, PolicyStatus, ReviewReminder
from policies.reminders import plan_review_reminders, send_review_reminders
from tests.factories import days_from, make_policy, make_user
from tests.page import parse

AS_OF = datetime.date(2026, 6, 1)


def on(days: int) -> datetime.date:
    return days_from(AS_OF, days)


class FailingForBobBackend(EmailBackend):
    """Delivers like locmem, except that bob's mail server refuses every message."""

    def send_messages(self, messages):
        if any("bob@example.gov.uk" in message.to for message in messages):
            raise ConnectionRefusedError("mail server refused the connection")
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def reminder_settings(settings):
    settings.EQIA_REMINDER_DAYS = [90, 30, 7]
    settings.EQIA_OVERDUE_REMINDER_INTERVAL_DAYS = 7
    settings.EQIA_SITE_URL = "https://eqia.example.gov.uk"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def reminders_cli(capsys, monkeypatch):
    """Runs the command as manage.py does, so exit codes and stderr are the real ones."""
    # run_from_argv closes every connection when it finishes, which would end the test's
    # transaction on PostgreSQL.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*arguments: str) -> Result:
        capsys.readouterr()
        try:
            Command().run_from_argv(
                ["manage.py", "send_review_reminders", "--skip-checks", *arguments]
            )
            exit_code = 0
        except SystemExit as exit:
            exit_code = exit.code
        captured = capsys.readouterr()
        return Result(exit_code, captured.out, captured.err)

    return run


def stages_recorded(policy: Policy) -> list[tuple[str, datetime.date, datetime.date]]:
    return list(
        policy.review_reminders.order_by("sent_on", "id").values_list(
            "stage", "for_review_date", "sent_on"
        )
    )


def send(days_later: int = 0):
    return send_review_reminders(as_of=on(days_later))


@pytest.mark.django_db
def test_each_owner_gets_one_email_listing_all_their_policies_due(owner, colleague):
    make_policy(reference="HOU-001", title="Allocations", owner=owner, next_review=on(-5))
    make_policy(reference="HOU-002", title="Tenancy strategy", owner=owner, next_review=on(85))
    make_policy(reference="HOU-003", title="Homelessness", owner=owner, next_review=on(6))
    make_policy(reference="PLN-001", title="Local plan", owner=colleague, next_review=on(30))
    run = send()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "alice@example.gov.uk",
        "bob@example.gov.uk",
    ]
    alices = next(message for message in mail.outbox if message.to == ["alice@example.gov.uk"])
    assert alices.subject == "3 policies due for equality review"
    body = alices.body
    assert body.startswith("Dear Alice Owen,")
    assert body.index("HOU-001") < body.index("HOU-003") < body.index("HOU-002")
    assert "HOU-001: Allocations\nOverdue by 5 days (the review was due on 27 May 2026)\n" in body
    assert "https://eqia.example.gov.uk/policies/HOU-001/\n" in body
    assert "HOU-002: Tenancy strategy\nDue in 85 days, on 25 August 2026\n" in body
    assert "HOU-003: Homelessness\nDue in 6 days, on 7 June 2026\n" in body
    bobs = next(message for message in mail.outbox if message.to == ["bob@example.gov.uk"])
    assert bobs.subject == "1 policy due for equality review"
    assert run.summary_line() == "Sent 2 reminder e-mails covering 4 policies."


@pytest.mark.django_db
def test_policies_not_yet_due_or_archived_are_left_out(owner):
    make_policy(reference="LATER", owner=owner, next_review=on(91))
    make_policy(reference="ARCHIVED", owner=owner, next_review=on(-3), status=PolicyStatus.ARCHIVED)
    make_policy(reference="OLD", owner=owner, next_review=None, status=PolicyStatus.ARCHIVED)
    run = send()
    assert mail.outbox == []
    assert run.summary_line() == "Sent 0 reminder e-mails covering 0 policies."
    assert not ReviewReminder.objects.exists()


@pytest.mark.django_db
def test_what_was_sent_is_recorded_against_the_review_date(owner):
    policy = make_policy(owner=owner, next_review=on(85))
    send()
    reminder = ReviewReminder.objects.get()
    assert (reminder.policy, reminder.recipient, reminder.stage) == (policy, owner, "90")
    assert (reminder.for_review_date, reminder.sent_on) == (on(85), AS_OF)


@pytest.mark.django_db
def test_running_twice_on_the_same_day_sends_nothing_the_second_time(owner, colleague):
    make_policy(owner=owner, next_review=on(-5))
    make_policy(owner=colleague, next_review=on(20))
    send()
    assert len(mail.outbox) == 2
    second = send()
    assert len(mail.outbox) == 2
    assert second.sent == ()
    assert ReviewReminder.objects.count() == 2


@pytest.mark.django_db
def test_each_threshold_is_reminded_once_as_the_review_date_comes_closer(owner):
    policy = make_policy(owner=owner, next_review=on(85))
    for days_later in range(0, 95):
        send(days_later)
    # 85 days before: the 90-day reminder; 30 and 7 days before; then weekly once overdue.
    assert stages_recorded(policy) == [
        ("90", on(85), on(0)),
        ("30", on(85), on(55)),
        ("7", on(85), on(78)),
        ("overdue", on(85), on(86)),
        ("overdue", on(85), on(93)),
    ]
    assert len(mail.outbox) == 5


@pytest.mark.django_db
def test_a_policy_first_seen_inside_a_threshold_gets_only_the_tightest_reminder(owner):
    policy = make_policy(owner=owner, next_review=on(28))
    send()
    send(1)
    assert stages_recorded(policy) == [("30", on(28), AS_OF)]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_policy_due_today_gets_the_seven_day_reminder_not_an_overdue_one(owner):
    policy = make_policy(owner=owner, next_review=AS_OF)
    send()
    assert stages_recorded(policy) == [("7", AS_OF, AS_OF)]
    assert "Due today (1 June 2026)" in mail.outbox[0].body


@pytest.mark.django_db
def test_overdue_policies_are_reminded_again_each_week(owner):
    policy = make_policy(owner=owner, next_review=on(-40))
    sent_on = [day for day in range(0, 15) if send(day).sent]
    assert sent_on == [0, 7, 14]
    assert [stage for stage, _, _ in stages_recorded(policy)] == ["overdue"] * 3


@pytest.mark.django_db
def test_the_overdue_interval_comes_from_settings(owner, reminder_settings):
    reminder_settings.EQIA_OVERDUE_REMINDER_INTERVAL_DAYS = 3
    make_policy(owner=owner, next_review=on(-40))
    assert [day for day in range(0, 7) if send(day).sent] == [0, 3, 6]


@pytest.mark.django_db
def test_a_new_review_date_starts_the_reminders_afresh(owner):
    policy = make_policy(owner=owner, next_review=on(20))
    send()
    policy.next_review = on(80)
    policy.save()
    send(1)
    assert stages_recorded(policy) == [("30", on(20), on(0)), ("90", on(80), on(1))]
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_thresholds_come_from_settings(owner, reminder_settings):
    reminder_settings.EQIA_REMINDER_DAYS = [60, 14]
    policy = make_policy(owner=owner, next_review=on(61))
    assert [day for day in range(0, 50) if send(day).sent] == [1, 47]
    assert [stage for stage, _, _ in stages_recorded(policy)] == ["60", "14"]


@pytest.mark.django_db
def test_policies_whose_owner_cannot_be_emailed_are_skipped_and_reported(owner):
    make_policy(reference="NO-OWNER", owner=None, next_review=on(-1))
    no_email = make_user("noemail", email="")
    make_policy(reference="NO-EMAIL", owner=no_email, next_review=on(5))
    gone = make_user("gone", is_active=False)
    make_policy(reference="INACTIVE", owner=gone, next_review=on(5))
    make_policy(reference="FINE", owner=owner, next_review=on(5))
    run = send()
    assert [message.to for message in mail.outbox] == [["alice@example.gov.uk"]]
    assert "NO-OWNER" not in mail.outbox[0].body
    assert {(skipped.reference, skipped.reason) for skipped in run.skipped} == {
        ("NO-OWNER", "no owner"),
        ("NO-EMAIL", "the owner has no e-mail address"),
        ("INACTIVE", "the owner's account is inactive"),
    }
    assert list(ReviewReminder.objects.values_list("policy__reference", flat=True)) == ["FINE"]


@pytest.mark.django_db
def test_a_failed_send_records_nothing_for_that_owner_and_the_others_still_get_theirs(
    owner, colleague, reminder_settings
):
    reminder_settings.EMAIL_BACKEND = "tests.test_reminders.FailingForBobBackend"
    make_policy(reference="ALICE-1", owner=owner, next_review=on(5))
    make_policy(reference="BOB-1", owner=colleague, next_review=on(5))
    run = send()
    assert [message.to for message in mail.outbox] == [["alice@example.gov.uk"]]
    assert [failure.reminder.email for failure in run.failed] == ["bob@example.gov.uk"]
    assert list(ReviewReminder.objects.values_list("policy__reference", flat=True)) == ["ALICE-1"]
    reminder_settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    retry = send()
    assert [reminder.email for reminder in retry.sent] == ["bob@example.gov.uk"]


@pytest.mark.django_db
def test_titles_are_not_html_escaped_in_the_plain_text_email(owner):
    make_policy(title="Housing & homelessness <draft>", owner=owner, next_review=on(3))
    send()
    assert ": Housing & homelessness <draft>\n" in mail.outbox[0].body


@pytest.mark.django_db
def test_planning_reads_the_register_in_two_queries(owner, colleague, django_assert_num_queries):
    for number in range(20):
        make_policy(owner=(owner, colleague)[number % 2], next_review=on(number * 5 - 20))
    send()
    with django_assert_num_queries(2):
        plan = plan_review_reminders(as_of=on(40))
    assert len(plan.reminders) == 2


@pytest.mark.django_db
def test_the_database_refuses_a_second_reminder_for_the_same_stage(owner):
    policy = make_policy(owner=owner, next_review=on(20))
    fields = {"policy": policy, "recipient": owner, "for_review_date": on(20)}
    ReviewReminder.objects.create(stage="30", sent_on=on(0), **fields)
    ReviewReminder.objects.create(stage="overdue", sent_on=on(21), **fields)
    ReviewReminder.objects.create(stage="overdue", sent_on=on(28), **fields)
    with pytest.raises(IntegrityError):
        ReviewReminder.objects.create(stage="30", sent_on=on(1), **fields)


@pytest.mark.django_db
def test_the_database_refuses_two_overdue_reminders_on_one_day(owner):
    policy = make_policy(owner=owner, next_review=on(-20))
    fields = {"policy": policy, "recipient": owner, "for_review_date": on(-20), "sent_on": AS_OF}
    ReviewReminder.objects.create(stage="overdue", **fields)
    with pytest.raises(IntegrityError):
        ReviewReminder.objects.create(stage="overdue", **fields)


@pytest.mark.django_db
def test_the_command_sends_and_prints_a_summary(reminders_cli, owner, colleague):
    make_policy(reference="HOU-001", owner=owner, next_review=on(-5))
    make_policy(reference="HOU-002", owner=owner, next_review=on(60))
    make_policy(reference="PLN-001", owner=colleague, next_review=on(2))
    make_policy(reference="ORPHAN", owner=None, next_review=on(2))
    result = reminders_cli("--as-of", "2026-06-01")
    assert result.exit_code == 0
    assert len(mail.outbox) == 2
    lines = result.stdout.splitlines()
    assert lines[0] == "E-mailed alice@example.gov.uk: 2 policies due for equality review"
    assert "  HOU-001  overdue by 5 days (the review was due on 27 May 2026)" in lines
    assert lines[-1] == "Sent 2 reminder e-mails covering 3 policies."
    assert result.stderr == "Skipped ORPHAN: no owner\n"
    assert ReviewReminder.objects.count() == 3


@pytest.mark.django_db
def test_a_dry_run_shows_what_would_be_sent_and_sends_and_records_nothing(reminders_cli, owner):
    make_policy(reference="HOU-001", owner=owner, next_review=on(-5))
    result = reminders_cli("--as-of", "2026-06-01", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Would e-mail alice@example.gov.uk: 1 policy due for equality review",
        "  HOU-001  overdue by 5 days (the review was due on 27 May 2026)",
        "Dry run: would send 1 reminder e-mail covering 1 policy. Nothing was sent or recorded.",
    ]
    assert mail.outbox == []
    assert not ReviewReminder.objects.exists()
    assert reminders_cli("--as-of", "2026-06-01").exit_code == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_command_exits_with_one_when_an_email_could_not_be_sent(
    reminders_cli, colleague, reminder_settings
):
    reminder_settings.EMAIL_BACKEND = "tests.test_reminders.FailingForBobBackend"
    make_policy(reference="BOB-1", owner=colleague, next_review=on(5))
    result = reminders_cli("--as-of", "2026-06-01")
    assert result.exit_code == 1
    assert "Could not e-mail bob@example.gov.uk: mail server refused the connection" in (
        result.stderr
    )
    assert "Sent 0 reminder e-mails covering 0 policies." in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", ["2026-02-30", "next week"])
def test_a_bad_as_of_date_is_a_usage_error(reminders_cli, as_of):
    result = reminders_cli("--as-of", as_of)
    assert result.exit_code == 2
    assert "is not a date: give it as yyyy-mm-dd" in result.stderr
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_admin_lists_reminders_sent_but_offers_no_way_to_add_or_change_them(
    admin_client, owner
):
    make_policy(reference="HOU-001", owner=owner, next_review=on(5))
    send()
    changelist = admin_client.get(reverse("admin:policies_reviewreminder_changelist"))
    assert changelist.status_code == 200
    assert "HOU-001" in parse(changelist).find("table", id="result_list").text
    reminder = ReviewReminder.objects.get()
    assert admin_client.get(reverse("admin:policies_reviewreminder_add")).status_code == 403
    change = admin_client.get(reverse("admin:policies_reviewreminder_change", args=[reminder.pk]))
    assert change.status_code == 200
    assert parse(change).find_all("input", type="submit") == []
