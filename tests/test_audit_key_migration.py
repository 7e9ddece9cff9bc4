"""Trails written before the audit key existed are keyed by migration eqia 0007: each ends with
a "Trail keyed" entry saying whether the old chain checked, and verify_audit_trail then passes
an intact one and keeps reporting one that was already broken."""

import hashlib
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from eqia.audit import verify_audit_trails
from eqia.models import AuditEntry, AuditKind

BEFORE = [("eqia", "0006_adverse_rating_none")]
AFTER = [("eqia", "0007_audit_trail_keyed")]


def canonical(data: dict) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def old_style_trail(apps, reference: str, *, entries: int, break_at: int | None = None):
    """An assessment with ``entries`` entries chained with plain SHA-256, as before keying;
    ``break_at``: that entry's comment changed afterwards."""
    User = apps.get_model("auth", "User")
    Policy = apps.get_model("policies", "Policy")
    Assessment = apps.get_model("eqia", "Assessment")
    Entry = apps.get_model("eqia", "AuditEntry")
    user, _ = User.objects.get_or_create(username="olduser")
    policy = Policy.objects.create(reference=reference, title=reference)
    assessment = Assessment.objects.create(policy=policy, version=1, created_by=user)
    previous = ""
    for sequence in range(1, entries + 1):
        entry = Entry(
            assessment_id=assessment.pk,
            sequence=sequence,
            kind="created" if sequence == 1 else "content",
            actor_id=user.pk,
            actor_name="Old User",
            actor_role="Policy owner",
            at=timezone.now().replace(microsecond=0),
            comment=f"entry {sequence}",
            details={},
            previous_hash=previous,
        )
        entry.entry_hash = hashlib.sha256(
            canonical(
                {
                    "assessment": entry.assessment_id,
                    "sequence": entry.sequence,
                    "kind": entry.kind,
                    "actor": entry.actor_id,
                    "actor_name": entry.actor_name,
                    "actor_role": entry.actor_role,
                    "at": entry.at.isoformat(),
                    "from_state": "",
                    "to_state": "",
                    "part": "",
                    "comment": entry.comment,
                    "details": {},
                    "previous_hash": previous,
                }
            )
        ).hexdigest()
        entry.save()
        previous = entry.entry_hash
    Assessment.objects.filter(pk=assessment.pk).update(audit_length=entries, audit_head=previous)
    if break_at is not None:
        Entry.objects.filter(assessment_id=assessment.pk, sequence=break_at).update(
            comment="rewritten"
        )
    return assessment.pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("audit_trigger_off")
def test_old_trails_are_keyed_and_a_broken_one_stays_broken():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    intact = old_style_trail(apps, "OLD-1", entries=3)
    broken = old_style_trail(apps, "OLD-2", entries=3, break_at=2)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    # Then on to the latest migrations, so that the models below match their tables.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    keyed = AuditEntry.objects.get(assessment_id=intact, sequence=4)
    assert keyed.kind == AuditKind.KEYED
    assert keyed.details["previous_check"] == "intact"
    assert AuditEntry.objects.get(assessment_id=broken, sequence=4).details["previous_check"] == (
        "entry #2 had been changed after it was written"
    )
    result = verify_audit_trails()
    assert result.problems == [
        "the trail of OLD-2 EqIA v1 was already broken when it was keyed (entry #4): entry #2 "
        "had been changed after it was written"
    ]
