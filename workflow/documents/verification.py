"""Checking a signed EqIA PDF: is it the untouched file this system issued?

The checks, in order, each adding its problem when it fails: the file is a PDF; it is signed;
each signature matches the bytes it covers; the signature covers the whole file (nothing was
appended after signing); the signing certificate chains to EQIA_SIGNING_TRUST_ROOTS; and the
file's SHA-256 is that of a signed assessment on record.
"""

import datetime
import hashlib
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import pem, x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import dateformat, timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    SignatureCoverageLevel,
    validate_pdf_signature,
)
from pyhanko_certvalidator import ValidationContext

from core.logging import security_event
from eqia.models import Assessment
from workflow.documents.sandbox import run_limited

logger = logging.getLogger(__name__)

# Where a PDF reader looks for the %PDF- header.
PDF_HEADER_WINDOW = 1024


class Problem(models.TextChoices):
    """What can be wrong with a file offered as a signed EqIA: a fixed code and its words."""

    NOT_A_PDF = "not a PDF", "The file is not a PDF, or it is too damaged to read."
    NOT_SIGNED = "not signed", "The PDF has no digital signature."
    SIGNATURE_MISMATCH = (
        "signature does not match",
        "The signed content has been changed since it was signed: the signature does not match it.",
    )
    MODIFIED_AFTER_SIGNING = (
        "modified after signing",
        "Something was added to the file after it was signed, so what it shows may not be "
        "what was signed.",
    )
    UNKNOWN_CERTIFICATE = (
        "unknown certificate",
        "The signature was not made with this organisation's signing certificate.",
    )
    NOT_ISSUED_HERE = (
        "not issued by this system",
        "This exact file is not the signed PDF of any assessment on record.",
    )
    COULD_NOT_BE_CHECKED = (
        "could not be checked",
        "The file could not be checked: reading it safely needs more memory or time than a "
        "signed EqIA ever does. Nothing is known of its signature.",
    )


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one file. ``valid`` when nothing is wrong with it."""

    problems: list[Problem] = field(default_factory=list)
    sha256: str = ""
    signer: str = ""  # the signing officer named in the signature, else the certificate's
    certificate: str = ""  # the signing certificate's common name
    signed_at: datetime.datetime | None = None  # as the signature claims (no timestamp)
    assessment_id: int | None = None
    policy_reference: str = ""
    policy_title: str = ""
    version: int | None = None

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def matched(self) -> bool:
        return self.assessment_id is not None

    @property
    def assessment_label(self) -> str:
        return f"{self.policy_reference} EqIA v{self.version}" if self.matched else ""

    @property
    def signed_at_display(self) -> str:
        """25 November 2026 14:02 UK time: times are shown to people in UK time everywhere."""
        if self.signed_at is None:
            return ""
        return dateformat.format(timezone.localtime(self.signed_at), "j F Y H:i") + " UK time"

    @property
    def signed_at_uk(self) -> str:
        """25 November 2026, 14:02 (UK time, as pages show times)"""
        if self.signed_at is None:
            return ""
        return dateformat.format(timezone.localtime(self.signed_at), "j F Y, H:i")

    def summary(self) -> str:
        """One line in words: what the file is, or everything wrong with it."""
        if self.valid:
            return (
                f"Valid: {self.assessment_label}, signed by {self.signer} "
                f"on {self.signed_at_display}"
            )
        problems = " ".join(Problem(problem).label for problem in self.problems)
        return f"Not valid: {problems}"

    def as_json(self) -> dict[str, object]:
        return {
            "valid": self.valid,
            "problems": [str(problem) for problem in self.problems],
            "signer": self.signer,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "policy": self.policy_reference or None,
            "version": self.version,
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class Examination:
    """What the file itself says, read without the database: its problems and who signed it."""

    problems: list[Problem] = field(default_factory=list)
    signer: str = ""
    certificate: str = ""
    signed_at: datetime.datetime | None = None


# No signed EqIA has more objects than this (they have a few hundred): a cross-reference
# table claiming more is built to exhaust the reader, and is not read at all.
MAX_DECLARED_OBJECTS = 200_000
DECLARED_SIZE = re.compile(rb"/Size\s+(\d{1,20})")


class TooBigToRead(Exception):
    """The file declares more than any signed EqIA holds: it is not read."""


def examine(data: bytes, roots: list[x509.Certificate]) -> Examination:
    """Read the file and check its signatures. Every field of the file is untrusted: any
    failure to read one is a verdict about the file, never an error of the service. Running
    out of memory is not caught here: the sandbox answers it ("could not be checked")."""
    if any(int(size) > MAX_DECLARED_OBJECTS for size in DECLARED_SIZE.findall(data)):
        raise TooBigToRead(f"a cross-reference table of more than {MAX_DECLARED_OBJECTS}")
    try:
        reader = _read_pdf(data)
        fields = sorted(_signature_fields(reader), key=lambda found: found[0])
    except MemoryError:
        raise
    except Exception as error:  # a file from anywhere: any failure to parse it means "not a PDF"
        logger.info("An offered file could not be read as a PDF: %r", error)
        return Examination(problems=[Problem.NOT_A_PDF])
    problems: list[Problem] = []
    signer = certificate = ""
    signed_at = None
    if not fields:
        problems.append(Problem.NOT_SIGNED)
    for index, (_, embedded) in enumerate(fields):
        if embedded is None:
            problems.append(Problem.SIGNATURE_MISMATCH)
            continue
        try:
            if index == 0:  # the oldest signature: the one this system applied
                certificate = _common_name(embedded.signer_cert)
                signer = _signer_name(embedded) or certificate
                signed_at = _claimed_time(embedded)
            problems.extend(_signature_problems(embedded, roots))
        except MemoryError:
            raise
        except Exception as error:  # a malformed date, name or certificate in the signature
            logger.info("A signature's fields could not be read: %r", error)
            problems.append(Problem.SIGNATURE_MISMATCH)
    return Examination(problems, signer, certificate, signed_at)


def verify_pdf_bytes(data: bytes) -> Verdict:
    """Check a file offered as a signed EqIA and say, in a Verdict, what is wrong with it.

    The file is read in a child process with a memory and a time limit (workflow/documents/
    sandbox.py): a file built to exhaust the server is answered "could not be checked".
    """
    sha256 = hashlib.sha256(data).hexdigest()
    roots = trust_roots()  # a configuration problem is the operator's, not the file's
    examination = run_limited(examine, data, roots)
    if examination is None:
        security_event("signed PDF could not be checked", sha256=sha256, size=len(data))
        return Verdict(problems=[Problem.COULD_NOT_BE_CHECKED], sha256=sha256)
    problems = list(examination.problems)
    assessment = (
        Assessment.objects.filter(signed_pdf_sha256=sha256).select_related("policy").first()
    )
    if assessment is None and Problem.NOT_A_PDF not in problems:
        problems.append(Problem.NOT_ISSUED_HERE)
    if problems:
        security_event(
            "signed PDF check failed", sha256=sha256, problems=[str(p) for p in problems]
        )
    return Verdict(
        problems=sorted(set(problems), key=list(Problem).index),
        sha256=sha256,
        signer=examination.signer,
        certificate=examination.certificate,
        signed_at=examination.signed_at,
        assessment_id=assessment.pk if assessment else None,
        policy_reference=assessment.policy.reference if assessment else "",
        policy_title=assessment.policy.title if assessment else "",
        version=assessment.version if assessment else None,
    )


def _read_pdf(data: bytes) -> PdfFileReader:
    if b"%PDF-" not in data[:PDF_HEADER_WINDOW]:
        raise ValueError("no %PDF- header")
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    if reader.encrypted:
        raise ValueError("the PDF is encrypted, and no signed EqIA is")
    return reader


def _signature_fields(
    reader: PdfFileReader,
) -> Iterator[tuple[int, EmbeddedPdfSignature | None]]:
    """Each filled signature field with the revision it was signed in, and the signature, or
    None when its signature cannot be read (pyHanko's collect_embedded_signatures would fail
    on the whole file instead)."""
    for name, _, field_ref in enumerate_sig_fields(reader, filled_status=True):
        try:
            embedded = EmbeddedPdfSignature(reader, field_ref, name)
        except Exception as error:  # damaged signature data: whatever the error, it is broken
            logger.info("Signature %s could not be read: %r", name, error)
            yield 0, None
        else:
            yield embedded.signed_revision, embedded


def _signature_problems(
    embedded: EmbeddedPdfSignature, roots: list[x509.Certificate]
) -> list[Problem]:
    try:
        status = validate_pdf_signature(
            embedded,
            signer_validation_context=validation_context(roots, at=_claimed_time(embedded)),
            # Any change after signing is a problem, whatever its kind: no need to classify it.
            skip_diff=True,
        )
    except Exception as error:  # a signature pyHanko cannot evaluate is not a valid one
        logger.info("A signature could not be validated: %r", error)
        return [Problem.SIGNATURE_MISMATCH]
    problems = []
    if not (status.intact and status.valid):
        problems.append(Problem.SIGNATURE_MISMATCH)
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problems.append(Problem.MODIFIED_AFTER_SIGNING)
    # Asked of the certificate alone (pyHanko's `trusted` also needs the content intact).
    if status.trust_problem_indic is not None or status.validation_path is None:
        problems.append(Problem.UNKNOWN_CERTIFICATE)
    return problems


def validation_context(
    roots: list[x509.Certificate], *, at: datetime.datetime | None = None
) -> ValidationContext:
    """Trust only the configured roots; fetch nothing (there is no network), so revocation is
    not checked.

    The chain is checked as at the signing time the signature claims, as PDF readers do when a
    signature has no timestamp: an EqIA stays valid after the organisation's certificate has
    expired. A file's SHA-256 on record is what ties it to a real sign-off.
    """
    return ValidationContext(
        trust_roots=roots,
        allow_fetching=False,
        revocation_mode="soft-fail",
        moment=at,
    )


def trust_roots() -> list[x509.Certificate]:
    """The certificates in the PEM (or DER) files named by EQIA_SIGNING_TRUST_ROOTS."""
    paths = settings.EQIA_SIGNING_TRUST_ROOTS
    if isinstance(paths, str):
        paths = [paths]
    if not paths:
        raise ImproperlyConfigured(
            "No trust roots are configured, so no signature can be trusted: set "
            "EQIA_SIGNING_TRUST_ROOTS to the signing certificate's CA certificate (PEM)."
        )
    roots = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise ImproperlyConfigured(
                f"The trust root file {path} (EQIA_SIGNING_TRUST_ROOTS) cannot be read: "
                f"{error.strerror}."
            ) from None
        try:
            ders = (
                [der for _, _, der in pem.unarmor(data, multiple=True)]
                if pem.detect(data)
                else [data]
            )
            certificates = [x509.Certificate.load(der) for der in ders]
            for certificate in certificates:
                _ = certificate.native  # asn1crypto parses lazily: parse now, to fail here
        except ValueError as error:
            raise ImproperlyConfigured(
                f"The trust root file {path} (EQIA_SIGNING_TRUST_ROOTS) does not hold "
                f"certificates: {error}"
            ) from None
        if not certificates:
            raise ImproperlyConfigured(
                f"The trust root file {path} (EQIA_SIGNING_TRUST_ROOTS) holds no certificate."
            )
        roots.extend(certificates)
    return roots


def _claimed_time(embedded: EmbeddedPdfSignature) -> datetime.datetime | None:
    claimed = embedded.self_reported_timestamp
    return claimed.astimezone(datetime.UTC) if claimed else None


def _signer_name(embedded: EmbeddedPdfSignature) -> str:
    name = embedded.sig_object.get("/Name")
    return str(name) if name else ""


def _common_name(certificate: x509.Certificate) -> str:
    return str(certificate.subject.native.get("common_name", "")) or (
        certificate.subject.human_friendly
    )
