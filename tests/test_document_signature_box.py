"""The box kept for the visible signature: at the end of the sign-off section, below the
attestation and the sign-off details on the same page (never alone on a page), found by the
signer through its named destination."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from eqia.models import Assessment, Part
from tests.assessment_factories import add_content_entry
from tests.rendered_pdfs import (
    make_complete,
    needs_poppler,
    page_count,
    page_texts,
    reader,
    sign_off,
    signed_with_an_action,
)
from workflow.documents.render import (
    PAGE_MARGINS_MM,
    SIGNATURE_ANCHOR,
    SIGNATURE_BOX_MM,
    render_assessment_pdf,
)
from workflow.documents.signing import sign_pdf, signature_place

MM = 72 / 25.4  # PDF points in a millimetre
WORD_BOX = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
A4_POINTS = (595.28, 841.89)


@pytest.fixture
def signed(owner, colleague, reviewer, signoff_officer, monkeypatch):
    return signed_with_an_action(owner, colleague, reviewer, signoff_officer, monkeypatch)


def words_on_page(pdf: bytes, number: int, tmp_path: Path) -> list[tuple]:
    """Every word of one page (numbered from 1) with its box in points, from the top-left."""
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(number), "-l", str(number), str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return [
        (text, float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, text in WORD_BOX.findall(html)
    ]


def the_box(pdf: bytes) -> tuple[int, tuple[float, float, float, float]]:
    """The page (numbered from 1) of the named destination SIGNATURE_ANCHOR, and the box there
    as (left, top, right, bottom) in points from the page's top-left corner."""
    page, (left, bottom, right, top) = signature_place(
        IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    )
    assert page >= 0, "the PDF has no signature-box destination"
    return page + 1, (left, A4_POINTS[1] - top, right, A4_POINTS[1] - bottom)


def assert_box_is_empty_and_drawn(pdf: bytes, tmp_path: Path) -> int:
    """The box: exactly SIGNATURE_BOX_MM's size, its border drawn on its edges (read from the
    page at 144 dpi), no word inside; the page number."""
    from PIL import Image

    number, (left, top, right, bottom) = the_box(pdf)
    _, _, width, height = SIGNATURE_BOX_MM
    assert right - left == pytest.approx(width * MM, abs=0.01)
    assert bottom - top == pytest.approx(height * MM, abs=0.01)
    words = words_on_page(pdf, number, tmp_path)
    inside = [w for w in words if w[1] < right and w[3] > left and w[2] < bottom and w[4] > top]
    assert inside == []

    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    for old in tmp_path.glob("page*.pgm"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "144", "-gray", "-f", str(number), "-l", str(number)]
        + [str(path), str(tmp_path / "page")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("page*.pgm")))
    scale = image.width / A4_POINTS[0]

    def dark(x_pt: float, y_pt: float) -> bool:
        return image.getpixel((round(x_pt * scale), round(y_pt * scale))) < 200

    def edge(x_pt: float, y_pt: float, *, across_x: bool) -> bool:
        """A dark pixel within a point of the place (a pixel at 144 dpi is half a point)."""
        steps = [-1, -0.5, 0, 0.5, 1]
        if across_x:
            return any(dark(x_pt + step, y_pt) for step in steps)
        return any(dark(x_pt, y_pt + step) for step in steps)

    middle_x, middle_y = (left + right) / 2, (top + bottom) / 2
    assert edge(left, middle_y, across_x=True) and edge(right, middle_y, across_x=True)
    assert edge(middle_x, top, across_x=False) and edge(middle_x, bottom, across_x=False)
    assert not dark(left + 3, middle_y) and not dark(middle_x, middle_y)
    assert not dark(left - 3, middle_y) and not dark(middle_x, bottom + 3)
    return number


def body_words_above(pdf: bytes, number: int, top: float, tmp_path: Path) -> list[str]:
    """The words of the page's body (not its running header) above ``top``, but for the
    block's own heading."""
    return [
        w[0]
        for w in words_on_page(pdf, number, tmp_path)
        if PAGE_MARGINS_MM[0] * MM < w[2] and w[4] < top and w[0] not in ("Digital", "signature")
    ]


@needs_poppler
@pytest.mark.django_db
def test_the_box_closes_the_sign_off_section_with_the_attestation_on_its_page(signed, tmp_path):
    _, pdf = signed
    number = assert_box_is_empty_and_drawn(pdf, tmp_path)
    page = page_texts(pdf, tmp_path)[number - 1]
    assert "I have read this assessment in full" in page
    assert "Signed off by Sam Sinclair Role Sign-off officer" in page
    assert page.index("Machine-readable copy") < page.index("Digital signature")
    # The audit trail follows, on pages of its own.
    assert number < page_count(pdf)
    assert page_texts(pdf, tmp_path)[number].startswith("Appendix: audit trail")


@needs_poppler
@pytest.mark.django_db
def test_a_long_audit_trail_leaves_the_box_where_it_was(signed, tmp_path):
    assessment, pdf = signed
    before = the_box(pdf)
    for number in range(60):
        add_content_entry(assessment, by=assessment.created_by, part=list(Part)[number % 9])

    longer = render_assessment_pdf(Assessment.objects.get(pk=assessment.pk))

    assert page_count(longer) > page_count(pdf)
    assert the_box(longer) == before


@needs_poppler
@pytest.mark.django_db
@pytest.mark.parametrize("paragraphs", [6, 14, 22])
def test_a_long_sign_off_comment_never_leaves_the_box_alone_on_a_page(
    owner, reviewer, signoff_officer, monkeypatch, paragraphs, tmp_path
):
    """However far down the page the sign-off details end, the box's page carries some of
    them above it."""
    assessment, _ = make_complete(owner)
    comment = "\n\n".join(
        f"Point {number}: the Cabinet report sets out how the hardship fund is paid for."
        for number in range(paragraphs)
    )
    _, pdf = sign_off(
        assessment,
        owner=owner,
        reviewer=reviewer,
        signoff=signoff_officer,
        monkeypatch=monkeypatch,
        comment=comment,
    )
    number = assert_box_is_empty_and_drawn(pdf, tmp_path)
    _, (_, top, _, _) = the_box(pdf)
    assert len(body_words_above(pdf, number, top, tmp_path)) >= 5


@needs_poppler
@pytest.mark.django_db
def test_signing_stamps_the_signature_into_the_box(signed, tmp_path):
    _, pdf = signed
    number, (left, top, right, bottom) = the_box(pdf)
    signed_pdf = sign_pdf(
        pdf,
        signer_name="Sam Sinclair",
        signer_role="Head of Housing, sign-off officer",
        signed_at=Assessment.objects.get().signed_off_at,
    )
    document = reader(signed_pdf)
    page = document.root["/Pages"]
    pages = []

    def walk(node):
        node = node.get_object()
        if node["/Type"] == "/Pages":
            for kid in node["/Kids"]:
                walk(kid)
        else:
            pages.append(node)

    walk(page)
    widgets = [
        (index, annotation.get_object())
        for index, candidate in enumerate(pages, start=1)
        for annotation in candidate.get("/Annots", [])
        if annotation.get_object().get("/FT") == "/Sig"
    ]
    assert [index for index, _ in widgets] == [number]
    rect = [float(value) for value in widgets[0][1]["/Rect"]]
    assert rect == pytest.approx([left, A4_POINTS[1] - bottom, right, A4_POINTS[1] - top], abs=0.01)
    text = page_texts(signed_pdf, tmp_path)[number - 1]
    assert "Signed by Sam Sinclair, Head of Housing, sign-off officer" in text


@needs_poppler
@pytest.mark.django_db
def test_the_box_is_a_named_destination_of_the_rendered_pdf(owner):
    assessment, _ = make_complete(owner)
    pdf = render_assessment_pdf(assessment)
    names = reader(pdf).root["/Names"]["/Dests"]["/Names"]
    assert SIGNATURE_ANCHOR in [str(names[i]) for i in range(0, len(names), 2)]


@needs_poppler
@pytest.mark.django_db
def test_a_council_name_with_quotes_or_markup_still_heads_every_page(owner, settings, tmp_path):
    settings.EQIA_COUNCIL_NAME = 'Borough of "Quotes" \\ </style> & Co'
    assessment, _ = make_complete(owner)
    pdf = render_assessment_pdf(assessment)
    pages = page_texts(pdf, tmp_path)
    for text in pages:
        assert text.count('Borough of "Quotes" \\ </style> & Co') >= 1
    assert str(reader(pdf).trailer["/Info"]["/Author"]) == settings.EQIA_COUNCIL_NAME
