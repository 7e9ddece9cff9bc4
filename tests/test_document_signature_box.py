"""The room kept for the visible signature on the rendered PDF's last page."""

import itertools
import re
import subprocess
from pathlib import Path

import pytest

from eqia.models import Assessment, Part
from tests.assessment_factories import add_content_entry
from tests.rendered_pdfs import (
    make_complete,
    needs_poppler,
    page_count,
    page_texts,
    reader,
    signed_with_an_action,
)
from workflow.documents.render import PAGE_MARGINS_MM, SIGNATURE_BOX_MM, render_assessment_pdf

MM = 72 / 25.4  # PDF points in a millimetre
WORD_BOX = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
A4_POINTS = (595.28, 841.89)


@pytest.fixture
def signed(owner, colleague, reviewer, signoff_officer, monkeypatch):
    return signed_with_an_action(owner, colleague, reviewer, signoff_officer, monkeypatch)


def words_on_page(pdf: bytes, number: int, tmp_path: Path) -> list[tuple]:
    """Every word of one page with its box in points, from the top-left corner."""
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


def box_in_points() -> tuple[float, float, float, float]:
    """SIGNATURE_BOX_MM as (left, top, right, bottom) in points from the top-left corner."""
    x, y, width, height = SIGNATURE_BOX_MM
    page_height = A4_POINTS[1]
    return x * MM, page_height - (y + height) * MM, (x + width) * MM, page_height - y * MM


def signature_block_words(words: list[tuple]) -> tuple[float, list[tuple]]:
    """The top of the "Digital signature" heading, and every word from there down to the
    foot of the page area in the column of the box (the note beside it excluded)."""
    _, _, box_right, _ = box_in_points()
    page_area_bottom = A4_POINTS[1] - PAGE_MARGINS_MM[2] * MM
    headings = [w for w in words if w[0] == "Digital" and w[1] < PAGE_MARGINS_MM[3] * MM + 2]
    assert headings, "no Digital signature heading at the left of the last page"
    heading_top = headings[-1][2]
    below = [
        w for w in words if w[1] < box_right and w[4] > heading_top and w[2] < page_area_bottom
    ]
    return heading_top, below


def assert_signature_box_is_clear_and_drawn(pdf: bytes, tmp_path: Path) -> None:
    """On the last page: the heading, and nothing else, above the box; no word inside the
    box; its border drawn exactly at SIGNATURE_BOX_MM (read from the page at 144 dpi)."""
    from PIL import Image

    last = page_count(pdf)
    left, top, right, bottom = box_in_points()
    words = words_on_page(pdf, last, tmp_path)
    heading_top, block = signature_block_words(words)
    assert [w[0] for w in block] == ["Digital", "signature"]
    assert heading_top < top
    inside = [w for w in words if w[1] < right and w[3] > left and w[2] < bottom and w[4] > top]
    assert inside == []

    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "144", "-gray", "-f", str(last), "-l", str(last)]
        + [str(path), str(tmp_path / "last")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("last*.pgm")))
    scale = image.width / A4_POINTS[0]

    def dark(x_pt: float, y_pt: float) -> bool:
        return image.getpixel((round(x_pt * scale), round(y_pt * scale))) < 200

    middle_x, middle_y = (left + right) / 2, (top + bottom) / 2
    inset = 0.3  # the 0.75 pt border is drawn just inside the box's edges
    assert dark(left + inset, middle_y) and dark(right - inset, middle_y)
    assert dark(middle_x, top + inset) and dark(middle_x, bottom - inset)
    assert not dark(left + 3, middle_y) and not dark(middle_x, middle_y)
    assert not dark(left - 3, middle_y) and not dark(middle_x, bottom + 3)


@needs_poppler
@pytest.mark.django_db
def test_the_last_page_keeps_the_signature_box_empty_at_its_fixed_place(signed, tmp_path):
    _, pdf = signed
    assert_signature_box_is_clear_and_drawn(pdf, tmp_path)
    assert "Digital signature" in page_texts(pdf, tmp_path)[-1]


def content_above(words: list[tuple], heading_top: float) -> list[tuple]:
    """The words of the page's body (not its running header) above the signature heading."""
    return [w for w in words if PAGE_MARGINS_MM[0] * MM < w[2] and w[4] < heading_top]


def numbered_rows(words: list[tuple]) -> list[tuple[float, str]]:
    """The audit trail's rows on a page: (top, "12.") of each entry's number."""
    return sorted((w[2], w[0]) for w in words if re.fullmatch(r"\d+\.", w[0]) and w[1] < 60)


def trail_reaching_the_last_page(assessment: Assessment, pdf: bytes, tmp_path: Path) -> bytes:
    """The PDF once the audit trail reaches the page of the signature block by two rows or
    more: when the block stands nearly alone, entries are added until the trail spills onto
    its page."""
    for _ in range(40):
        words = words_on_page(pdf, page_count(pdf), tmp_path)
        heading_top, _ = signature_block_words(words)
        if len(numbered_rows(content_above(words, heading_top))) >= 2:
            return pdf
        add_content_entry(assessment, by=assessment.created_by, part=Part.ABOUT)
        pdf = render_assessment_pdf(Assessment.objects.get(pk=assessment.pk))
    raise AssertionError("the audit trail never reached the signature block's page")


@needs_poppler
@pytest.mark.django_db
@pytest.mark.parametrize("space_left_mm", [26, 40])
def test_a_trail_ending_too_low_for_the_signature_block_pushes_it_to_a_new_page(
    signed, space_left_mm, tmp_path
):
    """Lengthen the audit trail until it ends space_left_mm above the foot of the page area,
    where the signature block would overlap it: the block goes to a page of its own."""
    assessment, pdf = signed
    pdf = trail_reaching_the_last_page(assessment, pdf, tmp_path)
    pages = page_count(pdf)
    words = words_on_page(pdf, pages, tmp_path)
    heading_top, _ = signature_block_words(words)
    content = content_above(words, heading_top)
    content_end = max(w[4] for w in content)
    numbers = numbered_rows(words)
    # A row of two lines, as every entry added below is (the taller rows carry a comment).
    row_height = min(after[0] - before[0] for before, after in itertools.pairwise(numbers))
    space_left = A4_POINTS[1] - PAGE_MARGINS_MM[2] * MM - content_end
    extra = round((space_left - space_left_mm * MM) / row_height)
    assert extra > 0
    for number in range(extra):
        add_content_entry(assessment, by=assessment.created_by, part=list(Part)[number % 9])

    longer = render_assessment_pdf(Assessment.objects.get(pk=assessment.pk))

    assert page_count(longer) == pages + 1
    assert_signature_box_is_clear_and_drawn(longer, tmp_path)
    alone = page_texts(longer, tmp_path)[-1]
    assert alone.startswith("Digital signature")  # then the note, the header and the footer
    assert "entries. Each entry" not in alone


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
