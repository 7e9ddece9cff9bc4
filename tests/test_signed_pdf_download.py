import pytest
from django.urls import reverse

from eqia.models import AssessmentState
from tests.assessment_factories import make_assessment, sign_through_workflow
from tests.page import parse, summary_list


@pytest.fixture
def signed(owner, reviewer, signoff_officer):
    return sign_through_workflow(
        make_assessment(by=owner, complete=True),
        owner=owner,
        reviewer=reviewer,
        signoff=signoff_officer,
    )


@pytest.mark.django_db
def test_people_who_see_the_assessment_download_its_signed_pdf(
    client, signed, owner, reviewer, signoff_officer, auditor, administrator
):
    url = reverse("workflow:signed_pdf", args=[signed.pk])
    for person in [owner, reviewer, signoff_officer, auditor, administrator]:
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200, person
        assert response["Content-Type"] == "application/pdf"
        assert (
            f'filename="{signed.policy.reference}_EqIA_v1_signed.pdf"'
            in response["Content-Disposition"]
        )
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_outsiders_and_anonymous_visitors_get_nothing(client, signed, outsider):
    url = reverse("workflow:signed_pdf", args=[signed.pk])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_unsigned_assessment_has_no_pdf(client, owner):
    draft = make_assessment(by=owner, complete=True, state=AssessmentState.APPROVED)
    client.force_login(owner)
    assert client.get(reverse("workflow:signed_pdf", args=[draft.pk])).status_code == 404


@pytest.mark.django_db
def test_the_assessment_page_links_the_signed_pdf(client, signed, auditor):
    client.force_login(auditor)
    response = client.get(signed.get_absolute_url())
    link = parse(response).find("a", href=reverse("workflow:signed_pdf", args=[signed.pk]))
    assert link.text.startswith("Download the signed PDF")
    assert summary_list(response)["Signed PDF"].endswith(f"SHA-256 {signed.signed_pdf_sha256}")
