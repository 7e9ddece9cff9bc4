"""The "Check a signed EqIA" page: any signed-in user uploads a PDF and reads the verdict;
nothing uploaded is kept."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client
from django.urls import include, path, reverse
from django.utils import timezone

from eqia import urls as project_urls
from tests.page import error_summary, h1, links, parse, summary_list, text_of, urls
from tests.signed_pdfs import (
    SIGNED_AT,
    flip_byte_in_signed_range,
    on_record,
    signed_pdf,
    unsigned_pdf,
)

# The project's URLs, with the check page at /check/ until eqia/urls.py includes it.
urlpatterns = list(project_urls.urlpatterns)
if not any(getattr(pattern, "namespace", None) == "check" for pattern in urlpatterns):
    urlpatterns.append(path("check/", include("eqia.check_urls")))

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def url() -> str:
    return reverse("check:check")


def pdf_upload(data: bytes, name: str = "POL-001_EqIA_v2_signed.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def check(client: Client, data: bytes, name: str = "POL-001_EqIA_v2_signed.pdf"):
    return client.post(url(), {"file": pdf_upload(data, name)})


def test_the_page_is_at_check():
    assert url() == "/check/"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(url())

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url()}"


def test_an_anonymous_upload_is_sent_to_sign_in_and_not_checked(client):
    response = check(client, signed_pdf())

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_any_signed_in_user_sees_the_upload_form(client, outsider):
    client.force_login(outsider)

    response = client.get(url())

    assert response.status_code == 200
    assert h1(response) == "Check a signed EqIA"
    form = parse(response).find("form", enctype="multipart/form-data")
    assert form.find("input", type="file").classes == {"govuk-file-upload"}


def test_a_valid_signed_eqia_shows_a_success_panel_with_the_assessment_signer_and_time(
    client, owner, signoff_officer
):
    data = signed_pdf()
    assessment = on_record(data, by=owner)
    client.force_login(signoff_officer)

    response = check(client, data)

    assert response.status_code == 200
    panel = parse(response).find(class_="govuk-panel--confirmation")
    label = f"{assessment.policy.reference} EqIA v2"
    assert panel.text == f"This is a valid signed EqIA {label}"
    verdict = summary_list(response)
    assert verdict["Assessment"] == f"{label} {assessment.policy.title}"
    assert verdict["Signed by"] == "Sam Sinclair"
    signed_at = timezone.localtime(SIGNED_AT)
    assert verdict["Signed on"] == f"{signed_at.day} {signed_at:%B %Y, %H:%M} (UK time)"
    assert text_of(response).count("UK time") == 1
    assert verdict["SHA-256 of the file"] == hashlib.sha256(data).hexdigest()
    assert "not a valid" not in text_of(response)


def test_the_assessment_is_linked_for_those_who_may_open_it(client, owner):
    data = signed_pdf()
    assessment = on_record(data, by=owner)
    client.force_login(owner)

    response = check(client, data)

    assert links(response)[f"{assessment.policy.reference} EqIA v2"] == (
        assessment.get_absolute_url()
    )


def test_the_assessment_is_named_but_not_linked_for_those_who_may_not_open_it(
    client, owner, outsider
):
    data = signed_pdf()
    assessment = on_record(data, by=owner)
    client.force_login(outsider)

    response = check(client, data)

    assert summary_list(response)["Assessment"].startswith(f"{assessment.policy.reference} EqIA v2")
    assert assessment.get_absolute_url() not in urls(response)


def test_a_changed_file_lists_each_problem_in_words(client, owner):
    data = signed_pdf()
    on_record(data, by=owner)
    client.force_login(owner)

    response = check(client, flip_byte_in_signed_range(data))

    verdict = parse(response).find(id="verdict")
    assert verdict.find("h2").text == "This is not a valid signed EqIA"
    assert [item.text for item in verdict.find_all("li")] == [
        "The signed content has been changed since it was signed: the signature does not match it.",
        "This exact file is not the signed PDF of any assessment on record.",
    ]
    assert parse(response).find_all(class_="govuk-panel--confirmation") == []


def test_an_unsigned_pdf_says_it_has_no_signature(client, owner):
    client.force_login(owner)

    response = check(client, unsigned_pdf())

    problems = parse(response).find(id="verdict").find_all("li")
    assert "The PDF has no digital signature." in [problem.text for problem in problems]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"%PDF-1.7 but named .txt", "The selected file must be a PDF"),
        ("fake.pdf", b"PK\x03\x04 a zip file", "The selected file is not a PDF"),
        ("empty.pdf", b"", "The selected file is empty"),
    ],
)
def test_a_file_that_is_not_a_pdf_gets_a_field_error(client, owner, name, data, message):
    client.force_login(owner)

    response = check(client, data, name)

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert error_summary(response) == [message]
    summary = parse(response).find(class_="govuk-error-summary__list")
    assert summary.find("a").attrs["href"] == "#id_file"
    assert response.context["verdict"] is None


def test_no_file_chosen_gets_a_field_error(client, owner):
    client.force_login(owner)

    response = client.post(url(), {})

    assert response.context["form"].errors["file"] == ["Select a PDF file"]


def test_a_file_over_the_limit_gets_a_field_error(client, owner, settings):
    settings.EQIA_CHECK_UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(owner)

    response = check(client, b"%PDF-1.7\n" + b"0" * (1024 * 1024))

    assert response.context["form"].errors["file"] == [
        "The selected file must be smaller than 1 MB"
    ]
    assert response.context["verdict"] is None


def test_the_limit_is_twenty_megabytes_by_default(client, owner):
    client.force_login(owner)

    response = client.get(url())

    assert "smaller than 20 MB" in text_of(response)


def test_nothing_uploaded_is_stored(client, owner, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "uploads"
    (tmp_path / "uploads").mkdir()
    # With Django's own handlers, a file this size would be written to a temporary file.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024

    def no_temporary_file(*args, **kwargs):
        raise AssertionError("the upload was written to a temporary file")

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", no_temporary_file)
    data = signed_pdf()
    assert len(data) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    on_record(data, by=owner)
    client.force_login(owner)

    response = check(client, data)

    assert response.context["verdict"].valid
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*"))
    assert not any((tmp_path / "uploads").iterdir())


def test_the_upload_is_protected_against_cross_site_requests(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    response = check(client, signed_pdf())

    assert response.status_code == 403


def test_without_trust_roots_the_page_says_checking_is_unavailable(client, owner, settings):
    settings.EQIA_SIGNING_TRUST_ROOTS = []
    client.force_login(owner)

    response = check(client, signed_pdf())

    assert response.status_code == 200
    warning = parse(response).find(class_="govuk-warning-text__text").text
    assert "Signed PDFs cannot be checked at the moment" in warning
    assert response.context["verdict"] is None


def superseded_on_record(data: bytes, *, by) -> tuple:
    """The checked file is version 1's; version 2 of the same policy was signed off since."""
    import datetime

    from eqia.models import AssessmentState
    from tests.assessment_factories import make_assessment, set_state

    first = on_record(data, by=by, version=1)
    set_state(first, AssessmentState.SUPERSEDED)
    second = make_assessment(first.policy, by=by)
    signed_on = datetime.datetime(2027, 3, 2, 10, 30, tzinfo=datetime.UTC)
    set_state(second, AssessmentState.SIGNED_OFF, signed_off_at=signed_on)
    return first, second


def test_a_superseded_version_says_which_version_superseded_it_and_when(client, owner):
    data = signed_pdf()
    _, second = superseded_on_record(data, by=owner)
    client.force_login(owner)

    response = check(client, data)

    assert parse(response).find(class_="govuk-panel--confirmation")  # valid when signed
    notice = parse(response).find(id="superseded").text
    assert "Superseded by version 2 (" in notice
    assert ", signed off on 2 March 2027." in notice
    assert "This version was valid when it was signed; version 2 is the current assessment." in (
        notice
    )
    assert links(response)[f"version 2 ({second.policy.reference} EqIA v2)"] == (
        second.get_absolute_url()
    )


def test_the_newer_version_is_named_but_not_linked_for_those_who_may_not_see_it(
    client, owner, outsider
):
    data = signed_pdf()
    _, second = superseded_on_record(data, by=owner)
    client.force_login(outsider)

    response = check(client, data)

    notice = parse(response).find(id="superseded").text
    assert "Superseded by version 2, signed off on 2 March 2027." in notice
    assert second.get_absolute_url() not in urls(response)


def test_a_current_version_says_nothing_of_being_superseded(client, owner):
    data = signed_pdf()
    on_record(data, by=owner)
    client.force_login(owner)

    response = check(client, data)

    assert parse(response).find_all(id="superseded") == []
    assert "Superseded" not in text_of(response)
