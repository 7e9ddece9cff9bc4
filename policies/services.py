"""Writes to the policy register outside the spreadsheet import."""

from django.db import transaction

from policies.models import Policy


@transaction.atomic
def policy_save(*, policy: Policy) -> Policy:
    """Validate and store a policy created or edited on a form (next review derived when blank)."""
    policy.full_clean()
    policy.save()
    return policy
