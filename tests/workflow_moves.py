"""What the workflow-move tests share: signing off, and reading refusals and the trail."""

import pytest
from django.conf import settings

from core.refusals import Refused
from eqia.models import Assessment, AuditEntry, AuditKind
from workflow.services import make_move


def messages_of(error: pytest.ExceptionInfo[Refused]) -> list[str]:
    return [reason.message for reason in error.value.reasons]


def transitions_of(assessment: Assessment) -> list[tuple[str, str, str, str]]:
    return [
        (entry.from_state, entry.to_state, entry.actor_name, entry.actor_role)
        for entry in AuditEntry.objects.filter(
            assessment=assessment, kind=AuditKind.TRANSITION
        ).order_by("sequence")
    ]


def sign(assessment, by, **kwargs):
    attestation = kwargs.pop("attestation", attestation_text())
    data = {"attestation": bool(attestation), "attestation_text": attestation, **kwargs}
    return make_move("sign_off", assessment=assessment, by=by, data=data)


def attestation_text() -> str:
    """The attestation in the council's words, as settings have it now."""
    return settings.EQIA_ATTESTATION
