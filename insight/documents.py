"""The year's process measures as a document the council publishes: a PDF (PDF/A, tagged, fonts
named and embedded; WeasyPrint, as the signed EqIA is made) and a Word file (python-docx),
from the same build as the page (insight.process.process_report)."""

import io
import threading
import warnings
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from core.dates import long_date
from insight.process import NOTES, ProcessReport
from insight.tables import Table
from workflow.documents.render import PDF_VARIANT, UNCLOSED_ICC_PROFILE, css_string

PDF_CONTENT_TYPE = "application/pdf"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Liberation Sans"

_fonts = threading.local()


def file_name(report: ProcessReport, extension: str) -> str:
    return f"equality-information-process-measures-{report.year}.{extension}"


def _context(report: ProcessReport) -> dict[str, object]:
    return {
        "report": report,
        "council": settings.EQIA_COUNCIL_NAME,
        "notes": NOTES,
        "made_on": long_date(timezone.localdate()),
        "as_of": report.as_of_shown,
        "css_footer": css_string(
            f"{settings.EQIA_COUNCIL_NAME} · Equality information {report.year}"
        ),
    }


def _font_configuration() -> FontConfiguration:
    config = getattr(_fonts, "config", None)
    if config is None:
        config = _fonts.config = FontConfiguration()
    return config


def report_pdf(report: ProcessReport) -> bytes:
    html = render_to_string("insight/report_pdf.html", _context(report))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", UNCLOSED_ICC_PROFILE, ResourceWarning)
        return HTML(string=html).write_pdf(
            pdf_variant=PDF_VARIANT, font_config=_font_configuration()
        )


def _header_row(row: Any) -> None:
    """Repeat the row at the top of every page and mark it as the table's heading row, so a
    screen reader reads each cell with its column."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _table(document: Any, table: Table) -> None:
    document.add_heading(table.caption, level=2)
    if not table.rows:
        document.add_paragraph(table.empty)
        return
    grid = document.add_table(rows=1, cols=len(table.headings))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, heading in zip(grid.rows[0].cells, table.headings, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(heading).bold = True
    _header_row(grid.rows[0])
    for footer, rows in ((False, table.shown_rows), (True, table.shown_footer)):
        for row in rows:
            cells = grid.add_row().cells
            for cell, shown in zip(cells, row, strict=True):
                cell.text = ""
                run = cell.paragraphs[0].add_run(shown.text)
                run.bold = footer
    if table.slug in NOTES:
        document.add_paragraph(NOTES[table.slug])


def report_docx(report: ProcessReport) -> bytes:
    document = Document()
    properties = document.core_properties
    properties.title = report.heading
    properties.author = settings.EQIA_COUNCIL_NAME
    properties.language = "en-GB"
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(language)
    document.add_paragraph(settings.EQIA_COUNCIL_NAME)
    document.add_heading(report.heading, level=1)
    context = _context(report)
    document.add_paragraph(
        f"How the council assesses the impact of its policies on equality: the process "
        f"measures for {report.year}, as on {context['as_of']}."
    )
    for line in report.headline:
        document.add_paragraph(line, style="List Bullet")
    for table in report.tables.values():
        _table(document, table)
    document.add_paragraph(f"Made on {context['made_on']} by the council's EqIA service.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
