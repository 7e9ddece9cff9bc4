"""A signed assessment as a Word document, for committee papers: its frozen content, marked
as a copy whose authority is the signed PDF.

Built from the same words as the signed PDF (workflow/documents/document_context.py, read from
the content frozen at sign-off, never from the live rows), with Word's own structure for
people using screen readers: the document's title and language, Heading styles for the parts,
and tables whose header rows are marked as such (and repeat on each page). It is not signed and
can be edited, so it proves nothing by itself: its first page, and the header of every page,
say so and name the signed PDF by its SHA-256.
"""

import datetime
import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from eqia.models import Assessment, AuditEntry
from eqia.snapshot import content_sha256
from workflow.documents.document_context import document_context
from workflow.documents.issue import signed_pdf_filename

LANGUAGE = "en-GB"
FONT = "Arial"
GREY = RGBColor(0x50, 0x5A, 0x5F)


class NoSignedContent(ValueError):
    """The assessment has no frozen signed content to copy, or it no longer matches the
    SHA-256 recorded at sign-off."""


def docx_filename(assessment: Assessment) -> str:
    """What the copy is called when downloaded: POL-001_EqIA_v2_copy.docx."""
    return f"{assessment.policy.reference}_EqIA_v{assessment.version}_copy.docx"


def copy_notice(context: dict[str, Any], *, pdf_name: str, pdf_sha256: str) -> list[str]:
    """What the first page says the document is: a copy, and where its authority is."""
    sign_off = context["sign_off"] or {}
    return [
        "Copy for information: this is not the signed record",
        (
            f"This Word document is a copy of {context['title']}, signed off by "
            f"{sign_off.get('by') or 'the signing officer'} on {context['signed_off_day']}. "
            "It is made for committee papers and similar uses. It is not signed and can be "
            "edited, so it proves nothing by itself."
        ),
        (
            f"Its authority is the signed PDF, {pdf_name}, whose SHA-256 is {pdf_sha256}. "
            f"Where this copy and the signed PDF differ, the signed PDF is right. Check the PDF "
            f"on {context['council']}'s \u201cCheck a signed EqIA\u201d page, or in any PDF "
            "reader that shows digital signatures."
        ),
    ]


def frozen_context(assessment: Assessment) -> dict[str, Any]:
    """What the signed PDF shows, from the content frozen at sign-off (checked against its
    SHA-256) and the audit trail."""
    snapshot = assessment.frozen_content
    if not assessment.is_signed or snapshot is None or not assessment.content_sha256:
        raise NoSignedContent(f"{assessment} is not signed off: it has no frozen content")
    digest = content_sha256(snapshot)
    if digest != assessment.content_sha256:
        raise NoSignedContent(
            f"The frozen content of {assessment} does not match the SHA-256 recorded when it "
            "was signed off"
        )
    entries = list(AuditEntry.objects.filter(assessment=assessment).order_by("sequence"))
    return document_context(
        snapshot,
        content_sha256=digest,
        attachment_name=f"{snapshot['policy']['reference']}_EqIA_v{assessment.version}.json",
        entries=entries,
    )


def assessment_docx(assessment: Assessment) -> bytes:
    """The signed assessment as a .docx file (raises NoSignedContent for one not signed)."""
    context = frozen_context(assessment)
    pdf_sha256 = assessment.signed_pdf_sha256 or "not recorded"
    builder = _Builder(context)
    builder.properties(assessment)
    builder.running_header(pdf_sha256)
    builder.cover(
        copy_notice(context, pdf_name=signed_pdf_filename(assessment), pdf_sha256=pdf_sha256)
    )
    builder.summary()
    for section in context["sections"]:
        builder.part(section)
    builder.sign_off()
    output = io.BytesIO()
    builder.document.save(output)
    return output.getvalue()


class _Builder:
    """The Word document, built part by part from the document context."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.context = context
        self.document = Document()
        normal = self.document.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(11)
        _set_language(normal.element)
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
            self.document.styles[name].font.name = FONT

    def properties(self, assessment: Assessment) -> None:
        properties = self.document.core_properties
        properties.title = f"{self.context['title']} (copy)"
        properties.subject = self.context["description"]
        properties.author = self.context["council"]
        properties.keywords = "Equality impact assessment; copy; the signed PDF is the record"
        properties.comments = "A copy of the signed assessment. The signed PDF is the record."
        properties.language = LANGUAGE
        signed_at = assessment.signed_off_at or timezone.now()
        properties.created = signed_at.astimezone(datetime.UTC).replace(tzinfo=None)

    def running_header(self, pdf_sha256: str) -> None:
        header = self.document.sections[0].header.paragraphs[0]
        run = header.add_run(
            f"{self.context['reference']} EqIA v{self.context['version']}: a copy, not signed. "
            f"The signed PDF (SHA-256 {pdf_sha256[:16]}\u2026) is the record."
        )
        run.font.size = Pt(8)
        run.font.color.rgb = GREY

    def cover(self, notice: list[str]) -> None:
        context = self.context
        self.document.add_paragraph(context["council"])
        self.document.add_heading(context["policy"]["title"], level=0)
        self.document.add_paragraph(
            f"Equality impact assessment, policy {context['reference']}, "
            f"version {context['version']}"
        )
        heading, *paragraphs = notice
        box = self.document.add_table(rows=1, cols=1)
        box.style = "Table Grid"
        cell = box.rows[0].cells[0]
        title = cell.paragraphs[0].add_run(heading)
        title.bold = True
        title.font.size = Pt(13)
        for text in paragraphs:
            cell.add_paragraph(text)
        self.document.add_paragraph()
        sign_off = context["sign_off"] or {}
        approvals = "; ".join(f"{a.name}, {a.when}" for a in context["approvals"])
        self.facts(
            "About this assessment",
            [
                ("Policy", f"{context['reference']}: {context['policy']['title']}"),
                ("Service area", context["policy"]["service_area"] or ""),
                ("Policy owner", context["policy"]["owner"] or ""),
                ("Version", str(context["version"])),
                ("Decision-maker", context["decision_maker"]),
                ("Planned decision date", context["planned_decision_date"]),
                ("EDI approval", approvals),
                ("Signed off by", f"{sign_off.get('by') or ''}, {context['signer_role']}"),
                ("Signed off at", context["signed_off_moment"]),
            ],
        )
        if context["signed_late"]:
            self.document.add_heading("Signed off after the planned decision date", level=2)
            self.text(sign_off.get("late_explanation") or "No explanation was recorded.")
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def summary(self) -> None:
        """What a decision-maker reads first (eqia.summary, from the frozen content)."""
        summary = self.context.get("summary")
        if summary is None:
            return
        self.document.add_heading("Summary", level=1)
        outcome = summary.outcome or self.context["not_given"]
        if summary.outcome_justification:
            outcome += f"\nJustification: {summary.outcome_justification}"
        self.facts(
            "",
            [
                ("Outcome", outcome),
                ("Overall adverse impact", summary.adverse_impact),
                ("Timing", summary.timing.words),
                ("Armed Forces Covenant duty", summary.covenant_words),
                ("Why the evidence is sufficient", summary.evidence_sufficiency),
            ],
        )
        self.document.add_heading("Negative and not yet known impacts", level=2)
        if summary.concerns:
            self.table(
                ["Group", "Impact", "What answers it"],
                [
                    [
                        concern.characteristic,
                        concern.impact,
                        "\n".join(
                            [
                                *(
                                    [f"Mitigation: {concern.mitigation}"]
                                    if concern.mitigation
                                    else []
                                ),
                                *(
                                    [f"Justification: {concern.justification}"]
                                    if concern.justification
                                    else []
                                ),
                                *(f"Action: {action.description}" for action in concern.actions),
                            ]
                            or ["Nothing answers it."]
                        ),
                    ]
                    for concern in summary.concerns
                ],
            )
        else:
            self.text("None: no group's impact is rated negative or not yet known.")
        self.document.add_heading("Open actions", level=2)
        if summary.open_actions:
            self.table(
                ["Action", "Lead", "Due", "Status"],
                [
                    [
                        action.description,
                        action.lead or "No lead given",
                        f"{action.due_date.day} {action.due_date:%b %Y}"
                        if action.due_date
                        else "\u2013",
                        action.status,
                    ]
                    for action in summary.open_actions
                ],
            )
        else:
            self.text("None.")
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def part(self, section: Any) -> None:
        context = self.context
        self.document.add_heading(f"{section.number}. {section.title}", level=1)
        if section.part == "impacts":
            self.impact_grid()
        if section.part == "covenant" and context["covenant_not_required"]:
            self.text(context["covenant_not_required_text"])
            return
        if section.part == "actions":
            self.action_plan()
        if section.fields:
            if section.part == "impacts":
                self.document.add_heading("Below the grid", level=2)
            for line in section.fields:
                # What an empty field reads: "Not given", "Not applicable" or "None".
                self.field(line.label, line.value, line.blank)
        if section.part == "impacts" and context["keeps_cumulative_links"]:
            self.cumulative_links()

    def cumulative_links(self) -> None:
        """Other policies bearing on the same groups, as the PDF shows them."""
        self.document.add_heading("Other policies that bear on the same groups", level=2)
        links = self.context["cumulative_links"]
        if not links:
            self.text("No other policy is linked.")
            return
        rows = [
            [
                f"{link['policy']} {link['policy_title']}",
                f"EqIA v{link['signed_eqia_version']}"
                if link["signed_eqia_version"]
                else "None signed when linked",
                link["characteristic"],
                link["how_they_combine"],
            ]
            for link in links
        ]
        self.table(["Policy", "Signed EqIA considered", "Group", "How they combine"], rows)

    def impact_grid(self) -> None:
        rows = [
            [
                f"{row.characteristic} ({row.kind}{'; aim 1 only' if row.aim_one_only else ''})",
                row.impact,
                "\n".join(
                    text
                    for text in (
                        row.evidence or "No evidence given.",
                        f"Mitigation: {row.mitigation}" if row.mitigation else "",
                        f"Justification: {row.justification}" if row.justification else "",
                    )
                    if text
                ),
            ]
            for row in self.context["impacts"]
        ]
        self.table(["Characteristic", "Impact", "Evidence, and mitigation or justification"], rows)

    def action_plan(self) -> None:
        actions = self.context["actions"]
        if not actions:
            self.text("No actions.")
            return
        rows = [
            [
                "\n".join(
                    text
                    for text in (
                        f"{action.number}. {action.description}",
                        f"Success measure: {action.success_measure}"
                        if action.success_measure
                        else "",
                        f"{action.planned_in}." if action.planned_in else "",
                    )
                    if text
                ),
                action.lead or "\u2013",
                action.due,
                action.status,
                action.characteristics or "\u2013",
            ]
            for action in actions
        ]
        self.table(
            ["Action and success measure", "Lead", "Due", "Status at sign-off", "Characteristics"],
            rows,
        )

    def sign_off(self) -> None:
        context = self.context
        sign_off = context["sign_off"] or {}
        self.document.add_heading("Sign-off", level=1)
        self.document.add_paragraph("The signing officer attested:")
        self.document.add_paragraph(sign_off.get("attestation", ""), style="Intense Quote")
        self.facts(
            "",
            [
                ("Signed off by", sign_off.get("by") or ""),
                ("Role", context["signer_role"]),
                ("Signed off at", context["signed_off_moment"]),
                ("Comment", sign_off.get("comment") or "None"),
                (
                    "After the planned decision date",
                    f"Yes: {sign_off.get('late_explanation', '')}"
                    if context["signed_late"]
                    else "No",
                ),
                ("Content SHA-256", context["content_sha256"]),
            ],
        )

    # The pieces.

    def field(self, label: str, value: str, blank: str = "") -> None:
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run(label).bold = True
        if value:
            self.text(value)
        else:
            run = self.document.add_paragraph().add_run(blank or self.context["not_given"])
            run.italic = True
            run.font.color.rgb = GREY

    def text(self, value: str) -> None:
        for line in value.splitlines() or [""]:
            self.document.add_paragraph(line)

    def facts(self, caption: str, rows: Iterable[tuple[str, str]]) -> None:
        """A two-column table of labels and values, the labels marked bold."""
        if caption:
            self.document.add_heading(caption, level=2)
        table = self.document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(label).bold = True
            cells[1].paragraphs[0].add_run(value or self.context["not_given"])
        self.document.add_paragraph()

    def table(self, headers: list[str], rows: list[list[str]]) -> None:
        """A data table whose first row is its header row (repeated on each page)."""
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        header = table.rows[0]
        _mark_header_row(header)
        for cell, text in zip(header.cells, headers, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                first, *rest = value.split("\n")
                cell.paragraphs[0].add_run(first)
                for line in rest:
                    cell.add_paragraph(line)
        self.document.add_paragraph()


def _mark_header_row(row: Any) -> None:
    """Word's "Repeat as header row": assistive technology reads it as the column headers."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _set_language(style_element: Any) -> None:
    """The style's text is British English (for screen readers and spelling)."""
    run_properties = style_element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE)
    run_properties.append(language)
