"""The audit trail is chained under a key the database does not hold (EQIA_AUDIT_KEY): an entry
forged with raw SQL, even with a correctly recomputed SHA-256 and updated counters, fails the
check; a trail deleted whole fails it too; checkpoints kept outside the database catch what a
consistent rewrite would hide."""

import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from eqia.audit import checkpoint
from eqia.models import Assessment, AuditEntry
from tests.assessment_factories import make_assessment
from tests.test_audit_trail import run_verify, tamper

pytestmark = pytest.mark.django_db


def canonical(data: dict) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def forge_appended_entry(assessment: Assessment) -> None:
    """What someone with database access alone can do: append an entry hashed the old way
    (plain SHA-256, recomputed correctly) and move the assessment's record of its trail on."""
    last = AuditEntry.objects.filter(assessment=assessment).latest("sequence")
    forged = AuditEntry(
        assessment=assessment,
        sequence=last.sequence + 1,
        kind="transition",
        actor_id=last.actor_id,
        actor_name="Someone Else",
        actor_role="Sign-off officer",
        at=timezone.now().replace(microsecond=0),
        from_state="draft",
        to_state="signed_off",
        details={"move": "sign_off"},
        previous_hash=last.entry_hash,
    )
    forged.entry_hash = hashlib.sha256(canonical(forged.hashed_content())).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO workflow_auditentry (assessment_id, sequence, kind, actor_id, actor_name,"
            " actor_role, at, from_state, to_state, part, comment, details, previous_hash,"
            " entry_hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, '', '', %s, %s, %s)",
            [
                assessment.pk,
                forged.sequence,
                forged.kind,
                forged.actor_id,
                forged.actor_name,
                forged.actor_role,
                forged.at,
                forged.from_state,
                forged.to_state,
                json.dumps(forged.details),
                forged.previous_hash,
                forged.entry_hash,
            ],
        )
    Assessment.objects.filter(pk=assessment.pk).update(
        audit_length=forged.sequence, audit_head=forged.entry_hash
    )


def test_an_appended_entry_forged_without_the_key_is_caught(owner):
    assessment = make_assessment(by=owner)
    forge_appended_entry(assessment)
    code, _, err = run_verify()
    assert code == 1
    assert f"entry #2 of {assessment} was changed after it was written" in err


def test_a_trail_deleted_whole_with_its_counters_reset_is_caught(owner):
    assessment = make_assessment(by=owner)
    tamper("DELETE FROM workflow_auditentry WHERE assessment_id = %s", [assessment.pk])
    Assessment.objects.filter(pk=assessment.pk).update(audit_length=0, audit_head="")
    code, _, err = run_verify()
    assert code == 1
    assert f"{assessment} has no audit trail: its entries were deleted" in err


def test_a_different_key_breaks_every_trail(owner, settings):
    make_assessment(by=owner)
    settings.EQIA_AUDIT_KEY = "another key"
    code, _, _ = run_verify()
    assert code == 1


def write_checkpoint(tmp_path) -> str:
    path = tmp_path / "checkpoint.json"
    call_command("audit_checkpoint", "--out", str(path), stdout=io.StringIO())
    return str(path)


def verify_with(path: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit_trail", "--checkpoint", path, stdout=out, stderr=err)
        return 0, out.getvalue()
    except SystemExit as exit_:
        return int(exit_.code or 0), err.getvalue()


def test_a_checkpoint_agrees_with_untouched_trails(owner, tmp_path):
    make_assessment(by=owner)
    code, out = verify_with(write_checkpoint(tmp_path))
    assert code == 0
    assert "consistent with 1 checkpoint(s)" in out


def test_a_checkpoint_catches_last_entries_removed_with_the_record_made_consistent(owner, tmp_path):
    assessment = make_assessment(by=owner, complete=True)
    path = write_checkpoint(tmp_path)
    last = AuditEntry.objects.filter(assessment=assessment).latest("sequence")
    before = AuditEntry.objects.get(assessment=assessment, sequence=last.sequence - 1)
    tamper(
        "DELETE FROM workflow_auditentry WHERE assessment_id = %s AND sequence = %s",
        [assessment.pk, last.sequence],
    )
    Assessment.objects.filter(pk=assessment.pk).update(
        audit_length=before.sequence, audit_head=before.entry_hash
    )
    assert run_verify()[0] == 0  # the chain alone now looks whole
    code, err = verify_with(path)
    assert code == 1
    assert (
        f"{assessment.policy.reference} EqIA v1 had {last.sequence} audit entries at the "
        f"checkpoint and has {before.sequence} now" in err
    )


def test_a_changed_checkpoint_is_refused(owner, tmp_path):
    make_assessment(by=owner)
    path = write_checkpoint(tmp_path)
    with open(path) as file:
        data = json.load(file)
    for head in data["heads"].values():
        head["head"] = "0" * 64
    with open(path, "w") as file:
        json.dump(data, file)
    code, err = verify_with(path)
    assert code == 1
    assert "the checkpoint's signature does not match" in err


def test_a_checkpoint_names_every_trail(owner, colleague):
    first = make_assessment(by=owner)
    second = make_assessment(by=colleague)
    heads = checkpoint()["heads"]
    assert heads[str(first.pk)]["head"] == Assessment.objects.get(pk=first.pk).audit_head
    assert heads[str(second.pk)]["length"] == 1


def test_checkpoint_needs_somewhere_to_go():
    with pytest.raises(Exception, match="--out FILE and/or --email ADDRESS"):
        call_command("audit_checkpoint")
