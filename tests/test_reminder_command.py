"""send_review_reminders as the assessment layer runs it: policies with an EqIA under way are
left out (that EqIA is their review), and the EDI group's weekly list is printed."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from eqia.models import AssessmentState
from policies.models import ReminderDigest, ReviewReminder
from tests.assessment_factories import make_assessment, set_state
from tests.factories import make_policy

AS_OF = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def reminder_settings(settings):
    settings.EQIA_REMINDER_DAYS = [90, 30, 7]
    settings.EQIA_OVERDUE_REMINDER_INTERVAL_DAYS = 7
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def run(*arguments: str, capsys) -> tuple[list[str], list[str]]:
    capsys.readouterr()
    call_command("send_review_reminders", "--as-of", AS_OF.isoformat(), *arguments)
    captured = capsys.readouterr()
    return captured.out.splitlines(), captured.err.splitlines()


@pytest.mark.django_db
def test_a_policy_with_an_eqia_under_way_is_left_out_and_said_so(capsys, owner, reviewer):
    busy = make_policy(reference="HOU-002", owner=owner, next_review=datetime.date(2026, 5, 1))
    assessment = make_assessment(busy, by=owner)
    set_state(assessment, AssessmentState.IN_REVIEW)
    make_policy(reference="HOU-001", owner=owner, next_review=datetime.date(2026, 5, 27))
    out, err = run(capsys=capsys)
    since = timezone.localtime(assessment.state_since).strftime("%-d %B %Y")
    assert out == [
        "E-mailed alice@example.gov.uk: 1 policy due for equality review",
        "  HOU-001  overdue by 5 days (the review was due on 27 May 2026)",
        f"Not reminded about HOU-002: has an open assessment (EqIA v1 in review since {since})",
        "Sent 1 reminder e-mail covering 1 policy.",
    ]
    assert err == []
    assert list(ReviewReminder.objects.values_list("policy__reference", flat=True)) == ["HOU-001"]


@pytest.mark.django_db
def test_a_signed_eqia_does_not_stop_the_reminders(capsys, owner, reviewer):
    policy = make_policy(reference="HOU-003", owner=owner, next_review=datetime.date(2026, 5, 1))
    set_state(make_assessment(policy, by=owner), AssessmentState.SIGNED_OFF)
    out, _ = run(capsys=capsys)
    assert out[0] == "E-mailed alice@example.gov.uk: 1 policy due for equality review"


@pytest.mark.django_db
def test_a_dry_run_prints_the_unknown_dates_and_the_edi_groups_list_and_records_nothing(
    capsys, owner, reviewer
):
    make_policy(reference="HR-006", title="Disciplinary", owner=owner, next_review=None)
    out, err = run("--dry-run", capsys=capsys)
    assert out == [
        "Would e-mail alice@example.gov.uk: 1 policy with no equality review date",
        "  HR-006  review date unknown: set one on the policy's page",
        "Would e-mail the EDI group (1 person: erin@example.gov.uk): 1 policy with no review "
        "date in the register",
        "  HR-006  Disciplinary",
        "Dry run: would send 1 reminder e-mail covering 1 policy, and the EDI group's list of "
        "1 policy with no review date. Nothing was sent or recorded.",
    ]
    assert err == []
    assert mail.outbox == []
    assert not ReviewReminder.objects.exists() and not ReminderDigest.objects.exists()


@pytest.mark.django_db
def test_the_list_is_sent_once_a_week(capsys, owner, reviewer):
    make_policy(reference="HR-006", owner=owner, next_review=None)
    first, _ = run(capsys=capsys)
    assert "E-mailed the EDI group (1 person: erin@example.gov.uk): 1 policy with no review " in (
        " ".join(first)
    )
    again, _ = run(capsys=capsys)
    assert again == ["Sent 0 reminder e-mails covering 0 policies."]


@pytest.mark.django_db
def test_a_list_that_could_not_be_sent_fails_the_command(capsys, owner, reviewer, settings):
    settings.EMAIL_BACKEND = "tests.test_reminder_unknown_dates.FailingForErinBackend"
    owner.email = ""
    owner.save()
    make_policy(reference="HR-006", owner=owner, next_review=None)
    with pytest.raises(CommandError, match="1 e-mail could not be sent"):
        call_command("send_review_reminders", "--as-of", AS_OF.isoformat())
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "Skipped HR-006: the owner has no e-mail address",
        "Could not e-mail erin@example.gov.uk the EDI group's list: mail server refused the "
        "connection",
    ]
    assert not ReminderDigest.objects.exists()
