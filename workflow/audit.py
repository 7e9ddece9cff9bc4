"""Writing to the audit trail. Callers hold the assessment's row lock (select_for_update)
inside a transaction, so the chain of one assessment is written one entry at a time."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.utils import timezone

from eqia.models import Assessment
from workflow.models import AuditEntry, AuditKind


def record(
    assessment: Assessment,
    *,
    actor: AbstractBaseUser,
    actor_role: str,
    kind: AuditKind,
    from_state: str = "",
    to_state: str = "",
    part: str = "",
    comment: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    if not connection.in_atomic_block:
        raise RuntimeError("Audit entries are written inside the transaction of their change")
    entry = AuditEntry(
        assessment=assessment,
        sequence=assessment.audit_length + 1,
        kind=kind,
        actor=actor,
        actor_name=actor.get_full_name() or actor.get_username(),  # type: ignore[attr-defined]
        actor_role=actor_role,
        at=timezone.now().replace(microsecond=0),
        from_state=from_state,
        to_state=to_state,
        part=part,
        comment=comment,
        details=details or {},
        previous_hash=assessment.audit_head,
    )
    entry.entry_hash = entry.compute_hash()
    entry.save(force_insert=True)
    assessment.audit_length, assessment.audit_head = entry.sequence, entry.entry_hash
    # A plain UPDATE: the state field is protected and content fields are not ours to save.
    Assessment.objects.filter(pk=assessment.pk).update(
        audit_length=entry.sequence, audit_head=entry.entry_hash
    )
    return entry
