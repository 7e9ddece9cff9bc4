"""Sharing a policy with colleagues, who then edit its assessments as the owner does.

Held as a django-guardian object permission (policies.edit_assessments) on the policy. Each
change is written to the audit trail of the policy's open assessment (the one it lets the
colleague edit), in the same transaction.
"""

from typing import Any, cast

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from core.people import display_name, people
from core.refusals import Reason, refuse_if_any
from core.roles import Role, has_role
from eqia.access import EDIT_PERMISSION, Capability, author_capacity, policy_refusals
from eqia.audit import record
from eqia.models import OPEN_STATES, Assessment, AuditKind
from policies.models import Policy

PERMISSION = f"policies.{EDIT_PERMISSION}"


def shared_colleagues(policy: Policy) -> list[User]:
    # A queryset of users without attach_perms (guardian's annotation also allows a list).
    users = cast(
        "QuerySet[User]",
        get_users_with_perms(policy, only_with_perms_in=[EDIT_PERMISSION], with_superusers=False),
    )
    return list(users.order_by("first_name", "last_name", "username"))


@transaction.atomic
def policy_share(*, policy: Policy, by: User, colleague: User) -> None:
    reasons = policy_refusals(by, Capability.SHARE, policy)
    if colleague.pk == policy.owner_id:
        reasons.append(
            Reason("The owner already edits this policy's assessments", field="colleague")
        )
    if has_role(colleague, Role.AUDITOR) and not has_role(colleague, Role.POLICY_OWNER):
        reasons.append(
            Reason(
                f"{display_name(colleague)} is an auditor: auditors read and verify EqIAs, "
                "they do not edit them",
                field="colleague",
            )
        )
    if not colleague.is_active:
        reasons.append(
            Reason(
                f"{display_name(colleague)} cannot sign in, so cannot be given access",
                field="colleague",
            )
        )
    refuse_if_any(reasons)
    if is_shared_with(policy, colleague):
        return  # already: nothing changes, so nothing goes on the trail
    assign_perm(PERMISSION, colleague, policy)
    record_sharing(
        policy,
        by=by,
        colleague=colleague,
        shared=True,
        comment=f"Shared with {display_name(colleague, with_email=True)}, who may now edit, "
        "submit, recall and withdraw this policy's EqIAs",
    )


@transaction.atomic
def policy_unshare(*, policy: Policy, by: User, colleague: User) -> None:
    refuse_if_any(policy_refusals(by, Capability.SHARE, policy))
    if not is_shared_with(policy, colleague):
        return
    remove_perm(PERMISSION, colleague, policy)
    record_sharing(
        policy,
        by=by,
        colleague=colleague,
        shared=False,
        comment=f"No longer shared with {display_name(colleague, with_email=True)}",
    )


def is_shared_with(policy: Policy, colleague: User) -> bool:
    return any(user.pk == colleague.pk for user in shared_colleagues(policy))


def record_sharing(
    policy: Policy, *, by: User, colleague: User, shared: bool, comment: str
) -> None:
    """The change on the trail of each open assessment of the policy (at most one), under its
    row lock, as every write to a trail is."""
    open_ones = (
        Assessment.objects.select_for_update()
        .filter(policy=policy, state__in=OPEN_STATES)
        .order_by("pk")
    )
    capacity = author_capacity(by, policy) if policy.owner_id == by.pk else Role.ADMINISTRATOR.label
    for assessment in open_ones:
        record(
            assessment,
            actor=by,
            actor_role=capacity,
            kind=AuditKind.SHARING,
            comment=comment,
            details={
                "shared": shared,
                "colleague": colleague.pk,
                "colleague_name": display_name(colleague),
            },
        )


def auditors_only() -> QuerySet[User]:
    """Auditors who are not also policy owners: they read and verify, and never edit."""
    return User.objects.filter(groups__name=Role.AUDITOR.value).exclude(
        groups__name=Role.POLICY_OWNER.value
    )


def colleague_choices(policy: Policy) -> QuerySet[Any]:
    """People the policy could be shared with: active people other than its owner, and not
    auditors (whose access is read-only)."""
    return people().exclude(pk=policy.owner_id).exclude(pk__in=auditors_only().values("pk"))
