"""The Word copy of a signed EqIA: its frozen content, with Word's structure for screen readers,
marked on its first page (and every page's header) as a copy whose authority is the signed PDF."""

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from eqia.models import Assessment
from eqia.snapshot import content_sha256
from tests.personas import PERSONAS, persona
from tests.publication_helpers import POVERTY, housing_policy, signed_assessment
from workflow.documents.docx import NoSignedContent, assessment_docx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def signed(django_db_setup: None, django_db_blocker: Any) -> Iterator[Assessment]:
    """HOU-201 v1, signed off with a real signed PDF, Poverty rated negative."""
    with django_db_blocker.unblock(), transaction.atomic():
        people = {name: persona(name) for name in PERSONAS}
        yield signed_assessment(
            housing_policy(people["owner"], "HOU-201", "Housing allocations scheme"),
            people,
            negative=POVERTY,
        )
        transaction.set_rollback(True)


def opened(data: bytes) -> Any:
    return Document(io.BytesIO(data))


def all_text(document: Any) -> str:
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.mark.django_db
def test_the_first_page_says_it_is_a_copy_whose_authority_is_the_signed_pdf(signed):
    document = opened(assessment_docx(signed))

    notice = document.tables[0].rows[0].cells[0].text
    assert notice.startswith("Copy for information: this is not the signed record")
    assert (
        "Its authority is the signed PDF, HOU-201_EqIA_v1_signed.pdf, whose SHA-256 is "
        f"{signed.signed_pdf_sha256}." in notice
    )
    assert "Where this copy and the signed PDF differ, the signed PDF is right." in notice
    header = document.sections[0].header.paragraphs[0].text
    assert header == (
        f"HOU-201 EqIA v1: a copy, not signed. The signed PDF (SHA-256 "
        f"{signed.signed_pdf_sha256[:16]}\u2026) is the record."
    )


@pytest.mark.django_db
def test_it_holds_the_frozen_content_not_the_live_one(signed):
    # Written straight to the database, as only a bypass of the workflow could: the copy is
    # made from the content frozen at sign-off.
    Assessment.objects.filter(pk=signed.pk).update(purpose="Changed after sign-off")
    signed.policy.__class__.objects.filter(pk=signed.policy_id).update(title="Renamed")
    document = opened(assessment_docx(Assessment.objects.get(pk=signed.pk)))

    text = all_text(document)
    assert "To allocate social housing fairly to those in most need." in text
    assert "Changed after sign-off" not in text
    assert "Renamed" not in text
    assert "Housing allocations scheme" in text
    assert "A hardship fund covers deposits and removal costs." in text


@pytest.mark.django_db
def test_it_is_structured_for_screen_readers(signed):
    document = opened(assessment_docx(signed))

    properties = document.core_properties
    assert properties.title == "HOU-201 Equality impact assessment v1 (copy)"
    assert properties.language == "en-GB"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Summary",
        "1. About the policy",
        "2. Screening",
        "3. Evidence and engagement",
        "4. Impact on people",
        "5. Armed Forces Covenant duty",
        "6. The three aims of the equality duty",
        "7. Outcome",
        "8. Action plan",
        "9. Review date",
        "Sign-off",
    ]
    concerns = next(t for t in document.tables if t.rows[0].cells[0].text == "Group")
    assert [cell.text for cell in concerns.rows[1].cells] == [
        POVERTY,
        "Negative",
        "Mitigation: A hardship fund covers deposits and removal costs.",
    ]
    grid = next(t for t in document.tables if t.rows[0].cells[0].text == "Characteristic")
    assert grid.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    poverty = next(row for row in grid.rows if row.cells[0].text.startswith(POVERTY))
    assert poverty.cells[1].text == "Negative"
    language = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert language.get(qn("w:val")) == "en-GB"


@pytest.mark.django_db
def test_tampered_frozen_content_makes_no_copy(client: Client, signed, auditor, caplog):
    frozen = {**signed.frozen_content, "schema_version": 99}
    Assessment.objects.filter(pk=signed.pk).update(frozen_content=frozen)
    with pytest.raises(NoSignedContent):
        assessment_docx(Assessment.objects.get(pk=signed.pk))

    client.force_login(auditor)
    response = client.get(reverse("workflow:docx", args=[signed.pk]))
    assert response.status_code == 404
    assert "no Word copy made" in caplog.text


@pytest.mark.django_db
def test_those_who_see_a_signed_assessment_download_its_copy(client: Client, signed, auditor):
    client.force_login(auditor)
    response = client.get(reverse("workflow:docx", args=[signed.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert 'filename="HOU-201_EqIA_v1_copy.docx"' in response["Content-Disposition"]
    assert opened(b"".join(response.streaming_content)).tables


@pytest.mark.django_db
def test_an_assessment_not_signed_has_no_copy(client: Client, approved, owner):
    client.force_login(owner)
    assert client.get(reverse("workflow:docx", args=[approved.pk])).status_code == 404


@pytest.mark.django_db
def test_it_shows_the_other_policies_bearing_on_the_same_groups(signed):
    """As the PDF does: the frozen links, or a plain "none"; a snapshot from before links were
    kept shows no such section."""
    snapshot = dict(signed.frozen_content)
    snapshot["cumulative_links"] = [
        {
            "policy": "HOU-202",
            "policy_title": "Rent setting",
            "signed_eqia_version": 2,
            "characteristic": "Poverty",
            "how_they_combine": "Both raise what the poorest tenants pay.",
        }
    ]
    Assessment.objects.filter(pk=signed.pk).update(
        frozen_content=snapshot, content_sha256=content_sha256(snapshot)
    )
    document = opened(assessment_docx(Assessment.objects.get(pk=signed.pk)))
    rows = [
        [cell.text for cell in row.cells]
        for table in document.tables
        if [cell.text for cell in table.rows[0].cells][1:2] == ["Signed EqIA considered"]
        for row in table.rows
    ]
    assert rows == [
        ["Policy", "Signed EqIA considered", "Group", "How they combine"],
        ["HOU-202 Rent setting", "EqIA v2", "Poverty", "Both raise what the poorest tenants pay."],
    ]
    del snapshot["cumulative_links"]
    Assessment.objects.filter(pk=signed.pk).update(
        frozen_content=snapshot, content_sha256=content_sha256(snapshot)
    )
    text = all_text(opened(assessment_docx(Assessment.objects.get(pk=signed.pk))))
    assert "Other policies that bear on the same groups" not in text
