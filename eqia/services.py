"""Starting a policy's next assessment: the last signed one's content carried forward, and
its open actions inherited (one record in both plans), not copied."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from core.dates import long_date
from core.refusals import refuse_if_any
from eqia.access import Capability, author_capacity, policy_refusals
from eqia.action_plan import lead_of, live_actions
from eqia.audit import record
from eqia.cumulative import links_carry
from eqia.models import (
    Action,
    ActionStatus,
    Assessment,
    AssessmentState,
    AuditKind,
    Characteristic,
    ImpactRow,
    PartStatus,
)
from policies.models import Policy

# Content carried from the last signed assessment into the next one.
CARRIED_FIELDS = [
    "purpose",
    "scope",
    "lead_officer_name",
    "lead_officer_role",
    "others_involved",
    "decision_maker",
    "dpia_url",
    "relevant_to_equality",
    "relevance_reasons",
    "screening_outcome",
    "no_full_assessment_reasons",
    "data_sources",
    "engagement",
    "intersectionality",
    "cumulative_impact",
    "covenant_functions_in_scope",
    "covenant_unique_obligations",
    "covenant_removing_disadvantage",
    "covenant_special_provision",
    "aim_eliminate_discrimination",
    "aim_advance_opportunity",
    "aim_foster_relations",
    "outcome",
    "outcome_justification",
    "adverse_impact_rating",
    "evidence_sufficiency",
]
IMPACT_FIELDS = ["impact", "evidence", "mitigation", "justification"]


def _action_line(action: Action, next_label: str) -> str:
    """ "Publish the policy in easy read (Communities team, due 31 March 2026): done 12 March
    2026 — published on the website"."""
    lead = lead_of(action)
    due = f"due {long_date(action.due_date)}"
    planned = f"{lead}, {due}" if lead else due
    status = ActionStatus(action.status).label.lower()
    updates = list(action.updates.all())
    if updates:
        latest = updates[-1]
        status += f" {long_date(timezone.localdate(latest.at))}"
        if latest.note:
            status += f" — {latest.note}"
    if action.is_live:
        status += f"; {next_label} inherits it"
    return f"{action.description} ({planned}): {status}"


def what_came_of(previous: Assessment, next_label: str) -> str:
    """What the previous version planned and what came of it, for the About part of the next
    (``previous_plans``): one line per action of its plan, with its lead, due date, status now
    and latest update; then its outcome's justification, if it gave one."""
    actions = previous.plan_actions.select_related("owner").prefetch_related("updates")
    lines = [_action_line(action, next_label) for action in actions]
    text = "\n".join(lines) if lines else f"{previous.label} planned no actions."
    if previous.outcome_justification.strip():
        text += (
            f"\n\nThe justification of {previous.label}'s outcome: "
            f"{previous.outcome_justification.strip()}"
        )
    return text


def _started_from(previous: Assessment | None, inherited: int) -> str:
    if previous is None:
        return "Started"
    if not inherited:
        return f"Started from {previous.label}, inheriting no open actions"
    return (
        f"Started from {previous.label}, inheriting {inherited} open "
        f"action{'' if inherited == 1 else 's'}"
    )


def latest_signed(policy: Policy) -> Assessment | None:
    return policy.assessments.filter(state=AssessmentState.SIGNED_OFF).order_by("-version").first()


@transaction.atomic
def assessment_start(*, policy: Policy, by: User) -> Assessment:
    """Start the policy's next assessment (v1, v2, ...), carrying the last signed one forward.

    Its impact rows are made now, one for each characteristic in force, so characteristics
    added or retired later never change it.
    """
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    refuse_if_any(policy_refusals(by, Capability.START, policy))
    previous = latest_signed(policy)
    last_version = policy.assessments.order_by("-version").values_list("version", flat=True)
    assessment = Assessment(
        policy=policy,
        version=(last_version.first() or 0) + 1,
        created_by=by,
        previous=previous,
        state_since=timezone.now(),
    )
    if previous is not None:
        for field in CARRIED_FIELDS:
            setattr(assessment, field, getattr(previous, field))
        assessment.previous_plans = what_came_of(previous, assessment.label)
        # Carried content must be read again and confirmed: in progress, not completed.
        assessment.part_status = {
            part: PartStatus.IN_PROGRESS
            for part, status in previous.part_status.items()
            if status != PartStatus.NOT_STARTED
        }
    assessment.save()

    previous_impacts = (
        {row.characteristic_id: row for row in previous.impacts.all()} if previous else {}
    )
    rows = []
    for characteristic in Characteristic.objects.filter(is_active=True):
        row = ImpactRow(assessment=assessment, characteristic=characteristic)
        if carried := previous_impacts.get(characteristic.pk):
            for field in IMPACT_FIELDS:
                setattr(row, field, getattr(carried, field))
        rows.append(row)
    ImpactRow.objects.bulk_create(rows)
    if previous is not None:
        links_carry(previous, assessment)  # cumulative impact is content: carried too

    inherited: list[int] = []
    if previous is not None:
        # One record across versions: the new plan shows the open actions, it does not copy
        # them, so moving one on moves it on everywhere.
        inherited = list(live_actions(previous.plan_actions.all()).values_list("pk", flat=True))
        assessment.plan_actions.add(*inherited)

    record(
        assessment,
        actor=by,
        actor_role=author_capacity(by, policy),
        kind=AuditKind.CREATED,
        to_state=AssessmentState.DRAFT,
        comment=_started_from(previous, len(inherited)),
        details={"previous": previous.pk if previous else None, "inherited_actions": inherited},
    )
    return assessment
