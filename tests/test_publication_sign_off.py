"""The publication decision is part of the sign-off: every signed EqIA is published, or (where
the council says so, EQIA_PUBLICATION=choose) the signing officer chooses and says why not."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from core.refusals import Refused
from eqia.models import Assessment, AssessmentState, AuditEntry, Publication
from eqia.publishing import PublicationRule, publication_rule
from tests.page import error_summary, field_error, parse, text_of
from tests.publication_helpers import SIGNING, sign_off, without_pdfs

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def no_pdfs() -> Iterator[None]:
    with without_pdfs():
        yield


@pytest.fixture
def choose(settings):
    settings.EQIA_PUBLICATION = "choose"


def sign_off_entry(assessment: Assessment) -> AuditEntry:
    return AuditEntry.objects.filter(assessment=assessment, details__move="sign_off").get()


@pytest.mark.django_db
def test_by_default_every_signed_assessment_is_published(approved, signoff_officer):
    signed = sign_off(approved, signoff_officer)

    assert signed.publication == Publication.PUBLISHED
    assert signed.published_at == signed.signed_off_at
    assert signed.is_published
    assert sign_off_entry(signed).details["publication"] == "published"


@pytest.mark.django_db
def test_by_default_the_sign_off_page_says_it_will_be_published_and_asks_nothing(
    client: Client, approved, signoff_officer
):
    client.force_login(signoff_officer)
    response = client.get(reverse("workflow:sign_off", args=[approved.pk]))

    assert not [i for i in parse(response).find_all("input") if i.attrs.get("name") == "publish"]
    note = parse(response).find_all(id="publication-note")
    assert "the assessment is published on the council's website" in note[0].text


@pytest.mark.django_db
def test_where_the_officer_chooses_they_are_asked_whether_to_publish(
    client: Client, approved, signoff_officer, choose
):
    client.force_login(signoff_officer)
    url = reverse("workflow:sign_off", args=[approved.pk])
    radios = [
        i.attrs["value"]
        for i in parse(client.get(url)).find_all("input")
        if i.attrs.get("name") == "publish"
    ]
    assert radios == ["yes", "no"]

    response = client.post(
        url,
        {
            "attestation": "on",
            "attestation_text": SIGNING["attestation_text"],
            "job_title": "Head of Housing",
        },
    )

    assert error_summary(response) == ["Choose whether to publish the assessment"]
    assert field_error(response, "id_publish") == "Choose whether to publish the assessment"
    assert Assessment.objects.get(pk=approved.pk).state == AssessmentState.APPROVED


@pytest.mark.django_db
def test_not_publishing_needs_a_reason(client: Client, approved, signoff_officer, choose):
    client.force_login(signoff_officer)
    url = reverse("workflow:sign_off", args=[approved.pk])
    response = client.post(
        url,
        {
            "attestation": "on",
            "attestation_text": SIGNING["attestation_text"],
            "job_title": "Head of Housing",
            "publish": "no",
            "not_published_reason": "  ",
        },
    )

    assert error_summary(response) == ["Enter why the assessment is not published"]
    assert field_error(response, "id_not_published_reason") == (
        "Enter why the assessment is not published"
    )
    # The reason's box stays open beside the answer chosen.
    reveal = parse(response).find_all(id="publish-no-reason")[0]
    assert "govuk-radios__conditional--hidden" not in reveal.classes


@pytest.mark.django_db
def test_an_officer_who_does_not_publish_leaves_the_reason_on_the_record(
    client: Client, approved, signoff_officer, choose
):
    client.force_login(signoff_officer)
    response = client.post(
        reverse("workflow:sign_off", args=[approved.pk]),
        {
            "attestation": "on",
            "attestation_text": SIGNING["attestation_text"],
            "job_title": "Head of Housing",
            "publish": "no",
            "not_published_reason": "Exempt information: commercial terms of the contract.",
        },
        follow=True,
    )

    signed = Assessment.objects.get(pk=approved.pk)
    assert (signed.state, signed.publication, signed.published_at) == (
        AssessmentState.SIGNED_OFF,
        Publication.NOT_PUBLISHED,
        None,
    )
    assert signed.not_published_reason == "Exempt information: commercial terms of the contract."
    details = sign_off_entry(signed).details
    assert details["publication"] == "not_published"
    assert details["not_published_reason"] == signed.not_published_reason
    text = text_of(response)
    assert "It is not published." in text
    assert "Exempt information: commercial terms of the contract." in text  # the panel says why


@pytest.mark.django_db
def test_an_officer_who_publishes_gives_no_reason(approved, signoff_officer, choose):
    signed = sign_off(
        approved, signoff_officer, publish="yes", not_published_reason="typed, then changed mind"
    )

    assert (signed.publication, signed.not_published_reason) == (Publication.PUBLISHED, "")
    assert signed.published_at == signed.signed_off_at


@pytest.mark.django_db
def test_a_sign_off_without_a_choice_is_refused_where_the_officer_chooses(
    approved, signoff_officer, choose
):
    with pytest.raises(Refused) as refused:
        sign_off(approved, signoff_officer, publish="maybe")
    assert [r.field for r in refused.value.reasons] == ["publish"]


@pytest.mark.django_db
def test_the_assessment_page_shows_where_it_is_published(
    client: Client, approved, signoff_officer, owner
):
    signed = sign_off(approved, signoff_officer)
    client.force_login(owner)
    tree = parse(client.get(signed.get_absolute_url()))

    row = tree.find_all(id="publication")[0]
    assert "Published" in row.text
    public = reverse("published:eqia", args=[signed.policy.reference, signed.version])
    assert public in {a.attrs.get("href") for a in row.find_all("a")}
    # The owner may not withdraw it: no link offered.
    assert "Withdraw the publication" not in row.text


def test_the_setting_is_read_in_one_place_and_refuses_a_typo(settings):
    settings.EQIA_PUBLICATION = "choose"
    assert publication_rule() == PublicationRule.CHOOSE
    settings.EQIA_PUBLICATION = "all"
    assert publication_rule() == PublicationRule.EVERY

    environment = {**os.environ, "DEBUG": "1", "EQIA_PUBLICATION": "sometimes"}
    result = subprocess.run(
        [sys.executable, "-c", "import eqia.settings"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "EQIA_PUBLICATION must be all or choose, not 'sometimes'" in result.stderr
