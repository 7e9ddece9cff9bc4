"""sign_pdf: a visible PAdES signature by the configured key, on the last page, that pyHanko and
poppler's pdfsig both accept. Also the builders of signed test PDFs the other signing tests use."""

import datetime
import functools
import gc
import io
import os
import re
import shutil
import statistics
import subprocess
import time
import warnings
from pathlib import Path

import pytest
import weasyprint
from django.test import override_settings
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation import (
    SignatureCoverageLevel,
    read_certification_data,
    validate_pdf_signature,
)
from pyhanko.sign.validation.pdf_embedded import collect_embedded_signatures

from core.signing_keys import create_development_key
from workflow.documents import signing
from workflow.documents.render import SIGNATURE_BOX_MM
from workflow.documents.signing import SigningError, sign_pdf
from workflow.documents.verification import trust_roots, validation_context

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
    return sign_pdf(unsigned_pdf(pages), **arguments)  # type: ignore[arg-type]


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


def signatures_of(data: bytes) -> list:  # type: ignore[type-arg]
    return collect_embedded_signatures(PdfFileReader(io.BytesIO(data)))


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


def test_the_signature_block_names_officer_role_utc_time_and_reason():
    signed_at = datetime.datetime(2026, 11, 25, 14, 2, 41, tzinfo=datetime.UTC)

    assert signing.stamp_lines(
        "Sam Sinclair", "Sign-off officer", signed_at, "EqIA signed off"
    ) == [
        "Signed by Sam Sinclair, Sign-off officer",
        "2026-11-25 14:02 UTC",
        "EqIA signed off",
    ]


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


# --- the key ---------------------------------------------------------------------------------


def test_no_configured_key_is_a_signing_error_in_words():
    with (
        override_settings(EQIA_SIGNING_PKCS12=""),
        pytest.raises(SigningError, match="No signing key is configured"),
    ):
        signed_pdf()


def test_a_missing_key_file_is_a_signing_error_in_words(tmp_path):
    missing = tmp_path / "gone.p12"

    with (
        override_settings(EQIA_SIGNING_PKCS12=str(missing)),
        pytest.raises(SigningError, match=f"The signing key file {missing} does not exist"),
    ):
        signed_pdf()


def test_a_wrong_passphrase_is_a_signing_error_in_words():
    with (
        override_settings(EQIA_SIGNING_PASSPHRASE="not the passphrase"),
        pytest.raises(SigningError, match=r"the passphrase \(EQIA_SIGNING_PASSPHRASE\) is wrong"),
    ):
        signed_pdf()


def test_a_file_that_is_not_a_pkcs12_key_is_a_signing_error_in_words(tmp_path):
    not_a_key = tmp_path / "key.p12"
    not_a_key.write_text("hello")

    with (
        override_settings(EQIA_SIGNING_PKCS12=str(not_a_key)),
        pytest.raises(SigningError, match="is not a PKCS#12 key"),
    ):
        signed_pdf()


def test_a_key_file_that_is_a_folder_is_a_signing_error_in_words(tmp_path):
    with (
        override_settings(EQIA_SIGNING_PKCS12=str(tmp_path)),
        pytest.raises(SigningError, match="cannot be read"),
    ):
        signed_pdf()


def test_the_key_is_loaded_once_and_again_when_the_file_changes(tmp_path):
    key = create_development_key(tmp_path, common_name="eqia cache test")
    with override_settings(**key.settings()):
        first = signing.configured_signer()
        assert signing.configured_signer() is first

        stat = key.pkcs12_path.stat()
        os.utime(key.pkcs12_path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

        assert signing.configured_signer() is not first


def test_another_key_signs_when_configured(tmp_path):
    other = create_development_key(tmp_path, common_name="another council")

    with override_settings(**other.settings()):
        (embedded,) = signatures_of(signed_pdf())

    assert embedded.signer_cert.subject.native["common_name"] == "another council"


def test_signing_a_fifteen_page_pdf_takes_well_under_half_a_second():
    pdf = unsigned_pdf(15)
    sign_pdf(pdf, **SIGNER, signed_at=SIGNED_AT)  # the key is loaded once, then cached
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        sign_pdf(pdf, **SIGNER, signed_at=SIGNED_AT)
        timings.append(time.perf_counter() - started)

    assert statistics.median(timings) < 0.5


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
