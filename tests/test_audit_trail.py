"""The audit trail is append-only, and verify_audit_trail finds any change or deletion."""

import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from eqia.models import AppendOnlyError, AssessmentState, AuditEntry, AuditKind
from tests.assessment_factories import make_assessment
from workflow.services import make_move


def run_verify() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit_trail", stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def trail(owner, reviewer):
    """POL-0xxx EqIA v1 with thirteen entries: started, its nine parts saved, submitted,
    review started, approved."""
    assessment = make_assessment(by=owner, complete=True)
    make_move("submit", assessment=assessment, by=owner)
    make_move("start_review", assessment=assessment, by=reviewer)
    assessment = make_move("approve", assessment=assessment, by=reviewer, data={"comment": "Fine"})
    assert assessment.audit_length == 13
    return assessment


def tamper(sql: str, params: list[object]) -> None:
    """Raw SQL past the model. On PostgreSQL the trigger refuses it, so it is switched off
    for this test's transaction (rolled back at the end of the test)."""
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            # ALTER TABLE waits for no deferred foreign key check: run those now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE workflow_auditentry DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        if postgresql:
            cursor.execute("ALTER TABLE workflow_auditentry ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# The model refuses


@pytest.mark.django_db
def test_an_entry_cannot_be_saved_again(trail):
    entry = AuditEntry.objects.filter(assessment=trail).first()
    entry.comment = "Rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).comment != "Rewritten"


@pytest.mark.django_db
def test_an_entry_cannot_be_deleted(trail):
    entry = AuditEntry.objects.filter(assessment=trail).first()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(assessment=trail).delete()
    assert AuditEntry.objects.filter(assessment=trail).count() == 13


@pytest.mark.django_db
def test_entries_cannot_be_updated_in_bulk(trail):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(assessment=trail).update(comment="Nothing happened")
    assert not AuditEntry.objects.filter(comment="Nothing happened").exists()


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_postgresql_refuses_a_raw_update_of_an_entry(trail):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE workflow_auditentry SET comment = %s WHERE assessment_id = %s",
            ["Rewritten", trail.pk],
        )
    assert not AuditEntry.objects.filter(comment="Rewritten").exists()


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_postgresql_refuses_a_raw_delete_of_an_entry(trail):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM workflow_auditentry WHERE assessment_id = %s", [trail.pk])
    assert AuditEntry.objects.filter(assessment=trail).count() == 13


# Every transition is logged


@pytest.mark.django_db
def test_each_transition_names_who_in_which_role_when_from_to_and_why(trail, signoff_officer):
    make_move(
        "return_to_author", assessment=trail, by=signoff_officer, data={"comment": "Too thin"}
    )
    entries = list(AuditEntry.objects.filter(assessment=trail).order_by("sequence"))
    assert [(e.sequence, e.kind) for e in entries] == [
        (1, AuditKind.CREATED),
        *((sequence, AuditKind.CONTENT) for sequence in range(2, 11)),
        (11, AuditKind.TRANSITION),
        (12, AuditKind.TRANSITION),
        (13, AuditKind.TRANSITION),
        (14, AuditKind.TRANSITION),
    ]
    last = entries[-1]
    assert (last.actor, last.actor_name, last.actor_role) == (
        signoff_officer,
        "Sam Sinclair",
        "Sign-off officer",
    )
    assert (last.from_state, last.to_state, last.comment) == (
        AssessmentState.APPROVED,
        AssessmentState.CHANGES_REQUESTED,
        "Too thin",
    )
    assert last.at is not None
    assert all(e.previous_hash == p.entry_hash for p, e in zip(entries, entries[1:], strict=False))


# verify_audit_trail


@pytest.mark.django_db
def test_an_intact_trail_passes_with_a_count(trail, owner):
    make_assessment(by=owner)  # a second assessment: one entry
    code, out, err = run_verify()
    assert (code, err) == (0, "")
    assert out.strip() == "Audit trail intact: 14 entries across 2 assessments"


@pytest.mark.django_db
def test_a_changed_comment_is_named_by_entry_and_assessment(trail):
    tamper(
        "UPDATE workflow_auditentry SET comment = %s WHERE assessment_id = %s AND sequence = 3",
        ["Never reviewed", trail.pk],
    )
    code, out, err = run_verify()
    assert code == 1 and out == ""
    assert err.strip() == (
        f"Audit trail broken: entry #3 of {trail} was changed after it was written"
    )


@pytest.mark.django_db
def test_a_rewritten_entry_with_a_recomputed_hash_is_caught_by_the_next_link(trail):
    entry = AuditEntry.objects.get(assessment=trail, sequence=2)
    entry.actor_name = "Someone Else"
    tamper(
        "UPDATE workflow_auditentry SET actor_name = %s, entry_hash = %s WHERE id = %s",
        ["Someone Else", entry.compute_hash(), entry.pk],
    )
    code, _, err = run_verify()
    assert code == 1
    assert f"entry #2 of {trail} was changed after it was written" in err


@pytest.mark.django_db
def test_a_deleted_middle_entry_is_reported_missing(trail):
    tamper("DELETE FROM workflow_auditentry WHERE assessment_id = %s AND sequence = 2", [trail.pk])
    code, _, err = run_verify()
    assert code == 1
    assert err.strip() == f"Audit trail broken: entry #2 of {trail} is missing (deleted)"


@pytest.mark.django_db
def test_a_deleted_last_entry_is_reported(trail):
    tamper("DELETE FROM workflow_auditentry WHERE assessment_id = %s AND sequence = 13", [trail.pk])
    code, _, err = run_verify()
    assert code == 1
    assert err.strip() == (
        f"Audit trail broken: the last entries of {trail} were deleted: the trail ends at "
        "entry #12 but 13 were written"
    )


@pytest.mark.django_db
def test_only_the_first_broken_entry_is_named_with_a_count_of_the_rest(trail, owner):
    other = make_assessment(by=owner)
    tamper("UPDATE workflow_auditentry SET comment = %s WHERE assessment_id = %s", ["x", trail.pk])
    tamper("UPDATE workflow_auditentry SET comment = %s WHERE assessment_id = %s", ["y", other.pk])
    code, _, err = run_verify()
    lines = err.strip().splitlines()
    assert code == 1
    assert lines == [
        f"Audit trail broken: entry #1 of {trail} was changed after it was written",
        "1 more problem(s):",
        f"- entry #1 of {other} was changed after it was written",
    ]
