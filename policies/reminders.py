"""Review reminders: one e-mail per owner listing their policies coming up for review.

A policy is in an owner's e-mail when it has crossed a reminder threshold (EQIA_REMINDER_DAYS
before its next review) that it has not been reminded about for that review date, or when it
is overdue and has had no overdue reminder for EQIA_OVERDUE_REMINDER_INTERVAL_DAYS. What is
sent is recorded as ReviewReminder rows, so running the service again sends nothing new.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from core.dates import long_date, today
from core.mail import send_message, site_url
from core.people import name_from_row
from policies.models import Policy, PolicyStatus, ReviewReminder


def _days(days: int) -> str:
    return f"{days} day{'' if days == 1 else 's'}"


@dataclass(frozen=True)
class DueReview:
    """One policy in a reminder, and the stage of reminder it is getting."""

    policy_id: int
    reference: str
    title: str
    next_review: datetime.date
    days_until: int  # negative once the review date has passed
    stage: str
    url: str

    @property
    def due_phrase(self) -> str:
        if self.days_until < 0:
            return (
                f"overdue by {_days(-self.days_until)} "
                f"(the review was due on {long_date(self.next_review)})"
            )
        if self.days_until == 0:
            return f"due today ({long_date(self.next_review)})"
        return f"due in {_days(self.days_until)}, on {long_date(self.next_review)}"


@dataclass(frozen=True)
class OwnerReminder:
    """The one e-mail an owner gets in a run."""

    recipient_id: int
    email: str
    name: str
    reviews: tuple[DueReview, ...]

    @property
    def subject(self) -> str:
        count = len(self.reviews)
        return f"{count} polic{'y' if count == 1 else 'ies'} due for equality review"


@dataclass(frozen=True)
class SkippedReview:
    """A policy due a reminder that nobody can be e-mailed about."""

    reference: str
    reason: str


@dataclass(frozen=True)
class ReminderPlan:
    reminders: tuple[OwnerReminder, ...]
    skipped: tuple[SkippedReview, ...]


@dataclass(frozen=True)
class FailedReminder:
    reminder: OwnerReminder
    error: str


@dataclass(frozen=True)
class ReminderRun:
    """What a run sent (or, in a dry run, would have sent), failed to send and skipped."""

    sent: tuple[OwnerReminder, ...]
    failed: tuple[FailedReminder, ...]
    skipped: tuple[SkippedReview, ...]
    dry_run: bool

    @property
    def policy_count(self) -> int:
        return sum(len(reminder.reviews) for reminder in self.sent)

    def summary_line(self) -> str:
        emails = len(self.sent)
        policies = self.policy_count
        counts = (
            f"{emails} reminder e-mail{'' if emails == 1 else 's'} covering "
            f"{policies} polic{'y' if policies == 1 else 'ies'}"
        )
        if self.dry_run:
            return f"Dry run: would send {counts}. Nothing was sent or recorded."
        return f"Sent {counts}."


def _reminder_thresholds() -> list[int]:
    return sorted({int(days) for days in settings.EQIA_REMINDER_DAYS if int(days) >= 0})


def stage_due(days_until: int, thresholds: Iterable[int]) -> str | None:
    """The tightest threshold a review has crossed, "overdue" once past, or None if none yet."""
    if days_until < 0:
        return ReviewReminder.OVERDUE
    crossed = [days for days in thresholds if days_until <= days]
    return ReviewReminder.stage_for_days(min(crossed)) if crossed else None


def already_reminded(
    stage: str,
    history: Iterable[tuple[str, datetime.date]],
    *,
    as_of: datetime.date,
    overdue_interval_days: int,
) -> bool:
    """Whether the reminders already sent for this review date cover ``stage``."""
    if stage == ReviewReminder.OVERDUE:
        repeat_after = as_of - datetime.timedelta(days=overdue_interval_days)
        return any(
            sent_stage == ReviewReminder.OVERDUE and sent_on > repeat_after
            for sent_stage, sent_on in history
        )
    # A tighter reminder covers a looser one: this only arises when --as-of goes back in time.
    return any(
        sent_stage == ReviewReminder.OVERDUE or int(sent_stage) <= int(stage)
        for sent_stage, _ in history
    )


def _why_owner_cannot_be_emailed(row: Mapping[str, Any]) -> str | None:
    if row["owner_id"] is None:
        return "no owner"
    if not row["owner__is_active"]:
        return "the owner's account is inactive"
    if not (row["owner__email"] or "").strip():
        return "the owner has no e-mail address"
    return None


def plan_review_reminders(*, as_of: datetime.date) -> ReminderPlan:
    """Who should be e-mailed about which policies on ``as_of``. Two queries, no writes."""
    thresholds = _reminder_thresholds()
    horizon = as_of + datetime.timedelta(days=max(thresholds, default=-1))
    candidates = Policy.objects.filter(status=PolicyStatus.ACTIVE, next_review__lte=horizon)
    history: dict[int, list[tuple[str, datetime.date]]] = defaultdict(list)
    for policy_id, sent_stage, sent_on in ReviewReminder.objects.filter(
        policy__in=candidates, for_review_date=F("policy__next_review")
    ).values_list("policy_id", "stage", "sent_on"):
        history[policy_id].append((sent_stage, sent_on))

    owners: dict[int, Mapping[str, Any]] = {}
    reviews: dict[int, list[DueReview]] = defaultdict(list)
    skipped = []
    for row in candidates.order_by("next_review", "reference").values(
        "id",
        "reference",
        "title",
        "next_review",
        "owner_id",
        "owner__email",
        "owner__first_name",
        "owner__last_name",
        "owner__username",
        "owner__is_active",
    ):
        next_review = row["next_review"]
        assert next_review is not None  # next_review__lte leaves out policies without one
        days_until = (next_review - as_of).days
        stage = stage_due(days_until, thresholds)
        if stage is None or already_reminded(
            stage,
            history[row["id"]],
            as_of=as_of,
            overdue_interval_days=settings.EQIA_OVERDUE_REMINDER_INTERVAL_DAYS,
        ):
            continue
        if reason := _why_owner_cannot_be_emailed(row):
            skipped.append(SkippedReview(reference=row["reference"], reason=reason))
            continue
        owners[row["owner_id"]] = row
        reviews[row["owner_id"]].append(
            DueReview(
                policy_id=row["id"],
                reference=row["reference"],
                title=row["title"],
                next_review=next_review,
                days_until=days_until,
                stage=stage,
                url=site_url(reverse("policies:detail", args=[row["reference"]])),
            )
        )
    reminders = [
        OwnerReminder(
            recipient_id=owner_id,
            email=row["owner__email"].strip(),
            name=name_from_row(row, "owner__"),
            reviews=tuple(reviews[owner_id]),
        )
        for owner_id, row in owners.items()
    ]
    reminders.sort(key=lambda reminder: (reminder.email.lower(), reminder.recipient_id))
    return ReminderPlan(reminders=tuple(reminders), skipped=tuple(skipped))


def record_reminders_sent(*, reminder: OwnerReminder, sent_on: datetime.date) -> None:
    with transaction.atomic():
        ReviewReminder.objects.bulk_create(
            ReviewReminder(
                policy_id=review.policy_id,
                recipient_id=reminder.recipient_id,
                stage=review.stage,
                for_review_date=review.next_review,
                sent_on=sent_on,
            )
            for review in reminder.reviews
        )


def send_review_reminders(
    *, as_of: datetime.date | None = None, dry_run: bool = False
) -> ReminderRun:
    """E-mail each owner their policies due a reminder, recording each e-mail once it is sent."""
    as_of = as_of or today()
    plan = plan_review_reminders(as_of=as_of)
    if dry_run:
        return ReminderRun(sent=plan.reminders, failed=(), skipped=plan.skipped, dry_run=True)
    connection = mail.get_connection()
    sent, failed = [], []
    for reminder in plan.reminders:
        error = send_message(
            "emails/review_reminder.txt",
            reminder.subject,
            reminder.email,
            connection=connection,
            reminder=reminder,
            queue_url=site_url(reverse("policies:queue")),
        )
        # Nothing is recorded for an owner whose e-mail failed: the next run tries again.
        if error is not None:
            failed.append(FailedReminder(reminder=reminder, error=error))
            continue
        record_reminders_sent(reminder=reminder, sent_on=as_of)
        sent.append(reminder)
    return ReminderRun(sent=tuple(sent), failed=tuple(failed), skipped=plan.skipped, dry_run=False)
