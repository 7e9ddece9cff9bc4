"""Key every audit trail with EQIA_AUDIT_KEY (HMAC-SHA256), which the database does not hold.

Each existing trail is checked as it stands (plain SHA-256 chain), re-hashed under the key, and
ends with a "Trail keyed" entry recording the result of that check and the trail's old last
hash. A trail that was already broken stays visibly broken: verify_audit_trail reports its
keying entry. On PostgreSQL the append-only trigger is switched off for this migration only.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

KINDS = [
    ("created", "Assessment started"),
    ("transition", "State changed"),
    ("content", "Content saved"),
    ("comment", "Comment"),
    ("action_update", "Action updated"),
    ("sharing", "Sharing changed"),
    ("keyed", "Trail keyed with the audit key"),
    ("decision", "Decision recorded"),
]
FIELDS = [
    "assessment_id",
    "sequence",
    "kind",
    "actor_id",
    "actor_name",
    "actor_role",
    "at",
    "from_state",
    "to_state",
    "part",
    "comment",
    "details",
    "previous_hash",
]


def content(entry) -> dict:
    """What an entry's hash covers, as eqia.models.AuditEntry.hashed_content has it."""
    return {
        "assessment": entry.assessment_id,
        "sequence": entry.sequence,
        "kind": entry.kind,
        "actor": entry.actor_id,
        "actor_name": entry.actor_name,
        "actor_role": entry.actor_role,
        "at": entry.at.isoformat(),
        "from_state": entry.from_state,
        "to_state": entry.to_state,
        "part": entry.part,
        "comment": entry.comment,
        "details": entry.details,
        "previous_hash": entry.previous_hash,
    }


def canonical(data: dict) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def plain_check(assessment, entries) -> str:
    """The old, unkeyed chain: "intact", or its first break."""
    previous, expected = "", 1
    for entry in entries:
        if entry.sequence != expected:
            return f"entry #{expected} was missing (deleted)"
        if hashlib.sha256(canonical(content(entry))).hexdigest() != entry.entry_hash:
            return f"entry #{entry.sequence} had been changed after it was written"
        if entry.previous_hash != previous:
            return f"entry #{entry.sequence - 1} had been changed after it was written"
        previous, expected = entry.entry_hash, expected + 1
    if not entries:
        return "it had no entries"
    if assessment.audit_length != len(entries) or assessment.audit_head != previous:
        return "the assessment's record of its trail did not match the trail"
    return "intact"


def key_the_trails(apps, schema_editor):
    Assessment = apps.get_model("eqia", "Assessment")
    AuditEntry = apps.get_model("eqia", "AuditEntry")
    key = str(settings.EQIA_AUDIT_KEY).encode()
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT tgenabled FROM pg_trigger WHERE tgname = 'workflow_auditentry_append_only'"
            )
            row = cursor.fetchone()
        # Put the trigger back as it was found (a test may have switched it off).
        postgresql = row is not None and row[0] != "D"
    if postgresql:
        # ALTER TABLE waits for no deferred foreign key check: run those now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("ALTER TABLE workflow_auditentry DISABLE TRIGGER USER")
    for assessment in Assessment.objects.order_by("pk").iterator():
        entries = list(AuditEntry.objects.filter(assessment_id=assessment.pk).order_by("sequence"))
        check = plain_check(assessment, entries)
        old_head = assessment.audit_head
        previous = ""
        for entry in entries:
            entry.previous_hash = previous
            entry.entry_hash = hmac.new(key, canonical(content(entry)), hashlib.sha256).hexdigest()
            AuditEntry.objects.filter(pk=entry.pk).update(
                previous_hash=entry.previous_hash, entry_hash=entry.entry_hash
            )
            previous = entry.entry_hash
        keyed = AuditEntry(
            assessment_id=assessment.pk,
            sequence=len(entries) + 1,
            kind="keyed",
            actor_id=assessment.created_by_id,
            actor_name="eqia (audit key migration)",
            actor_role="System",
            at=timezone.now().replace(microsecond=0),
            comment="Trail keyed with the audit key (HMAC-SHA256)",
            details={"previous_check": check, "previous_head": old_head, "entries": len(entries)},
            previous_hash=previous,
        )
        keyed.entry_hash = hmac.new(key, canonical(content(keyed)), hashlib.sha256).hexdigest()
        keyed.save(force_insert=True)
        Assessment.objects.filter(pk=assessment.pk).update(
            audit_length=keyed.sequence, audit_head=keyed.entry_hash
        )
    if postgresql:
        schema_editor.execute("ALTER TABLE workflow_auditentry ENABLE TRIGGER USER")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):
    dependencies = [("eqia", "0006_adverse_rating_none")]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=16),
        ),
        migrations.RunPython(key_the_trails, migrations.RunPython.noop, elidable=False),
    ]
