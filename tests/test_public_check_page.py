"""The public "Check a signed EqIA" page (/published/check/): anyone may check a PDF, with the
same verdicts and limits as the staff page, counted per client address."""

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from core.throttle import client_address
from eqia.models import Assessment, Publication
from tests.page import error_summary, links, parse, text_of
from tests.personas import PERSONAS, persona
from tests.publication_helpers import housing_policy, signed_assessment
from tests.signed_pdfs import flip_byte_in_signed_range

URL = "/published/check/"
JUNK = b"%PDF-1.7\nnot really a pdf\n%%EOF\n"


@pytest.fixture(scope="module")
def published(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[Assessment, bytes]]:
    """One assessment signed off (a real signed PDF) and published: it and its PDF."""
    with django_db_blocker.unblock(), transaction.atomic():
        people = {name: persona(name) for name in PERSONAS}
        assessment = signed_assessment(
            housing_policy(people["owner"], "HOU-201", "Housing allocations scheme"), people
        )
        with assessment.signed_pdf.open("rb") as stored:
            yield assessment, stored.read()
        transaction.set_rollback(True)


def upload(data: bytes, name: str = "HOU-201_EqIA_v1_signed.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_the_url_is_the_public_check_page() -> None:
    assert reverse("published:check") == URL


@pytest.mark.django_db
def test_anyone_checks_a_published_pdf_and_is_led_to_its_page(client: Client, published):
    assessment, pdf = published
    response = client.post(URL, {"file": upload(pdf)})

    assert response.status_code == 200
    text = text_of(response)
    assert "This is a valid signed EqIA" in text
    assert "Sam Sinclair" in text
    page = reverse("published:eqia", args=["HOU-201", 1])
    assert links(parse(response).find("main"))["HOU-201 EqIA v1"] == page


@pytest.mark.django_db
def test_a_valid_pdf_not_published_is_valid_but_leads_nowhere(client: Client, published):
    assessment, pdf = published
    Assessment.objects.filter(pk=assessment.pk).update(publication=Publication.NOT_PUBLISHED)
    response = client.post(URL, {"file": upload(pdf)})

    assert "This is a valid signed EqIA" in text_of(response)
    assert "HOU-201 EqIA v1" not in links(parse(response).find("main"))


@pytest.mark.django_db
def test_a_changed_pdf_is_not_valid(client: Client, published):
    _, pdf = published
    response = client.post(URL, {"file": upload(flip_byte_in_signed_range(pdf))})

    text = text_of(response)
    assert "This is not a valid signed EqIA" in text
    assert "The signed content has been changed since it was signed" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (None, "", "Select a PDF file"),
        (b"hello", "notes.txt", "The selected file must be a PDF"),
        (b"hello", "fake.pdf", "The selected file is not a PDF"),
    ],
)
def test_a_bad_upload_is_an_error_beside_the_field(client: Client, data, name, says):
    response = client.post(URL, {"file": upload(data, name)} if data is not None else {})
    assert response.status_code == 200
    assert error_summary(response) == [says]


@pytest.mark.django_db
def test_an_upload_over_the_limit_is_refused(client: Client, settings):
    settings.EQIA_CHECK_UPLOAD_MAX_BYTES = 1000
    response = client.post(URL, {"file": upload(b"%PDF-1.7\n" + b"x" * 2000)})
    assert error_summary(response) == ["The selected file must be smaller than 0.000953674 MB"]


@pytest.mark.django_db
def test_each_address_checks_a_limited_number_of_files(client: Client, settings):
    settings.EQIA_CHECK_LIMIT = 2
    for _ in range(2):
        response = client.post(URL, {"file": upload(JUNK)}, REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 200
    refused = client.post(URL, {"file": upload(JUNK)}, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert error_summary(refused) == [
        "You have checked 2 files in the last 10 minutes, the most this page allows: wait a few "
        "minutes, then try again"
    ]
    # Another address has its own allowance.
    assert client.post(URL, {"file": upload(JUNK)}, REMOTE_ADDR="198.51.100.9").status_code == 200


@pytest.mark.django_db
def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client: Client, settings):
    settings.EQIA_CHECK_LIMIT = 1
    settings.AXES_IPWARE_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = client.post(URL, {"file": upload(JUNK)}, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert first.status_code == 200
    # A second visitor through the same proxy is not refused for the first one's checks...
    other = client.post(URL, {"file": upload(JUNK)}, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy)
    assert other.status_code == 200
    # ...and the first cannot get round the limit by sending an address of their own.
    spoofed = client.post(
        URL, {"file": upload(JUNK)}, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", **proxy
    )
    assert spoofed.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "meta", "address"),
    [
        (0, {"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "203.0.113.7"),
        (
            1,
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.7"},
            "203.0.113.7",
        ),
        (
            2,
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.7, 10.0.0.2"},
            "203.0.113.7",
        ),
        (2, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}, "10.0.0.1"),
        (1, {}, "unknown"),
    ],
)
def test_the_client_address_trusts_only_the_proxies_in_front(settings, proxies, meta, address):
    settings.AXES_IPWARE_PROXY_COUNT = proxies or None
    assert client_address(SimpleNamespace(META=meta)) == address
