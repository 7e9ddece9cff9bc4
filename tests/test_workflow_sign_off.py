"""Signing off: who may, in what words, when late, and what it freezes and supersedes."""

import datetime

import pytest
from django.utils import timezone
from guardian.shortcuts import assign_perm

from core.refusals import Refused
from eqia.models import Assessment, AssessmentState, AuditEntry, Part
from eqia.snapshot import content_sha256, content_snapshot
from tests.assessment_factories import fill_complete, make_assessment, set_state
from tests.factories import make_policy, make_service_area
from tests.workflow_moves import attestation_text, messages_of, sign

S = AssessmentState


@pytest.mark.django_db
def test_sign_off_records_the_officer_the_attestation_and_freezes_the_content(
    approved, signoff_officer
):
    result = sign(approved, signoff_officer, comment="Agreed")
    stored = Assessment.objects.get(pk=approved.pk)
    assert stored.state == S.SIGNED_OFF == result.state
    assert stored.signed_off_by == signoff_officer
    assert stored.signed_off_at is not None
    assert stored.attestation == attestation_text()
    assert stored.sign_off_comment == "Agreed"
    assert stored.signed_after_decision_date is False
    assert stored.frozen_content["sign_off"]["by"] == "Sam Sinclair"
    assert stored.frozen_content["assessment"]["state"] == S.SIGNED_OFF
    assert stored.content_sha256 == content_sha256(stored.frozen_content)
    # The content as it stands, but for the policy's review that sign-off records afterwards.
    frozen, now = dict(stored.frozen_content), content_snapshot(stored)
    frozen["policy"] = dict(frozen["policy"])
    assert frozen["policy"].pop("last_reviewed") != now["policy"].pop("last_reviewed")
    assert frozen == now
    assert not stored.is_editable
    entry = AuditEntry.objects.filter(assessment=stored).latest("sequence")
    assert entry.details["content_sha256"] == stored.content_sha256
    assert (entry.from_state, entry.to_state, entry.actor_role) == (
        S.APPROVED,
        S.SIGNED_OFF,
        "Sign-off officer",
    )


@pytest.mark.django_db
def test_after_sign_off_the_content_save_service_refuses_edits(approved, signoff_officer, owner):
    from eqia.content import part_save

    sign(approved, signoff_officer)
    with pytest.raises(Refused):
        part_save(
            assessment=approved,
            by=owner,
            part=Part.AIMS,
            values={"aim_foster_relations": "Changed afterwards"},
            completed=True,
        )
    assert Assessment.objects.get(pk=approved.pk).aim_foster_relations != "Changed afterwards"


@pytest.mark.django_db
def test_sign_off_needs_the_attestation_in_the_councils_exact_words(approved, signoff_officer):
    with pytest.raises(Refused) as refused:
        sign(approved, signoff_officer, attestation="")
    assert [(r.field) for r in refused.value.reasons] == ["attestation"]
    assert "I confirm" in messages_of(refused)[0]
    with pytest.raises(Refused) as refused:
        sign(approved, signoff_officer, attestation=attestation_text().rstrip("."))
    assert messages_of(refused) == [
        "The attestation is not in the council's words: read it again and confirm"
    ]
    assert Assessment.objects.get(pk=approved.pk).state == S.APPROVED


@pytest.mark.django_db
def test_the_attestation_may_be_the_councils_own_words(approved, signoff_officer, settings):
    settings.EQIA_ATTESTATION = "We had due regard."
    with pytest.raises(Refused):
        sign(approved, signoff_officer, attestation="I have read this assessment in full")
    result = sign(approved, signoff_officer, attestation="We had due regard.")
    assert result.attestation == "We had due regard."


@pytest.mark.django_db
def test_signing_after_the_planned_decision_date_needs_an_explanation_shown_on_the_record(
    owner, reviewer, signoff_officer
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assessment = make_assessment(by=owner, complete=True)
    Assessment.objects.filter(pk=assessment.pk).update(planned_decision_date=yesterday)
    set_state(assessment, S.APPROVED)
    with pytest.raises(Refused) as refused:
        sign(assessment, signoff_officer, late_explanation=" ")
    expected_date = f"{yesterday.day} {yesterday:%B %Y}"
    assert [(r.message, r.field) for r in refused.value.reasons] == [
        (
            f"The planned decision date, {expected_date}, has passed: explain why the "
            "assessment is signed off after it",
            "late_explanation",
        )
    ]
    result = sign(assessment, signoff_officer, late_explanation="Cabinet met early")
    assert result.signed_after_decision_date is True
    assert result.late_sign_off_explanation == "Cabinet met early"
    assert result.frozen_content["sign_off"]["late_explanation"] == "Cabinet met early"
    assert (
        AuditEntry.objects.filter(assessment=result)
        .latest("sequence")
        .details["after_planned_decision_date"]
    )


@pytest.mark.django_db
def test_a_decision_date_today_is_not_late(owner, signoff_officer):
    assessment = make_assessment(
        by=owner, complete=True, state=S.APPROVED, planned_decision_date=timezone.localdate()
    )
    result = sign(assessment, signoff_officer, late_explanation="Not needed")
    assert (result.signed_after_decision_date, result.late_sign_off_explanation) == (False, "")


@pytest.mark.django_db
def test_sign_off_officers_limited_to_other_service_areas_are_refused(owner, signoff_officer):
    housing, schools = make_service_area("Housing"), make_service_area("Schools")
    assign_perm("policies.sign_off_assessments", signoff_officer, schools)
    policy = make_policy(owner=owner, service_area=housing, covenant_functions=["housing"])
    assessment = make_assessment(policy, by=owner, complete=True, state=S.APPROVED)
    with pytest.raises(Refused) as refused:
        sign(assessment, signoff_officer)
    assert messages_of(refused) == [
        "You sign off assessments only in your own service areas, and this policy is in Housing"
    ]
    assign_perm("policies.sign_off_assessments", signoff_officer, housing)
    assert sign(assessment, signoff_officer).state == S.SIGNED_OFF


@pytest.mark.django_db
def test_nobody_signs_off_an_assessment_they_started(signoff_officer):
    assessment = make_assessment(by=signoff_officer, complete=True, state=S.APPROVED)
    with pytest.raises(Refused) as refused:
        sign(assessment, signoff_officer)
    assert messages_of(refused) == [
        "You started, edited or submitted this assessment, so you cannot sign off: someone "
        "independent of it must (separation of duties)"
    ]


@pytest.mark.django_db
def test_signing_a_newer_version_supersedes_the_older_one_on_both_trails(
    owner, reviewer, signoff_officer
):
    from eqia.services import assessment_start

    first = make_assessment(by=owner, complete=True, state=S.APPROVED)
    sign(first, signoff_officer)
    second = assessment_start(policy=first.policy, by=owner)
    fill_complete(second)
    set_state(second, S.APPROVED)
    sign(second, signoff_officer)

    first.refresh_from_db()
    assert first.state == S.SUPERSEDED
    last = AuditEntry.objects.filter(assessment=first).latest("sequence")
    assert (last.from_state, last.to_state, last.actor_name, last.details["move"]) == (
        S.SIGNED_OFF,
        S.SUPERSEDED,
        "Sam Sinclair",
        "supersede",
    )
    assert last.comment == "Superseded by EqIA v2, signed off"
    assert first.audit_length == last.sequence
    # The older version's frozen content stays as it was signed.
    assert first.frozen_content["assessment"]["state"] == S.SIGNED_OFF
    assert first.content_sha256 == content_sha256(first.frozen_content)


@pytest.mark.django_db
def test_documents_hook_is_called_inside_the_sign_off(approved, signoff_officer, monkeypatch):
    called = []

    def hook(assessment):
        called.append((assessment.pk, assessment.state, assessment.content_sha256))

    monkeypatch.setattr("workflow.moves.issue_signed_pdf", hook)
    sign(approved, signoff_officer)
    assert called == [
        (approved.pk, S.SIGNED_OFF, Assessment.objects.get(pk=approved.pk).content_sha256)
    ]
