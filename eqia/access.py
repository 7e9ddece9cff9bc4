"""The gate: what one person may do with an assessment, a policy's assessments or an action.

Every capability is asked of this module, by views (404 when the person may not even see the
object, 403 when they may see it but not do this), by services (which refuse with the same
reasons, so a command or a test is refused what the page is refused) and by templates (flags
the view reads from ``Rights``).

A capability answers *who* may act. Whether the assessment's state allows a workflow move is
the move table's question (workflow/moves.py); whether content may be changed now, or a
comment added now, is answered here too (``edit_refusals``, ``comment_refusals``), because
those rules are about the assessment alone.
"""

from functools import cached_property
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user, get_users_with_perms

from core.refusals import Reason, Refused
from core.roles import Role, has_role, is_administrator, may_audit
from eqia.action_plan import is_tracked
from eqia.models import (
    Action,
    Assessment,
    AssessmentState,
    AuditEntry,
    AuditKind,
)
from eqia.models.choices import EDITABLE_STATES, OPEN_STATES
from policies import access as policy_access
from policies.models import Policy, ServiceArea

Visitor = User | AnonymousUser

SIGNED_STATES = [AssessmentState.SIGNED_OFF, AssessmentState.SUPERSEDED]
# What sign-off officers see: what reached them, and what they signed.
SIGN_OFF_STATES = [AssessmentState.APPROVED, *SIGNED_STATES]
# Reviewers comment while an assessment is in review; the author side answers then too, and
# while changes are requested.
REVIEWER_COMMENT_STATES = [AssessmentState.IN_REVIEW]
AUTHOR_COMMENT_STATES = [AssessmentState.IN_REVIEW, AssessmentState.CHANGES_REQUESTED]

EDIT_PERMISSION = "edit_assessments"  # guardian, per policy: colleagues the owner shares with
SIGN_OFF_PERMISSION = "sign_off_assessments"  # guardian, per service area


class Capability(models.TextChoices):
    """What a person may be allowed to do; the label reads after "You may not"."""

    VIEW = "view", "see this assessment"
    EDIT = "edit", "edit this assessment"
    COMMENT = "comment", "comment on this assessment"
    WITHDRAW = "withdraw", "withdraw this assessment"
    SEE_REVIEW = "see_review", "see the review of this assessment"
    REVIEW = "review", "review this assessment"
    SIGN_OFF = "sign_off", "sign off this assessment"
    START = "start", "start an assessment of this policy"
    SHARE = "share", "share this policy"
    UPDATE_ACTION = "update_action", "update this action"
    RECORD_DECISION = "record_decision", "record the decision taken"
    SEE_ACTIONS = "see_actions", "see every live action"
    AUDIT = "audit", "audit signed assessments"
    SEE_INSIGHT = "see_insight", "see the council's equality insight and process measures"
    OVERSEE = "oversee", "see what waits for the EDI group across the council"
    WITHDRAW_PUBLICATION = "withdraw_publication", "withdraw the publication of this assessment"


# Who the policy's assessments belong to.


def policies_shared_with(user: Visitor) -> QuerySet[Policy]:
    """Policies whose assessments the user edits: their own and those shared with them,
    directly or through a group."""
    if not user.is_authenticated:
        return Policy.objects.none()
    shared = get_objects_for_user(
        user, f"policies.{EDIT_PERMISSION}", klass=Policy, accept_global_perms=False
    )
    # One reading of the register, owned or shared, rather than the shared ones first as a
    # subquery: that read the whole register twice for every question asked of it.
    return shared | Policy.objects.filter(owner=user)


def is_author_side(user: Visitor, policy: Policy) -> bool:
    """policies_shared_with(user) holds the policy: asked of this one policy, so that guardian
    looks at its row only (over the whole register it cost every assessment page 15 ms)."""
    if not user.is_authenticated:
        return False
    if policy.owner_id == user.pk:
        return True
    return get_objects_for_user(
        user,
        f"policies.{EDIT_PERMISSION}",
        klass=Policy.objects.filter(pk=policy.pk),
        accept_global_perms=False,
    ).exists()


def author_side_ids(policy: Policy) -> set[int]:
    """The policy's owner and everyone it is shared with, directly or through a group."""
    # A queryset of users without attach_perms (guardian's annotation also allows a list).
    shared = cast(
        "QuerySet[User]",
        get_users_with_perms(policy, only_with_perms_in=[EDIT_PERMISSION], with_group_users=True),
    )
    ids = set(shared.values_list("pk", flat=True))
    if policy.owner_id is not None:
        ids.add(policy.owner_id)
    return ids


# The capacity the audit trail names for the author side.
COLLEAGUE_CAPACITY = "Colleague (policy shared with them)"


def author_capacity(user: Visitor, policy: Policy) -> str:
    """In what capacity someone on the author side acts: the owner, or a colleague."""
    return Role.POLICY_OWNER.label if policy.owner_id == user.pk else COLLEAGUE_CAPACITY


def sign_off_areas(user: Visitor) -> QuerySet[ServiceArea] | None:
    """The service areas a sign-off officer is limited to; None when not limited."""
    areas = get_objects_for_user(
        user, f"policies.{SIGN_OFF_PERMISSION}", klass=ServiceArea, accept_global_perms=False
    )
    return areas if areas.exists() else None


def may_sign_off_in(user: Visitor, policy: Policy) -> bool:
    if not has_role(user, Role.SIGN_OFF_OFFICER):
        return False
    areas = sign_off_areas(user)
    return areas is None or (
        policy.service_area_id is not None and areas.filter(pk=policy.service_area_id).exists()
    )


def visible_assessments(user: Visitor) -> QuerySet[Assessment]:
    """Every assessment the user may open."""
    assessments = Assessment.objects.all()
    if not user.is_authenticated:
        return assessments.none()
    if is_administrator(user):
        return assessments
    visible = Q()
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
    # The author side is asked last: the database stops at the first condition that lets an
    # assessment through, and the roles' conditions read only the assessment itself, where
    # this one reads the register (for a reviewer, a submitted assessment is through at once).
    visible |= Q(policy__in=policies_shared_with(user))
    return assessments.filter(visible)


def content_authors(assessment: Assessment) -> set[int]:
    """Everyone who started, edited or submitted the assessment: they may not review it,
    approve it or sign it off (separation of duties covers the whole chain)."""
    return set(
        AuditEntry.objects.filter(assessment=assessment)
        .filter(
            Q(kind__in=[AuditKind.CREATED, AuditKind.CONTENT])
            | Q(kind=AuditKind.TRANSITION, details__move="submit")
        )
        .values_list("actor_id", flat=True)
    )


def approvers(assessment: Assessment) -> set[int]:
    """Everyone who approved the assessment, in any review round: they may not sign it off."""
    return set(assessment.approvals.values_list("approver_id", flat=True))


def state_phrase(assessment: Assessment) -> str:
    """How the assessment's state reads after "it is ..."."""
    return AssessmentState(assessment.state).phrase


class Rights:
    """One person before one assessment: every capability answered from facts read at most
    once. Views pass it to templates, which read its ``can_*`` flags."""

    def __init__(self, user: Visitor, assessment: Assessment) -> None:
        self.user = user
        self.assessment = assessment

    @cached_property
    def is_administrator(self) -> bool:
        return is_administrator(self.user)

    @cached_property
    def is_author_side(self) -> bool:
        return self.user.is_authenticated and is_author_side(self.user, self.assessment.policy)

    @cached_property
    def is_reviewer(self) -> bool:
        return has_role(self.user, Role.EDI_REVIEWER)

    @cached_property
    def wrote_it(self) -> bool:
        """Started, edited or submitted the assessment (separation of duties)."""
        return self.user.pk in content_authors(self.assessment)

    @cached_property
    def approved_it(self) -> bool:
        return self.user.pk in approvers(self.assessment)

    def _independent(self, doing: str) -> list[Reason]:
        if not self.wrote_it:
            return []
        return [
            Reason(
                f"You started, edited or submitted this assessment, so you cannot {doing}: "
                "someone independent of it must (separation of duties)"
            )
        ]

    def who_refusals(self, capability: Capability, doing: str = "") -> list[Reason]:
        """Why the person may not do this, whatever the assessment's state; empty if they may.

        ``doing`` names what they tried in the reasons ("approve"); the capability's own
        words by default.
        """
        doing = doing or capability.label
        if capability == Capability.VIEW:
            return [] if self.can_view else [Reason("You may not see this assessment")]
        if capability == Capability.EDIT:
            if self.is_author_side:
                return []
            return [
                Reason(f"Only the policy's owner, or a colleague they share it with, can {doing}")
            ]
        if capability == Capability.WITHDRAW:
            if self.is_author_side or self.is_administrator:
                return []
            return [
                Reason(
                    "Only the policy's owner, a colleague they share it with, or an "
                    f"administrator can {doing}"
                )
            ]
        if capability == Capability.COMMENT:
            if self.is_author_side:
                return []
            if self.is_reviewer:
                return self._independent("review it")
            return [Reason("Only the author's side and EDI reviewers can comment on an assessment")]
        if capability == Capability.SEE_REVIEW:
            if self.is_author_side or self.is_reviewer:
                return []
            return [Reason("The review page is for EDI reviewers and the author's side")]
        if capability == Capability.REVIEW:
            if not self.is_reviewer:
                return [Reason(f"Only EDI reviewers can {doing}")]
            return self._independent(doing)
        if capability == Capability.SIGN_OFF:
            return self._sign_off_refusals(doing)
        if capability == Capability.RECORD_DECISION:
            if self.is_author_side or self.is_administrator:
                return []
            return [
                Reason(
                    "Only the policy's owner, a colleague they share it with, or an "
                    f"administrator can {doing}"
                )
            ]
        if capability == Capability.WITHDRAW_PUBLICATION:
            if self.is_reviewer or self.is_administrator:
                return []
            return [Reason(f"Only the EDI group or an administrator can {doing}")]
        raise ValueError(f"{capability} is not asked of an assessment")

    def _sign_off_refusals(self, doing: str) -> list[Reason]:
        if may_sign_off_in(self.user, self.assessment.policy):
            reasons = self._independent(doing)
            if self.approved_it:
                reasons.append(
                    Reason(
                        f"You approved this assessment, so you cannot {doing}: the sign-off "
                        "must be independent of the review (separation of duties)"
                    )
                )
            return reasons
        if has_role(self.user, Role.SIGN_OFF_OFFICER):
            area = self.assessment.policy.service_area
            return [
                Reason(
                    "You sign off assessments only in your own service areas, and this policy "
                    f"is in {area.name if area else 'no service area'}"
                )
            ]
        return [Reason(f"Only sign-off officers can {doing}")]

    def refusals(self, capability: Capability) -> list[Reason]:
        """Why the person may not do this now: who they are, and for editing and commenting
        the assessment's state; empty if they may."""
        reasons = self.who_refusals(capability)
        state = self.assessment.state
        if capability == Capability.EDIT and not reasons and state not in EDITABLE_STATES:
            reasons.append(
                Reason(
                    f"This assessment is {AssessmentState(state).label.lower()}: its content "
                    "can be changed only while it is a draft or changes are requested"
                )
            )
        if capability == Capability.COMMENT and not self.who_refusals(capability):
            if self.is_author_side and state not in AUTHOR_COMMENT_STATES:
                reasons.append(
                    Reason(
                        "You can answer on a part while the assessment is in review or changes "
                        f"are requested: it is {state_phrase(self.assessment)}"
                    )
                )
            elif not self.is_author_side and state not in REVIEWER_COMMENT_STATES:
                reasons.append(
                    Reason(
                        "Reviewers comment while an assessment is in review: it is "
                        f"{state_phrase(self.assessment)}"
                    )
                )
        return reasons

    def allows(self, capability: Capability) -> bool:
        return not self.refusals(capability)

    def require(self, capability: Capability) -> None:
        """Raise Refused with every reason when the person may not do this now."""
        if reasons := self.refusals(capability):
            raise Refused(reasons)

    # Flags for templates: who the person is to this assessment.

    @cached_property
    def can_view(self) -> bool:
        return visible_assessments(self.user).filter(pk=self.assessment.pk).exists()

    @property
    def can_edit(self) -> bool:
        """On the author's side (whatever the state): their pages say "your reply"."""
        return not self.who_refusals(Capability.EDIT)

    @property
    def can_edit_now(self) -> bool:
        return self.allows(Capability.EDIT)

    @property
    def can_review(self) -> bool:
        return not self.who_refusals(Capability.REVIEW)

    @property
    def can_sign_off(self) -> bool:
        return not self.who_refusals(Capability.SIGN_OFF)

    @property
    def can_comment_now(self) -> bool:
        return self.allows(Capability.COMMENT)

    @property
    def can_withdraw_publication(self) -> bool:
        """The EDI group and administrators, while the assessment is published."""
        return self.assessment.is_published and not self.who_refusals(
            Capability.WITHDRAW_PUBLICATION
        )

    @property
    def can_see_review(self) -> bool:
        """The review page (each part with its comments): reviewers and the author's side."""
        return not self.who_refusals(Capability.SEE_REVIEW)


def get_assessment_for(
    user: Visitor, pk: int, need: Capability = Capability.VIEW
) -> tuple[Assessment, Rights]:
    """The assessment and the person's rights to it: 404 when they may not see it, 403 when
    they may see it but ``need`` is not theirs (whatever the state: a page then says why)."""
    try:
        assessment = (
            visible_assessments(user)
            .select_related("policy__service_area", "policy__owner", "created_by")
            .get(pk=pk)
        )
    except Assessment.DoesNotExist:
        raise Http404("No assessment found") from None
    rights = Rights(user, assessment)
    rights.__dict__["can_view"] = True  # found among the visible ones
    if need != Capability.VIEW and (refused := rights.who_refusals(need)):
        raise PermissionDenied(refused[0].message)
    return assessment, rights


# Capabilities on a policy's assessments, on actions, and on the whole register.


def policy_who_refusals(user: Visitor, capability: Capability, policy: Policy) -> list[Reason]:
    """Why the person may not start or share assessments of the policy, whatever its state."""
    if capability == Capability.START:
        if user.is_authenticated and is_author_side(user, policy):
            return []
        return [
            Reason("Only the policy's owner and colleagues it is shared with start its assessments")
        ]
    if capability == Capability.SHARE:
        if user.is_authenticated and (policy.owner_id == user.pk or is_administrator(user)):
            return []
        return [Reason("Only the policy's owner or an administrator may share it")]
    raise ValueError(f"{capability} is not asked of a policy")


def policy_refusals(user: Visitor, capability: Capability, policy: Policy) -> list[Reason]:
    """Why the person may not do this now: ``START`` also waits while the policy has an open
    assessment."""
    if reasons := policy_who_refusals(user, capability, policy):
        return reasons
    if capability == Capability.START:
        open_one = policy.assessments.filter(state__in=OPEN_STATES).first()
        if open_one is not None:
            return [Reason(f"{policy.reference} already has an open assessment ({open_one.label})")]
    return []


def startable_policy_ids(user: Visitor, policy_ids: list[int]) -> set[int]:
    """The START rule of ``policy_refusals`` for a page of policies at once: those of the
    person's author side with no open assessment."""
    return set(
        policies_shared_with(user)
        .filter(pk__in=policy_ids)
        .exclude(assessments__state__in=OPEN_STATES)
        .values_list("pk", flat=True)
    )


def get_policy_for(user: Visitor, reference: str, need: Capability) -> Policy:
    """The policy (404 when there is none) once ``need`` is the person's (403 otherwise)."""
    policy, _ = policy_access.get_policy_for(user, reference)
    if refused := policy_who_refusals(user, need, policy):
        raise PermissionDenied(refused[0].message)
    return policy


def holds(user: Visitor, capability: Capability) -> bool:
    """A capability that is not about one object: auditing (auditors and administrators), and
    seeing every live action (the EDI group, administrators and auditors, who read only)."""
    if capability == Capability.AUDIT:
        return may_audit(user)
    if capability == Capability.SEE_ACTIONS:
        return has_role(user, Role.EDI_REVIEWER) or may_audit(user)
    # Insight (the picture across signed EqIAs, the process measures): the EDI group,
    # administrators and auditors, who read only (nothing there changes anything).
    if capability == Capability.SEE_INSIGHT:
        return has_role(user, Role.EDI_REVIEWER) or may_audit(user)
    # The EDI home page (what waits for the group first): the EDI group and administrators.
    if capability == Capability.OVERSEE:
        return has_role(user, Role.EDI_REVIEWER) or is_administrator(user)
    raise ValueError(f"{capability} is asked of an object")


def require(user: Visitor, capability: Capability) -> None:
    """403 unless the person holds a capability that is not about one object."""
    if not holds(user, capability):
        raise PermissionDenied(f"You may not {capability.label}")


def may(user: Visitor, capability: Capability, obj: Any = None) -> bool:
    """The yes-or-no answer for templates and lists: of a policy, an action, an assessment, or
    of nothing (AUDIT)."""
    if obj is None:
        return holds(user, capability)
    if isinstance(obj, Policy):
        return not policy_refusals(user, capability, obj)
    if isinstance(obj, Action):
        return not action_refusals(user, obj)
    if isinstance(obj, Assessment):
        return Rights(user, obj).allows(capability)
    raise ValueError(f"Nothing to ask {capability} of")


def action_who_refusals(
    user: Visitor, action: Action, *, author_side: bool | None = None
) -> list[Reason]:
    """Why the person may not move the action on, whatever its assessment's state. Its owner,
    the policy's author side and administrators may.

    ``author_side`` saves a query per action when a page lists many of one assessment.
    """
    if not user.is_authenticated:
        return [Reason("Sign in to update an action")]
    if author_side is None:
        author_side = is_author_side(user, action.assessment.policy)
    if action.owner_id == user.pk or is_administrator(user) or author_side:
        return []
    return [Reason("Only the action's owner, the policy's owner or an administrator update it")]


def action_refusals(
    user: Visitor, action: Action, *, author_side: bool | None = None
) -> list[Reason]:
    """Why the person may not move the action on now: who they are, and whether it is still
    tracked: in the plan of at least one version neither withdrawn nor superseded (the rule
    of live work, eqia.action_plan)."""
    if reasons := action_who_refusals(user, action, author_side=author_side):
        return reasons
    if not is_tracked(action):
        plans = list(action.appears_in.all()) or [action.assessment]
        if len(plans) == 1:
            return [
                Reason(
                    f"This assessment is {plans[0].get_state_display().lower()}: its "
                    "actions are no longer tracked here"
                )
            ]
        return [
            Reason(
                "Every version whose plan shows this action is withdrawn or superseded: it is "
                "no longer tracked here"
            )
        ]
    return []


def get_action_for(user: Visitor, pk: int) -> tuple[Action, bool]:
    """The action and whether the person sees its assessment: 404 when they neither see the
    assessment nor own the action, 403 when they may not move it on."""
    try:
        action = Action.objects.select_related("assessment__policy", "owner").get(pk=pk)
    except Action.DoesNotExist:
        raise Http404("No action found") from None
    sees_assessment = visible_assessments(user).filter(pk=action.assessment_id).exists()
    if not (sees_assessment or (user.is_authenticated and action.owner_id == user.pk)):
        raise Http404("No action found")
    if refused := action_who_refusals(user, action):
        raise PermissionDenied(refused[0].message)
    return action, sees_assessment
