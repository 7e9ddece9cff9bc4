"""Review reminders: one e-mail per owner listing their policies coming up for review, and a
weekly list for the EDI group of the policies whose review date is unknown.

A policy is in an owner's e-mail when it has crossed a reminder threshold (EQIA_REMINDER_DAYS
before its next review) that it has not been reminded about for that review date, or when it
is overdue or its review date is unknown and it has had no such reminder for
EQIA_OVERDUE_REMINDER_INTERVAL_DAYS. What is sent is recorded (ReviewReminder rows; a
ReminderDigest for the EDI group's list), so running the service again sends nothing new.

A caller that knows more of a policy than the register does leaves it out (``leave_out``): the
assessment layer leaves out policies with an EqIA under way, since that EqIA is their review.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse

from core.dates import long_date, today
from core.mail import send_and_record, site_url
from core.people import name_from_row
from policies.digests import (
    Digest,
    plan_unknown_dates_digest,
    policies_phrase,
    policy_url,
    send_digest,
)
from policies.models import Policy, PolicyStatus, ReviewReminder


def _days(days: int) -> str:
    return f"{days} day{'' if days == 1 else 's'}"


@dataclass(frozen=True)
class DueReview:
    """One policy in a reminder, and the stage of reminder it is getting."""

    policy_id: int
    reference: str
    title: str
    next_review: datetime.date | None  # None: the review date is not known
    days_until: int | None  # negative once the review date has passed; None when not known
    stage: str
    url: str

    @property
    def due_phrase(self) -> str:
        if self.next_review is None or self.days_until is None:
            return "review date unknown: set one on the policy's page"
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
    def dated(self) -> tuple[DueReview, ...]:
        return tuple(review for review in self.reviews if review.next_review is not None)

    @property
    def undated(self) -> tuple[DueReview, ...]:
        return tuple(review for review in self.reviews if review.next_review is None)

    @property
    def subject(self) -> str:
        if not self.undated:
            return f"{policies_phrase(len(self.reviews))} due for equality review"
        if not self.dated:
            return f"{policies_phrase(len(self.reviews))} with no equality review date"
        return (
            f"{policies_phrase(len(self.reviews))} due for equality review or with no review date"
        )


@dataclass(frozen=True)
class SkippedReview:
    """A policy due a reminder that nobody can be e-mailed about."""

    reference: str
    reason: str


@dataclass(frozen=True)
class LeftOut:
    """A policy due a reminder that the caller asked to leave out, and why."""

    reference: str
    reason: str


@dataclass(frozen=True)
class ReminderPlan:
    reminders: tuple[OwnerReminder, ...]
    skipped: tuple[SkippedReview, ...]
    left_out: tuple[LeftOut, ...] = ()


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
    left_out: tuple[LeftOut, ...] = ()
    # The EDI group's list: sent (or would be), and the addresses it could not reach.
    digest: Digest | None = None
    digest_failed: tuple[tuple[str, str], ...] = ()
    # Why the EDI group's list was due but not sent ("" when it was not due or was sent).
    digest_skipped: str = ""

    @property
    def policy_count(self) -> int:
        return sum(len(reminder.reviews) for reminder in self.sent)

    def summary_line(self) -> str:
        emails = len(self.sent)
        counts = (
            f"{emails} reminder e-mail{'' if emails == 1 else 's'} covering "
            f"{policies_phrase(self.policy_count)}"
        )
        if self.digest is not None:
            listed = policies_phrase(len(self.digest.policies))
            counts += f", and the EDI group's list of {listed} with no review date"
        if self.dry_run:
            return f"Dry run: would send {counts}. Nothing was sent or recorded."
        return f"Sent {counts}."

    @property
    def failures(self) -> int:
        return len(self.failed) + len(self.digest_failed)


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
    if stage in (ReviewReminder.OVERDUE, ReviewReminder.UNKNOWN):
        # Repeated every interval, as long as the review is overdue or its date unknown.
        repeat_after = as_of - datetime.timedelta(days=overdue_interval_days)
        return any(
            sent_stage == stage and sent_on > repeat_after for sent_stage, sent_on in history
        )
    # A tighter reminder covers a looser one: this only arises when --as-of goes back in time.
    return any(
        sent_stage == ReviewReminder.OVERDUE or int(sent_stage) <= int(stage)
        for sent_stage, _ in history
        if sent_stage != ReviewReminder.UNKNOWN
    )


def _why_owner_cannot_be_emailed(row: Mapping[str, Any]) -> str | None:
    if row["owner_id"] is None:
        return "no owner"
    if not row["owner__is_active"]:
        return "the owner's account is inactive"
    if not (row["owner__email"] or "").strip():
        return "the owner has no e-mail address"
    return None


def plan_review_reminders(
    *, as_of: datetime.date, leave_out: Mapping[int, str] | None = None
) -> ReminderPlan:
    """Who should be e-mailed about which policies on ``as_of``. Two queries, no writes.

    ``leave_out`` names policies (by id) that get no reminder, each with the reason it is
    left out, reported in the plan.
    """
    leave_out = leave_out or {}
    thresholds = _reminder_thresholds()
    horizon = as_of + datetime.timedelta(days=max(thresholds, default=-1))
    candidates = Policy.objects.filter(
        Q(next_review__lte=horizon) | Q(next_review__isnull=True), status=PolicyStatus.ACTIVE
    )
    history: dict[int, list[tuple[str, datetime.date]]] = defaultdict(list)
    for policy_id, sent_stage, sent_on in ReviewReminder.objects.filter(
        Q(for_review_date=F("policy__next_review"))
        | Q(
            stage=ReviewReminder.UNKNOWN,
            for_review_date__isnull=True,
            policy__next_review__isnull=True,
        ),
        policy__in=candidates,
    ).values_list("policy_id", "stage", "sent_on"):
        history[policy_id].append((sent_stage, sent_on))

    owners: dict[int, Mapping[str, Any]] = {}
    reviews: dict[int, list[DueReview]] = defaultdict(list)
    skipped, left_out = [], []
    for row in candidates.order_by(F("next_review").asc(nulls_last=True), "reference").values(
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
        days_until = (next_review - as_of).days if next_review is not None else None
        stage = ReviewReminder.UNKNOWN if days_until is None else stage_due(days_until, thresholds)
        if stage is None or already_reminded(
            stage,
            history[row["id"]],
            as_of=as_of,
            overdue_interval_days=settings.EQIA_OVERDUE_REMINDER_INTERVAL_DAYS,
        ):
            continue
        if row["id"] in leave_out:
            left_out.append(LeftOut(reference=row["reference"], reason=leave_out[row["id"]]))
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
                url=policy_url(row["reference"]),
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
    return ReminderPlan(
        reminders=tuple(reminders), skipped=tuple(skipped), left_out=tuple(left_out)
    )


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
    *,
    as_of: datetime.date | None = None,
    dry_run: bool = False,
    leave_out: Mapping[int, str] | None = None,
) -> ReminderRun:
    """E-mail each owner their policies due a reminder, recording each e-mail once it is sent;
    once a week, e-mail the EDI group the list of policies whose review date is unknown.

    ``leave_out``: policies (by id) to remind nobody about, with the reason, reported in the
    run; the EDI group's list still names them, with that reason beside them.
    """
    as_of = as_of or today()
    plan = plan_review_reminders(as_of=as_of, leave_out=leave_out)
    digest = plan_unknown_dates_digest(as_of=as_of, notes=leave_out)
    digest_skipped = ""
    if digest is not None and not digest.recipients:
        digest_skipped = (
            f"the EDI group's list of {policies_phrase(len(digest.policies))} with no review date: "
            "no active EDI reviewer has an e-mail address"
        )
        digest = None
    if dry_run:
        return ReminderRun(
            sent=plan.reminders,
            failed=(),
            skipped=plan.skipped,
            dry_run=True,
            left_out=plan.left_out,
            digest=digest,
            digest_skipped=digest_skipped,
        )
    connection = mail.get_connection()
    sent, failed = send_and_record(
        plan.reminders,
        "emails/review_reminder.txt",
        record=lambda reminder: record_reminders_sent(reminder=reminder, sent_on=as_of),
        connection=connection,
        queue_url=site_url(reverse("policies:queue")),
    )
    digest_failed: list[tuple[str, str]] = []
    if digest is not None:
        digest, digest_failed = send_digest(digest, as_of=as_of, connection=connection)
    return ReminderRun(
        sent=tuple(sent),
        failed=tuple(FailedReminder(reminder, error) for reminder, error in failed),
        skipped=plan.skipped,
        dry_run=False,
        left_out=plan.left_out,
        digest=digest,
        digest_failed=tuple(digest_failed),
        digest_skipped=digest_skipped,
    )
