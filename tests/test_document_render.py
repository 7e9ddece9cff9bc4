"""The assessment's PDF as rendered (before signing): archival PDF/A, its metadata and fonts,
and the frozen content it is made from."""

import pytest
from django.conf import settings

from eqia.models import Assessment
from eqia.snapshot import content_sha256
from tests.rendered_pdfs import (
    attached_json,
    embedded_files,
    needs_poppler,
    page_texts,
    reader,
    signed_with_an_action,
)
from workflow.documents.render import FrozenContentMismatch, attachment_name, render_assessment_pdf


@pytest.fixture
def signed(owner, colleague, reviewer, signoff_officer, monkeypatch):
    return signed_with_an_action(owner, colleague, reviewer, signoff_officer, monkeypatch)


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
