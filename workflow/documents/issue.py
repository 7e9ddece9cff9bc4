"""Issuing the signed PDF of an assessment at sign-off: render, sign, store, fingerprint.

Runs inside the sign-off transaction (workflow.services.sign_off): if rendering or signing
fails, the whole sign-off is undone and the assessment stays approved.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction

from core.people import display_name
from core.refusals import Reason, Refused
from eqia.models import Assessment
from eqia.summary import sign_off_capacity, signer_job_title

logger = logging.getLogger(__name__)


def signed_pdf_filename(assessment: Assessment) -> str:
    """What the file is called when it is downloaded: POL-001_EqIA_v2_signed.pdf."""
    return f"{assessment.policy.reference}_EqIA_v{assessment.version}_signed.pdf"


def issue_signed_pdf(assessment: Assessment) -> bytes:
    """Render and sign the assessment's PDF and store it, recording its SHA-256."""
    # Imported on first use, not at start-up: the move table imports this module, and
    # WeasyPrint with pyHanko take most of a second to import.
    from workflow.documents.render import render_assessment_pdf
    from workflow.documents.signing import sign_pdf

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("The signed PDF is issued inside the sign-off transaction")
    officer = assessment.signed_off_by
    try:
        assert assessment.signed_off_at is not None  # the sign-off move sets it first
        rendered = render_assessment_pdf(assessment)
        signed = sign_pdf(
            rendered,
            signer_name=display_name(officer),
            # "Head of Housing, sign-off officer": the title the sign-off's audit entry keeps.
            signer_role=sign_off_capacity(signer_job_title(assessment)),
            signed_at=assessment.signed_off_at,
        )
    except Exception as error:  # any failure must undo the sign-off, with a reason in words
        logger.exception("Could not produce the signed PDF of %s", assessment)
        raise Refused(
            Reason(
                f"The signed PDF could not be produced, so the assessment was not signed off: "
                f"{error}. Nothing was changed; please try again or tell an administrator."
            )
        ) from error
    digest = hashlib.sha256(signed).hexdigest()
    assessment.signed_pdf.save(signed_pdf_filename(assessment), ContentFile(signed), save=False)
    stored_name = assessment.signed_pdf.name
    assert stored_name is not None  # FieldFile.save has just named the file
    try:
        Assessment.objects.filter(pk=assessment.pk).update(
            signed_pdf=stored_name, signed_pdf_sha256=digest
        )
    except Exception:
        assessment.signed_pdf.storage.delete(stored_name)
        raise
    assessment.signed_pdf_sha256 = digest
    return signed
