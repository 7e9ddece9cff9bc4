"""Saving an assessment's content: its parts, decision pathway and action plan, the live
status of its actions after sign-off, and the comments on its parts.

Every write locks the assessment row, asks the gate (eqia/access.py) whether the person may
write now, saves, and adds an audit entry saying who changed what, in one transaction.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from core.refusals import Reason, Refused, refuse_if_any
from core.roles import Role
from eqia.access import Capability, Rights, action_refusals, author_capacity, is_author_side
from eqia.audit import record
from eqia.completeness import part_problems
from eqia.models import (
    PART_FIELDS,
    Action,
    ActionStatus,
    ActionUpdate,
    Assessment,
    AuditKind,
    Characteristic,
    DecisionMeeting,
    Part,
    PartStatus,
    ReviewComment,
)

IMPACT_ROW_FIELDS = ["impact", "evidence", "mitigation", "justification"]
ACTION_FIELDS = ["description", "owner", "due_date", "characteristics"]
ACTION_OWNER_CAPACITY = "Action owner"


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


def _lock_for(assessment: Assessment, by: User, capability: Capability) -> Assessment:
    """The assessment under its row lock, once the gate lets the person do this now."""
    locked = lock(assessment)
    Rights(by, locked).require(capability)
    return locked


def mark_part(assessment: Assessment, part: Part, status: PartStatus) -> None:
    assessment.part_status = {**assessment.part_status, part.value: status.value}


def _record_content(
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


def _apply(target: Any, values: dict[str, Any], allowed: Iterable[str]) -> list[str]:
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
    locked = _lock_for(assessment, by, Capability.EDIT)
    field_changes = _apply(locked, values or {}, PART_FIELDS[part])
    changed = list(field_changes)

    if impacts:
        if part != Part.IMPACTS:
            raise ValueError("Impact rows are saved with the Impacts part")
        rows = {row.pk: row for row in locked.impacts.select_related("characteristic")}
        for row_id, row_values in impacts.items():
            row = rows[row_id]  # KeyError for a row of another assessment: a programming error
            row_changed = _apply(row, row_values, IMPACT_ROW_FIELDS)
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
    _record_content(
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


def _characteristics_of(assessment: Assessment, chosen: Iterable[Characteristic]) -> list[int]:
    """The ids of the chosen characteristics, each one the assessment assesses."""
    ids = sorted({c.pk for c in chosen})
    assessed = set(assessment.impacts.values_list("characteristic_id", flat=True))
    if not set(ids) <= assessed:
        raise Refused(Reason("An action can serve only characteristics this assessment assesses"))
    return ids


def _action_progress(assessment: Assessment) -> None:
    if assessment.status_of(Part.ACTIONS) == PartStatus.NOT_STARTED:
        mark_part(assessment, Part.ACTIONS, PartStatus.IN_PROGRESS)
        assessment.save(update_fields=["part_status", "updated_at"])


@transaction.atomic
def action_add(
    *,
    assessment: Assessment,
    by: User,
    description: str,
    owner: User,
    due_date: datetime.date,
    characteristics: Iterable[Characteristic] = (),
) -> Action:
    locked = _lock_for(assessment, by, Capability.EDIT)
    if not description.strip():
        raise Refused(Reason("Enter the action", Part.ACTIONS.value, "description"))
    ids = _characteristics_of(locked, characteristics)
    action = Action.objects.create(
        assessment=locked, description=description.strip(), owner=owner, due_date=due_date
    )
    action.characteristics.set(ids)
    _action_progress(locked)
    _record_content(
        locked,
        by=by,
        part=Part.ACTIONS,
        comment=f"Action added: {action.description[:200]}",
        changed=[f"action {action.pk}: {name}" for name in ACTION_FIELDS],
    )
    return action


@transaction.atomic
def action_change(
    *,
    action: Action,
    by: User,
    description: str,
    owner: User,
    due_date: datetime.date,
    characteristics: Iterable[Characteristic] = (),
) -> list[str]:
    """Change an action of a draft; the names of the fields changed."""
    locked = _lock_for(action.assessment, by, Capability.EDIT)
    action = Action.objects.select_for_update().get(pk=action.pk, assessment=locked)
    if not description.strip():
        raise Refused(Reason("Enter the action", Part.ACTIONS.value, "description"))
    changed = _apply(
        action,
        {"description": description.strip(), "owner_id": owner.pk, "due_date": due_date},
        ["description", "owner_id", "due_date"],
    )
    if changed:
        action.save(update_fields=changed)
    ids = _characteristics_of(locked, characteristics)
    if sorted(action.characteristics.values_list("pk", flat=True)) != ids:
        action.characteristics.set(ids)
        changed.append("characteristics")
    changed = [name.removesuffix("_id") for name in changed]
    _action_progress(locked)
    _record_content(
        locked,
        by=by,
        part=Part.ACTIONS,
        comment=f"Action changed: {action.description[:200]}",
        changed=[f"action {action.pk}: {name}" for name in changed],
    )
    return changed


@transaction.atomic
def action_remove(*, action: Action, by: User) -> None:
    locked = _lock_for(action.assessment, by, Capability.EDIT)
    action = Action.objects.get(pk=action.pk, assessment=locked)
    description, pk = action.description, action.pk
    action.delete()
    _record_content(
        locked,
        by=by,
        part=Part.ACTIONS,
        comment=f"Action removed: {description[:200]}",
        changed=[f"action {pk}: removed"],
    )


def _action_update_capacity(user: User, action: Action) -> str:
    if is_author_side(user, action.assessment.policy):
        return author_capacity(user, action.assessment.policy)
    if action.owner_id == user.pk:
        return ACTION_OWNER_CAPACITY
    return Role.ADMINISTRATOR.label


@transaction.atomic
def action_update_status(
    *, action: Action, by: User, status: ActionStatus | str, note: str = ""
) -> ActionUpdate:
    """Move an action on (open, in progress, done, dropped), keeping every change.

    Allowed in any state of its assessment but withdrawn or superseded, including after
    sign-off: the signed content stays frozen while its actions are tracked to completion.
    """
    status = ActionStatus(status)
    locked = lock(action.assessment)
    action = Action.objects.select_for_update().get(pk=action.pk)
    action.assessment = locked
    refuse_if_any(action_refusals(by, action))
    if status == action.status and not note.strip():
        raise Refused(
            Reason(
                f"The action is already {status.label.lower()}: "
                "choose another status or add a note",
                field="status",
            )
        )
    previous = ActionStatus(action.status)
    if status != previous:
        action.status = status
        action.save(update_fields=["status"])
    update = ActionUpdate.objects.create(action=action, status=status, note=note.strip(), by=by)
    record(
        locked,
        actor=by,
        actor_role=_action_update_capacity(by, action),
        kind=AuditKind.ACTION_UPDATE,
        part=Part.ACTIONS.value,
        comment=f"{action.description[:200]}: {previous.label.lower()} to {status.label.lower()}"
        + (f". {note.strip()}" if note.strip() else ""),
        details={"action": action.pk, "from": previous.value, "to": status.value},
    )
    return update


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
