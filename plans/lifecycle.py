"""A plan's life: adopted by a committee, published (its signed PDF and Word file issued, its
content fixed for good), and followed by the next plan, which carries the open actions
forward, each keeping a link to where it came from."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from core.dates import today
from core.refusals import Reason, refuse_if_any
from plans.access import manage_refusals
from plans.models import Objective, Plan, PlanAction, PlanState, Theme
from plans.structure import (
    TEXT_MAX,
    lock,
    period_reasons,
    plan_create,
    set_connections,
    text_reasons,
    title_reasons,
)

COMMITTEE_MAX = Plan._meta.get_field("adopted_by").max_length or 200


def locked_for_manager(plan: Plan, by: User) -> Plan:
    refuse_if_any(manage_refusals(by))
    return Plan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def plan_adopt(*, plan: Plan, by: User, adopted_on: datetime.date | None, committee: str) -> Plan:
    """Record the committee's adoption of a draft: its content is fixed from now on."""
    locked = lock(plan, by)
    reasons = text_reasons(
        committee, field="committee", what="committee", limit=COMMITTEE_MAX, required=True
    )
    if adopted_on is None:
        reasons.append(Reason("Enter the date the plan was adopted", field="adopted_on"))
    elif adopted_on > today():
        reasons.append(
            Reason("The date it was adopted must be today or earlier", field="adopted_on")
        )
    if not PlanAction.objects.filter(objective__theme__plan=locked).exists():
        reasons.append(
            Reason("The plan has no actions yet: add its themes, objectives and actions")
        )
    refuse_if_any(reasons)
    locked.state = PlanState.ADOPTED
    locked.adopted_on = adopted_on
    locked.adopted_by = " ".join(committee.split())
    locked.save(update_fields=["state", "adopted_on", "adopted_by", "updated_at"])
    return locked


@transaction.atomic
def plan_publish(*, plan: Plan, by: User) -> Plan:
    """Publish an adopted plan: its signed PDF and Word file are issued and it appears on the
    public pages."""
    # Imported on first use: WeasyPrint and pyHanko take most of a second to import.
    from plans.documents.issue import issue_plan_files

    locked = locked_for_manager(plan, by)
    if locked.state != PlanState.ADOPTED:
        refuse_if_any(
            [
                Reason(
                    f"{locked.title} is {locked.current_state.label.lower()}: a plan is "
                    "published once it has been adopted, and only once"
                )
            ]
        )
    now = timezone.now().replace(microsecond=0)
    locked.state, locked.published_at, locked.published_by = PlanState.PUBLISHED, now, by
    issue_plan_files(locked, by=by, at=now)
    locked.save(
        update_fields=[
            "state",
            "published_at",
            "published_by",
            "signed_pdf",
            "signed_pdf_sha256",
            "docx",
            "updated_at",
        ]
    )
    return locked


def carry_forward_offered(plan: Plan) -> list[PlanAction]:
    """The plan's actions whose latest progress status says they carry into the next plan
    (the ones the next plan offers, ticked)."""
    latest = plan.rounds.order_by("-year").first()
    if latest is None:
        return []
    return list(
        PlanAction.objects.filter(
            progress_updates__round=latest, progress_updates__status__carry_forward=True
        ).order_by("objective__theme__position", "objective__position", "position", "pk")
    )


@transaction.atomic
def plan_draft_next(
    *,
    plan: Plan,
    by: User | None,
    title: str,
    period_start: int | None,
    period_end: int | None,
    carry: Iterable[PlanAction] = (),
) -> Plan:
    """Draft the plan that follows ``plan``, carrying the chosen actions forward: each goes
    under the same theme and objective (made in the new draft), with its lead and target, and
    keeps a link to the action it came from (and the old plan's report says it was carried)."""
    if by is not None:
        refuse_if_any(manage_refusals(by))
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    reasons = title_reasons(title) + period_reasons(period_start, period_end)
    if locked.is_draft:
        reasons.append(
            Reason(f"{locked.title} is still a draft: adopt it before drafting the next")
        )
    chosen = list(carry)
    if any(action.objective.theme.plan_id != locked.pk for action in chosen):
        reasons.append(Reason("Only the plan's own actions can be carried forward", field="carry"))
    refuse_if_any(reasons)
    successor = plan_create(by=by, title=title, period_start=period_start, period_end=period_end)
    successor.carried_from = locked
    successor.save(update_fields=["carried_from"])
    themes: dict[int, Theme] = {}
    objectives: dict[int, Objective] = {}
    for action in sorted(
        chosen,
        key=lambda a: (a.objective.theme.position, a.objective.position, a.position, a.pk),
    ):
        old_objective = action.objective
        old_theme = old_objective.theme
        if old_theme.pk not in themes:
            themes[old_theme.pk] = Theme.objects.create(
                plan=successor, position=len(themes) + 1, role=old_theme.role, aim=old_theme.aim
            )
            set_connections(
                themes[old_theme.pk], list(old_theme.connections.values_list("name", flat=True))
            )
        if old_objective.pk not in objectives:
            objective = Objective.objects.create(
                theme=themes[old_theme.pk],
                position=len(objectives) + 1,
                text=old_objective.text[:TEXT_MAX],
                psed_aims=old_objective.psed_aims,
            )
            objective.characteristics.set(old_objective.characteristics.all())
            objectives[old_objective.pk] = objective
        carried = PlanAction.objects.create(
            objective=objectives[old_objective.pk],
            position=action.position,
            text=action.text,
            reference=action.reference,
            lead_teams=action.lead_teams,
            target=action.target,
            target_date=action.target_date,
            carried_from=action,
        )
        carried.lead_people.set(action.lead_people.all())
    return successor
