"""The action plan: adding, changing and removing the actions of a draft, and moving each
action on to completion after sign-off.

Every write locks the assessment row, asks the gate (eqia/access.py) whether the person may
write now, saves, and adds an audit entry, in one transaction.
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction

from core.refusals import Reason, Refused, refuse_if_any
from core.roles import Role
from eqia.access import Capability, action_refusals, author_capacity, is_author_side
from eqia.audit import record
from eqia.content import apply_values, lock, lock_for, mark_part, record_content
from eqia.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Assessment,
    AuditKind,
    Characteristic,
    Part,
    PartStatus,
)

ACTION_FIELDS = ["description", "owner", "due_date", "characteristics"]
ACTION_OWNER_CAPACITY = "Action owner"


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
    locked = lock_for(assessment, by, Capability.EDIT)
    if not description.strip():
        raise Refused(Reason("Enter the action", Part.ACTIONS.value, "description"))
    ids = _characteristics_of(locked, characteristics)
    action = Action.objects.create(
        assessment=locked, description=description.strip(), owner=owner, due_date=due_date
    )
    action.characteristics.set(ids)
    _action_progress(locked)
    record_content(
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
    locked = lock_for(action.assessment, by, Capability.EDIT)
    action = Action.objects.select_for_update().get(pk=action.pk, assessment=locked)
    if not description.strip():
        raise Refused(Reason("Enter the action", Part.ACTIONS.value, "description"))
    changed = apply_values(
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
    record_content(
        locked,
        by=by,
        part=Part.ACTIONS,
        comment=f"Action changed: {action.description[:200]}",
        changed=[f"action {action.pk}: {name}" for name in changed],
    )
    return changed


@transaction.atomic
def action_remove(*, action: Action, by: User) -> None:
    locked = lock_for(action.assessment, by, Capability.EDIT)
    action = Action.objects.get(pk=action.pk, assessment=locked)
    description, pk = action.description, action.pk
    action.delete()
    record_content(
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
