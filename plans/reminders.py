"""Progress reminders: 14 days and 3 days before an open round's deadline, each person with a
return still to write gets one e-mail listing those actions: an action's lead people for their
actions, and the EDI Officer Group for the actions teams lead.

What is sent is recorded (ProgressReminder: round, person, stage), so a second run sends
nothing; a person who has written every return gets nothing. A failed e-mail is not recorded
and is tried again on the next run.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse

from core.dates import long_date, today
from core.mail import send_and_record, site_url
from core.people import display_name, reachable
from core.roles import Role
from plans.models import PlanAction, ProgressReminder, ProgressRound, RoundState
from plans.progress import missing_returns

STAGES = (14, 3)  # days before the deadline


def stage_for(days_left: int) -> int | None:
    """The reminder due with ``days_left`` to the deadline: the nearest stage reached."""
    if days_left < 0:
        return None
    reached = [stage for stage in STAGES if days_left <= stage]
    return min(reached) if reached else None


@dataclass(frozen=True)
class MissingReturn:
    plan: str
    text: str
    url: str
    as_edi_group: bool  # teams lead it, so the EDI group writes it


@dataclass(frozen=True)
class ProgressReminderEmail:
    round_id: int
    recipient_id: int
    email: str
    name: str
    stage: int
    year: int
    deadline: datetime.date
    days_left: int
    actions: tuple[MissingReturn, ...]

    @property
    def subject(self) -> str:
        count = len(self.actions)
        return (
            f"{count} equality plan return{'' if count == 1 else 's'} for {self.year} due "
            f"{self.due_phrase}"
        )

    @property
    def due_phrase(self) -> str:
        if self.days_left == 0:
            return "today"
        days = f"{self.days_left} day{'' if self.days_left == 1 else 's'}"
        return f"in {days}, on {long_date(self.deadline)}"


@dataclass(frozen=True)
class ReminderRun:
    sent: tuple[ProgressReminderEmail, ...]
    failed: tuple[tuple[ProgressReminderEmail, str], ...]
    dry_run: bool

    def summary_line(self) -> str:
        count = len(self.sent)
        words = f"{count} progress reminder e-mail{'' if count == 1 else 's'}"
        if self.dry_run:
            return f"Dry run: would send {words}. Nothing was sent or recorded."
        return f"Sent {words}."


def edi_group() -> list[User]:
    return reachable(
        User.objects.filter(groups__name=Role.EDI_REVIEWER.value, is_active=True).order_by("pk")
    )


def plan_reminders(*, as_of: datetime.date) -> list[ProgressReminderEmail]:
    """Who should be e-mailed about which missing returns on ``as_of``; writes nothing."""
    emails = []
    rounds = ProgressRound.objects.filter(
        state=RoundState.OPEN,
        deadline__gte=as_of,
        deadline__lte=as_of + datetime.timedelta(days=max(STAGES)),
    ).select_related("plan")
    group = edi_group()
    for round in rounds:
        days_left = (round.deadline - as_of).days
        stage = stage_for(days_left)
        if stage is None:
            continue
        sent = set(
            ProgressReminder.objects.filter(
                round=round, stage__in=[str(s) for s in STAGES if s <= stage]
            ).values_list("recipient_id", flat=True)
        )
        wanted: dict[int, list[MissingReturn]] = defaultdict(list)
        people: dict[int, User] = {}
        for action in missing_returns(round).prefetch_related("lead_people"):
            leads = reachable(action.lead_people.all())
            as_group = not action.lead_people.all()
            for person in leads if not as_group else group:
                people[person.pk] = person
                wanted[person.pk].append(missing(round, action, as_group))
        for pk, actions in wanted.items():
            if pk in sent:
                continue
            person = people[pk]
            emails.append(
                ProgressReminderEmail(
                    round_id=round.pk,
                    recipient_id=pk,
                    email=person.email.strip(),
                    name=display_name(person),
                    stage=stage,
                    year=round.year,
                    deadline=round.deadline,
                    days_left=days_left,
                    actions=tuple(actions),
                )
            )
    return emails


def missing(round: ProgressRound, action: PlanAction, as_group: bool) -> MissingReturn:
    return MissingReturn(
        plan=round.plan.title,
        text=action.text,
        url=site_url(reverse("plans:progress", args=[round.plan.slug, round.year, action.pk])),
        as_edi_group=as_group,
    )


def send_progress_reminders(
    *, as_of: datetime.date | None = None, dry_run: bool = False
) -> ReminderRun:
    as_of = as_of or today()
    planned = plan_reminders(as_of=as_of)
    if dry_run:
        return ReminderRun(sent=tuple(planned), failed=(), dry_run=True)

    def record(reminder: ProgressReminderEmail) -> None:
        with transaction.atomic():
            ProgressReminder.objects.get_or_create(
                round_id=reminder.round_id,
                recipient_id=reminder.recipient_id,
                stage=str(reminder.stage),
                defaults={"sent_on": as_of},
            )

    sent, failed = send_and_record(planned, "emails/plans_progress_reminder.txt", record=record)
    return ReminderRun(sent=tuple(sent), failed=tuple(failed), dry_run=False)
