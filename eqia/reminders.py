"""Action reminders: one e-mail per person listing their live actions that fall due within
EQIA_ACTION_REMINDER_DAYS, or that are overdue.

Who hears about an action is who answers for it (eqia.action_plan.answerable_person): its lead
person, or, for an action a team or partner alone leads, the policy's owner. Each action gets
at most one "due soon" and one "overdue" reminder for its due date: what is sent is recorded
as ActionReminder rows, so running the service again sends nothing new, and a new due date
starts afresh. Only live work is reminded (eqia.action_plan.live_actions): never the actions
of withdrawn or superseded assessments alone, never those done or dropped.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from core.dates import long_date, today
from core.mail import send_and_record, site_url
from core.people import display_name
from eqia.action_plan import answerable_person, lead_of, live_actions
from eqia.models import ActionReminder

DUE_SOON, OVERDUE = ActionReminder.DUE_SOON, ActionReminder.OVERDUE


def _days(days: int) -> str:
    return f"{days} day{'' if days == 1 else 's'}"


@dataclass(frozen=True)
class DueAction:
    """One action in a reminder, and the stage of reminder it is getting."""

    action_id: int
    reference: str
    plan: str  # "EqIA v2": the latest version whose plan shows it
    description: str
    lead: str
    due_date: datetime.date
    days_until: int  # negative once the due date has passed
    stage: str
    as_policy_owner: bool  # reminded as the policy's owner (a team or partner leads it)
    url: str

    @property
    def due_phrase(self) -> str:
        if self.days_until < 0:
            return (
                f"overdue by {_days(-self.days_until)} (it was due on {long_date(self.due_date)})"
            )
        if self.days_until == 0:
            return f"due today ({long_date(self.due_date)})"
        return f"due in {_days(self.days_until)}, on {long_date(self.due_date)}"


@dataclass(frozen=True)
class LeadReminder:
    """The one e-mail a person gets in a run."""

    recipient_id: int
    email: str
    name: str
    actions: tuple[DueAction, ...]

    @property
    def subject(self) -> str:
        count = len(self.actions)
        overdue = any(item.stage == OVERDUE for item in self.actions)
        what = "overdue or due soon" if overdue else "due soon"
        return f"{count} equality action{'' if count == 1 else 's'} {what}"


@dataclass(frozen=True)
class SkippedAction:
    """An action due a reminder that nobody can be e-mailed about."""

    reference: str
    description: str
    reason: str


@dataclass(frozen=True)
class FailedReminder:
    reminder: LeadReminder
    error: str


@dataclass(frozen=True)
class ReminderPlan:
    reminders: tuple[LeadReminder, ...]
    skipped: tuple[SkippedAction, ...]


@dataclass(frozen=True)
class ReminderRun:
    """What a run sent (or, in a dry run, would have sent), failed to send and skipped."""

    sent: tuple[LeadReminder, ...]
    failed: tuple[FailedReminder, ...]
    skipped: tuple[SkippedAction, ...]
    dry_run: bool

    @property
    def action_count(self) -> int:
        return sum(len(reminder.actions) for reminder in self.sent)

    def summary_line(self) -> str:
        emails, actions = len(self.sent), self.action_count
        counts = (
            f"{emails} action reminder e-mail{'' if emails == 1 else 's'} covering "
            f"{actions} action{'' if actions == 1 else 's'}"
        )
        if self.dry_run:
            return f"Dry run: would send {counts}. Nothing was sent or recorded."
        return f"Sent {counts}."


def stage_due(days_until: int, due_soon_days: int) -> str | None:
    """ "overdue" once the due date has passed, "due_soon" within the window, else None."""
    if days_until < 0:
        return OVERDUE
    if days_until <= due_soon_days:
        return DUE_SOON
    return None


def _why_not_emailed(person: User | None, as_policy_owner: bool) -> str | None:
    whose = "the policy's owner" if as_policy_owner else "the lead"
    if person is None:
        return "no lead person, and the policy has no owner"
    if not person.is_active:
        return f"{whose}'s account is inactive"
    if not (person.email or "").strip():
        return f"{whose} has no e-mail address"
    return None


def plan_action_reminders(*, as_of: datetime.date) -> ReminderPlan:
    """Who should be e-mailed about which actions on ``as_of``. A fixed number of queries, no
    writes."""
    due_soon_days = max(settings.EQIA_ACTION_REMINDER_DAYS, 0)
    candidates = (
        live_actions()
        .filter(due_date__lte=as_of + datetime.timedelta(days=due_soon_days))
        .select_related("owner", "assessment__policy__owner")
        .prefetch_related("appears_in")
        .order_by("due_date", "assessment__policy__reference", "pk")
    )
    sent: dict[int, set[str]] = defaultdict(set)
    for action_id, sent_stage in ActionReminder.objects.filter(
        action__in=candidates.values("pk"), for_due_date=F("action__due_date")
    ).values_list("action_id", "stage"):
        sent[action_id].add(sent_stage)

    people: dict[int, User] = {}
    items: dict[int, list[DueAction]] = defaultdict(list)
    skipped = []
    for action in candidates:
        days_until = (action.due_date - as_of).days
        stage = stage_due(days_until, due_soon_days)
        # An overdue reminder covers the due-soon one (only arises when --as-of goes back).
        if stage is None or stage in sent[action.pk] or OVERDUE in sent[action.pk]:
            continue
        person, as_policy_owner = answerable_person(action)
        reference = action.assessment.policy.reference
        if reason := _why_not_emailed(person, as_policy_owner):
            skipped.append(SkippedAction(reference, action.description[:80], reason))
            continue
        assert person is not None  # _why_not_emailed names a missing person
        plans = sorted(action.appears_in.all(), key=lambda plan: plan.version)
        people[person.pk] = person
        items[person.pk].append(
            DueAction(
                action_id=action.pk,
                reference=reference,
                plan=plans[-1].label if plans else action.assessment.label,
                description=action.description,
                lead=lead_of(action),
                due_date=action.due_date,
                days_until=days_until,
                stage=stage,
                as_policy_owner=as_policy_owner,
                url=site_url(reverse("assessments:action_update", args=[action.pk])),
            )
        )
    reminders = [
        LeadReminder(
            recipient_id=pk,
            email=person.email.strip(),
            name=display_name(person),
            actions=tuple(items[pk]),
        )
        for pk, person in people.items()
    ]
    reminders.sort(key=lambda reminder: (reminder.email.lower(), reminder.recipient_id))
    return ReminderPlan(reminders=tuple(reminders), skipped=tuple(skipped))


def record_reminders_sent(*, reminder: LeadReminder, sent_on: datetime.date) -> None:
    with transaction.atomic():
        ActionReminder.objects.bulk_create(
            ActionReminder(
                action_id=item.action_id,
                recipient_id=reminder.recipient_id,
                stage=item.stage,
                for_due_date=item.due_date,
                sent_on=sent_on,
            )
            for item in reminder.actions
        )


def send_action_reminders(
    *, as_of: datetime.date | None = None, dry_run: bool = False
) -> ReminderRun:
    """E-mail each person their actions due a reminder, recording each e-mail once sent."""
    as_of = as_of or today()
    plan = plan_action_reminders(as_of=as_of)
    if dry_run:
        return ReminderRun(sent=plan.reminders, failed=(), skipped=plan.skipped, dry_run=True)
    sent, failed = send_and_record(
        plan.reminders,
        "emails/action_reminder.txt",
        record=lambda reminder: record_reminders_sent(reminder=reminder, sent_on=as_of),
        home_url=site_url(reverse("home")),
    )
    return ReminderRun(
        sent=tuple(sent),
        failed=tuple(FailedReminder(reminder, error) for reminder, error in failed),
        skipped=plan.skipped,
        dry_run=False,
    )
