"""What the rendered-PDF tests share: signed assessments with their PDFs, and reading the PDF's
parts and pages."""

import datetime
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from eqia.models import Assessment, Characteristic, Impact
from tests.assessment_factories import add_action, make_assessment
from tests.factories import make_policy, make_service_area
from workflow.documents.render import render_assessment_pdf
from workflow.services import make_move

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason="pdftotext and pdftoppm (poppler-utils) are not installed: the page text and "
    "the signature box cannot be read from the rendered pages",
)


def sign_off(
    assessment,
    *,
    owner,
    reviewer,
    signoff,
    late_explanation="",
    monkeypatch,
    comment="Agreed at the directorate meeting.",
):
    """Take a complete draft through the workflow to sign-off. The PDF is rendered where
    sign-off issues it: inside the sign-off transaction, once the content is frozen and the
    sign-off is on the audit trail (signing itself is another module's business)."""
    rendered: list[bytes] = []
    monkeypatch.setattr(
        "workflow.moves.issue_signed_pdf",
        lambda signed: rendered.append(render_assessment_pdf(signed)),
    )
    assessment = make_move("submit", assessment=assessment, by=owner)
    assessment = make_move("start_review", assessment=assessment, by=reviewer)
    assessment = make_move(
        "approve", assessment=assessment, by=reviewer, data={"comment": "Well evidenced."}
    )
    if late_explanation:
        Assessment.objects.filter(pk=assessment.pk).update(
            planned_decision_date=timezone.localdate() - datetime.timedelta(days=10)
        )
    assessment = make_move(
        "sign_off",
        assessment=assessment,
        by=signoff,
        data={
            "comment": comment,
            "late_explanation": late_explanation,
            "attestation": bool(settings.EQIA_ATTESTATION),
            "attestation_text": settings.EQIA_ATTESTATION,
        },
    )
    assert len(rendered) == 1
    return Assessment.objects.get(pk=assessment.pk), rendered[0]


def make_complete(owner, *, reference="POL-001", covenant=True, **fields):
    policy = make_policy(
        reference=reference,
        title="Housing allocations",
        owner=owner,
        service_area=make_service_area("Housing"),
        covenant_functions=["housing"] if covenant else [],
    )
    fields.setdefault("planned_decision_date", timezone.localdate() + datetime.timedelta(days=90))
    if not covenant:
        fields.update(
            covenant_functions_in_scope=[],
            covenant_unique_obligations="",
            covenant_removing_disadvantage="",
            covenant_special_provision="",
        )
    assessment = make_assessment(policy, by=owner, complete=True, **fields)
    poverty = Characteristic.objects.get(name__startswith="Poverty")
    row = assessment.impacts.get(characteristic=poverty)
    row.impact = Impact.NEGATIVE
    row.evidence = "Households on low incomes are more likely to fall into arrears."
    row.mitigation = "A hardship fund covers deposits and removal costs."
    row.save()
    return assessment, poverty


def signed_with_an_action(owner, colleague, reviewer, signoff_officer, monkeypatch):
    """A complete assessment with one action, signed off: the assessment and its PDF."""
    assessment, poverty = make_complete(owner)
    add_action(
        assessment,
        owner=colleague,
        description="Survey households in temporary accommodation",
        due_date=datetime.date(2027, 3, 31),
        characteristics=[poverty],
    )
    return sign_off(
        assessment,
        owner=owner,
        reviewer=reviewer,
        signoff=signoff_officer,
        monkeypatch=monkeypatch,
    )


def reader(pdf: bytes) -> PdfFileReader:
    return PdfFileReader(io.BytesIO(pdf))


def embedded_files(pdf: bytes) -> dict[str, object]:
    names = reader(pdf).root["/Names"]["/EmbeddedFiles"]["/Names"]
    return {str(names[i]): names[i + 1].get_object() for i in range(0, len(names), 2)}


def attached_json(pdf: bytes, name: str) -> dict:
    filespec = embedded_files(pdf)[name]
    return json.loads(filespec["/EF"]["/F"].get_object().data.decode("utf-8"))


def page_count(pdf: bytes) -> int:
    return int(reader(pdf).root["/Pages"]["/Count"])


def page_texts(pdf: bytes, tmp_path: Path) -> list[str]:
    """Each page's text in drawing order, lines rejoined (words wrap only at spaces or after
    a hyphen), whitespace collapsed."""
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    texts = []
    for number in range(1, page_count(pdf) + 1):
        raw = subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", "-f", str(number), "-l", str(number)]
            + [str(path), "-"],
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
        texts.append(" ".join(raw.replace("-\n", "-").split()))
    return texts
