"""The EDI group's weekly list of every active policy whose review date is unknown: the riskiest
ones, which the review queue ranks first and nobody can tell the due date of. Sent by
send_review_reminders (policies/reminders.py) at most once in DIGEST_INTERVAL_DAYS, recorded as
a ReminderDigest so that a second run that week sends nothing."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse

from core.mail import send_message, site_url
from core.people import display_name
from policies.models import Policy, PolicyStatus, ReminderDigest
from policies.services import edi_group

# The kind of ReminderDigest that is the EDI group's list of policies with no review date.
UNKNOWN_DATES_DIGEST = "unknown_review_dates"
# The EDI group's list goes out at most once in this many days.
DIGEST_INTERVAL_DAYS = 7


def policies_phrase(count: int) -> str:
    return f"{count} polic{'y' if count == 1 else 'ies'}"


def policy_url(reference: str) -> str:
    return site_url(reverse("policies:detail", args=[reference]))


@dataclass(frozen=True)
class UndatedPolicy:
    """A policy in the EDI group's list of those with no review date."""

    reference: str
    title: str
    owner_name: str
    url: str
    note: str  # why it may wait (an EqIA under way), or ""


@dataclass(frozen=True)
class Digest:
    """The EDI group's list of active policies whose review date is unknown, and who gets it."""

    policies: tuple[UndatedPolicy, ...]
    recipients: tuple[User, ...]

    @property
    def subject(self) -> str:
        return f"{policies_phrase(len(self.policies))} with no review date in the register"

    def describe(self) -> str:
        emails = ", ".join(recipient.email for recipient in self.recipients)
        people = len(self.recipients)
        return (
            f"the EDI group ({people} {'person' if people == 1 else 'people'}: {emails}): "
            f"{self.subject}"
        )


def digest_due(*, as_of: datetime.date) -> bool:
    """Whether the EDI group's list is due: none has gone out in the week up to ``as_of``."""
    since = as_of - datetime.timedelta(days=DIGEST_INTERVAL_DAYS)
    return not ReminderDigest.objects.filter(kind=UNKNOWN_DATES_DIGEST, sent_on__gt=since).exists()


def plan_unknown_dates_digest(
    *, as_of: datetime.date, notes: Mapping[int, str] | None = None
) -> Digest | None:
    """The EDI group's list of every active policy whose review date is unknown, when one is
    due and there is any such policy; ``notes`` adds a word on some (an EqIA under way)."""
    if not digest_due(as_of=as_of):
        return None
    notes = notes or {}
    undated = [
        UndatedPolicy(
            reference=policy.reference,
            title=policy.title,
            owner_name=display_name(policy.owner) if policy.owner else "",
            url=policy_url(policy.reference),
            note=notes.get(policy.pk, ""),
        )
        for policy in Policy.objects.filter(status=PolicyStatus.ACTIVE, next_review__isnull=True)
        .select_related("owner")
        .order_by("reference")
    ]
    if not undated:
        return None
    return Digest(policies=tuple(undated), recipients=tuple(edi_group()))


def send_digest(
    digest: Digest, *, as_of: datetime.date, connection: Any
) -> tuple[Digest | None, list[tuple[str, str]]]:
    """Send the list to each of the EDI group; recorded once it reached any of them (else the
    next run tries again). The list as it was sent, and the addresses it failed to reach."""
    reached, failed = [], []
    for recipient in digest.recipients:
        error = send_message(
            "emails/unknown_review_dates.txt",
            digest.subject,
            recipient.email,
            connection=connection,
            recipient_name=display_name(recipient),
            digest=digest,
            register_url=site_url(reverse("policies:register") + "?review_state=unknown"),
        )
        if error is None:
            reached.append(recipient)
        else:
            failed.append((recipient.email, error))
    if not reached:
        return None, failed
    ReminderDigest.objects.create(
        kind=UNKNOWN_DATES_DIGEST,
        sent_on=as_of,
        items=len(digest.policies),
        recipients=len(reached),
    )
    return Digest(policies=digest.policies, recipients=tuple(reached)), failed
