"""The e-mails the moves send once committed (the ``notify`` column of workflow/moves.py).

Each person gets their own plain-text message with a link to the assessment; a failed send is
logged and never undoes the move (core.mail).
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from core.mail import send_each, site_url
from core.people import display_name
from core.roles import Role
from eqia.access import may_sign_off_in
from eqia.models import Assessment


def edi_reviewers() -> list[User]:
    return list(
        get_user_model()
        .objects.filter(groups__name=Role.EDI_REVIEWER.value, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def sign_off_officers_for(assessment: Assessment) -> list[User]:
    """Active sign-off officers with an e-mail address who may sign off this assessment."""
    candidates = (
        get_user_model()
        .objects.filter(groups__name=Role.SIGN_OFF_OFFICER.value, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    return [user for user in candidates if may_sign_off_in(user, assessment.policy)]


def authors(assessment: Assessment) -> list[User]:
    """Who started the assessment, and the policy's owner when someone else."""
    return [user for user in (assessment.created_by, assessment.policy.owner) if user]


def _send(
    template: str, what: str, recipients: list[User], assessment: Assessment, **context: Any
) -> int:
    return len(
        send_each(
            f"emails/workflow/{template}.txt",
            f"{assessment.policy.reference} {assessment.label}: {what}",
            recipients,
            assessment=assessment,
            policy=assessment.policy,
            url=site_url(assessment.get_absolute_url()),
            **context,
        )
    )


def submitted(assessment: Assessment) -> int:
    """To every active EDI reviewer: an assessment is waiting for review."""
    return _send("submitted", "submitted for equality review", edi_reviewers(), assessment)


def changes_requested(assessment: Assessment, by: User, comment: str) -> int:
    return _send(
        "changes_requested",
        "changes requested",
        authors(assessment),
        assessment,
        by_name=display_name(by),
        comment=comment,
    )


def returned_to_author(assessment: Assessment, by: User, comment: str) -> int:
    return _send(
        "returned_to_author",
        "returned to you by the sign-off officer",
        authors(assessment),
        assessment,
        by_name=display_name(by),
        comment=comment,
    )


def approved(assessment: Assessment) -> int:
    """To the sign-off officers who may sign off in the policy's service area."""
    return _send(
        "approved", "approved and ready for sign-off", sign_off_officers_for(assessment), assessment
    )


def signed_off(assessment: Assessment) -> int:
    return _send(
        "signed_off",
        "signed off",
        authors(assessment),
        assessment,
        by_name=display_name(assessment.signed_off_by),
    )
