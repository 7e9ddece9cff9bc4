"""Progress rounds: the EDI group opens a round for a year with a deadline; each action's lead
(or the EDI group, for an action teams lead) writes its progress and chooses a status; the EDI
group approves the round once every action has a return, then publishes it as the year's
progress report (signed PDF and Word file), after which it is frozen.

Every write locks the round (or the plan), asks the gate (plans.access) and checks every value
at once, in one transaction.
"""

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.dates import long_date, today
from core.refusals import Reason, refuse_if_any
from plans.access import manage_refusals, progress_refusals
from plans.models import (
    Plan,
    PlanAction,
    PlanState,
    ProgressRound,
    ProgressStatus,
    ProgressUpdate,
    RoundState,
)
from plans.structure import TEXT_MAX

PROGRESS_MAX = 20_000


def plan_actions(plan: Plan) -> QuerySet[PlanAction]:
    """The plan's actions in the plan's order."""
    return PlanAction.objects.filter(objective__theme__plan=plan).order_by(
        "objective__theme__position",
        "objective__theme__pk",
        "objective__position",
        "objective__pk",
        "position",
        "pk",
    )


def missing_returns(round: ProgressRound) -> QuerySet[PlanAction]:
    """The plan's actions with no progress written in the round yet."""
    return plan_actions(round.plan).exclude(progress_updates__round=round)


def open_refusals(plan: Plan) -> list[Reason]:
    """Why the plan takes no progress round now: a draft reports no progress."""
    if plan.is_draft:
        return [Reason(f"{plan.title} is a draft: progress is reported once it is adopted")]
    return []


@transaction.atomic
def round_open(
    *, plan: Plan, by: User, year: int | None, deadline: datetime.date | None
) -> ProgressRound:
    """Open the year's round: every action's lead may now write its progress."""
    refuse_if_any(manage_refusals(by))
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    reasons = open_refusals(locked)
    if year is None:
        reasons.append(Reason("Enter the year the round reports on", field="year"))
    elif not locked.period_start <= year <= locked.period_end + 1:
        reasons.append(
            Reason(
                f"The year must be within the plan's period, {locked.period} (or the year "
                "after it, for a final report)",
                field="year",
            )
        )
    elif locked.rounds.filter(year=year).exists():
        reasons.append(Reason(f"There is already a progress round for {year}", field="year"))
    if deadline is None:
        reasons.append(Reason("Enter the deadline for returns", field="deadline"))
    elif deadline < today():
        reasons.append(Reason("The deadline must be today or in the future", field="deadline"))
    refuse_if_any(reasons)
    assert year is not None and deadline is not None  # checked above
    return ProgressRound.objects.create(plan=locked, year=year, deadline=deadline, opened_by=by)


def lock_round(round: ProgressRound) -> ProgressRound:
    return (
        ProgressRound.objects.select_related("plan")
        .select_for_update(of=("self",))
        .get(pk=round.pk)
    )


def progress_reasons(
    text: str, status: ProgressStatus | None, reason: str, *, need_status: bool
) -> list[Reason]:
    reasons = []
    if not text.strip() and (need_status or status is None):
        reasons.append(Reason("Enter the progress made", field="text"))
    elif len(text) > PROGRESS_MAX:
        reasons.append(
            Reason(f"The progress must be {PROGRESS_MAX:,} characters or fewer", field="text")
        )
    if status is None and need_status:
        reasons.append(Reason("Choose the action's status", field="status"))
    if len(reason) > TEXT_MAX:
        reasons.append(
            Reason(f"The reason must be {TEXT_MAX:,} characters or fewer", field="reason")
        )
    return reasons


@transaction.atomic
def progress_write(
    *,
    round: ProgressRound,
    action: PlanAction,
    by: User | None,
    text: str,
    status: ProgressStatus | None,
    reason: str = "",
    need_status: bool = True,
) -> ProgressUpdate:
    """Write (or rewrite) the action's progress in the round.

    ``by`` None is the spreadsheet import run as a command; ``need_status`` False lets an
    imported return without a status in (the council's own reports have some).
    """
    locked = lock_round(round)
    if action.objective.theme.plan_id != locked.plan_id:
        refuse_if_any([Reason("That action is not in this plan")])
    if by is not None:
        refuse_if_any(progress_refusals(by, locked, action))
    elif not locked.is_open:
        refuse_if_any([Reason(f"The {locked.year} round is {locked.get_state_display().lower()}")])
    refuse_if_any(progress_reasons(text, status, reason, need_status=need_status))
    update, _ = ProgressUpdate.objects.update_or_create(
        round=locked,
        action=action,
        defaults={
            "text": text.strip().replace("\r\n", "\n"),
            "status": status,
            "reason": " ".join(reason.split()),
            "written_by": by,
            "at": timezone.now(),
        },
    )
    return update


@transaction.atomic
def round_approve(*, round: ProgressRound, by: User) -> ProgressRound:
    """The EDI group's approval: every action has its return; nothing changes after."""
    refuse_if_any(manage_refusals(by))
    locked = lock_round(round)
    if not locked.is_open:
        refuse_if_any(
            [Reason(f"The {locked.year} round is {locked.get_state_display().lower()} already")]
        )
    missing = list(missing_returns(locked)[:6])
    if missing:
        count = missing_returns(locked).count()
        names = "; ".join(action.text[:60] for action in missing[:5])
        more = f" and {count - 5} more" if count > 5 else ""
        refuse_if_any(
            [
                Reason(
                    f"{count} action{' has' if count == 1 else 's have'} no progress yet "
                    f"({names}{more}): write {'it' if count == 1 else 'them'} before approving"
                )
            ]
        )
    locked.state, locked.approved_by, locked.approved_at = RoundState.APPROVED, by, timezone.now()
    locked.save(update_fields=["state", "approved_by", "approved_at"])
    return locked


@transaction.atomic
def round_publish(*, round: ProgressRound, by: User) -> ProgressRound:
    """Publish an approved round as the year's progress report (signed PDF and Word file, on
    the public pages); from now on it is frozen."""
    # Imported on first use: WeasyPrint and pyHanko take most of a second to import.
    from plans.documents.issue import issue_report_files

    refuse_if_any(manage_refusals(by))
    locked = lock_round(round)
    reasons = []
    if locked.state != RoundState.APPROVED:
        reasons.append(
            Reason(
                f"The {locked.year} round is {locked.get_state_display().lower()}: a round is "
                "published once it is approved, and only once"
            )
        )
    if locked.plan.state == PlanState.DRAFT:
        reasons.append(Reason("The plan is a draft: its reports are published once it is adopted"))
    refuse_if_any(reasons)
    now = timezone.now().replace(microsecond=0)
    locked.state, locked.published_by, locked.published_at = RoundState.PUBLISHED, by, now
    issue_report_files(locked, by=by, at=now)
    locked.save(
        update_fields=[
            "state",
            "published_by",
            "published_at",
            "signed_pdf",
            "signed_pdf_sha256",
            "docx",
        ]
    )
    return locked


def deadline_phrase(round: ProgressRound, as_of: datetime.date | None = None) -> str:
    """ "due in 14 days, on 31 January 2027", "due today", "closed 3 days ago"."""
    days = (round.deadline - (as_of or today())).days
    on = long_date(round.deadline)
    if days > 1:
        return f"due in {days} days, on {on}"
    if days == 1:
        return f"due tomorrow, {on}"
    if days == 0:
        return f"due today, {on}"
    return f"was due on {on}"
