"""A plan or a progress report as a standalone HTML file and as a PDF/A-3a document: the same
pipeline as the signed EqIA (workflow/documents/render.py): WeasyPrint, tagged for screen
readers, British English, Liberation Sans embedded, "Page X of Y", and the document's content
attached as JSON. A document rendered for publication ends with the empty signature box
sign_pdf stamps into (workflow.documents.signing)."""

import datetime
import json
import threading
import warnings
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

from plans.documents.content import PlanDocument, ReportDocument
from workflow.documents.render import PDF_VARIANT, UNCLOSED_ICC_PROFILE, css_string, page_geometry

Document = PlanDocument | ReportDocument

_fonts = threading.local()


def _font_configuration() -> FontConfiguration:
    config = getattr(_fonts, "config", None)
    if config is None:
        config = _fonts.config = FontConfiguration()
    return config


def kind_of(doc: Document) -> str:
    return "report" if isinstance(doc, ReportDocument) else "plan"


def base_name(doc: Document) -> str:
    """The files' name without extension: "equality-objectives-and-action-plan-2022-2025" or
    "...-progress-2022"."""
    if isinstance(doc, ReportDocument):
        return f"{doc.slug}-progress-{doc.year}"
    return doc.slug


def description(doc: Document) -> str:
    if isinstance(doc, ReportDocument):
        return f"Progress in {doc.year} on the actions of {doc.plan_title}"
    return f"The council's equality objectives and the actions for {doc.period}"


def document_html(
    doc: Document, *, signed: bool = False, issued_at: datetime.datetime | None = None
) -> str:
    """The document as one HTML file with its style sheet (what the PDF is made from)."""
    issued = (issued_at or timezone.now()).astimezone(datetime.UTC)
    return render_to_string(
        "plans/documents/document.html",
        {
            "doc": doc,
            "kind": kind_of(doc),
            "signed": signed,
            "description": description(doc),
            "issued_at": issued.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "geometry": page_geometry(),
            "css_header": css_string(f"{doc.council} · {doc.document_title}"),
        },
    )


def attachment_json(doc: Document) -> str:
    return json.dumps(
        {"kind": kind_of(doc), **doc.as_json()}, ensure_ascii=False, indent=2, sort_keys=True
    )


def render_pdf(
    doc: Document, *, signed: bool = False, issued_at: datetime.datetime | None = None
) -> bytes:
    """The document as PDF/A-3a; ``signed`` leaves the signature box on the last page."""
    issued = (issued_at or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)
    html = document_html(doc, signed=signed, issued_at=issued)
    naive = issued.replace(tzinfo=None)  # WeasyPrint writes it as UTC
    content = Attachment(
        string=attachment_json(doc),
        name=f"{base_name(doc)}.json",
        description="The content of this document (JSON)",
        relationship="Data",
        created=naive,
        modified=naive,
    )
    options: dict[str, Any] = {
        "pdf_variant": PDF_VARIANT,
        "attachments": [content],
        "font_config": _font_configuration(),
    }
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", UNCLOSED_ICC_PROFILE, ResourceWarning)
        return HTML(string=html).write_pdf(**options)
