"""Publishing a plan and a progress report: the PDF passes the EqIA PDF's checks (tagged, fonts
embedded, PDF/A-3 metadata, a signature pdfsig finds valid), the Word file opens with
python-docx and holds the three-column table, and both are on the public pages, which need no
sign-in and show nothing unpublished."""

import io
import re
import shutil
import subprocess

import docx
import pytest
from django.urls import reverse

from plans.lifecycle import plan_publish
from plans.models import PlanState, RoundState
from plans.progress import progress_write, round_approve, round_publish
from tests.page import h1, table_rows, text_of
from tests.plans_factories import adopted, open_round, small_plan, status
from tests.rendered_pdfs import reader


@pytest.fixture
def published(reviewer, colleague):
    """An adopted plan with its 2026 round written, approved and published, and the plan
    published too."""
    small = adopted(small_plan(reviewer, colleague), reviewer)
    round = open_round(small, reviewer)
    progress_write(
        round=round,
        action=small.led,
        by=colleague,
        text="Twelve trained.\n\n- six in Housing\n- six in Revenues",
        status=status(),
    )
    progress_write(
        round=round,
        action=small.team_led,
        by=reviewer,
        text="Held in May.",
        status=status("Complete/on schedule to deliver"),
    )
    round_approve(round=round, by=reviewer)
    round = round_publish(round=round, by=reviewer)
    small.plan = plan_publish(plan=small.plan, by=reviewer)
    return small, round


def stored(field) -> bytes:
    with field.open("rb") as file:
        return file.read()


def pdfsig(pdf: bytes, tmp_path) -> str:
    if not shutil.which("pdfsig"):
        pytest.skip("pdfsig (poppler-utils) is not installed: no independent check")
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdfsig", "-nocert", str(path)], capture_output=True, text=True, check=False
    )
    return result.stdout + result.stderr


@pytest.mark.django_db
def test_publishing_issues_a_signed_pdf_a_3a_that_pdfsig_finds_valid(published, tmp_path):
    small, round = published
    for owner in (small.plan, round):
        pdf = stored(owner.signed_pdf)
        root = reader(pdf).root
        assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
        assert str(root["/Lang"]) == "en-GB"
        metadata = root["/Metadata"].get_object().data.decode("utf-8")
        assert re.search(r"pdfaid:part(>|=[\"'])3\b", metadata)
        assert re.search(r"pdfaid:conformance(>|=[\"'])A\b", metadata)
        output = pdfsig(pdf, tmp_path)
        assert "Signature Validation: Signature is Valid." in output
        assert "Total document signed" in output
        assert (
            "Signer full Distinguished Name" in output or "Signer Certificate Common Name" in output
        )


@pytest.mark.django_db
def test_every_font_of_the_published_pdf_is_embedded_liberation_sans(published):
    small, round = published
    pdf = stored(round.signed_pdf)
    fonts = {}
    for page in reader(pdf).root["/Pages"]["/Kids"]:
        for font in page.get_object()["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font["/DescendantFonts"][0].get_object()
    assert fonts
    for name, descendant in fonts.items():
        assert "Liberation-Sans" in name
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object(), f"{name} not embedded"


@pytest.mark.django_db
def test_the_report_word_file_holds_the_three_column_progress_table(published):
    _, round = published
    document = docx.Document(io.BytesIO(stored(round.docx)))

    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Agreed actions", "Progress \u2013 2026", "Status"]
    assert rows[1] == [
        "We will look after the mental health of our staff.",
        "We will look after the mental health of our staff.",
        "We will look after the mental health of our staff.",
    ]  # the objective heads its actions, across the three columns
    assert rows[2][0] == "Train Mental Health First Aiders"
    assert rows[2][2] == "Ongoing/remain included in action plan"
    bullets = [p.text for p in table.rows[2].cells[1].paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["six in Housing", "six in Revenues"]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["As an Employer", "Connections to other plans"]


@pytest.mark.django_db
def test_a_published_round_is_frozen(published, colleague):
    from core.refusals import Refused

    small, round = published
    assert round.state == RoundState.PUBLISHED
    with pytest.raises(Refused, match="The 2026 round is published"):
        progress_write(round=round, action=small.led, by=colleague, text="x", status=status())


@pytest.mark.django_db
def test_anyone_reads_the_published_report_and_downloads_its_pdf_and_word_file(client, published):
    small, round = published
    response = client.get(reverse("equality_plans:report", args=[small.plan.slug, 2026]))

    assert response.status_code == 200
    assert h1(response) == "Progress report 2026"
    assert table_rows(response, "Progress on the agreed actions")[0] == [
        "Agreed actions",
        "Progress \u2013 2026",
        "Status",
    ]
    assert "six in Housing" in text_of(response)
    pdf = client.get(reverse("equality_plans:report_file", args=[small.plan.slug, 2026, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content == stored(round.signed_pdf)
    word = client.get(reverse("equality_plans:report_file", args=[small.plan.slug, 2026, "docx"]))
    assert word.content == stored(round.docx)
    plan_page = client.get(reverse("equality_plans:plan", args=[small.plan.slug]))
    assert "Train Mental Health First Aiders" in text_of(plan_page)
    plan_pdf = client.get(reverse("equality_plans:plan_file", args=[small.plan.slug, "pdf"]))
    assert plan_pdf.content == stored(small.plan.signed_pdf)


@pytest.mark.django_db
def test_inside_the_service_a_published_document_is_the_signed_file_kept(
    client, published, auditor
):
    small, round = published
    client.force_login(auditor)
    pdf = client.get(reverse("plans:round_document", args=[small.plan.slug, 2026, "pdf"]))
    assert pdf.content == stored(round.signed_pdf)
    word = client.get(reverse("plans:document", args=[small.plan.slug, "docx"]))
    assert word.content == stored(small.plan.docx)


@pytest.mark.django_db
def test_nothing_unpublished_is_public(client, reviewer, colleague):
    small = adopted(small_plan(reviewer, colleague), reviewer)
    open_round(small, reviewer)

    assert small.plan.state == PlanState.ADOPTED
    for url in (
        reverse("equality_plans:plan", args=[small.plan.slug]),
        reverse("equality_plans:plan_file", args=[small.plan.slug, "pdf"]),
        reverse("equality_plans:report", args=[small.plan.slug, 2026]),
        reverse("equality_plans:report_file", args=[small.plan.slug, 2026, "docx"]),
    ):
        assert client.get(url).status_code == 404, url
    assert "No plan or progress report has been published yet." in text_of(
        client.get(reverse("equality_plans:index"))
    )
