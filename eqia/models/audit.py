"""The append-only audit trail of each assessment: a hash chain that shows any edit or deletion.

Every write to an assessment (its start, content, actions, comments, sharing and every workflow
move) adds an entry here in the transaction of the write (eqia/audit.py). The table keeps its
first name, workflow_auditentry: the model moved here from the workflow app so that everything
writing to an assessment sits at or above it (docs/architecture.md)."""

import datetime
import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.db import models


class AuditKind(models.TextChoices):
    CREATED = "created", "Assessment started"
    TRANSITION = "transition", "State changed"
    CONTENT = "content", "Content saved"
    COMMENT = "comment", "Comment"
    ACTION_UPDATE = "action_update", "Action updated"
    SHARING = "sharing", "Sharing changed"
    KEYED = "keyed", "Trail keyed with the audit key"
    DECISION = "decision", "Decision recorded"
    UNPUBLISHED = "unpublished", "Publication withdrawn"


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit entries cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit entries cannot be deleted")


class AuditEntry(models.Model):
    """One event in an assessment's life. Entries are only ever added: the model refuses
    updates and deletes, and on PostgreSQL a trigger refuses them too (migration 0003)."""

    assessment = models.ForeignKey(
        "eqia.Assessment", on_delete=models.PROTECT, related_name="audit_entries"
    )
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=AuditKind)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(max_length=300)
    actor_role = models.CharField(max_length=50)
    at = models.DateTimeField()
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    part = models.CharField(max_length=12, blank=True)
    comment = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        db_table = "workflow_auditentry"
        ordering = ["assessment_id", "sequence"]
        verbose_name_plural = "audit entries"
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "sequence"], name="audit_sequence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.get_kind_display()} by {self.actor_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit entries cannot be deleted")

    def hashed_content(self) -> dict[str, Any]:
        """Everything the entry says, in a stable form: what its hash covers."""
        return {
            "assessment": self.assessment_id,
            "sequence": self.sequence,
            "kind": self.kind,
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "actor_role": self.actor_role,
            # In UTC whatever zone the time was given in: the database gives it back in UTC.
            "at": self.at.astimezone(datetime.UTC).isoformat(),
            "from_state": self.from_state,
            "to_state": self.to_state,
            "part": self.part,
            "comment": self.comment,
            "details": self.details,
            "previous_hash": self.previous_hash,
        }

    def compute_hash(self) -> str:
        """HMAC-SHA256 of everything the entry says, keyed with EQIA_AUDIT_KEY: a key the
        database does not hold, so someone who can write to the database still cannot write an
        entry (or a whole trail) that checks."""
        return chain_hash(self.hashed_content(), audit_key())


def audit_key() -> bytes:
    return str(settings.EQIA_AUDIT_KEY).encode("utf-8")


def chain_hash(content: dict[str, Any], key: bytes) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()
