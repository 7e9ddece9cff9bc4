"""Builders for assessments in any state, for tests of the content rules, workflow and pages."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from core.dates import add_months
from eqia.audit import record
from eqia.models import (
    Action,
    Assessment,
    AssessmentState,
    AuditKind,
    DecisionMeeting,
    Impact,
    Outcome,
    Part,
    PartStatus,
    PolicyStage,
    ScreeningOutcome,
)
from eqia.services import assessment_start
from policies.models import Policy
from tests.factories import make_policy
from workflow.services import make_move

# Dates relative to today, so the content rules (review date ahead, regard before the decision)
# hold whenever the suite runs.
_TODAY = datetime.date.today()
CONSIDERATION_BEGAN = _TODAY - datetime.timedelta(days=90)
PLANNED_DECISION_DATE = add_months(_TODAY, 12)
REVIEW_DATE = add_months(_TODAY, 36)


def long_date(value: datetime.date) -> str:
    """A date as pages and documents show it: 30 June 2027."""
    return f"{value.day} {value:%B %Y}"


COMPLETE_FIELDS: dict[str, Any] = {
    "purpose": "To allocate social housing fairly to those in most need.",
    "scope": "Applicants to the housing register and existing tenants seeking a transfer.",
    "policy_stage": PolicyStage.EXISTING,
    "lead_officer_name": "Alice Owen",
    "lead_officer_role": "Housing Needs Manager",
    "others_involved": "Bob Baker, Allocations Officer",
    "consideration_began": CONSIDERATION_BEGAN,
    "decision_maker": "Cabinet Member for Housing",
    "planned_decision_date": PLANNED_DECISION_DATE,
    "previous_plans": "Monitor outcomes by ethnicity; done in 2025.",
    "changes_since": "New banding for care leavers.",
    "relevant_to_equality": True,
    "relevance_reasons": "Decides who gets scarce housing.",
    "screening_outcome": ScreeningOutcome.FULL,
    "data_sources": "Census 2021; housing register data 2024-25; complaints.",
    "engagement": "Tenant panel, March 2026: asked for clearer banding letters (done).",
    "intersectionality": "Disabled older people in temporary accommodation.",
    "cumulative_impact": "Welfare reform and rising rents bear on the same households.",
    "covenant_functions_in_scope": ["housing_allocations"],
    "covenant_unique_obligations": "Service families move often and lose local connection.",
    "covenant_removing_disadvantage": "Local connection waived for service leavers.",
    "covenant_special_provision": "Additional preference for seriously injured veterans.",
    "aim_eliminate_discrimination": "Banding criteria checked for indirect discrimination.",
    "aim_advance_opportunity": "Accessible housing matched to disabled applicants first.",
    "aim_foster_relations": "Local lettings plans agreed with residents.",
    "outcome": Outcome.NO_MAJOR_CHANGE,
    "adverse_impact_rating": "low",
    "evidence_sufficiency": "Three years of register data and direct engagement.",
    "review_date": REVIEW_DATE,
}


def make_assessment(
    policy: Policy | None = None,
    *,
    by: User,
    complete: bool = False,
    state: AssessmentState = AssessmentState.DRAFT,
    **fields: Any,
) -> Assessment:
    """Start an assessment through the service; optionally fill every part and set a state.

    The state is written directly (not through the workflow): for tests that need an
    assessment already somewhere in its life.
    """
    policy = policy or make_policy(owner=by, covenant_functions=["housing"])
    assessment = assessment_start(policy=policy, by=by)
    if complete:
        fill_complete(assessment)
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.save()
    if state != AssessmentState.DRAFT:
        set_state(assessment, state)
    return assessment


def fill_complete(assessment: Assessment) -> Assessment:
    """Every part filled in a way the content rules accept, every part marked completed."""
    for name, value in COMPLETE_FIELDS.items():
        setattr(assessment, name, value)
    assessment.part_status = {part.value: PartStatus.COMPLETED.value for part in Part}
    assessment.save()
    for row in assessment.impacts.all():
        row.impact = Impact.NEUTRAL
        row.evidence = f"No differential effect found for {row.characteristic.name}."
        row.save()
    DecisionMeeting.objects.create(
        assessment=assessment, body="Cabinet", date=PLANNED_DECISION_DATE
    )
    return assessment


def set_state(assessment: Assessment, state: AssessmentState, **extra: Any) -> Assessment:
    if state not in (AssessmentState.DRAFT, AssessmentState.WITHDRAWN):
        extra.setdefault("submitted_at", timezone.now())
    Assessment.objects.filter(pk=assessment.pk).update(state=state, **extra)
    assessment.refresh_from_db()
    return assessment


def add_action(assessment: Assessment, *, owner: User, **fields: Any) -> Action:
    fields.setdefault("description", "Consult the disability forum on the banding letters")
    fields.setdefault("due_date", datetime.date(2027, 3, 31))
    characteristics = fields.pop("characteristics", [])
    action = Action.objects.create(assessment=assessment, owner=owner, **fields)
    action.characteristics.set(characteristics)
    return action


def add_content_entry(assessment: Assessment, *, by: User, part: Part = Part.ABOUT) -> None:
    """An audit entry of kind CONTENT by ``by``, as the content-save service writes when
    someone saves a part: it makes them one of the assessment's authors."""
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        record(locked, actor=by, actor_role="Test", kind=AuditKind.CONTENT, part=part.value)


def sign_through_workflow(
    assessment: Assessment, *, owner: User, reviewer: User, signoff: User
) -> Assessment:
    """Take a complete draft through submit, review, approval and sign-off, as people would."""
    assessment = make_move("submit", assessment=assessment, by=owner)
    assessment = make_move("start_review", assessment=assessment, by=reviewer)
    assessment = make_move("approve", assessment=assessment, by=reviewer)
    return make_move(
        "sign_off",
        assessment=assessment,
        by=signoff,
        data={
            "attestation": bool(settings.EQIA_ATTESTATION),
            "attestation_text": settings.EQIA_ATTESTATION,
        },
    )
