"""Withdrawing a published assessment from the public pages.

The assessment stays signed; its public page becomes a notice saying when and why it was
withdrawn, and it leaves the list, the feed and the sitemap. The withdrawal is written to the
assessment's audit trail in the same transaction.
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from core.dates import when
from core.refusals import Reason, refuse_if_any
from core.roles import Role, has_role
from eqia.access import Capability, Rights
from eqia.audit import record
from eqia.models import Assessment, AuditEntry, AuditKind, Publication

REASON_MAX_LENGTH = 2000


def _not_published_reason(assessment: Assessment) -> Reason | None:
    if assessment.is_published:
        return None
    if assessment.publication == Publication.WITHDRAWN:
        last = (
            AuditEntry.objects.filter(assessment=assessment, kind=AuditKind.UNPUBLISHED)
            .order_by("-sequence")
            .first()
        )
        if last is not None:
            return Reason(
                f"Its publication was already withdrawn by {last.actor_name} at {when(last.at)}"
            )
        return Reason("Its publication was already withdrawn")
    return Reason("This assessment is not published, so there is nothing to withdraw")


def withdrawal_refusals(rights: Rights) -> list[Reason]:
    """Why the person may not withdraw the assessment's publication now, before anything is
    typed: who they are, and whether it is published."""
    reasons = rights.who_refusals(Capability.WITHDRAW_PUBLICATION)
    if refusal := _not_published_reason(rights.assessment):
        reasons.append(refusal)
    return reasons


def publication_withdraw(*, assessment: Assessment, by: User, reason: str) -> Assessment:
    """Take a published assessment off the public pages, with a reason the public notice
    shows. Refused with every reason (who may, whether it is published, the reason given)."""
    reason = reason.strip()
    with transaction.atomic():
        locked = (
            Assessment.objects.select_for_update().select_related("policy").get(pk=assessment.pk)
        )
        reasons = withdrawal_refusals(Rights(by, locked))
        if not reason:
            reasons.append(Reason("Enter why the publication is withdrawn", field="reason"))
        elif len(reason) > REASON_MAX_LENGTH:
            reasons.append(
                Reason(
                    f"The reason must be {REASON_MAX_LENGTH} characters or fewer", field="reason"
                )
            )
        refuse_if_any(reasons)
        now = timezone.now().replace(microsecond=0)
        # A plain UPDATE: the assessment's state field is the workflow's to change.
        Assessment.objects.filter(pk=locked.pk).update(
            publication=Publication.WITHDRAWN,
            publication_withdrawn_at=now,
            publication_withdrawn_reason=reason,
        )
        locked.publication = Publication.WITHDRAWN
        locked.publication_withdrawn_at, locked.publication_withdrawn_reason = now, reason
        record(
            locked,
            actor=by,
            actor_role=(
                Role.EDI_REVIEWER.label
                if has_role(by, Role.EDI_REVIEWER)
                else Role.ADMINISTRATOR.label
            ),
            kind=AuditKind.UNPUBLISHED,
            comment=reason,
            details={"publication": Publication.WITHDRAWN, "was": Publication.PUBLISHED},
        )
    return locked
