"""The PDF of an assessment, rendered by WeasyPrint from its frozen content.

The document is PDF/A-3a (archival, tagged for screen readers), in British English, with its
fonts embedded. It carries the content it shows as an embedded JSON file (PDF/A-3 allows
attachments), with the content's SHA-256, so a machine can read what was signed without
parsing the pages. The audit trail, read at render time, is its appendix.

The sign-off section ends with an empty, bordered box of the size SIGNATURE_BOX_MM says, with
the id SIGNATURE_ANCHOR, where the visible signature is stamped when the PDF is signed
(workflow/documents/signing.py); the attestation and the sign-off details are on its page.
"""

import datetime
import json
import threading
import warnings
from typing import Any, NamedTuple

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

from eqia.models import Assessment, AuditEntry
from eqia.snapshot import content_sha256, content_snapshot
from workflow.documents.document_context import document_context

PDF_VARIANT = "pdf/a-3a"
# A4 portrait. The margins (top, right, bottom, left) hold the running header and footer.
PAGE_MARGINS_MM = (22.0, 18.0, 22.0, 18.0)

# The visible signature's box: (x, y, width, height) in millimetres. Its width and height are
# those of the empty bordered box the document draws at the end of its sign-off section, with
# the id SIGNATURE_ANCHOR; WeasyPrint writes that id as a named destination (the box's page and
# top-left corner), which is where the signer places the signature field (signing.py). x and y
# (the lower-left corner, from the page's lower-left corner, 1 mm = 72 / 25.4 pt) are where it
# goes on the last page of a PDF without that destination.
SIGNATURE_BOX_MM = (18.0, 26.0, 80.0, 30.0)
SIGNATURE_ANCHOR = "signature-box"
# The height a signature block at the foot of the last page keeps free (page_geometry).
SIGNATURE_BLOCK_HEIGHT_MM = 48.0

ATTACHMENT_DESCRIPTION = (
    "The content of this assessment as signed off (JSON, schema version {schema}), with its "
    "SHA-256 (content_sha256) over the canonical form of the rest"
)

# WeasyPrint 70 opens its sRGB profile for the PDF/A output intent and never closes it
# (weasyprint/pdf/__init__.py, generate_pdf): the file is dropped, and warned about, during
# write_pdf. Only that warning is silenced, only around the render. (catch_warnings swaps the
# process's warning filters for the duration: harmless here, where the only change is to
# ignore this one warning.)
UNCLOSED_ICC_PROFILE = r"unclosed file <_io\.BufferedReader name='.*sRGB2014\.icc'>"

_fonts = threading.local()


class FrozenContentMismatch(ValueError):
    """The assessment's frozen content no longer matches the SHA-256 recorded at sign-off."""


def attachment_name(snapshot: dict[str, Any]) -> str:
    """The embedded JSON file's name: "POL-001_EqIA_v2.json"."""
    return f"{snapshot['policy']['reference']}_EqIA_v{snapshot['assessment']['version']}.json"


def attachment_json(snapshot: dict[str, Any], digest: str) -> str:
    """The snapshot and its SHA-256, as the embedded file holds them.

    Keys are sorted so the file is the same whichever database the snapshot was read from
    (PostgreSQL's jsonb reorders keys); remove ``content_sha256`` and hash the canonical form
    of the rest (eqia.snapshot.canonical_json) to check it.
    """
    return json.dumps(
        {**snapshot, "content_sha256": digest}, ensure_ascii=False, indent=2, sort_keys=True
    )


def page_geometry() -> dict[str, float]:
    """The page and signature-box measurements the stylesheets use, in millimetres. The box_*,
    heading_bottom and block_height keys place a signature block at the foot of the last
    page, at SIGNATURE_BOX_MM (for a document without SIGNATURE_ANCHOR)."""
    top, right, bottom, left = PAGE_MARGINS_MM
    x, y, width, height = SIGNATURE_BOX_MM
    return {
        "margin_top": top,
        "margin_right": right,
        "margin_bottom": bottom,
        "margin_left": left,
        "box_left": x - left,
        "box_bottom": y - bottom,
        "box_width": width,
        "box_height": height,
        "heading_bottom": y - bottom + height,
        "block_height": SIGNATURE_BLOCK_HEIGHT_MM,
        "note_left": x - left + width + 6,
    }


def _font_configuration() -> FontConfiguration:
    """One font configuration per thread: building one costs more than a page of layout."""
    config = getattr(_fonts, "config", None)
    if config is None:
        config = _fonts.config = FontConfiguration()
    return config


def _frozen_snapshot(assessment: Assessment) -> tuple[dict[str, Any], str]:
    snapshot = assessment.frozen_content
    if snapshot is None:
        # Not frozen yet (or never to be: a preview); the content as it stands now.
        snapshot = content_snapshot(assessment)
    digest = content_sha256(snapshot)
    if assessment.content_sha256 and digest != assessment.content_sha256:
        raise FrozenContentMismatch(
            f"The frozen content of {assessment} does not match the SHA-256 recorded when it "
            "was signed off: it was changed afterwards, so no PDF is made from it"
        )
    return snapshot, digest


def css_string(value: str) -> str:
    """A CSS string literal, quotes included, for the running header and footer. "<" is
    escaped too: the stylesheet sits inside the page's <style> element."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return '"' + " ".join(escaped.split()) + '"'


class Document(NamedTuple):
    html: str
    snapshot: dict[str, Any]
    content_sha256: str
    issued_at: datetime.datetime  # UTC


def _issued_at(snapshot: dict[str, Any]) -> datetime.datetime:
    """The document's date: the moment of sign-off, or now for an unsigned assessment."""
    sign_off = snapshot.get("sign_off")
    if sign_off and sign_off.get("at"):
        return datetime.datetime.fromisoformat(sign_off["at"]).astimezone(datetime.UTC)
    return timezone.now().astimezone(datetime.UTC).replace(microsecond=0)


def _document(assessment: Assessment) -> Document:
    snapshot, digest = _frozen_snapshot(assessment)
    issued_at = _issued_at(snapshot)
    entries = list(AuditEntry.objects.filter(assessment=assessment).order_by("sequence"))
    context = document_context(
        snapshot,
        content_sha256=digest,
        attachment_name=attachment_name(snapshot),
        entries=entries,
    )
    context["geometry"] = page_geometry()
    context["signature_anchor"] = SIGNATURE_ANCHOR
    context["css_header"] = css_string(f"{context['council']} · {context['title']}")
    context["issued_at"] = issued_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    html = render_to_string("documents/eqia.html", context)
    return Document(html, snapshot, digest, issued_at)


def render_assessment_pdf(assessment: Assessment) -> bytes:
    """The assessment's PDF (PDF/A-3a), from its frozen content and its audit trail.

    Raises FrozenContentMismatch when the frozen content no longer has the SHA-256 recorded
    at sign-off.
    """
    document = _document(assessment)
    snapshot = document.snapshot
    issued = document.issued_at.replace(tzinfo=None)  # WeasyPrint writes it as UTC ("Z")
    content = Attachment(
        string=attachment_json(snapshot, document.content_sha256),
        name=attachment_name(snapshot),
        description=ATTACHMENT_DESCRIPTION.format(schema=snapshot["schema_version"]),
        relationship="Data",
        created=issued,
        modified=issued,
    )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", UNCLOSED_ICC_PROFILE, ResourceWarning)
        return HTML(string=document.html).write_pdf(
            pdf_variant=PDF_VARIANT,
            attachments=[content],
            font_config=_font_configuration(),
        )
