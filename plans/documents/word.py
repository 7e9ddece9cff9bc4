"""A plan or a progress report as a Word file (.docx) a committee clerk can paste into a
committee report: theme, aim, the table (*Objective | Action | Lead | Target* for the plan,
*Agreed actions | Progress – year | Status* for the report), then the connections to other
plans. Headings are Word's own heading styles and each table's first row repeats on every page,
so the file stays navigable for screen-reader users."""

import io
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from plans.documents.content import (
    ActionLine,
    PlanDocument,
    ReportDocument,
    ReportTheme,
    ThemeSection,
)
from plans.values import Block

TABLE_STYLE = "Table Grid"


def _start(title: str, council: str, kicker: str, facts: str) -> Any:
    document = new_document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    document.core_properties.title = title
    document.core_properties.author = council
    document.core_properties.language = "en-GB"
    document.add_paragraph(council).runs[0].bold = True
    document.add_paragraph(kicker)
    document.add_heading(title, level=0)
    if facts:
        document.add_paragraph(facts)
    return document


def _repeat_header(row: Any) -> None:
    """The table's heading row repeats at the top of each page and is read as headings."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(document: Any, headings: list[str]) -> Any:
    table = document.add_table(rows=1, cols=len(headings))
    table.style = TABLE_STYLE
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(heading).bold = True
    _repeat_header(table.rows[0])
    return table


def _write_blocks(cell: Any, blocks: list[Block]) -> None:
    """Progress in a cell: its paragraphs and bullet lists."""
    first = True
    for block in blocks:
        for text, style in (
            [(item, "List Bullet") for item in block.items]
            if block.is_list
            else [(block.text, None)]
        ):
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            paragraph.text = text
            if style:
                paragraph.style = style
            first = False


def _connections(document: Any, names: list[str]) -> None:
    if not names:
        return
    document.add_heading("Connections to other plans", level=2)
    for name in names:
        document.add_paragraph(name, style="List Bullet")


def _theme_heading(document: Any, theme: ThemeSection | ReportTheme) -> None:
    document.add_heading(theme.role, level=1)
    document.add_paragraph(theme.aim)


def _saved(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def plan_docx(doc: PlanDocument) -> bytes:
    facts = " · ".join(part for part in (doc.state, doc.adopted, doc.published) if part)
    kicker = ("(Draft) " if doc.state == "Draft" else "") + (
        f"Equality objectives and action plan {doc.period}"
    )
    document = _start(doc.title, doc.council, kicker, facts)
    for theme in doc.themes:
        _theme_heading(document, theme)
        if theme.objectives:
            table = _table(document, ["Objective", "Action", "Lead", "Target"])
            for objective in theme.objectives:
                first_row = len(table.rows)
                rows: list[ActionLine | None] = [*objective.actions] or [None]
                for action in rows:
                    cells = table.add_row().cells
                    if action is None:
                        cells[1].text = "No actions yet"
                        continue
                    cells[1].text = action.text
                    if action.carried_from:
                        cells[1].add_paragraph(action.carried_from)
                    cells[2].text = action.lead
                    cells[3].text = action.target
                objective_cell = table.cell(first_row, 0)
                if len(table.rows) - 1 > first_row:
                    objective_cell = objective_cell.merge(table.cell(len(table.rows) - 1, 0))
                objective_cell.text = objective.text
                objective_cell.paragraphs[0].runs[0].bold = True
        _connections(document, theme.connections)
    return _saved(document)


def report_docx(doc: ReportDocument) -> bytes:
    facts = " · ".join(part for part in (doc.state, doc.approved, doc.published) if part)
    document = _start(
        f"{doc.plan_title}: progress report {doc.year}",
        doc.council,
        "Equality action plan: progress report",
        facts,
    )
    for theme in doc.themes:
        _theme_heading(document, theme)
        table = _table(document, ["Agreed actions", doc.progress_heading, "Status"])
        for objective in theme.objectives:
            if not objective.is_the_action:
                cells = table.add_row().cells
                merged = cells[0].merge(cells[2])
                merged.text = objective.text
                merged.paragraphs[0].runs[0].bold = True
            for line in objective.lines:
                cells = table.add_row().cells
                cells[0].text = line.action.text
                _write_blocks(cells[1], line.blocks)
                cells[2].text = line.status
                for note in (line.reason, line.action.carried_into):
                    if note:
                        cells[2].add_paragraph(note)
        _connections(document, theme.connections)
    return _saved(document)
