"""Sharing a policy with colleagues, who then edit its assessments as the owner does.

Held as a django-guardian object permission (policies.edit_assessments) on the policy.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from guardian.conf import settings as guardian_settings
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from policies.models import Policy
from workflow.exceptions import Reason, WorkflowError
from workflow.roles import is_administrator

PERMISSION = "policies.edit_assessments"


def may_share(user: AbstractBaseUser, policy: Policy) -> bool:
    return bool(user.is_authenticated and (policy.owner_id == user.pk or is_administrator(user)))


def shared_colleagues(policy: Policy) -> list[AbstractBaseUser]:
    users = get_users_with_perms(
        policy, only_with_perms_in=["edit_assessments"], with_superusers=False
    )
    return list(users.order_by("first_name", "last_name", "username"))


@transaction.atomic
def policy_share(*, policy: Policy, by: AbstractBaseUser, colleague: AbstractBaseUser) -> None:
    reasons = []
    if not may_share(by, policy):
        reasons.append(Reason("Only the policy's owner or an administrator may share it"))
    if colleague.pk == policy.owner_id:
        reasons.append(Reason("The owner already edits this policy's assessments"))
    if not colleague.is_active:
        reasons.append(Reason(f"{colleague} cannot sign in, so cannot be given access"))
    if reasons:
        raise WorkflowError(reasons)
    assign_perm(PERMISSION, colleague, policy)


@transaction.atomic
def policy_unshare(*, policy: Policy, by: AbstractBaseUser, colleague: AbstractBaseUser) -> None:
    if not may_share(by, policy):
        raise WorkflowError("Only the policy's owner or an administrator may change its sharing")
    remove_perm(PERMISSION, colleague, policy)


def colleague_choices(policy: Policy):  # type: ignore[no-untyped-def]
    """People the policy could be shared with: active users other than its owner."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(pk=policy.owner_id)
        .exclude(username=guardian_settings.ANONYMOUS_USER_NAME)
        .order_by("first_name", "last_name", "username")
    )
