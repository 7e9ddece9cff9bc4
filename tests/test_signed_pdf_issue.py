"""Sign-off issues the signed PDF inside its transaction: stored, fingerprinted, or nothing."""

import hashlib

import pytest
from django.conf import settings

from core.refusals import Refused
from eqia.models import Assessment, AssessmentState, AuditEntry
from tests.assessment_factories import make_assessment, sign_through_workflow
from workflow.services import make_move


@pytest.mark.django_db
def test_sign_off_stores_a_signed_pdf_with_its_sha256(approved, signoff_officer):
    signed = make_move(
        "sign_off",
        assessment=approved,
        by=signoff_officer,
        data={
            "attestation": bool(settings.EQIA_ATTESTATION),
            "attestation_text": settings.EQIA_ATTESTATION,
        },
    )
    signed.refresh_from_db()
    assert signed.signed_pdf.name.endswith(f"{signed.policy.reference}_EqIA_v1_signed.pdf")
    with signed.signed_pdf.open("rb") as stored:
        data = stored.read()
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() == signed.signed_pdf_sha256


@pytest.mark.django_db
def test_a_failed_render_undoes_the_sign_off_and_says_why(approved, signoff_officer, monkeypatch):
    def broken(assessment):
        raise RuntimeError("the font cache is unreadable")

    monkeypatch.setattr("workflow.documents.render.render_assessment_pdf", broken)
    entries_before = AuditEntry.objects.filter(assessment=approved).count()
    with pytest.raises(Refused) as refused:
        make_move(
            "sign_off",
            assessment=approved,
            by=signoff_officer,
            data={
                "attestation": bool(settings.EQIA_ATTESTATION),
                "attestation_text": settings.EQIA_ATTESTATION,
            },
        )
    message = str(refused.value.reasons[0])
    assert "signed PDF could not be produced" in message
    assert "the font cache is unreadable" in message
    approved = Assessment.objects.get(pk=approved.pk)
    assert approved.state == AssessmentState.APPROVED
    assert (approved.signed_pdf.name, approved.signed_pdf_sha256, approved.frozen_content) == (
        "",
        "",
        None,
    )
    assert AuditEntry.objects.filter(assessment=approved).count() == entries_before


@pytest.mark.django_db
def test_a_failed_signature_undoes_the_sign_off(approved, signoff_officer, settings):
    settings.EQIA_SIGNING_PASSPHRASE = "not the passphrase"
    with pytest.raises(Refused, match="signed PDF could not be produced"):
        make_move(
            "sign_off",
            assessment=approved,
            by=signoff_officer,
            data={
                "attestation": bool(settings.EQIA_ATTESTATION),
                "attestation_text": settings.EQIA_ATTESTATION,
            },
        )
    assert Assessment.objects.get(pk=approved.pk).state == AssessmentState.APPROVED


@pytest.mark.django_db
def test_a_superseded_assessment_keeps_its_pdf(owner, reviewer, signoff_officer):
    first = sign_through_workflow(
        make_assessment(by=owner, complete=True),
        owner=owner,
        reviewer=reviewer,
        signoff=signoff_officer,
    )
    from eqia.services import assessment_start
    from tests.assessment_factories import fill_complete

    second = assessment_start(policy=first.policy, by=owner)
    fill_complete(second)
    sign_through_workflow(second, owner=owner, reviewer=reviewer, signoff=signoff_officer)
    first.refresh_from_db()
    assert first.state == AssessmentState.SUPERSEDED
    assert first.signed_pdf and first.signed_pdf.storage.exists(first.signed_pdf.name)
