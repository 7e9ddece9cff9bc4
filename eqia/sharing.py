"""Sharing a policy with colleagues, who then edit its assessments as the owner does.

Held as a django-guardian object permission (policies.edit_assessments) on the policy.
"""

from typing import Any, cast

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from core.people import display_name, people
from core.refusals import Reason, refuse_if_any
from eqia.access import EDIT_PERMISSION, Capability, policy_refusals
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
    if not colleague.is_active:
        reasons.append(
            Reason(
                f"{display_name(colleague)} cannot sign in, so cannot be given access",
                field="colleague",
            )
        )
    refuse_if_any(reasons)
    assign_perm(PERMISSION, colleague, policy)


@transaction.atomic
def policy_unshare(*, policy: Policy, by: User, colleague: User) -> None:
    refuse_if_any(policy_refusals(by, Capability.SHARE, policy))
    remove_perm(PERMISSION, colleague, policy)


def colleague_choices(policy: Policy) -> QuerySet[Any]:
    """People the policy could be shared with: active people other than its owner."""
    return people().exclude(pk=policy.owner_id)
