"""Signed test PDFs, shared by the signing, verification and checking tests: built with
sign_pdf by the throw-away test key, changed in the ways a forgery would be, and put on
record as an assessment's signed PDF."""

import datetime
import functools
import gc
import hashlib
import io
import re
import warnings

import weasyprint
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.pdf_embedded import collect_embedded_signatures

from eqia.models import Assessment, AssessmentState
from tests.assessment_factories import make_assessment, set_state
from workflow.documents.signing import sign_pdf

# Signed "now" (to the minute), so the throw-away test key was already valid.
SIGNED_AT = datetime.datetime.now(datetime.UTC).replace(second=0, microsecond=0)
SIGNER = {"signer_name": "Sam Sinclair", "signer_role": "Sign-off officer"}


@functools.cache
def unsigned_pdf(pages: int = 2) -> bytes:
    """A small PDF/A-3a document rendered by WeasyPrint, ``pages`` pages long."""
    sections = "".join(
        f'<section style="break-after: page"><h1>Section {number}</h1>'
        f"<p>{'The policy applies to every applicant on the housing register. ' * 8}</p>"
        "</section>"
        for number in range(1, pages + 1)
    )
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>Test EqIA</title></head>'
        f"<body>{sections}</body></html>"
    )
    with warnings.catch_warnings():
        # WeasyPrint 70 leaves its sRGB profile (the PDF/A output intent) open: not ours to fix.
        warnings.filterwarnings("ignore", category=ResourceWarning, message=".*sRGB2014.icc")
        pdf = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/a-3a")
        gc.collect()
    return pdf


def signed_pdf(pages: int = 2, **overrides: object) -> bytes:
    """An unsigned test PDF signed with sign_pdf by Sam Sinclair at SIGNED_AT."""
    arguments = {**SIGNER, "signed_at": SIGNED_AT, **overrides}
    return sign_pdf(unsigned_pdf(pages), **arguments)  # type: ignore[arg-type]  # overrides vary


def byte_ranges(data: bytes) -> list[int]:
    match = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
    assert match, "no /ByteRange in the signed PDF"
    return [int(number) for number in match.groups()]


def flip_byte_in_signed_range(data: bytes) -> bytes:
    """One bit changed in the middle of the first page content stream: the file still parses,
    but the signed bytes are no longer those signed."""
    start, length, _, _ = byte_ranges(data)
    stream = data.index(b"stream\n", 200) + len(b"stream\n")
    position = stream + 10
    assert start <= position < start + length
    changed = bytearray(data)
    changed[position] ^= 0x01
    return bytes(changed)


def with_annotation_appended(data: bytes) -> bytes:
    """An incremental update after signing: a white box drawn over the last page."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page_ref, _ = writer.find_page_for_modification(-1)
    box = writer.add_object(
        generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Annot"),
                generic.NameObject("/Subtype"): generic.NameObject("/Square"),
                generic.NameObject("/Rect"): generic.ArrayObject(
                    [generic.FloatObject(value) for value in (50, 700, 400, 780)]
                ),
                generic.NameObject("/IC"): generic.ArrayObject([generic.FloatObject(1)] * 3),
                generic.NameObject("/F"): generic.NumberObject(4),
            }
        )
    )
    writer.register_annotation(page_ref, box)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def signatures_of(data: bytes) -> list:
    return collect_embedded_signatures(PdfFileReader(io.BytesIO(data)))


def on_record(data: bytes, *, by, version: int = 2) -> Assessment:
    """A signed-off assessment whose signed PDF is ``data``."""
    return set_state(
        make_assessment(by=by),
        AssessmentState.SIGNED_OFF,
        signed_pdf_sha256=hashlib.sha256(data).hexdigest(),
        signed_off_at=SIGNED_AT,
        version=version,
    )
