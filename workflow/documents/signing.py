"""Signing an assessment's rendered PDF: a PAdES signature with a visible signature block.

The key is the organisation's PKCS#12 file (EQIA_SIGNING_PKCS12, opened with
EQIA_SIGNING_PASSPHRASE); `python manage.py create_signing_key` makes a development one.

The signature is a certification (DocMDP "no changes") PAdES baseline B-B signature
(ETSI.CAdES.detached, SHA-256) over the whole file, in a new signature field placed over the
empty box the renderer leaves for it: the named destination render.SIGNATURE_ANCHOR says its
page and top-left corner, render.SIGNATURE_BOX_MM its size (a PDF without that destination is
signed on its last page, at SIGNATURE_BOX_MM). No timestamp server is used: none is
reachable, so the signing time is the one the signature claims (the sign-off time).

The visible block is typeset by WeasyPrint and placed as the widget's appearance, so its font is
embedded like every other font of the PDF/A document. pyHanko's own text stamps embed a font only
with uharfbuzz installed, which this project does without; its fallback font (Courier, not
embedded) would break PDF/A.
"""

import datetime
import functools
import html
import io
import os
from typing import Any

import weasyprint
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.utils import timezone
from pyhanko.pdf_utils import content, generic, layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.stamp import StaticStampStyle

from workflow.documents.render import SIGNATURE_ANCHOR, SIGNATURE_BOX_MM

SIGNATURE_FIELD_NAME = "EqIASignOff"
DEFAULT_REASON = "EqIA signed off"
POINTS_PER_MM = 72 / 25.4


class SigningError(Exception):
    """The PDF could not be signed; the message says why, in words."""


def sign_pdf(
    pdf: bytes,
    *,
    signer_name: str,
    signer_role: str,
    signed_at: datetime.datetime,
    reason: str = DEFAULT_REASON,
    location: str | None = None,
) -> bytes:
    """The PDF with a visible PAdES signature by the configured key, as at ``signed_at``.

    ``signer_name`` and ``signer_role`` are the signing officer's, shown in the signature block
    and recorded as the signature's /Name; the certificate is the organisation's.
    Raises SigningError when the key cannot be used or the PDF cannot be read.
    """
    if signed_at.utcoffset() is None:
        raise ValueError("signed_at must be timezone-aware")
    signed_at = signed_at.astimezone(datetime.UTC).replace(microsecond=0)
    signer = configured_signer()
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfReadError, ValueError) as error:
        raise SigningError(f"The rendered PDF could not be read for signing: {error}") from error

    page, box = signature_place(writer)
    width, height = box[2] - box[0], box[3] - box[1]
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD_NAME,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=signer_name,
        certify=True,
        docmdp_permissions=MDPPerm.NO_CHANGES,
    )
    pdf_signer = _PdfSignerAt(
        metadata,
        signer=signer,
        signing_time=signed_at,
        stamp_style=StaticStampStyle(
            background=_PdfPage(
                signature_block_pdf(
                    stamp_lines(signer_name, signer_role, signed_at, reason),
                    width_mm=width / POINTS_PER_MM,
                    height_mm=height / POINTS_PER_MM,
                )
            ),
            border_width=0,
            # The block is typeset at the box's size: place it as it is, filling the box.
            background_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MID,
                y_align=layout.AxisAlignment.ALIGN_MID,
                inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT,
            ),
        ),
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=SIGNATURE_FIELD_NAME,
            on_page=page,
            box=box,  # type: ignore[arg-type]  # pyHanko writes reals; its annotation says int
        ),
    )
    try:
        return pdf_signer.sign_pdf(writer).getvalue()
    except PyHankoSigningError as error:  # e.g. a PDF already signed, which allows no changes
        raise SigningError(f"The PDF could not be signed: {error}") from error


def stamp_lines(
    signer_name: str, signer_role: str, signed_at: datetime.datetime, reason: str
) -> list[str]:
    """The words of the visible signature block."""
    local = timezone.localtime(signed_at)
    return [
        f"Signed by {signer_name}, {signer_role}",
        f"{local.day} {local:%B %Y, %H:%M} UK time",
        reason,
    ]


def signature_block_pdf(lines: list[str], *, width_mm: float, height_mm: float) -> bytes:
    """A one-page PDF the size of the signature box with the block's text, fonts embedded."""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return weasyprint.HTML(
        string=(
            '<!DOCTYPE html><html lang="en-GB"><head><style>'
            f"@page {{ size: {width_mm:.2f}mm {height_mm:.2f}mm; margin: 0 }}"
            "html, body { margin: 0; height: 100% }"
            # The renderer draws the box's border; this is only what goes inside it.
            "body { box-sizing: border-box; padding: 2.5mm 3mm;"
            " font: 9pt/1.35 'Liberation Sans', Arial, sans-serif; color: #0b0c0c }"
            "p { margin: 0; overflow-wrap: anywhere }"
            f"</style></head><body>{paragraphs}</body></html>"
        )
    ).write_pdf()


def configured_signer() -> signers.SimpleSigner:
    """The signer for the configured PKCS#12 key, loaded once per version of the file."""
    path = settings.EQIA_SIGNING_PKCS12
    if not path:
        raise SigningError(
            "No signing key is configured: set EQIA_SIGNING_PKCS12 and EQIA_SIGNING_PASSPHRASE "
            "(python manage.py create_signing_key makes a development key)."
        )
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        raise SigningError(f"The signing key file {path} does not exist.") from None
    except OSError as error:
        raise SigningError(
            f"The signing key file {path} cannot be read: {error.strerror}."
        ) from None
    return _load_signer(path, stat.st_mtime_ns, stat.st_size, settings.EQIA_SIGNING_PASSPHRASE)


@functools.lru_cache(maxsize=4)
def _load_signer(path: str, mtime_ns: int, size: int, passphrase: str) -> signers.SimpleSigner:
    """Keyed by the file's modification time and size, so a replaced key is read again."""
    try:
        with open(path, "rb") as key_file:
            data = key_file.read()
    except OSError as error:
        raise SigningError(
            f"The signing key file {path} cannot be read: {error.strerror}."
        ) from None
    secret = passphrase.encode() or None
    try:
        key, certificate, _ = pkcs12.load_key_and_certificates(data, secret)
    except ValueError:
        raise SigningError(
            f"The signing key file {path} could not be opened: the passphrase "
            "(EQIA_SIGNING_PASSPHRASE) is wrong, or the file is not a PKCS#12 key."
        ) from None
    if key is None or certificate is None:
        raise SigningError(
            f"The signing key file {path} must hold a private key and its certificate."
        )
    # Certificates that came with the key (the issuing CA) go into the signature, so verifiers
    # can build the chain to their trust roots.
    return signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=secret)


class _PdfSignerAt(signers.PdfSigner):
    """pyHanko takes the signing time from the clock; an EqIA is signed as at its sign-off."""

    def __init__(self, *args: Any, signing_time: datetime.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.signing_time = signing_time

    def init_signing_session(
        self, pdf_out: BasePdfFileWriter, existing_fields_only: bool = False
    ) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self.signing_time
        return session


class _PdfPage(content.PdfContent):
    """The first page of a PDF held in memory, drawn as a form XObject (like pyHanko's
    ImportedPdfPage, which reads from a file)."""

    def __init__(self, pdf: bytes) -> None:
        super().__init__()
        self.pdf = pdf

    def render(self) -> bytes:
        xobject = self._ensure_writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.pdf)))
        self.resources.xobject["/SignatureBlock"] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x2 - x1), height=abs(y2 - y1))
        return b"/SignatureBlock Do"


def signature_place(
    writer: IncrementalPdfFileWriter,
) -> tuple[int, tuple[float, float, float, float]]:
    """The page (its index) and the rectangle (left, bottom, right, top, in points) of the
    signature field: over the box the renderer left (the named destination SIGNATURE_ANCHOR),
    else at SIGNATURE_BOX_MM on the last page."""
    x, y, width, height = (value * POINTS_PER_MM for value in SIGNATURE_BOX_MM)
    anchor = _named_destination(writer, SIGNATURE_ANCHOR)
    if anchor is not None:
        page, left, top = anchor
        return page, (left, top - height, left + width, top)
    left, bottom = _last_page_origin(writer)
    return -1, (left + x, bottom + y, left + x + width, bottom + y + height)


def _named_destination(
    writer: IncrementalPdfFileWriter, name: str
) -> tuple[int, float, float] | None:
    """The page index, left and top of an /XYZ named destination, or None when the document
    has no such destination (or one that does not name a page of it)."""
    try:
        tree = writer.root["/Names"]["/Dests"]
    except KeyError:
        return None
    destination = _name_tree_lookup(tree.get_object(), name)
    if destination is None:
        return None
    destination = destination.get_object()
    if isinstance(destination, generic.DictionaryObject):  # the form { /D [...] }
        destination = destination.get("/D")
    if not isinstance(destination, generic.ArrayObject) or len(destination) < 4:
        return None
    if destination[1] != "/XYZ" or destination[2] is None or destination[3] is None:
        return None
    page_ref = destination.raw_get(0)  # indexing would resolve it to the page itself
    if not isinstance(page_ref, generic.IndirectObject):
        return None
    for index in range(int(writer.root["/Pages"]["/Count"])):
        if writer.find_page_for_modification(index)[0].idnum == page_ref.idnum:
            return index, float(destination[2]), float(destination[3])
    return None


def _name_tree_lookup(node: generic.DictionaryObject, name: str, depth: int = 0) -> Any:
    """The value of ``name`` in a PDF name tree (ISO 32000-1, 7.9.6), or None."""
    if depth > 16:  # a name tree this deep is not WeasyPrint's: refuse to walk it
        return None
    names = node.get("/Names")
    if names is not None:
        names = names.get_object()
        for index in range(0, len(names) - 1, 2):
            if str(names[index]) == name:
                return names[index + 1]
    for kid in node.get("/Kids", []):
        found = _name_tree_lookup(kid.get_object(), name, depth + 1)
        if found is not None:
            return found
    return None


def _last_page_origin(writer: IncrementalPdfFileWriter) -> tuple[float, float]:
    """The bottom-left corner of the last page's MediaBox (0, 0 for WeasyPrint's pages)."""
    page = writer.find_page_for_modification(-1)[0].get_object()
    media_box = page.get("/MediaBox")
    if isinstance(media_box, generic.ArrayObject) and len(media_box) == 4:
        return float(min(media_box[0], media_box[2])), float(min(media_box[1], media_box[3]))
    return 0.0, 0.0
