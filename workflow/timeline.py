"""The audit trail as people read it: each entry in a few words, a person's run of saves on one
part told once, the decisions picked out; oldest first, or the latest few."""

import datetime
from dataclasses import dataclass, replace

from django.db.models import QuerySet
from django.utils import dateformat, timezone

from eqia.models import Assessment, AssessmentState, AuditEntry, AuditKind, Part
from workflow.moves import description_of

# Saves of one part by one person, each within this long of the one before, read as one line.
SAVES_SESSION = datetime.timedelta(minutes=30)
# The kinds of entry that are decisions: the moves (sign-off among them), the decision taken.
DECISION_KINDS = {AuditKind.TRANSITION, AuditKind.DECISION}


def describe(entry: AuditEntry) -> str:
    """What an audit entry records, in a few words."""
    part = Part(entry.part).label if entry.part in Part.values else entry.part
    if entry.kind == AuditKind.TRANSITION:
        return description_of(entry.details.get("move", ""), entry.details)
    if entry.kind == AuditKind.CONTENT and part:
        return f"Content saved: {part}"
    if entry.kind == AuditKind.COMMENT and part:
        if entry.details.get("resolved"):
            return f"Comment resolved: {part}"
        if entry.details.get("withdrawn"):
            return f"Comment withdrawn: {part}"
        return f"Comment on {part}"
    return AuditKind(entry.kind).label if entry.kind in AuditKind.values else entry.kind


def state_label(value: str) -> str:
    return AssessmentState(value).label if value in AssessmentState.values else value


@dataclass(frozen=True)
class TimelineEntry:
    sequence: int
    at: datetime.datetime
    actor_name: str
    actor_role: str
    what: str
    from_state: str
    to_state: str
    comment: str
    kind: str = ""
    actor_id: int | None = None
    part: str = ""
    # A run of saves read as one line: how many, and when the last was.
    saves: int = 1
    until: datetime.datetime | None = None

    @property
    def changed_state(self) -> bool:
        return bool(self.from_state and self.to_state and self.from_state != self.to_state)

    @property
    def is_decision(self) -> bool:
        return self.kind in DECISION_KINDS


def timeline_entry(entry: AuditEntry) -> TimelineEntry:
    return TimelineEntry(
        sequence=entry.sequence,
        at=entry.at,
        actor_name=entry.actor_name,
        actor_role=entry.actor_role,
        what=describe(entry),
        from_state=state_label(entry.from_state),
        to_state=state_label(entry.to_state),
        comment=entry.comment,
        kind=entry.kind,
        actor_id=entry.actor_id,
        part=entry.part,
    )


def _continues(run: TimelineEntry, entry: TimelineEntry) -> bool:
    """The entry is one more save of the same part by the same person, soon after the run's
    last one."""
    return (
        run.kind == entry.kind == AuditKind.CONTENT
        and run.actor_id == entry.actor_id
        and run.part == entry.part
        and entry.at - (run.until or run.at) <= SAVES_SESSION
    )


def _clock(moment: datetime.datetime) -> str:
    return dateformat.format(timezone.localtime(moment), "H:i")


def grouped(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """Oldest first, each person's run of saves on one part (each within half an hour of the
    one before) as one line: "Content saved: Impact on people (4 saves, 10:02–10:24)"."""
    runs: list[TimelineEntry] = []
    for entry in entries:
        if runs and _continues(runs[-1], entry):
            run = runs[-1]
            saves = run.saves + 1
            part = Part(run.part).label if run.part in Part.values else run.part
            runs[-1] = replace(
                run,
                saves=saves,
                until=entry.at,
                comment=entry.comment,  # where the run left the part
                what=f"Content saved: {part} ({saves} saves, {_clock(run.at)}\u2013"
                f"{_clock(entry.at)})",
            )
        else:
            runs.append(entry)
    return runs


def audit_timeline(assessment: Assessment, *, latest: int | None = None) -> list[TimelineEntry]:
    """The trail oldest first, or the ``latest`` few lines newest first, runs of saves told
    once."""
    entries: QuerySet[AuditEntry] = AuditEntry.objects.filter(assessment=assessment)
    if latest is None:
        return grouped([timeline_entry(entry) for entry in entries.order_by("sequence")])
    # Enough entries for the latest lines, however many saves they gather.
    recent = list(entries.order_by("-sequence")[: latest * 10])
    lines = grouped([timeline_entry(entry) for entry in reversed(recent)])
    return lines[::-1][:latest]


def decisions(lines: list[TimelineEntry]) -> list[TimelineEntry]:
    """The decisions among the lines: every move (sign-off among them) and the decision
    taken."""
    return [line for line in lines if line.is_decision]
