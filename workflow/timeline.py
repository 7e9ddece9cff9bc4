"""The audit trail as people read it: each entry in a few words, oldest first or latest few."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from eqia.models import Assessment, AssessmentState, AuditEntry, AuditKind, Part
from workflow.moves import description_of


def describe(entry: AuditEntry) -> str:
    """What an audit entry records, in a few words."""
    part = Part(entry.part).label if entry.part in Part.values else entry.part
    if entry.kind == AuditKind.TRANSITION:
        return description_of(entry.details.get("move", ""), entry.details)
    if entry.kind == AuditKind.CONTENT and part:
        return f"Content saved: {part}"
    if entry.kind == AuditKind.COMMENT and part:
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

    @property
    def changed_state(self) -> bool:
        return bool(self.from_state and self.to_state and self.from_state != self.to_state)


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
    )


def audit_timeline(assessment: Assessment, *, latest: int | None = None) -> list[TimelineEntry]:
    """The trail oldest first, or the ``latest`` few newest first."""
    entries: QuerySet[AuditEntry] = AuditEntry.objects.filter(assessment=assessment)
    if latest is not None:
        entries = entries.order_by("-sequence")[:latest]
    else:
        entries = entries.order_by("sequence")
    return [timeline_entry(entry) for entry in entries]
