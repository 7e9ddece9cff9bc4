"""Reads of assessments that pages share: what waits for whom."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import QuerySet

from core.dates import today
from core.roles import Role, has_role
from eqia.access import SIGN_OFF_STATES, policies_shared_with, sign_off_areas
from eqia.models import (
    LIVE_ACTION_STATUSES,
    OPEN_STATES,
    Action,
    Assessment,
    AssessmentState,
)
from policies.models import Policy, PolicyStatus, ReviewState, review_state_for


def _with_policy(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return assessments.select_related("policy__service_area", "policy__owner")


def open_assessments_of(user: User) -> QuerySet[Assessment]:
    """Open assessments the user edits: of their policies and those shared with them."""
    return _with_policy(
        Assessment.objects.filter(policy__in=policies_shared_with(user), state__in=OPEN_STATES)
    ).order_by("policy__reference")


def waiting_for_review() -> QuerySet[Assessment]:
    return _with_policy(
        Assessment.objects.filter(state__in=[AssessmentState.SUBMITTED, AssessmentState.IN_REVIEW])
    ).order_by("submitted_at")


def waiting_for_sign_off(user: User) -> QuerySet[Assessment]:
    assessments = Assessment.objects.filter(state=AssessmentState.APPROVED)
    areas = sign_off_areas(user)
    if areas is not None:
        assessments = assessments.filter(policy__service_area__in=areas)
    return _with_policy(assessments).order_by("planned_decision_date", "policy__reference")


def recently_signed() -> QuerySet[Assessment]:
    return _with_policy(
        Assessment.objects.filter(state__in=SIGN_OFF_STATES[1:]).select_related("signed_off_by")
    ).order_by("-signed_off_at")


def live_actions_of(user: User) -> QuerySet[Action]:
    return (
        Action.objects.filter(owner=user, status__in=LIVE_ACTION_STATUSES)
        .select_related("assessment__policy")
        .order_by("due_date")
    )


@dataclass
class MyWork:
    """What the home page lists for one user, by role. None: the section is not theirs."""

    open_assessments: list[Assessment] | None = None
    policies_due: list[Policy] | None = None
    actions: list[Action] = field(default_factory=list)
    to_review: list[Assessment] | None = None
    to_sign_off: list[Assessment] | None = None
    signed: list[Assessment] | None = None


def my_work(user: User) -> MyWork:
    work = MyWork(actions=list(live_actions_of(user)))
    owns = Policy.objects.filter(owner=user).exists()
    if has_role(user, Role.POLICY_OWNER) or owns:
        work.open_assessments = list(open_assessments_of(user))
        as_of = today()
        policies = list(
            policies_shared_with(user)
            .filter(status=PolicyStatus.ACTIVE)
            .select_related("service_area")
            .order_by("next_review", "reference")
        )
        due = []
        for policy in policies:
            policy.current_review_state = review_state_for(policy.next_review, as_of)
            if policy.current_review_state != ReviewState.LATER:
                due.append(policy)
        work.policies_due = due
    if has_role(user, Role.EDI_REVIEWER):
        work.to_review = list(waiting_for_review())
    if has_role(user, Role.SIGN_OFF_OFFICER):
        work.to_sign_off = list(waiting_for_sign_off(user))
    if has_role(user, Role.AUDITOR):
        work.signed = list(recently_signed()[:20])
    return work


def signed_assessments(
    *,
    policy_reference: str = "",
    since: datetime.date | None = None,
    service_area_id: int | None = None,
) -> QuerySet[Assessment]:
    """Signed assessments (superseded ones included) that have a signed PDF, newest first."""
    assessments = Assessment.objects.filter(
        state__in=[AssessmentState.SIGNED_OFF, AssessmentState.SUPERSEDED]
    ).exclude(signed_pdf="")
    if policy_reference:
        assessments = assessments.filter(policy__reference=policy_reference.strip().upper())
    if since is not None:
        assessments = assessments.filter(signed_off_at__date__gte=since)
    if service_area_id:
        assessments = assessments.filter(policy__service_area_id=service_area_id)
    return assessments.select_related("policy__service_area", "signed_off_by").order_by(
        "-signed_off_at", "policy__reference"
    )
