"""Who may see and change a policy: the one helper every policy view uses."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.people import Person
from core.roles import is_administrator
from policies.models import Policy, normalise_reference


def can_edit_policy_details(user: Person, policy: Policy) -> bool:
    """Administrators edit every policy; an owner edits the details of their own."""
    if not user.is_authenticated:
        return False
    return is_administrator(user) or policy.owner_id == user.pk


def require_administrator(user: Person) -> None:
    """403 unless the person administers the register (adds policies, imports spreadsheets)."""
    if not is_administrator(user):
        raise PermissionDenied("Only administrators add policies and import the register")


def get_policy_for(user: Person, reference: str, *, write: bool = False) -> tuple[Policy, bool]:
    """The policy and whether the user may change it.

    Every signed-in member of staff may read the register; a write by anyone else gets 403.
    """
    if not user.is_authenticated:
        raise Http404
    try:
        policy = Policy.objects.select_related("service_area", "owner").get(
            reference=normalise_reference(reference)
        )
    except Policy.DoesNotExist:
        raise Http404("No policy with that reference") from None
    may_write = can_edit_policy_details(user, policy)
    if write and not may_write:
        raise PermissionDenied("You may not change this policy")
    return policy, may_write
