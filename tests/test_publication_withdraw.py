"""Withdrawing a publication: the EDI group or an administrator, with a reason the public notice
shows; written to the assessment's audit trail; never twice."""

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from core.refusals import Refused
from eqia.audit import verify_audit_trails
from eqia.models import Assessment, AuditEntry, AuditKind, Publication
from publication.services import publication_withdraw
from tests.page import banners, error_summary, field_error, h1, parse, text_of
from tests.publication_helpers import sign_off, without_pdfs


@pytest.fixture(autouse=True)
def no_pdfs() -> Iterator[None]:
    with without_pdfs():
        yield


@pytest.fixture
def published(approved, signoff_officer) -> Assessment:
    return sign_off(approved, signoff_officer)


def withdraw_url(assessment: Assessment) -> str:
    return reverse("publication:withdraw", args=[assessment.pk])


def public_url(assessment: Assessment) -> str:
    return reverse("published:eqia", args=[assessment.policy.reference, assessment.version])


@pytest.mark.django_db
def test_an_edi_reviewer_withdraws_a_publication_with_a_reason(client: Client, published, reviewer):
    client.force_login(reviewer)
    page = client.get(withdraw_url(published))
    assert h1(page) == "Withdraw the publication"

    response = client.post(
        withdraw_url(published),
        {"reason": "Published with a tenant's name by mistake."},
        follow=True,
    )

    assert response.redirect_chain == [(published.get_absolute_url(), 302)]
    assert banners(response) == [
        f"The publication of {published.policy.reference} EqIA v1 was withdrawn. Its public page "
        "now says so, with your reason."
    ]
    stored = Assessment.objects.get(pk=published.pk)
    assert stored.publication == Publication.WITHDRAWN
    assert stored.publication_withdrawn_reason == "Published with a tenant's name by mistake."
    entry = AuditEntry.objects.filter(assessment=published).order_by("-sequence").first()
    assert (entry.kind, entry.actor, entry.actor_role, entry.comment) == (
        AuditKind.UNPUBLISHED,
        reviewer,
        "EDI reviewer",
        "Published with a tenant's name by mistake.",
    )
    assert verify_audit_trails().intact
    # The history says what happened; the public page is now a notice.
    history = text_of(client.get(reverse("workflow:history", args=[published.pk])))
    assert "Publication withdrawn" in history
    client.logout()
    notice = client.get(public_url(published))
    assert notice.status_code == 410
    assert "Published with a tenant's name by mistake." in text_of(notice)


@pytest.mark.django_db
def test_an_administrator_may_withdraw_too(published, administrator):
    withdrawn = publication_withdraw(assessment=published, by=administrator, reason="Duplicate")
    assert withdrawn.publication == Publication.WITHDRAWN
    entry = AuditEntry.objects.filter(assessment=published, kind=AuditKind.UNPUBLISHED).get()
    assert entry.actor_role == "Administrator"


@pytest.mark.django_db
def test_withdrawing_needs_a_reason(client: Client, published, reviewer):
    client.force_login(reviewer)
    response = client.post(withdraw_url(published), {"reason": "   "})

    assert error_summary(response) == ["Enter why the publication is withdrawn"]
    assert field_error(response, "id_reason") == "Enter why the publication is withdrawn"
    assert Assessment.objects.get(pk=published.pk).publication == Publication.PUBLISHED


@pytest.mark.django_db
def test_a_reason_too_long_is_refused_beside_its_field(client: Client, published, reviewer):
    client.force_login(reviewer)
    response = client.post(withdraw_url(published), {"reason": "x" * 2001})

    assert field_error(response, "id_reason").startswith("Ensure this value has at most 2000")
    assert Assessment.objects.get(pk=published.pk).publication == Publication.PUBLISHED


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["owner", "signoff_officer", "auditor"])
def test_others_who_see_it_may_not_withdraw_it(published, personas, who):
    before = Assessment.objects.get(pk=published.pk).audit_length
    with pytest.raises(Refused) as refused:
        publication_withdraw(assessment=published, by=personas[who], reason="No")
    assert str(refused.value) == (
        "Only the EDI group or an administrator can withdraw the publication of this assessment"
    )
    stored = Assessment.objects.get(pk=published.pk)
    assert (stored.publication, stored.audit_length) == (Publication.PUBLISHED, before)


@pytest.mark.django_db
def test_a_second_withdrawal_is_told_who_withdrew_it(
    client: Client, published, reviewer, administrator
):
    publication_withdraw(assessment=published, by=administrator, reason="Duplicate")
    client.force_login(reviewer)
    response = client.post(withdraw_url(published), {"reason": "Me too"})

    (message,) = error_summary(response)
    assert message.startswith("Its publication was already withdrawn by Ada Admin at ")
    assert not parse(response).find("main").find_all("textarea")
    assert AuditEntry.objects.filter(assessment=published, kind=AuditKind.UNPUBLISHED).count() == 1


@pytest.mark.django_db
def test_an_assessment_not_published_has_nothing_to_withdraw(
    approved, signoff_officer, reviewer, settings
):
    settings.EQIA_PUBLICATION = "choose"
    signed = sign_off(approved, signoff_officer, publish="no", not_published_reason="Exempt")
    with pytest.raises(Refused, match="This assessment is not published"):
        publication_withdraw(assessment=signed, by=reviewer, reason="x")


@pytest.mark.django_db
def test_the_assessment_page_offers_the_withdrawal_to_those_who_may(
    client: Client, published, reviewer
):
    client.force_login(reviewer)
    row = parse(client.get(published.get_absolute_url())).find_all(id="publication")[0]
    assert {a.text: a.attrs["href"] for a in row.find_all("a")}[
        f"Withdraw the publication of {published.policy.reference} EqIA v1"
    ] == withdraw_url(published)
