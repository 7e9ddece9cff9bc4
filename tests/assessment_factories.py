"""Builders for assessments in any state, for tests of the content rules, workflow and pages.

Content goes in as an author puts it in: through the content services (eqia/content.py), so
each part save is checked by the gate and recorded on the audit trail like any other.
"""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from core.dates import add_months
from eqia.actions import action_add
from eqia.audit import record
from eqia.content import part_save
from eqia.models import (
    PART_FIELDS,
    Action,
    Assessment,
    AssessmentState,
    AuditKind,
    Impact,
    ImpactRow,
    Outcome,
    Part,
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


# Which part of the assessment each content field belongs to.
PART_OF_FIELD = {name: part for part, names in PART_FIELDS.items() for name in names}
COMPLETE_MEETINGS = [("Cabinet", PLANNED_DECISION_DATE)]


def neutral_impact(row: ImpactRow) -> dict[str, Any]:
    return {
        "impact": Impact.NEUTRAL,
        "evidence": f"No differential effect found for {row.characteristic.name}.",
    }


def make_assessment(
    policy: Policy | None = None,
    *,
    by: User,
    complete: bool = False,
    state: AssessmentState = AssessmentState.DRAFT,
    **fields: Any,
) -> Assessment:
    """Start an assessment through the service as ``by``; optionally fill every part through
    the content service, as its author would; then put it in ``state``.

    ``fields`` are content fields, saved with their parts (with ``complete``, in place of the
    complete values), or workflow fields, written directly. The state is written directly
    too (not through the workflow): for tests that need an assessment already somewhere in
    its life; ``take_through_workflow`` takes one there by the moves people make.
    """
    policy = policy or make_policy(owner=by, covenant_functions=["housing"])
    assessment = assessment_start(policy=policy, by=by)
    content = {name: value for name, value in fields.items() if name in PART_OF_FIELD}
    workflow_fields = {name: value for name, value in fields.items() if name not in content}
    if complete:
        fill_complete(assessment, by=by, **content)
    else:
        for part in sorted({PART_OF_FIELD[name] for name in content}, key=list(Part).index):
            values = {name: content[name] for name in PART_FIELDS[part] if name in content}
            part_save(assessment=assessment, by=by, part=part, values=values, completed=False)
    if workflow_fields:
        Assessment.objects.filter(pk=assessment.pk).update(**workflow_fields)
        assessment.refresh_from_db()
    if state != AssessmentState.DRAFT:
        set_state(assessment, state)
    return assessment


def fill_complete(
    assessment: Assessment, *, by: User | None = None, **overrides: Any
) -> Assessment:
    """Fill every part, in order, through the content service (``part_save``), as its author
    (``by``, by default whoever started it) would: the values of ``COMPLETE_FIELDS`` (or
    ``overrides``), a neutral impact with its evidence for every characteristic, and one
    meeting on the decision pathway; each part saved as completed.

    With the complete values every part ends completed; an override the content rules
    refuse leaves its part in progress, as it would on the part's page.
    """
    by = by or assessment.created_by
    values = {**COMPLETE_FIELDS, **overrides}
    for part in Part:
        part_save(
            assessment=assessment,
            by=by,
            part=part,
            values={name: values[name] for name in PART_FIELDS[part] if name in values},
            impacts=(
                {
                    row.pk: neutral_impact(row)
                    for row in assessment.impacts.select_related("characteristic")
                }
                if part == Part.IMPACTS
                else None
            ),
            meetings=COMPLETE_MEETINGS if part == Part.ABOUT else None,
            completed=True,
        )
    return assessment


def set_state(assessment: Assessment, state: AssessmentState, **extra: Any) -> Assessment:
    if state not in (AssessmentState.DRAFT, AssessmentState.WITHDRAWN):
        extra.setdefault("submitted_at", timezone.now())
    Assessment.objects.filter(pk=assessment.pk).update(state=state, **extra)
    assessment.refresh_from_db()
    return assessment


def add_action(
    assessment: Assessment, *, owner: User | None, by: User | None = None, **fields: Any
) -> Action:
    """An action owned by ``owner`` in the assessment's action plan.

    While the assessment's content may change, the author (``by``, by default whoever
    started it) adds it through the content service (``action_add``). An action the service
    would not add (on an assessment past its draft, whose state the test set directly, or
    with a blank description) is written directly, as is a ``status`` other than open: for
    tests of what happens to actions later.
    """
    fields.setdefault("description", "Consult the disability forum on the banding letters")
    fields.setdefault("due_date", datetime.date(2027, 3, 31))
    characteristics = fields.pop("characteristics", [])
    status = fields.pop("status", None)
    the_service_would = (
        assessment.is_editable
        and fields["description"].strip()
        and (owner is not None or fields.get("lead_team", "").strip())
        and set(fields) <= {"description", "due_date", "lead_team", "success_measure"}
    )
    if the_service_would:
        action = action_add(
            assessment=assessment,
            by=by or assessment.created_by,
            owner=owner,
            characteristics=characteristics,
            **fields,
        )
    else:
        action = Action.objects.create(assessment=assessment, owner=owner, **fields)
        action.appears_in.add(assessment)
        action.characteristics.set(characteristics)
    if status is not None and status != action.status:
        Action.objects.filter(pk=action.pk).update(status=status)
        action.refresh_from_db()
    return action


def add_content_entry(assessment: Assessment, *, by: User, part: Part = Part.ABOUT) -> None:
    """An audit entry of kind CONTENT by ``by``, as the content-save service writes when
    someone saves a part: it makes them one of the assessment's authors."""
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        record(locked, actor=by, actor_role="Test", kind=AuditKind.CONTENT, part=part.value)


# The moves that take a complete draft into each state, as people make them: (move, who, data).
WORKFLOW_PATHS: dict[AssessmentState, list[tuple[str, str, dict[str, Any]]]] = {
    AssessmentState.DRAFT: [],
    AssessmentState.SUBMITTED: [("submit", "owner", {})],
    AssessmentState.IN_REVIEW: [("submit", "owner", {}), ("start_review", "reviewer", {})],
    AssessmentState.CHANGES_REQUESTED: [
        ("submit", "owner", {}),
        ("start_review", "reviewer", {}),
        ("request_changes", "reviewer", {"comment": "Say more about the evidence"}),
    ],
    AssessmentState.APPROVED: [
        ("submit", "owner", {}),
        ("start_review", "reviewer", {}),
        ("approve", "reviewer", {}),
    ],
    AssessmentState.SIGNED_OFF: [
        ("submit", "owner", {}),
        ("start_review", "reviewer", {}),
        ("approve", "reviewer", {}),
        ("sign_off", "signoff", {}),  # ticked, in the council's words (below)
    ],
    AssessmentState.WITHDRAWN: [("withdraw", "owner", {"reason": "The policy was dropped"})],
}


def take_through_workflow(
    assessment: Assessment,
    state: AssessmentState,
    *,
    owner: User,
    reviewer: User | None = None,
    signoff: User | None = None,
) -> Assessment:
    """Bring a complete draft to ``state`` by the moves people make (``WORKFLOW_PATHS``), with
    one EDI approval needed (the default). Its trail then reads as a real one."""
    people = {"owner": owner, "reviewer": reviewer, "signoff": signoff}
    for name, who, data in WORKFLOW_PATHS[state]:
        by = people[who]
        assert by is not None, f"{name} needs a {who}"
        if name == "sign_off":
            data = {
                "attestation": bool(settings.EQIA_ATTESTATION),
                "attestation_text": settings.EQIA_ATTESTATION,
            }
        assessment = make_move(name, assessment=assessment, by=by, data=data)
    return assessment


def sign_through_workflow(
    assessment: Assessment, *, owner: User, reviewer: User, signoff: User
) -> Assessment:
    """Take a complete draft through submit, review, approval and sign-off, as people would."""
    return take_through_workflow(
        assessment, AssessmentState.SIGNED_OFF, owner=owner, reviewer=reviewer, signoff=signoff
    )
