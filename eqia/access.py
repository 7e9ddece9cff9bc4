"""Who may see an assessment and what they may do with it: the one helper every view uses.

A user who may not see an assessment gets 404; one who may see it but not make the kind of
change a view makes gets 403. Whether a move is allowed *now* (its state, separation of
duties) is the workflow services' question, answered with WorkflowError reasons.
"""

import enum
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from eqia.models import Assessment, AssessmentState
from policies.models import Policy, ServiceArea
from workflow.roles import Role, has_role, is_administrator

User = AbstractBaseUser | AnonymousUser

SIGNED_STATES = [AssessmentState.SIGNED_OFF, AssessmentState.SUPERSEDED]
# What sign-off officers see: what reached them, and what they signed.
SIGN_OFF_STATES = [AssessmentState.APPROVED, *SIGNED_STATES]


class Capability(enum.Enum):
    EDIT = "edit"  # the author side: the policy's owner and colleagues it is shared with
    REVIEW = "review"  # EDI reviewers
    SIGN_OFF = "sign_off"  # sign-off officers, within their service areas


def policies_shared_with(user: User) -> QuerySet[Policy]:
    """Policies whose assessments the user edits: their own and those shared with them."""
    shared = get_objects_for_user(
        user, "policies.edit_assessments", klass=Policy, accept_global_perms=False
    )
    return Policy.objects.filter(Q(owner=user) | Q(pk__in=shared.values("pk")))


def sign_off_areas(user: User) -> QuerySet[ServiceArea] | None:
    """The service areas a sign-off officer is limited to; None when not limited."""
    areas = get_objects_for_user(
        user, "policies.sign_off_assessments", klass=ServiceArea, accept_global_perms=False
    )
    return areas if areas.exists() else None


def may_sign_off_in(user: User, policy: Policy) -> bool:
    if not has_role(user, Role.SIGN_OFF_OFFICER):
        return False
    areas = sign_off_areas(user)
    return areas is None or (
        policy.service_area_id is not None and areas.filter(pk=policy.service_area_id).exists()
    )


def visible_assessments(user: User) -> QuerySet[Assessment]:
    """Every assessment the user may open."""
    assessments = Assessment.objects.all()
    if not user.is_authenticated:
        return assessments.none()
    if is_administrator(user):
        return assessments
    visible = Q(policy__in=policies_shared_with(user))
    if has_role(user, Role.EDI_REVIEWER):
        visible |= Q(submitted_at__isnull=False)
    if has_role(user, Role.SIGN_OFF_OFFICER):
        areas = sign_off_areas(user)
        in_scope = Q(state__in=SIGN_OFF_STATES)
        if areas is not None:
            in_scope &= Q(policy__service_area__in=areas)
        visible |= in_scope | Q(signed_off_by=user)
    if has_role(user, Role.AUDITOR):
        visible |= Q(state__in=SIGNED_STATES)
    return assessments.filter(visible)


@dataclass(frozen=True)
class AssessmentAccess:
    """What one user may do with one assessment, computed once for views and templates."""

    can_edit: bool
    can_review: bool
    can_sign_off: bool
    is_administrator: bool

    def allows(self, capability: Capability) -> bool:
        return {
            Capability.EDIT: self.can_edit,
            Capability.REVIEW: self.can_review,
            Capability.SIGN_OFF: self.can_sign_off,
        }[capability]


def access_to(user: User, assessment: Assessment) -> AssessmentAccess:
    return AssessmentAccess(
        can_edit=policies_shared_with(user).filter(pk=assessment.policy_id).exists(),
        can_review=has_role(user, Role.EDI_REVIEWER),
        can_sign_off=may_sign_off_in(user, assessment.policy),
        is_administrator=is_administrator(user),
    )


def get_assessment_for(
    user: User, pk: int, *, write: Capability | None = None
) -> tuple[Assessment, AssessmentAccess]:
    """The assessment and the user's access to it; 404 if unseen, 403 if ``write`` is denied."""
    try:
        assessment = (
            visible_assessments(user)
            .select_related("policy__service_area", "policy__owner", "created_by")
            .get(pk=pk)
        )
    except Assessment.DoesNotExist:
        raise Http404("No assessment found") from None
    access = access_to(user, assessment)
    if write is not None and not access.allows(write):
        raise PermissionDenied(f"You may not {write.value.replace('_', ' ')} this assessment")
    return assessment, access
