"""The e-mails the workflow sends, once a move has committed (transaction.on_commit).

Each person gets their own plain-text message, with a link to the assessment built from
EQIA_SITE_URL. A failed send is logged and never undoes the move, which is already made.
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import mail
from django.template.loader import render_to_string

from eqia.models import Assessment
from workflow.roles import Role
from workflow.selectors import sign_off_officers_for

logger = logging.getLogger(__name__)


def assessment_url(assessment: Assessment) -> str:
    return settings.EQIA_SITE_URL.rstrip("/") + assessment.get_absolute_url()


def display_name(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()  # type: ignore[attr-defined]


def reachable(users: Iterable[AbstractBaseUser | None]) -> list[AbstractBaseUser]:
    """Active users with an e-mail address, each once, in the order given."""
    seen: set[int] = set()
    result = []
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        if not (getattr(user, "email", "") or "").strip():
            continue
        seen.add(user.pk)
        result.append(user)
    return result


def edi_reviewers() -> list[AbstractBaseUser]:
    return reachable(
        get_user_model()
        .objects.filter(groups__name=Role.EDI_REVIEWER.value, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def authors(assessment: Assessment) -> list[AbstractBaseUser]:
    """Who started the assessment, and the policy's owner when someone else."""
    return reachable([assessment.created_by, assessment.policy.owner])


def send(
    template: str,
    subject: str,
    recipients: list[AbstractBaseUser],
    assessment: Assessment,
    **context: Any,
) -> int:
    """One message per recipient; returns how many were sent."""
    connection = mail.get_connection()
    sent = 0
    for recipient in recipients:
        body = render_to_string(
            f"emails/workflow/{template}.txt",
            {
                "recipient_name": display_name(recipient),
                "assessment": assessment,
                "policy": assessment.policy,
                "url": assessment_url(assessment),
                "council_name": settings.EQIA_COUNCIL_NAME,
                "service_name": settings.EQIA_SERVICE_NAME,
                **context,
            },
        )
        message = mail.EmailMessage(
            subject=subject,
            body=body,
            to=[recipient.email],  # type: ignore[attr-defined]
            connection=connection,
        )
        try:
            message.send()
        # The move has been made; one bad address must not cost the others their e-mail.
        except Exception:
            logger.exception("Workflow e-mail %r to %s not sent", template, recipient.pk)
            continue
        sent += 1
    return sent


def _subject(assessment: Assessment, what: str) -> str:
    return f"{assessment.policy.reference} {assessment.label}: {what}"


def submitted(assessment: Assessment) -> int:
    """To every active EDI reviewer: an assessment is waiting for review."""
    return send(
        "submitted",
        _subject(assessment, "submitted for equality review"),
        edi_reviewers(),
        assessment,
    )


def changes_requested(assessment: Assessment, by: AbstractBaseUser, comment: str) -> int:
    return send(
        "changes_requested",
        _subject(assessment, "changes requested"),
        authors(assessment),
        assessment,
        by_name=display_name(by),
        comment=comment,
    )


def returned_to_author(assessment: Assessment, by: AbstractBaseUser, comment: str) -> int:
    return send(
        "returned_to_author",
        _subject(assessment, "returned to you by the sign-off officer"),
        authors(assessment),
        assessment,
        by_name=display_name(by),
        comment=comment,
    )


def approved(assessment: Assessment) -> int:
    """To the sign-off officers who may sign off in the policy's service area."""
    return send(
        "approved",
        _subject(assessment, "approved and ready for sign-off"),
        reachable(sign_off_officers_for(assessment)),
        assessment,
    )


def signed_off(assessment: Assessment) -> int:
    return send(
        "signed_off",
        _subject(assessment, "signed off"),
        authors(assessment),
        assessment,
        by_name=display_name(assessment.signed_off_by) if assessment.signed_off_by else "",
    )
