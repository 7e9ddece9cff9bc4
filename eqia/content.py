"""Saving an assessment's content: its parts, decision pathway and action plan, and the live
status of its actions after sign-off.

Every write locks the assessment row, checks that the author side may write now, saves, and
adds an audit entry saying who changed which part and which fields, in one transaction.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from eqia.access import policies_shared_with
from eqia.completeness import part_problems
from eqia.models import (
    PART_FIELDS,
    Action,
    ActionStatus,
    ActionUpdate,
    Assessment,
    AssessmentState,
    Characteristic,
    DecisionMeeting,
    Part,
    PartStatus,
)
from eqia.services import mark_part
from policies.models import Policy
from workflow import audit
from workflow.exceptions import Reason, WorkflowError
from workflow.models import AuditKind
from workflow.roles import Role, is_administrator

IMPACT_ROW_FIELDS = ["impact", "evidence", "mitigation", "justification"]
ACTION_FIELDS = ["description", "owner", "due_date", "characteristics"]
# Who made a change that is not the policy owner's: the audit trail names the capacity.
COLLEAGUE_ROLE = "Colleague (policy shared with them)"
ACTION_OWNER_ROLE = "Action owner"


@dataclass
class PartSaved:
    """What a part save did: the fields it changed, the part's status now, and, when the
    author marked the part as completed but it is not, the problems that kept it in progress."""

    changed: list[str]
    status: PartStatus
    problems: list[Reason] = field(default_factory=list)


def is_author_side(user: AbstractBaseUser, policy: Policy) -> bool:
    return policies_shared_with(user).filter(pk=policy.pk).exists()


def author_role(user: AbstractBaseUser, policy: Policy) -> str:
    return Role.POLICY_OWNER.label if policy.owner_id == user.pk else COLLEAGUE_ROLE


def _lock_for_writing(assessment: Assessment, by: AbstractBaseUser) -> Assessment:
    """The assessment re-read under its row lock, once the author side may write it now."""
    locked = Assessment.objects.select_related("policy").select_for_update().get(pk=assessment.pk)
    if not is_author_side(by, locked.policy):
        raise WorkflowError(Reason("Only the policy's owner and colleagues it is shared with edit"))
    if not locked.is_editable:
        raise WorkflowError(
            Reason(
                f"This assessment is {locked.get_state_display().lower()}: its content can be "
                "changed only while it is a draft or changes are requested"
            )
        )
    return locked


def _record_content(
    assessment: Assessment, *, by: AbstractBaseUser, part: Part, comment: str, changed: list[str]
) -> None:
    audit.record(
        assessment,
        actor=by,
        actor_role=author_role(by, assessment.policy),
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
    by: AbstractBaseUser,
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
    locked = _lock_for_writing(assessment, by)
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
        raise WorkflowError(
            Reason("An action can serve only characteristics this assessment assesses")
        )
    return ids


def _action_progress(assessment: Assessment) -> None:
    if assessment.status_of(Part.ACTIONS) == PartStatus.NOT_STARTED:
        mark_part(assessment, Part.ACTIONS, PartStatus.IN_PROGRESS)
        assessment.save(update_fields=["part_status", "updated_at"])


@transaction.atomic
def action_add(
    *,
    assessment: Assessment,
    by: AbstractBaseUser,
    description: str,
    owner: AbstractBaseUser,
    due_date: datetime.date,
    characteristics: Iterable[Characteristic] = (),
) -> Action:
    locked = _lock_for_writing(assessment, by)
    if not description.strip():
        raise WorkflowError(Reason("Enter the action", Part.ACTIONS.value, "description"))
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
    by: AbstractBaseUser,
    description: str,
    owner: AbstractBaseUser,
    due_date: datetime.date,
    characteristics: Iterable[Characteristic] = (),
) -> list[str]:
    """Change an action of a draft; the names of the fields changed."""
    locked = _lock_for_writing(action.assessment, by)
    action = Action.objects.select_for_update().get(pk=action.pk, assessment=locked)
    if not description.strip():
        raise WorkflowError(Reason("Enter the action", Part.ACTIONS.value, "description"))
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
def action_remove(*, action: Action, by: AbstractBaseUser) -> None:
    locked = _lock_for_writing(action.assessment, by)
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


# An action whose assessment was withdrawn or superseded is tracked no more: a superseded
# assessment's live actions were carried forward into the next version.
ACTION_TRACKING_ENDED = [AssessmentState.WITHDRAWN, AssessmentState.SUPERSEDED]


def may_update_action(
    user: AbstractBaseUser, action: Action, *, author_side: bool | None = None
) -> bool:
    """The action's owner, the policy's author side and administrators move an action on.

    ``author_side`` saves a query per action when a page lists many of one assessment.
    """
    if not user.is_authenticated:
        return False
    if author_side is None:
        author_side = is_author_side(user, action.assessment.policy)
    return action.owner_id == user.pk or is_administrator(user) or author_side


def action_tracking_open(assessment: Assessment) -> bool:
    return assessment.state not in ACTION_TRACKING_ENDED


def _action_update_role(user: AbstractBaseUser, action: Action) -> str:
    if is_author_side(user, action.assessment.policy):
        return author_role(user, action.assessment.policy)
    if action.owner_id == user.pk:
        return ACTION_OWNER_ROLE
    return Role.ADMINISTRATOR.label


@transaction.atomic
def action_update_status(
    *, action: Action, by: AbstractBaseUser, status: ActionStatus | str, note: str = ""
) -> ActionUpdate:
    """Move an action on (open, in progress, done, dropped), keeping every change.

    Allowed in any state of its assessment but withdrawn or superseded, including after
    sign-off: the signed content stays frozen while its actions are tracked to completion.
    """
    status = ActionStatus(status)
    locked = (
        Assessment.objects.select_related("policy").select_for_update().get(pk=action.assessment_id)
    )
    action = Action.objects.select_for_update().get(pk=action.pk)
    action.assessment = locked
    if not may_update_action(by, action):
        raise WorkflowError(
            Reason("Only the action's owner, the policy's owner or an administrator update it")
        )
    if locked.state in ACTION_TRACKING_ENDED:
        raise WorkflowError(
            Reason(
                f"This assessment is {locked.get_state_display().lower()}: its actions are no "
                "longer tracked here"
            )
        )
    if status == action.status and not note.strip():
        raise WorkflowError(
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
    audit.record(
        locked,
        actor=by,
        actor_role=_action_update_role(by, action),
        kind=AuditKind.ACTION_UPDATE,
        part=Part.ACTIONS.value,
        comment=f"{action.description[:200]}: {previous.label.lower()} to {status.label.lower()}"
        + (f". {note.strip()}" if note.strip() else ""),
        details={"action": action.pk, "from": previous.value, "to": status.value},
    )
    return update
