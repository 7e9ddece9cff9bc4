"""sign_pdf: a visible PAdES signature by the configured key, that pyHanko and poppler's pdfsig
both accept: in the box the renderer leaves (tests/test_document_signature_box.py), or on the
last page of a PDF without one."""

import datetime
import functools
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation import (
    SignatureCoverageLevel,
    read_certification_data,
    validate_pdf_signature,
)

from tests.signed_pdfs import (
    SIGNED_AT,
    SIGNER,
    flip_byte_in_signed_range,
    signatures_of,
    signed_pdf,
    unsigned_pdf,
    with_annotation_appended,
)
from workflow.documents import signing
from workflow.documents.render import SIGNATURE_BOX_MM
from workflow.documents.signing import SigningError, sign_pdf
from workflow.documents.verification import trust_roots, validation_context


def last_page(reader: PdfFileReader) -> generic.DictionaryObject:
    node = reader.root["/Pages"]
    while node["/Type"] == "/Pages":
        node = node["/Kids"][-1].get_object()
    return node


def appearance_fonts(xobject: generic.StreamObject) -> list[generic.DictionaryObject]:
    """Every font used by an appearance stream, through nested form XObjects."""
    resources = xobject.get("/Resources")
    if resources is None:
        return []
    resources = resources.get_object()
    font_dict = resources.get("/Font", generic.DictionaryObject()).get_object()
    fonts = [font.get_object() for font in font_dict.values()]
    for nested in resources.get("/XObject", generic.DictionaryObject()).get_object().values():
        fonts.extend(appearance_fonts(nested.get_object()))
    return fonts


def font_is_embedded(font: generic.DictionaryObject) -> bool:
    described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
    descriptor = described["/FontDescriptor"].get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


# --- the signature ---------------------------------------------------------------------------


def test_the_signature_is_pades_sha256_over_the_whole_file_and_trusted():
    data = signed_pdf()

    (embedded,) = signatures_of(data)
    status = validate_pdf_signature(embedded, validation_context(trust_roots()))

    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert embedded.md_algorithm == "sha256"
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE


def test_the_signature_claims_the_sign_off_time_and_names_the_officer_and_reason():
    signed_at = SIGNED_AT - datetime.timedelta(seconds=30)
    data = signed_pdf(
        signed_at=signed_at.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
    )

    (embedded,) = signatures_of(data)

    assert embedded.self_reported_timestamp == signed_at
    assert embedded.sig_object["/Name"] == "Sam Sinclair"
    assert embedded.sig_object["/Reason"] == "EqIA signed off"
    assert "/Location" not in embedded.sig_object


def test_a_location_and_another_reason_are_recorded_when_given():
    data = signed_pdf(reason="EqIA re-issued", location="Town Hall")

    (embedded,) = signatures_of(data)

    assert embedded.sig_object["/Reason"] == "EqIA re-issued"
    assert embedded.sig_object["/Location"] == "Town Hall"


def test_the_signature_carries_the_ca_certificate_so_verifiers_can_build_the_chain():
    (embedded,) = signatures_of(signed_pdf())

    (ca_certificate,) = trust_roots()
    assert ca_certificate.dump() in [cert.dump() for cert in embedded.other_embedded_certs]
    assert embedded.signer_cert.issuer == ca_certificate.subject


def test_the_signature_certifies_the_document_and_allows_no_changes():
    reader = PdfFileReader(io.BytesIO(signed_pdf()))

    assert read_certification_data(reader).permission == MDPPerm.NO_CHANGES


def test_the_signature_field_is_new_and_on_the_last_page_in_the_reserved_box():
    unsigned = PdfFileReader(io.BytesIO(unsigned_pdf(3)))
    assert "/AcroForm" not in unsigned.root

    reader = PdfFileReader(io.BytesIO(signed_pdf(3)))

    (field_ref,) = reader.root["/AcroForm"]["/Fields"]
    assert field_ref.get_object()["/T"] == "EqIASignOff"
    (widget,) = [annot.get_object() for annot in last_page(reader)["/Annots"]]
    assert widget["/FT"] == "/Sig"
    assert widget["/F"] & 4, "the signature block must print"
    x, y, width, height = (value * 72 / 25.4 for value in SIGNATURE_BOX_MM)
    assert [float(value) for value in widget["/Rect"]] == pytest.approx(
        [x, y, x + width, y + height], abs=0.01
    )


def test_the_signature_block_names_officer_role_uk_time_and_reason():
    winter = datetime.datetime(2026, 11, 25, 14, 2, 41, tzinfo=datetime.UTC)
    summer = datetime.datetime(2026, 7, 1, 14, 2, 41, tzinfo=datetime.UTC)

    assert signing.stamp_lines(
        "Sam Sinclair", "Head of Housing, sign-off officer", winter, "EqIA signed off"
    ) == [
        "Signed by Sam Sinclair, Head of Housing, sign-off officer",
        "25 November 2026, 14:02 UK time",
        "EqIA signed off",
    ]
    # British Summer Time: an hour ahead of UTC.
    assert (
        signing.stamp_lines("Sam Sinclair", "Sign-off officer", summer, "EqIA signed off")[1]
        == "1 July 2026, 15:02 UK time"
    )


def test_the_signature_block_is_drawn_in_an_embedded_font(tmp_path):
    reader = PdfFileReader(io.BytesIO(signed_pdf()))
    (widget,) = [annot.get_object() for annot in last_page(reader)["/Annots"]]

    fonts = appearance_fonts(widget["/AP"]["/N"].get_object())

    assert fonts, "the signature block has no text"
    assert all(font_is_embedded(font) for font in fonts)


def test_the_signature_block_text_reads_as_typeset(tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    block = tmp_path / "block.pdf"
    block.write_bytes(
        signing.signature_block_pdf(
            ["Signed by Zoë O’Neill, Sign-off officer", "2026-11-25 14:02 UTC", "EqIA signed off"],
            width_mm=80,
            height_mm=30,
        )
    )

    text = subprocess.run(
        ["pdftotext", str(block), "-"], capture_output=True, text=True, check=True
    ).stdout

    assert "Signed by Zoë O’Neill, Sign-off officer" in text
    assert "2026-11-25 14:02 UTC" in text


def test_a_naive_signing_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        signed_pdf(signed_at=datetime.datetime(2026, 11, 25, 14, 2))


def test_a_signed_eqia_cannot_be_signed_again():
    with pytest.raises(SigningError, match="The PDF could not be signed: "):
        sign_pdf(signed_pdf(), **SIGNER, signed_at=SIGNED_AT)


def test_a_file_that_is_not_a_pdf_cannot_be_signed():
    with pytest.raises(SigningError, match="could not be read for signing"):
        sign_pdf(b"not a PDF at all", **SIGNER, signed_at=SIGNED_AT)


# --- an independent check: poppler's pdfsig ---------------------------------------------------


def pdfsig(path: Path) -> str:
    if not shutil.which("pdfsig"):
        pytest.skip("pdfsig (poppler-utils) is not installed: no independent check")
    # -nocert: pdfsig checks certificates against its own NSS store, where the development CA
    # is not ("Certificate issuer isn't Trusted"); what it checks here is the signature itself.
    options = ["-nocert"] if "-nocert" in pdfsig_help() else []
    # pdfsig may exit 0 with a broken signature: what matters is what it prints.
    result = subprocess.run(
        ["pdfsig", *options, str(path)], capture_output=True, text=True, check=False
    )
    return result.stdout + result.stderr


@functools.cache
def pdfsig_help() -> str:
    result = subprocess.run(["pdfsig", "-h"], capture_output=True, text=True, check=False)
    return result.stdout + result.stderr


def test_pdfsig_finds_the_untouched_signature_valid_and_names_the_signer(tmp_path):
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed_pdf())

    output = pdfsig(path)

    assert "Signature Validation: Signature is Valid." in output
    assert "Signer Certificate Common Name: eqia test signing" in output
    assert "Signature Type: ETSI.CAdES.detached" in output
    assert "Total document signed" in output


def test_pdfsig_finds_a_changed_byte_in_the_signed_range_not_valid(tmp_path):
    path = tmp_path / "changed.pdf"
    path.write_bytes(flip_byte_in_signed_range(signed_pdf()))

    output = pdfsig(path)

    assert "Signature Validation: Digest Mismatch." in output
    assert "Signature Validation: Signature is Valid." not in output


def test_pdfsig_finds_an_update_after_signing_leaves_part_of_the_file_unsigned(tmp_path):
    path = tmp_path / "updated.pdf"
    path.write_bytes(with_annotation_appended(signed_pdf()))

    output = pdfsig(path)

    assert "Not total document signed" in output
