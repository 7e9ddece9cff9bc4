"""Issuing a published plan's or report's files: the PDF rendered, signed with the
organisation's key (workflow.documents.signing.sign_pdf, as a signed EqIA is) as at the moment
of publication, and stored with its SHA-256; the Word file stored beside it.

Runs inside the publishing transaction: if rendering or signing fails, nothing is published.
"""

import datetime
import hashlib
import logging

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction

from core.people import display_name
from core.refusals import Reason, Refused
from core.roles import Role, has_role
from plans.documents.content import plan_document, report_document
from plans.documents.render import Document, base_name, render_pdf
from plans.documents.word import plan_docx, report_docx
from plans.models import Plan, ProgressRound

logger = logging.getLogger(__name__)


def publisher_role(user: User) -> str:
    """The capacity the signature names."""
    return "EDI Officer Group" if has_role(user, Role.EDI_REVIEWER) else Role.ADMINISTRATOR.label


def signed_pdf(doc: Document, *, by: User, at: datetime.datetime, reason: str) -> bytes:
    """The document's PDF, signed by the organisation's key as at ``at``."""
    from workflow.documents.signing import sign_pdf  # pyHanko loads slowly: on first use

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A plan's files are issued inside the publishing transaction")
    try:
        return sign_pdf(
            render_pdf(doc, signed=True, issued_at=at),
            signer_name=display_name(by),
            signer_role=publisher_role(by),
            signed_at=at,
            reason=reason,
        )
    except Exception as error:  # any failure must stop the publication, with a reason in words
        logger.exception("Could not produce the signed PDF of %s", doc.document_title)
        raise Refused(
            Reason(
                f"The signed PDF could not be produced, so nothing was published: {error}. "
                "Please try again or tell an administrator."
            )
        ) from error


def store(owner: Plan | ProgressRound, doc: Document, pdf: bytes, docx: bytes) -> None:
    """Keep both files with the plan or round (saved by the caller) and the PDF's SHA-256."""
    name = base_name(doc)
    owner.signed_pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
    owner.docx.save(f"{name}.docx", ContentFile(docx), save=False)
    owner.signed_pdf_sha256 = hashlib.sha256(pdf).hexdigest()


def issue_plan_files(plan: Plan, *, by: User, at: datetime.datetime) -> None:
    doc = plan_document(plan)
    pdf = signed_pdf(doc, by=by, at=at, reason=f"{plan.title} published")
    store(plan, doc, pdf, plan_docx(doc))


def issue_report_files(round: ProgressRound, *, by: User, at: datetime.datetime) -> None:
    doc = report_document(round)
    pdf = signed_pdf(doc, by=by, at=at, reason=f"Progress report {round.year} published")
    store(round, doc, pdf, report_docx(doc))
