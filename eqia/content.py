"""Saving an assessment's content: its parts and decision pathway, and the comments on its
parts (the action plan: eqia/actions.py).

Every write locks the assessment row, asks the gate (eqia/access.py) whether the person may
write now, saves, and adds an audit entry saying who changed what, in one transaction.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from core.refusals import Reason, refuse_if_any
from core.roles import Role
from eqia.access import Capability, Rights, author_capacity
from eqia.audit import record
from eqia.completeness import part_problems
from eqia.models import (
    PART_FIELDS,
    Assessment,
    AuditKind,
    DecisionMeeting,
    Part,
    PartStatus,
    ReviewComment,
)

IMPACT_ROW_FIELDS = ["impact", "evidence", "mitigation", "justification"]


@dataclass
class PartSaved:
    """What a part save did: the fields it changed, the part's status now, and, when the
    author marked the part as completed but it is not, the problems that kept it in progress."""

    changed: list[str]
    status: PartStatus
    problems: list[Reason] = field(default_factory=list)


def lock(assessment: Assessment) -> Assessment:
    """The assessment re-read under its row lock, until the transaction ends."""
    return (
        Assessment.objects.select_related("policy__service_area", "policy__owner")
        .select_for_update(of=("self",))
        .get(pk=assessment.pk)
    )


def lock_for(assessment: Assessment, by: User, capability: Capability) -> Assessment:
    """The assessment under its row lock, once the gate lets the person do this now."""
    locked = lock(assessment)
    Rights(by, locked).require(capability)
    return locked


def mark_part(assessment: Assessment, part: Part, status: PartStatus) -> None:
    assessment.part_status = {**assessment.part_status, part.value: status.value}


def record_content(
    assessment: Assessment, *, by: User, part: Part, comment: str, changed: list[str]
) -> None:
    record(
        assessment,
        actor=by,
        actor_role=author_capacity(by, assessment.policy),
        kind=AuditKind.CONTENT,
        part=part.value,
        comment=comment,
        details={"changed": changed},
    )


def apply_values(target: Any, values: dict[str, Any], allowed: Iterable[str]) -> list[str]:
    """Set the given fields on ``target``; the names of those whose value changed."""
    allowed = list(allowed)
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"Not fields of this part: {', '.join(sorted(unknown))}")
    changed = []
    for name in allowed:
        if name in values and getattr(target, name) != values[name]:
            setattr(target, name, values[name])
            changed.append(name)
    return changed


def _replace_meetings(
    assessment: Assessment, meetings: Sequence[tuple[str, datetime.date]]
) -> bool:
    wanted = sorted((body.strip(), date) for body, date in meetings)
    current = sorted(assessment.decision_meetings.values_list("body", "date"))
    if wanted == current:
        return False
    assessment.decision_meetings.all().delete()
    DecisionMeeting.objects.bulk_create(
        DecisionMeeting(assessment=assessment, body=body, date=date) for body, date in wanted
    )
    return True


@transaction.atomic
def part_save(
    *,
    assessment: Assessment,
    by: User,
    part: Part | str,
    values: dict[str, Any] | None = None,
    impacts: dict[int, dict[str, Any]] | None = None,
    meetings: Sequence[tuple[str, datetime.date]] | None = None,
    completed: bool,
) -> PartSaved:
    """Save one part as the author left it: nothing need be complete to save.

    ``values`` holds the part's assessment fields, ``impacts`` the impact grid's rows by row
    id (Impacts part), ``meetings`` the whole decision pathway as (body, date) (About part).
    ``completed`` is the author's answer to "Have you completed this section?": yes marks the
    part completed only when ``part_problems`` finds nothing; otherwise it stays in progress
    and the problems come back to be shown at their fields.
    """
    part = Part(part)
    locked = lock_for(assessment, by, Capability.EDIT)
    field_changes = apply_values(locked, values or {}, PART_FIELDS[part])
    changed = list(field_changes)

    if impacts:
        if part != Part.IMPACTS:
            raise ValueError("Impact rows are saved with the Impacts part")
        rows = {row.pk: row for row in locked.impacts.select_related("characteristic")}
        for row_id, row_values in impacts.items():
            row = rows[row_id]  # KeyError for a row of another assessment: a programming error
            row_changed = apply_values(row, row_values, IMPACT_ROW_FIELDS)
            if row_changed:
                row.save(update_fields=row_changed)
                changed += [f"{row.characteristic.name}: {name}" for name in row_changed]

    if meetings is not None:
        if part != Part.ABOUT:
            raise ValueError("The decision pathway is saved with the About part")
        if _replace_meetings(locked, meetings):
            changed.append("decision_meetings")

    problems = part_problems(locked, part) if completed else []
    status = PartStatus.COMPLETED if completed and not problems else PartStatus.IN_PROGRESS
    previous_status = locked.status_of(part)
    mark_part(locked, part, status)
    locked.save(update_fields=[*field_changes, "part_status", "updated_at"])
    record_content(
        locked,
        by=by,
        part=part,
        comment=(
            f"{part.label} saved: {status.label.lower()}"
            + (f" (was {previous_status.label.lower()})" if previous_status != status else "")
        ),
        changed=changed,
    )
    assessment.refresh_from_db()
    return PartSaved(changed=changed, status=status, problems=problems)


@transaction.atomic
def comment_add(*, assessment: Assessment, by: User, part: Part | str, text: str) -> ReviewComment:
    """A reviewer's comment on a part while in review, or the author's side answering on a
    part while in review or changes are requested."""
    locked = lock(assessment)
    rights = Rights(by, locked)
    reasons = rights.refusals(Capability.COMMENT)
    if part not in Part.values:
        reasons.append(Reason("Choose the part of the assessment to comment on", field="part"))
    if not text.strip():
        reasons.append(Reason("Enter your comment", field="text"))
    refuse_if_any(reasons)
    comment = ReviewComment.objects.create(
        assessment=locked,
        part=Part(part),
        author=by,
        text=text.strip(),
        review_round=locked.review_round,
    )
    record(
        locked,
        actor=by,
        actor_role=(
            author_capacity(by, locked.policy) if rights.is_author_side else Role.EDI_REVIEWER.label
        ),
        kind=AuditKind.COMMENT,
        part=comment.part,
        comment=comment.text,
        details={"comment": comment.pk, "review_round": comment.review_round},
    )
    return comment
