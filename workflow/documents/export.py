"""Signed PDFs for an auditor's records: a folder or a zip, with a manifest of what is in it."""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

from core.people import display_name
from core.spreadsheets import add_formula_guard
from eqia.models import Assessment
from workflow.documents.issue import signed_pdf_filename

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = [
    "file",
    "policy reference",
    "title",
    "version",
    "signed by",
    "signed at",
    "SHA-256",
]


def manifest_row(assessment: Assessment) -> list[str]:
    """The PDF's line: the policy as it was signed (a title changed since does not reach the
    manifest), every cell guarded so that a spreadsheet cannot run it as a formula."""
    signed = (assessment.frozen_content or {}).get("policy", {})
    sign_off = (assessment.frozen_content or {}).get("sign_off") or {}
    cells = [
        signed_pdf_filename(assessment),
        signed.get("reference") or assessment.policy.reference,
        signed.get("title") or assessment.policy.title,
        str(assessment.version),
        sign_off.get("by") or display_name(assessment.signed_off_by),
        assessment.signed_off_at.astimezone(datetime.UTC).isoformat()
        if assessment.signed_off_at
        else "",
        assessment.signed_pdf_sha256,
    ]
    return [add_formula_guard(cell) for cell in cells]


def manifest_csv(assessments: Iterable[Assessment]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(MANIFEST_COLUMNS)
    writer.writerows(manifest_row(assessment) for assessment in assessments)
    return buffer.getvalue()


def export_to_folder(assessments: Iterable[Assessment], out_dir: Path) -> int:
    """Write each signed PDF and manifest.csv into out_dir; returns how many PDFs."""
    assessments = list(assessments)
    out_dir.mkdir(parents=True, exist_ok=True)
    for assessment in assessments:
        with assessment.signed_pdf.open("rb") as stored:
            (out_dir / signed_pdf_filename(assessment)).write_bytes(stored.read())
    (out_dir / MANIFEST_NAME).write_text(manifest_csv(assessments), encoding="utf-8")
    return len(assessments)


def export_to_zip(assessments: Iterable[Assessment], target: io.BufferedIOBase) -> int:
    assessments = list(assessments)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for assessment in assessments:
            with assessment.signed_pdf.open("rb") as stored:
                archive.writestr(signed_pdf_filename(assessment), stored.read())
        archive.writestr(MANIFEST_NAME, manifest_csv(assessments))
    return len(assessments)
