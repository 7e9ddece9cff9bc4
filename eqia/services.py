"""Starting a policy's next assessment."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from core.refusals import refuse_if_any
from eqia.access import Capability, author_capacity, policy_refusals
from eqia.audit import record
from eqia.models import (
    LIVE_ACTION_STATUSES,
    Action,
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
        assessment.previous_plans = previous.outcome_justification or ""
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

    carried_actions = 0
    if previous is not None:
        for action in previous.actions.filter(status__in=LIVE_ACTION_STATUSES).prefetch_related(
            "characteristics"
        ):
            copy = Action.objects.create(
                assessment=assessment,
                description=action.description,
                owner_id=action.owner_id,
                due_date=action.due_date,
                status=action.status,
                carried_from=action,
            )
            copy.characteristics.set(action.characteristics.all())
            carried_actions += 1

    record(
        assessment,
        actor=by,
        actor_role=author_capacity(by, policy),
        kind=AuditKind.CREATED,
        to_state=AssessmentState.DRAFT,
        comment=(
            f"Started from {previous.label}, carrying {carried_actions} open action(s)"
            if previous
            else "Started"
        ),
        details={"previous": previous.pk if previous else None},
    )
    return assessment
