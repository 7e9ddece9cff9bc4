"""The sign-off page (the sign_off move's page, templates/workflow/sign_off.html): the summary
the sign-off officer reads first with a link to the whole assessment, the attestation, the
explanation a late sign-off needs, and the signer's job title, asked once."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from core.people import job_title, job_title_set
from eqia.models import Assessment, AssessmentState, AuditKind, Impact
from eqia.summary import SIGNER_JOB_TITLE
from tests.assessment_factories import make_assessment
from tests.page import banners, error_summary, field_error, h1, links, parse, summary_list
from workflow.documents.document_context import document_context

S = AssessmentState
ATTESTED = {"attestation": "on", "attestation_text": settings.EQIA_ATTESTATION}


def url(assessment: Assessment) -> str:
    return reverse("workflow:sign_off", args=[assessment.pk])


def error_hrefs(response) -> list[str]:
    summary = parse(response).find(class_="govuk-error-summary__list")
    return [link.attrs["href"] for link in summary.find_all("a")]


def state_of(assessment: Assessment) -> str:
    return Assessment.objects.get(pk=assessment.pk).state


@pytest.fixture
def titled_officer(signoff_officer):
    """sam, who gave his job title at an earlier sign-off."""
    job_title_set(user=signoff_officer, title="Head of Housing")
    return signoff_officer


@pytest.mark.django_db
def test_the_sign_off_page_shows_the_attestation_with_a_box_to_tick(client, owner, titled_officer):
    assessment = make_assessment(by=owner, complete=True, state=S.APPROVED)
    client.force_login(titled_officer)
    response = client.get(url(assessment))
    assertContains(
        response,
        f'<div class="govuk-inset-text" id="attestation-text">{settings.EQIA_ATTESTATION}</div>',
        html=True,
    )
    tree = parse(response)
    box = tree.find("input", type="checkbox", name="attestation")
    assert tree.find("label", **{"for": box.attrs["id"]}).text == "I confirm"
    assert not tree.find_all(name="late_explanation")  # the decision date is still ahead
    assert not tree.find_all(name="job_title")  # given once already
    assert h1(response) == "Sign off the assessment"


@pytest.mark.django_db
def test_the_page_opens_with_the_summary_and_links_to_the_whole_assessment(
    client, owner, titled_officer
):
    assessment = make_assessment(by=owner, complete=True, state=S.APPROVED)
    disability = assessment.impacts.get(characteristic__name="Disability")
    Assessment.objects.filter(pk=assessment.pk).update(adverse_impact_rating="medium")
    disability.impact, disability.mitigation = Impact.NEGATIVE, "Adapted homes offered first."
    disability.save()
    client.force_login(titled_officer)
    response = client.get(url(assessment))
    assert links(response)["Read it in full: " + f"{assessment.policy.reference} EqIA v1"] == (
        reverse("workflow:read", args=[assessment.pk])
    )
    summary = parse(response).find("section", id="summary")
    rows = summary_list(summary)
    assert rows["Outcome"] == "No major change needed"
    assert rows["Overall adverse impact"] == "Medium"
    concerns = summary.find("table").find_all("tr")
    assert [cell.text for cell in concerns[1].children if hasattr(cell, "tag")] == [
        "Disability",
        "Negative",
        "Mitigation: Adapted homes offered first.",
    ]


@pytest.mark.django_db
def test_the_signer_without_a_job_title_is_asked_for_it_once(client, owner, signoff_officer):
    assessment = make_assessment(by=owner, complete=True, state=S.APPROVED)
    client.force_login(signoff_officer)
    page = parse(client.get(url(assessment)))
    assert page.find("label", **{"for": "id_job_title"}).text == "Your job title"
    response = client.post(url(assessment), {**ATTESTED, "job_title": "  "})
    assert error_hrefs(response) == ["#id_job_title"]
    assert field_error(response, "id_job_title").startswith("Enter your job title")
    assert state_of(assessment) == S.APPROVED
    response = client.post(url(assessment), {**ATTESTED, "job_title": "Head of Housing"})
    assert response.status_code == 302
    signoff_officer.refresh_from_db()
    assert job_title(signoff_officer) == "Head of Housing"
    entry = assessment.audit_entries.filter(kind=AuditKind.TRANSITION).latest("sequence")
    assert entry.details[SIGNER_JOB_TITLE] == "Head of Housing"
    detail = client.get(assessment.get_absolute_url())
    assert summary_list(detail)["Signed off by"].startswith(
        "Sam Sinclair, Head of Housing, sign-off officer "
    )
    # Asked once: the next sign-off page does not ask again.
    another = make_assessment(by=owner, complete=True, state=S.APPROVED)
    assert not parse(client.get(url(another))).find_all(name="job_title")


@pytest.mark.django_db
def test_after_the_planned_decision_date_the_page_asks_why(client, owner, titled_officer):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assessment = make_assessment(
        by=owner, complete=True, state=S.APPROVED, planned_decision_date=yesterday
    )
    client.force_login(titled_officer)
    page = parse(client.get(url(assessment)))
    assert page.find("textarea", name="late_explanation")
    assert "has passed" in page.find(class_="govuk-warning-text").text
    response = client.post(url(assessment), ATTESTED)
    assert response.status_code == 200
    assert error_hrefs(response) == ["#id_late_explanation"]
    response = client.post(
        url(assessment), {**ATTESTED, "late_explanation": "The cabinet date moved forward"}
    )
    assert response.status_code == 302
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.signed_after_decision_date
    assert stored.late_sign_off_explanation == "The cabinet date moved forward"


@pytest.mark.django_db
def test_signing_off_without_ticking_the_box_is_refused(client, owner, titled_officer):
    assessment = make_assessment(by=owner, complete=True, state=S.APPROVED)
    client.force_login(titled_officer)
    response = client.post(url(assessment), {"attestation_text": settings.EQIA_ATTESTATION})
    assert response.status_code == 200
    assert error_hrefs(response) == ["#id_attestation"]
    assert field_error(response, "id_attestation").startswith("Confirm that you have read")
    assert state_of(assessment) == S.APPROVED


@pytest.mark.django_db
def test_a_ticked_box_for_words_the_council_has_since_changed_is_refused(
    client, owner, titled_officer
):
    assessment = make_assessment(by=owner, complete=True, state=S.APPROVED)
    client.force_login(titled_officer)
    response = client.post(url(assessment), {"attestation": "on", "attestation_text": "Old words"})
    assert error_summary(response) == [
        "The attestation is not in the council's words: read it again and confirm"
    ]


@pytest.mark.django_db
def test_signing_off_fixes_the_assessment(client, owner, titled_officer):
    assessment = make_assessment(by=owner, complete=True, state=S.APPROVED)
    client.force_login(titled_officer)
    response = client.post(url(assessment), {**ATTESTED, "comment": "Ok"}, follow=True)
    assert response.redirect_chain == [(assessment.get_absolute_url(), 302)]
    assert banners(response) == [
        f"{assessment.policy.reference} EqIA v1 is signed off. Its content is now fixed. "
        "It is published on the council's website."
    ]
    stored = Assessment.objects.get(pk=assessment.pk)
    assert (stored.state, stored.signed_off_by, stored.sign_off_comment) == (
        S.SIGNED_OFF,
        titled_officer,
        "Ok",
    )


@pytest.mark.django_db
def test_the_signature_block_and_the_pdf_name_the_signers_job_title(
    client, owner, titled_officer, monkeypatch
):
    signed_as: list[str] = []
    rendered: list[dict] = []

    def fake_sign(pdf: bytes, **signer: object) -> bytes:
        signed_as.append(str(signer["signer_role"]))
        return pdf

    def fake_render(assessment: Assessment) -> bytes:
        snapshot = assessment.frozen_content
        entries = list(assessment.audit_entries.order_by("sequence"))
        rendered.append(
            document_context(snapshot, content_sha256="", attachment_name="", entries=entries)
        )
        return b"%PDF-1.7"

    monkeypatch.setattr("workflow.documents.signing.sign_pdf", fake_sign)
    monkeypatch.setattr("workflow.documents.render.render_assessment_pdf", fake_render)
    assessment = make_assessment(by=owner, complete=True, state=S.APPROVED)
    client.force_login(titled_officer)
    assert client.post(url(assessment), ATTESTED).status_code == 302
    assert signed_as == ["Head of Housing, sign-off officer"]
    assert rendered[0]["signer_role"] == "Head of Housing, sign-off officer"
