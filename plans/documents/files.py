"""A plan's or a report's file to download or write: the signed PDF and the Word file kept at
publication once published; rendered from the plan as it stands before that (unsigned)."""

from dataclasses import dataclass

from django.db.models.fields.files import FieldFile

from plans.documents.content import plan_document, report_document
from plans.documents.render import base_name, document_html, render_pdf
from plans.documents.word import plan_docx, report_docx
from plans.models import Plan, ProgressRound

FORMATS = ("html", "pdf", "docx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class DocumentFile:
    name: str
    content_type: str
    content: bytes
    title: str


def stored(field: FieldFile) -> bytes | None:
    if not field:
        return None
    with field.open("rb") as file:
        return file.read()


def document_file(plan: Plan, round: ProgressRound | None, kind: str) -> DocumentFile:
    """The plan (``round`` None) or the round's report as ``kind``: html, pdf or docx."""
    if kind not in FORMATS:
        raise ValueError(f"{kind} is not one of {', '.join(FORMATS)}")
    if round is None:
        doc = plan_document(plan)
        kept = {"pdf": plan.signed_pdf, "docx": plan.docx} if plan.is_published else {}
        content = stored(kept[kind]) if kind in kept else None
        if content is None:
            content = (
                render_pdf(doc)
                if kind == "pdf"
                else plan_docx(doc)
                if kind == "docx"
                else document_html(doc).encode("utf-8")
            )
        title = doc.document_title
        name = base_name(doc)
    else:
        report = report_document(round)
        kept = {"pdf": round.signed_pdf, "docx": round.docx} if round.is_published else {}
        content = stored(kept[kind]) if kind in kept else None
        if content is None:
            content = (
                render_pdf(report)
                if kind == "pdf"
                else report_docx(report)
                if kind == "docx"
                else document_html(report).encode("utf-8")
            )
        title = report.document_title
        name = base_name(report)
    return DocumentFile(f"{name}.{kind}", CONTENT_TYPES[kind], content, title)
