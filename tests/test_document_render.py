"""The assessment's PDF as rendered (before signing): archival, accessible, complete, and with
room kept for the visible signature on its last page."""

import datetime
import io
import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from eqia.models import Assessment, AuditEntry, Characteristic, Impact, Part
from eqia.snapshot import content_sha256
from tests.assessment_factories import (
    CONSIDERATION_BEGAN,
    PLANNED_DECISION_DATE,
    REVIEW_DATE,
    add_action,
    add_content_entry,
    long_date,
    make_assessment,
)
from tests.factories import make_policy, make_service_area
from workflow.documents.render import (
    PAGE_MARGINS_MM,
    SIGNATURE_BOX_MM,
    FrozenContentMismatch,
    attachment_name,
    render_assessment_pdf,
)
from workflow.services import make_move
from workflow.timeline import describe

MM = 72 / 25.4  # PDF points in a millimetre
WORD_BOX = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
A4_POINTS = (595.28, 841.89)
LATE_EXPLANATION = "The Cabinet met three weeks early to meet a statutory deadline."
LONG_EVIDENCE = (
    "Service data for 2024-25 was analysed by age, disability, sex, ethnicity, religion, "
    "sexual orientation and household income, and compared with the Census 2021 profile of "
    "the district. Differences of more than five percentage points were followed up with the "
    "service managers and, where the reason was not clear, raised with the equality forum. "
) * 4

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason="pdftotext and pdftoppm (poppler-utils) are not installed: the page text and "
    "the signature box cannot be read from the rendered pages",
)


def sign_off(assessment, *, owner, reviewer, signoff, late_explanation="", monkeypatch):
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
            "comment": "Agreed at the directorate meeting.",
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


@pytest.fixture
def signed(owner, colleague, reviewer, signoff_officer, monkeypatch):
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


@pytest.fixture
def long_signed(owner, colleague, reviewer, signoff_officer, monkeypatch):
    """Several paragraphs for every characteristic and twenty actions: many pages."""
    assessment, poverty = make_complete(owner, reference="HOU-001")
    assessment.impacts.exclude(characteristic=poverty).update(evidence=LONG_EVIDENCE)
    for number in range(20):
        add_action(
            assessment,
            owner=colleague if number % 2 else owner,
            description=f"Action {number + 1}: report outcomes by income band to the EDI group",
            due_date=datetime.date(2027, 1, 1) + datetime.timedelta(days=30 * number),
            characteristics=[poverty] if number % 2 else [],
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


@pytest.mark.django_db
def test_the_pdf_is_a_tagged_pdf_a_3a_in_british_english_on_a4(signed):
    _, pdf = signed
    assert pdf.startswith(b"%PDF-1.7")
    root = reader(pdf).root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]) == "en-GB"
    metadata = root["/Metadata"].get_object().data.decode("utf-8")
    assert 'pdfaid:part="3"' in metadata
    assert 'pdfaid:conformance="A"' in metadata
    assert str(root["/OutputIntents"][0].get_object()["/S"]) == "/GTS_PDFA1"
    for page in reader(pdf).root["/Pages"]["/Kids"]:
        box = [float(value) for value in page.get_object()["/MediaBox"]]
        assert [round(value, 1) for value in box] == [0, 0, 595.3, 841.9]


@pytest.mark.django_db
def test_the_title_and_author_are_the_policy_reference_and_the_council(signed):
    assessment, pdf = signed
    info = reader(pdf).trailer["/Info"]
    assert str(info["/Title"]) == "POL-001 Equality impact assessment v1"
    assert str(info["/Author"]) == settings.EQIA_COUNCIL_NAME
    assert "<dc:title>" in reader(pdf).root["/Metadata"].get_object().data.decode()


@pytest.mark.django_db
def test_every_font_is_embedded_and_liberation_sans(signed):
    _, pdf = signed
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
def test_the_frozen_content_and_its_sha256_are_attached_as_json(signed):
    assessment, pdf = signed
    name = attachment_name(assessment.frozen_content)
    assert name == "POL-001_EqIA_v1.json"
    filespec = embedded_files(pdf)[name]
    assert str(filespec["/AFRelationship"]) == "/Data"
    assert str(filespec["/EF"]["/F"].get_object()["/Subtype"]) == "/application/json"
    attached = attached_json(pdf, name)
    digest = attached.pop("content_sha256")
    assert attached == assessment.frozen_content
    assert digest == assessment.content_sha256 == content_sha256(attached)
    assert {"schema_version", "policy", "parts", "impact_grid", "actions", "approvals"} <= set(
        attached
    )
    assert attached["assessment"]["version"] == 1
    assert attached["approvals"][0]["comment"] == "Well evidenced."


@pytest.mark.django_db
def test_rendering_again_later_gives_the_same_bytes(signed):
    assessment, pdf_at_sign_off = signed
    assert render_assessment_pdf(assessment) == pdf_at_sign_off


@needs_poppler
@pytest.mark.django_db
def test_the_pdf_shows_the_frozen_content_not_later_changes_to_the_rows(signed, tmp_path):
    assessment, _ = signed
    Assessment.objects.filter(pk=assessment.pk).update(purpose="Rewritten after sign-off")
    assessment.refresh_from_db()
    pdf = render_assessment_pdf(assessment)
    text = " ".join(page_texts(pdf, tmp_path))
    assert "Rewritten after sign-off" not in text
    assert "To allocate social housing fairly to those in most need." in text
    attached = attached_json(pdf, "POL-001_EqIA_v1.json")
    assert attached["parts"]["about"]["fields"]["purpose"] != "Rewritten after sign-off"


@pytest.mark.django_db
def test_frozen_content_that_no_longer_matches_its_sha256_is_refused(signed):
    assessment, _ = signed
    frozen = assessment.frozen_content
    frozen["parts"]["about"]["fields"]["purpose"] = "Quietly rewritten"
    Assessment.objects.filter(pk=assessment.pk).update(frozen_content=frozen)
    assessment.refresh_from_db()
    with pytest.raises(FrozenContentMismatch, match="does not match the SHA-256"):
        render_assessment_pdf(assessment)


@needs_poppler
@pytest.mark.django_db
def test_every_page_shows_the_policy_reference_and_page_x_of_n(long_signed, tmp_path):
    _, pdf = long_signed
    pages = page_texts(pdf, tmp_path)
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert "HOU-001 Equality impact assessment v1" in text, f"page {number}: no reference"
        assert f"Page {number} of {len(pages)}" in text


@needs_poppler
@pytest.mark.django_db
def test_the_cover_names_the_policy_people_and_dates(signed, tmp_path):
    assessment, pdf = signed
    cover = page_texts(pdf, tmp_path)[0]
    today = timezone.localdate()
    signed_on = f"{today.day} {today:%B %Y}"
    planned = assessment.planned_decision_date
    for expected in [
        settings.EQIA_COUNCIL_NAME,
        "Housing allocations",
        "Policy POL-001 · EqIA version 1",
        "Service area Housing",
        "Policy owner Alice Owen",
        "Decision-maker Cabinet Member for Housing",
        f"Planned decision date {planned.day} {planned:%B %Y}",
        f"EDI approval Erin Reid, {signed_on}",
        "Signed off by Sam Sinclair, Sign-off officer",
        f"Started {signed_on} Submitted {signed_on} Approved {signed_on} Signed off {signed_on}",
        "Page 1 of",
    ]:
        assert expected in cover
    assert "Signed off after the planned decision date" not in cover


@needs_poppler
@pytest.mark.django_db
def test_every_part_is_shown_in_order_with_readable_labels_and_values(signed, tmp_path):
    _, pdf = signed
    text = " ".join(page_texts(pdf, tmp_path))
    titles = [
        "1. About the policy",
        "2. Screening",
        "3. Evidence and engagement",
        "4. Impact on people",
        "5. Armed Forces Covenant duty",
        "6. The three aims of the equality duty",
        "7. Outcome",
        "8. Action plan",
        "9. Review date",
        "Sign-off The signing officer attested",
        "Appendix: audit trail",
    ]
    position = 0
    for title in titles:  # each after the one before
        position = text.index(title, position) + len(title)
    for expected in [
        "New, revised or existing policy A review of an existing policy",
        f"When consideration of equality began {long_date(CONSIDERATION_BEGAN)}",
        f"Decision pathway Cabinet, {long_date(PLANNED_DECISION_DATE)}",
        "Relevant to equality Yes",
        "Screening outcome A full assessment is needed",
        "Covenant functions in scope Housing: Allocations",
        "Aim 3: foster good relations Local lettings plans agreed with residents.",
        "Outcome No major change needed",
        "Overall adverse impact Low",
        f"When this assessment will be reviewed {long_date(REVIEW_DATE)}",
        "Data protection impact assessment (link) Not given",
    ]:
        assert expected in text


@needs_poppler
@pytest.mark.django_db
def test_the_impact_grid_has_every_characteristic_with_its_kind_impact_and_evidence(
    signed, tmp_path
):
    assessment, pdf = signed
    text = " ".join(page_texts(pdf, tmp_path))
    assert "Characteristic Impact Evidence, and mitigation or justification" in text
    for row in assessment.frozen_content["impact_grid"]:
        kind = "Statutory" if row["kind"] == "statutory" else "Local"
        assert f"{row['characteristic']} {kind}" in text
        assert row["evidence"] in text
    assert "Poverty (socio-economic disadvantage) Local Negative" in text
    assert "Armed Forces community Local" in text
    assert "Mitigation: A hardship fund covers deposits and removal costs." in text


@needs_poppler
@pytest.mark.django_db
def test_the_action_plan_shows_owner_due_date_status_and_who_it_serves(signed, tmp_path):
    _, pdf = signed
    text = " ".join(page_texts(pdf, tmp_path))
    assert (
        "1. Survey households in temporary accommodation Bob Baker 31 Mar 2027 Open "
        "Poverty (socio-economic disadvantage)"
    ) in text


@needs_poppler
@pytest.mark.django_db
def test_the_attestation_and_sign_off_are_shown(signed, tmp_path):
    assessment, pdf = signed
    text = " ".join(page_texts(pdf, tmp_path))
    assert settings.EQIA_ATTESTATION in text
    assert "Signed off by Sam Sinclair Role Sign-off officer Signed off at" in text
    assert "Comment Agreed at the directorate meeting." in text
    assert f"Content SHA-256 {assessment.content_sha256}" in text
    assert "After the planned decision date No" in text


@needs_poppler
@pytest.mark.django_db
def test_the_appendix_lists_every_audit_entry_up_to_the_sign_off(signed, tmp_path):
    assessment, pdf = signed
    pages = page_texts(pdf, tmp_path)
    appendix = " ".join(pages)[" ".join(pages).index("Appendix: audit trail") :]
    entries = list(AuditEntry.objects.filter(assessment=assessment).order_by("sequence"))
    assert entries[-1].details["move"] == "sign_off"
    for entry in entries:
        when = timezone.localtime(entry.at)
        assert f"{entry.sequence}. {when.day} {when:%b %Y, %H:%M %Z}" in appendix
        assert f"{entry.actor_name} {entry.actor_role} {describe(entry)}" in appendix
    assert "Approved by the EDI group → Signed off" in appendix
    assert "“Agreed at the directorate meeting.”" in appendix
    assert "Times are Europe/London time, GMT or BST as shown." in appendix
    assert entries[-1].entry_hash in appendix


@needs_poppler
@pytest.mark.django_db
def test_a_late_sign_off_is_announced_on_the_cover_with_its_explanation(
    owner, reviewer, signoff_officer, monkeypatch, tmp_path
):
    assessment, _ = make_complete(owner)
    assessment, pdf = sign_off(
        assessment,
        owner=owner,
        reviewer=reviewer,
        signoff=signoff_officer,
        late_explanation=LATE_EXPLANATION,
        monkeypatch=monkeypatch,
    )
    assert assessment.signed_after_decision_date
    cover = page_texts(pdf, tmp_path)[0]
    planned = assessment.planned_decision_date
    assert "Signed off after the planned decision date" in cover
    assert f"The decision was planned for {planned.day} {planned:%B %Y}" in cover
    assert LATE_EXPLANATION in cover


@needs_poppler
@pytest.mark.django_db
def test_the_covenant_part_is_not_required_without_a_covenant_function(
    owner, reviewer, signoff_officer, monkeypatch, tmp_path
):
    assessment, _ = make_complete(owner, covenant=False)
    _, pdf = sign_off(
        assessment,
        owner=owner,
        reviewer=reviewer,
        signoff=signoff_officer,
        monkeypatch=monkeypatch,
    )
    text = " ".join(page_texts(pdf, tmp_path))
    assert (
        "5. Armed Forces Covenant duty Not required: the policy has no Covenant function. "
        "6. The three aims"
    ) in text


@needs_poppler
@pytest.mark.django_db
def test_an_assessment_not_yet_signed_renders_from_its_rows_marked_not_signed_off(owner, tmp_path):
    assessment, _ = make_complete(owner)
    assert assessment.frozen_content is None
    pdf = render_assessment_pdf(assessment)
    assert attached_json(pdf, "POL-001_EqIA_v1.json")["sign_off"] is None
    cover = page_texts(pdf, tmp_path)[0]
    assert "Not signed off This copy shows the assessment while it is a draft." in cover


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


@needs_poppler
@pytest.mark.django_db
@pytest.mark.parametrize("space_left_mm", [26, 40])
def test_a_trail_ending_too_low_for_the_signature_block_pushes_it_to_a_new_page(
    signed, space_left_mm, tmp_path
):
    """Lengthen the audit trail until it ends space_left_mm above the foot of the page area,
    where the signature block would overlap it: the block goes to a page of its own."""
    assessment, pdf = signed
    pages = page_count(pdf)
    words = words_on_page(pdf, pages, tmp_path)
    heading_top, _ = signature_block_words(words)
    content = [w for w in words if PAGE_MARGINS_MM[0] * MM < w[2] and w[4] < heading_top]
    content_end = max(w[4] for w in content)
    numbers = sorted((w[2], w[0]) for w in words if re.fullmatch(r"\d+\.", w[0]) and w[1] < 60)
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
