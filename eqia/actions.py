"""The action plan: adding, changing and removing the actions a draft plans, and moving each
action on to completion, in every plan that shows it.

An action is one record across versions (eqia/action_plan.py): a draft changes or removes
only the actions it planned itself; those it inherited from an earlier version are moved on
with ``action_update_status``, like any action after sign-off.

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
from eqia.action_plan import TRACKING_ENDED
from eqia.audit import record
from eqia.content import apply_values, lock_for, mark_part, record_content
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

ACTION_FIELDS = [
    "description",
    "owner",
    "lead_team",
    "success_measure",
    "due_date",
    "characteristics",
]
ACTION_OWNER_CAPACITY = "Action lead"
LEAD_TEAM_MAX_LENGTH = Action._meta.get_field("lead_team").max_length or 200


def lead_refusals(owner: User | None, lead_team: str) -> list[Reason]:
    """An action is led by a person, a team or partner named in words, or both: not nobody."""
    if owner is None and not lead_team.strip():
        return [
            Reason(
                "Choose the lead person, or enter the lead team or partner (or both)",
                Part.ACTIONS.value,
                "owner",
            )
        ]
    if len(lead_team.strip()) > LEAD_TEAM_MAX_LENGTH:
        return [
            Reason(
                f"The lead team or partner must be {LEAD_TEAM_MAX_LENGTH} characters or fewer",
                Part.ACTIONS.value,
                "lead_team",
            )
        ]
    return []


def _content_refusals(description: str, owner: User | None, lead_team: str) -> list[Reason]:
    reasons = []
    if not description.strip():
        reasons.append(Reason("Enter the action", Part.ACTIONS.value, "description"))
    return reasons + lead_refusals(owner, lead_team)


def _characteristics_of(assessment: Assessment, chosen: Iterable[Characteristic]) -> list[int]:
    """The ids of the chosen characteristics, each one the assessment assesses."""
    ids = sorted({c.pk for c in chosen})
    assessed = set(assessment.impacts.values_list("characteristic_id", flat=True))
    if not set(ids) <= assessed:
        raise Refused(
            Reason(
                "An action can serve only characteristics this assessment assesses",
                Part.ACTIONS.value,
                "characteristics",
            )
        )
    return ids


def _action_progress(assessment: Assessment) -> None:
    if assessment.status_of(Part.ACTIONS) == PartStatus.NOT_STARTED:
        mark_part(assessment, Part.ACTIONS, PartStatus.IN_PROGRESS)
        assessment.save(update_fields=["part_status", "updated_at"])


def inherited_refusals(action: Action) -> list[Reason]:
    """Why a draft may not change or remove the action: an earlier version planned it, and
    the draft only inherits it (that version's content, moved on with "Update status")."""
    planned_in = action.assessment
    if planned_in.is_editable:
        return []
    later = action.appears_in.exclude(pk=planned_in.pk).order_by("-version").first()
    if later is None or not later.is_editable:
        return []
    return [
        Reason(
            f"This action was planned in {planned_in.label} and {later.label} inherits it: it "
            "cannot be changed or removed here. Use \u201cUpdate status\u201d to move it on, or "
            "to drop it with a reason",
            Part.ACTIONS.value,
        )
    ]


def _planned_here(action: Action, by: User) -> tuple[Assessment, Action]:
    """The action's own draft, locked once the person may edit it now, and the action locked."""
    refuse_if_any(inherited_refusals(action))
    locked = lock_for(action.assessment, by, Capability.EDIT)
    return locked, Action.objects.select_for_update().get(pk=action.pk, assessment=locked)


@transaction.atomic
def action_add(
    *,
    assessment: Assessment,
    by: User,
    description: str,
    due_date: datetime.date,
    owner: User | None = None,
    lead_team: str = "",
    success_measure: str = "",
    characteristics: Iterable[Characteristic] = (),
) -> Action:
    """A new action in the draft's plan, led by ``owner``, ``lead_team`` or both."""
    locked = lock_for(assessment, by, Capability.EDIT)
    refuse_if_any(_content_refusals(description, owner, lead_team))
    ids = _characteristics_of(locked, characteristics)
    action = Action.objects.create(
        assessment=locked,
        description=description.strip(),
        owner=owner,
        lead_team=lead_team.strip(),
        success_measure=success_measure.strip(),
        due_date=due_date,
    )
    action.appears_in.add(locked)
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
    due_date: datetime.date,
    owner: User | None = None,
    lead_team: str = "",
    success_measure: str = "",
    characteristics: Iterable[Characteristic] = (),
) -> list[str]:
    """Change an action the draft planned; the names of the fields changed."""
    locked, action = _planned_here(action, by)
    refuse_if_any(_content_refusals(description, owner, lead_team))
    changed = apply_values(
        action,
        {
            "description": description.strip(),
            "owner_id": owner.pk if owner is not None else None,
            "lead_team": lead_team.strip(),
            "success_measure": success_measure.strip(),
            "due_date": due_date,
        },
        ["description", "owner_id", "lead_team", "success_measure", "due_date"],
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
    """Remove an action the draft planned (an inherited one is dropped, not removed)."""
    locked, action = _planned_here(action, by)
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

    Allowed while any version whose plan shows it is neither withdrawn nor superseded,
    including after sign-off: the signed content stays frozen while its actions are tracked
    to completion. The one record changes, so every plan shows the new status; the move is
    written on the audit trail of each of those versions still tracking it.
    """
    status = ActionStatus(status)
    ids = {action.assessment_id, *action.appears_in.values_list("pk", flat=True)}
    locked = {
        assessment.pk: assessment
        for assessment in Assessment.objects.select_related("policy__service_area", "policy__owner")
        .select_for_update(of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
    }
    planned_in = locked[action.assessment_id]
    action = Action.objects.select_for_update().get(pk=action.pk)
    action.assessment = planned_in
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
    capacity = _action_update_capacity(by, action)
    comment = f"{action.description[:200]}: {previous.label.lower()} to {status.label.lower()}"
    if note.strip():
        comment += f". {note.strip()}"
    tracking = [plan for plan in locked.values() if plan.state not in TRACKING_ENDED]
    for plan in tracking:
        record(
            plan,
            actor=by,
            actor_role=capacity,
            kind=AuditKind.ACTION_UPDATE,
            part=Part.ACTIONS.value,
            comment=comment,
            details={"action": action.pk, "from": previous.value, "to": status.value},
        )
    return update
