"""Two people making a move at the same moment: the row lock makes one change at a time.

PostgreSQL only: SQLite has no row locks (select_for_update is a no-op there).
"""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from core.refusals import Refused
from core.roles import Role
from eqia.models import Approval, Assessment, AssessmentState, AuditEntry, AuditKind
from tests.assessment_factories import make_assessment
from tests.factories import make_user
from workflow.services import make_move

# Committed data is seen by the threads' own connections, so these tests commit; the data
# migrations' rows (the role groups, the characteristics) are restored before each test.
pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("audit_trigger_off"),
]


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released together; each result or the exception raised."""
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            start.wait()
            results[index] = call()
        except Exception as exc:  # the test inspects it
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_people_submitting_at_once_make_one_change_and_one_clear_refusal(owner, colleague):
    from guardian.shortcuts import assign_perm

    assessment = make_assessment(by=owner, complete=True)
    assign_perm("policies.edit_assessments", colleague, assessment.policy)
    entries_before = assessment.audit_length
    first = Assessment.objects.get(pk=assessment.pk)
    second = Assessment.objects.get(pk=assessment.pk)

    results = at_once(
        lambda: make_move("submit", assessment=first, by=owner),
        lambda: make_move("submit", assessment=second, by=colleague),
    )

    errors = [r for r in results if isinstance(r, Refused)]
    moved = [r for r in results if isinstance(r, Assessment)]
    assert len(errors) == 1 and len(moved) == 1, results
    transitions = AuditEntry.objects.filter(assessment=assessment, kind=AuditKind.TRANSITION)
    assert transitions.count() == 1
    winner = transitions.get()
    [reason] = errors[0].reasons
    assert reason.message.startswith(
        f"This assessment was already submitted by {winner.actor_name} at "
    )
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.state == AssessmentState.SUBMITTED
    assert stored.audit_length == entries_before + 1


def test_two_reviewers_approving_at_once_are_both_counted(owner, reviewer, settings):
    settings.EQIA_APPROVALS_REQUIRED = 2
    other = make_user("frank", Role.EDI_REVIEWER, first_name="Frank", last_name="Fox")
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.IN_REVIEW)

    results = at_once(
        lambda: make_move("approve", assessment=assessment, by=reviewer),
        lambda: make_move("approve", assessment=assessment, by=other),
    )

    assert all(isinstance(r, Assessment) for r in results), results
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.state == AssessmentState.APPROVED
    assert set(Approval.objects.filter(assessment=stored).values_list("approver", flat=True)) == {
        reviewer.pk,
        other.pk,
    }
    entries = AuditEntry.objects.filter(assessment=stored, kind=AuditKind.TRANSITION).order_by(
        "sequence"
    )
    assert [(e.to_state, e.details["approvals"]) for e in entries] == [
        (AssessmentState.IN_REVIEW, 1),
        (AssessmentState.APPROVED, 2),
    ]
