"""Reminders about policies whose review date is unknown (to the owner, repeated; to the EDI
group, weekly) and policies left out of reminders (an EqIA under way)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from core.roles import Role
from policies.digests import UNKNOWN_DATES_DIGEST
from policies.models import PolicyStatus, ReminderDigest, ReviewReminder
from policies.reminders import send_review_reminders
from tests.factories import days_from, make_policy, make_user
from tests.page import parse
from tests.test_reminders import FailingForBobBackend

AS_OF = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def reminder_settings(settings):
    settings.EQIA_REMINDER_DAYS = [90, 30, 7]
    settings.EQIA_OVERDUE_REMINDER_INTERVAL_DAYS = 7
    settings.EQIA_SITE_URL = "https://eqia.example.gov.uk"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def on(days: int) -> datetime.date:
    return days_from(AS_OF, days)


def send(days_later: int = 0, **kwargs):
    return send_review_reminders(as_of=on(days_later), **kwargs)


def sent_to(address: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [address]]


class FailingForErinBackend(FailingForBobBackend):
    def send_messages(self, messages):
        if any("erin@example.gov.uk" in message.to for message in messages):
            raise ConnectionRefusedError("mail server refused the connection")
        return super().send_messages(messages)


@pytest.mark.django_db
def test_the_owner_is_reminded_of_a_policy_with_no_review_date(owner):
    policy = make_policy(reference="HR-006", title="Disciplinary", owner=owner, next_review=None)
    run = send()
    (message,) = sent_to("alice@example.gov.uk")
    assert message.subject == "1 policy with no equality review date"
    assert "A policy you own has no review date on record" in message.body
    assert "HR-006: Disciplinary\nhttps://eqia.example.gov.uk/policies/HR-006/\n" in message.body
    assert [review.due_phrase for review in run.sent[0].reviews] == [
        "review date unknown: set one on the policy's page"
    ]
    reminder = ReviewReminder.objects.get()
    assert (reminder.policy, reminder.recipient, reminder.stage) == (policy, owner, "unknown")
    assert (reminder.for_review_date, reminder.sent_on) == (None, AS_OF)


@pytest.mark.django_db
def test_an_unknown_date_is_reminded_again_every_interval(owner, reminder_settings):
    make_policy(owner=owner, next_review=None)
    assert [day for day in range(0, 15) if send(day).sent] == [0, 7, 14]
    reminder_settings.EQIA_OVERDUE_REMINDER_INTERVAL_DAYS = 3
    assert [day for day in range(15, 22) if send(day).sent] == [17, 20]


@pytest.mark.django_db
def test_dated_and_undated_policies_share_one_email_each_in_its_own_list(owner):
    make_policy(reference="HOU-001", owner=owner, next_review=on(-5))
    make_policy(reference="HR-006", owner=owner, next_review=None)
    send()
    (message,) = sent_to("alice@example.gov.uk")
    assert message.subject == "2 policies due for equality review or with no review date"
    body = message.body
    assert body.index("A policy you own is due for equality review.") < body.index("HOU-001")
    assert body.index("HOU-001") < body.index("no review date on record") < body.index("HR-006")


@pytest.mark.django_db
def test_once_a_date_is_set_the_dated_reminders_take_over(owner):
    policy = make_policy(owner=owner, next_review=None)
    send()
    policy.next_review = on(20)
    policy.save()
    send(1)
    assert list(policy.review_reminders.order_by("sent_on").values_list("stage", "sent_on")) == [
        ("unknown", on(0)),
        ("30", on(1)),
    ]


@pytest.mark.django_db
def test_the_edi_group_gets_one_weekly_list_of_every_active_policy_with_no_date(
    owner, colleague, reviewer
):
    make_user("edi2", Role.EDI_REVIEWER)
    make_user("edi-gone", Role.EDI_REVIEWER, is_active=False)
    make_user("edi-nomail", Role.EDI_REVIEWER, email="")
    make_policy(reference="HR-006", title="Disciplinary", owner=owner, next_review=None)
    make_policy(reference="ENV-005", title="Pest control", owner=colleague, next_review=None)
    make_policy(reference="OLD-001", next_review=None, status=PolicyStatus.ARCHIVED)
    make_policy(reference="HOU-001", owner=owner, next_review=on(-5))
    run = send()
    lists = [m for m in mail.outbox if m.subject.endswith("with no review date in the register")]
    assert sorted(message.to[0] for message in lists) == [
        "edi2@example.gov.uk",
        "erin@example.gov.uk",
    ]
    body = sent_to("erin@example.gov.uk")[0].body
    assert body.startswith("Dear Erin Reid,")
    assert lists[0].subject == "2 policies with no review date in the register"
    assert body.index("ENV-005: Pest control\nOwner: Bob Baker\n") < body.index("HR-006")
    assert "OLD-001" not in body and "HOU-001" not in body
    assert run.digest is not None and len(run.digest.recipients) == 2
    assert run.summary_line() == (
        "Sent 2 reminder e-mails covering 3 policies, and the EDI group's list of 2 policies "
        "with no review date."
    )
    digest = ReminderDigest.objects.get()
    assert (digest.kind, digest.sent_on, digest.items, digest.recipients) == (
        UNKNOWN_DATES_DIGEST,
        AS_OF,
        2,
        2,
    )


@pytest.mark.django_db
def test_a_second_run_that_week_sends_the_edi_group_nothing(owner, reviewer):
    make_policy(owner=owner, next_review=None)
    digests_on = [day for day in range(0, 15) if send(day).digest is not None]
    assert digests_on == [0, 7, 14]
    assert ReminderDigest.objects.count() == 3


@pytest.mark.django_db
def test_no_policy_without_a_date_means_no_list(owner, reviewer):
    make_policy(owner=owner, next_review=on(-5))
    assert send().digest is None
    assert sent_to("erin@example.gov.uk") == []
    assert not ReminderDigest.objects.exists()


@pytest.mark.django_db
def test_a_dry_run_sends_and_records_no_list(owner, reviewer):
    make_policy(reference="HR-006", owner=owner, next_review=None)
    run = send(dry_run=True)
    assert run.digest is not None
    assert [policy.reference for policy in run.digest.policies] == ["HR-006"]
    assert mail.outbox == []
    assert not ReminderDigest.objects.exists()
    assert run.summary_line() == (
        "Dry run: would send 1 reminder e-mail covering 1 policy, and the EDI group's list of "
        "1 policy with no review date. Nothing was sent or recorded."
    )


@pytest.mark.django_db
def test_with_no_edi_reviewer_to_email_the_list_is_reported_not_sent(owner, reviewer):
    reviewer.email = ""
    reviewer.save()
    make_policy(owner=owner, next_review=None)
    run = send()
    assert run.digest is None
    assert run.digest_skipped == (
        "the EDI group's list of 1 policy with no review date: no active EDI reviewer has an "
        "e-mail address"
    )
    assert not ReminderDigest.objects.exists()


@pytest.mark.django_db
def test_a_list_that_reached_nobody_is_not_recorded_and_is_tried_again(
    owner, reviewer, reminder_settings
):
    reminder_settings.EMAIL_BACKEND = "tests.test_reminder_unknown_dates.FailingForErinBackend"
    make_policy(owner=owner, next_review=None)
    run = send()
    assert run.digest is None
    assert run.digest_failed == (("erin@example.gov.uk", "mail server refused the connection"),)
    assert run.failures == 1
    assert not ReminderDigest.objects.exists()
    reminder_settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send(1).digest is not None


@pytest.mark.django_db
def test_policies_left_out_get_no_reminder_and_are_reported_with_the_reason(owner, reviewer):
    busy = make_policy(reference="HOU-002", owner=owner, next_review=on(-5))
    undated = make_policy(reference="HOU-005", owner=owner, next_review=None)
    make_policy(reference="HOU-001", owner=owner, next_review=on(-5))
    reasons = {busy.pk: "has an open assessment (v1)", undated.pk: "has an open assessment (v2)"}
    run = send(leave_out=reasons)
    (message,) = sent_to("alice@example.gov.uk")
    assert "HOU-001" in message.body
    assert "HOU-002" not in message.body and "HOU-005" not in message.body
    assert [(left.reference, left.reason) for left in run.left_out] == [
        ("HOU-002", "has an open assessment (v1)"),
        ("HOU-005", "has an open assessment (v2)"),
    ]
    assert list(ReviewReminder.objects.values_list("policy__reference", flat=True)) == ["HOU-001"]
    # The EDI group's list names every policy with no date, with why it may wait.
    assert "HOU-005: " in sent_to("erin@example.gov.uk")[0].body
    assert "Has an open assessment (v2)" in sent_to("erin@example.gov.uk")[0].body


@pytest.mark.django_db
def test_the_admin_lists_the_lists_sent_but_offers_no_way_to_add_or_change_them(
    admin_client, owner, reviewer
):
    make_policy(owner=owner, next_review=None)
    send()
    changelist = admin_client.get(reverse("admin:policies_reminderdigest_changelist"))
    assert "unknown_review_dates" in parse(changelist).find("table", id="result_list").text
    assert admin_client.get(reverse("admin:policies_reminderdigest_add")).status_code == 403
