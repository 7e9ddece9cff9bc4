"""The signed PDF is a tagged document (PDF/UA's and PDF/A-3a's foundations): its catalog has a
structure tree, says it is marked, and gives its language, so screen readers read it in order
and in English (United Kingdom)."""

import io
import re

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from tests.assessment_factories import make_assessment, sign_through_workflow


@pytest.fixture
def signed_pdf(owner, reviewer, signoff_officer) -> bytes:
    assessment = make_assessment(by=owner, complete=True)
    signed = sign_through_workflow(
        assessment, owner=owner, reviewer=reviewer, signoff=signoff_officer
    )
    with signed.signed_pdf.open("rb") as stored:
        return stored.read()


@pytest.mark.django_db
def test_the_signed_pdf_is_tagged_marked_and_in_british_english(signed_pdf):
    catalog = PdfFileReader(io.BytesIO(signed_pdf)).root

    assert "/StructTreeRoot" in catalog
    structure = catalog["/StructTreeRoot"]
    assert structure.get("/K") is not None, "the structure tree is empty"
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert str(catalog["/Lang"]).lower() == "en-gb"


@pytest.mark.django_db
def test_the_signed_pdf_declares_pdf_a_3a(signed_pdf):
    """Conformance level A is the "accessible" level of PDF/A: tagged, with Unicode text."""
    xmp = PdfFileReader(io.BytesIO(signed_pdf)).root["/Metadata"].data.decode()

    # As an element (<pdfaid:part>3</pdfaid:part>) or an attribute (pdfaid:part="3").
    assert re.search(r"pdfaid:part(>|=[\"'])3\b", xmp), xmp
    assert re.search(r"pdfaid:conformance(>|=[\"'])A\b", xmp), xmp
