"""Reads several plan pages share: the EqIA actions linked to a plan's objectives (their
evidence), and a round's returns with who may write each."""

from collections import defaultdict
from dataclasses import dataclass

from eqia.action_plan import lead_of
from eqia.models import Action, ActionStatus
from plans.access import Visitor, progress_refusals
from plans.models import ObjectiveLink, Plan, PlanAction, ProgressRound, ProgressUpdate
from plans.progress import plan_actions
from plans.values import Block, lead_words, progress_blocks


@dataclass(frozen=True)
class LinkedAction:
    """An EqIA action that names an objective of the plan: evidence of the objective at work."""

    action: Action
    where: str  # "HOU-001 EqIA v2"
    lead: str

    @property
    def status(self) -> ActionStatus:
        return ActionStatus(self.action.status)


def linked_actions(objective_ids: list[int]) -> dict[int, list[LinkedAction]]:
    """The EqIA actions naming each objective, by objective, in due-date order."""
    links = (
        ObjectiveLink.objects.filter(objective_id__in=objective_ids)
        .select_related("action__assessment__policy", "action__owner")
        .order_by("action__due_date", "action__pk")
    )
    found: dict[int, list[LinkedAction]] = defaultdict(list)
    for link in links:
        action = link.action
        found[link.objective_id].append(
            LinkedAction(
                action=action,
                where=f"{action.assessment.policy.reference} {action.assessment.label}",
                lead=lead_of(action),
            )
        )
    return found


def linked_actions_by_objective(plan: Plan) -> dict[int, list[LinkedAction]]:
    return linked_actions(
        list(
            ObjectiveLink.objects.filter(objective__theme__plan=plan).values_list(
                "objective_id", flat=True
            )
        )
    )


@dataclass(frozen=True)
class Return:
    """One action of a round's returns page: its return (or none yet) and whether the person
    may write it."""

    action: PlanAction
    lead: str
    update: ProgressUpdate | None
    may_write: bool
    evidence: list[LinkedAction]

    @property
    def blocks(self) -> list[Block]:
        """The progress in paragraphs and bullet lists."""
        return progress_blocks(self.update.text) if self.update is not None else []


def round_returns(round: ProgressRound, user: Visitor) -> list[Return]:
    """Every action of the plan, in its order, with its return in the round."""
    actions = list(
        plan_actions(round.plan).select_related("objective__theme").prefetch_related("lead_people")
    )
    updates = {
        update.action_id: update for update in round.updates.select_related("status", "written_by")
    }
    evidence = linked_actions(list({action.objective_id for action in actions}))
    rows = []
    for action in actions:
        leads = list(action.lead_people.all())
        rows.append(
            Return(
                action=action,
                lead=lead_words(leads, action.lead_teams),
                update=updates.get(action.pk),
                may_write=not progress_refusals(user, round, action),
                evidence=evidence.get(action.objective_id, []),
            )
        )
    return rows
