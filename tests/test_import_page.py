"""The upload page: who may use it, the dry-run preview, and the confirmation."""

import os
import re
import time

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from policies.import_views import SESSION_KEY
from policies.models import Policy
from tests.factories import make_policy

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("policies:import")
CONFIRM_URL = reverse("policies:import_confirm")

GOOD_CSV = (
    b"Reference,Title,Owner email,Service area,Directorate\r\n"
    b"HOU-001,Allocations policy,new.owner@example.gov.uk,Housing,Place\r\n"
    b"HOU-002,Tenancy strategy,,Housing,Place\r\n"
)
CSV_WITH_ERRORS = (
    b"Reference,Title,Next review\r\n"
    b"HOU-001,Allocations policy,\r\n"
    b"HOU-002,Tenancy strategy,30/02/2023\r\n"
)


@pytest.fixture(autouse=True)
def staging(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Uploads wait under a temporary MEDIA_ROOT, never the real one."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "import-staging"


@pytest.fixture
def admin_client(client, administrator):  # type: ignore[no-untyped-def]
    client.force_login(administrator)
    return client


def upload(client, content: bytes, name: str = "register.csv"):  # type: ignore[no-untyped-def]
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})


def staged_token(client) -> str:  # type: ignore[no-untyped-def]
    return list(client.session[SESSION_KEY])[-1]


def page_title(response) -> str:  # type: ignore[no-untyped-def]
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def h1_count(response) -> int:  # type: ignore[no-untyped-def]
    return response.content.decode().count("<h1")


# --- Who may import --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (None, 302),
        ("owner", 403),
        ("outsider", 403),
        ("reviewer", 403),
        ("signoff_officer", 403),
        ("auditor", 403),
        ("administrator", 200),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_administrators_may_use_the_upload_page(client, request, persona, expected, method):
    if persona:
        client.force_login(request.getfixturevalue(persona))

    response = getattr(client, method)(IMPORT_URL)

    assert response.status_code == expected
    if persona is None:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, 302), ("owner", 403), ("auditor", 403), ("administrator", 302)],
)
def test_only_administrators_may_confirm_an_import(client, request, persona, expected):
    if persona:
        client.force_login(request.getfixturevalue(persona))

    response = client.post(CONFIRM_URL, {"token": "x" * 43})

    assert response.status_code == expected
    assert not Policy.objects.exists()


def test_opening_the_confirm_address_directly_goes_back_to_the_upload_page(admin_client):
    response = admin_client.get(CONFIRM_URL)

    assert (response.status_code, response["Location"]) == (302, IMPORT_URL)


# --- Choosing a file -------------------------------------------------------------------------


def test_the_upload_page_is_a_gov_uk_file_upload_form(admin_client):
    response = admin_client.get(IMPORT_URL)

    html = response.content.decode()
    assert h1_count(response) == 1
    assert 'enctype="multipart/form-data"' in html
    assert 'class="govuk-file-upload"' in html
    assert "Review frequency (months)" in html
    assert page_title(response).startswith("Import policies from a spreadsheet")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select a CSV or Excel file"),
        ({"file": SimpleUploadedFile("register.pdf", b"%PDF-1.4")}, "must be a CSV or XLSX file"),
        ({"file": SimpleUploadedFile("register.csv", b"")}, "The selected file is empty"),
        (
            {"file": SimpleUploadedFile("big.csv", b"x" * (10 * 1024 * 1024 + 1))},
            "The selected file must be smaller than 10 MB",
        ),
    ],
)
def test_a_missing_wrong_type_empty_or_too_large_file_is_a_field_error(
    admin_client, staging, data, message
):
    response = admin_client.post(IMPORT_URL, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'class="govuk-error-summary"' in html
    assert "govuk-file-upload--error" in html
    assert page_title(response).startswith("Error: ")
    assert not staging.exists() or not any(staging.iterdir())


def test_an_unreadable_file_is_a_field_error_saying_why(admin_client, staging):
    response = upload(admin_client, b"Ref,Name\r\nA-1,Alpha\r\n")

    assert "register.csv has no Reference or Title column." in response.content.decode()
    assert page_title(response).startswith("Error: ")
    assert not staging.exists() or not any(staging.iterdir())


# --- The preview -----------------------------------------------------------------------------


def test_the_preview_shows_what_would_happen_and_writes_nothing(admin_client, staging):
    make_policy(reference="HOU-002", title="Old title")

    response = upload(admin_client, GOOD_CSV)

    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(response) == 1
    assert "Check the import" in html
    assert re.search(r"New policies</dt>\s*<dd[^>]*>1<", html)
    assert re.search(r"Policies updated</dt>\s*<dd[^>]*>1<", html)
    assert "Directorate" in html  # the column that will be ignored
    assert "new.owner@example.gov.uk" in html  # the account that will be created
    assert "Housing" in html  # the service area that will be added
    assert "Allocations policy" in html and "Tenancy strategy" in html
    assert "Skip rows with errors" not in html
    assert not page_title(response).startswith("Error:")
    assert list(Policy.objects.values_list("title", flat=True)) == ["Old title"]
    assert not User.objects.filter(email="new.owner@example.gov.uk").exists()
    token = staged_token(admin_client)
    assert f'name="token" value="{token}"' in html
    assert (staging / f"{token}.upload").read_bytes() == GOOD_CSV


def test_the_preview_lists_every_row_error_with_a_skip_option(admin_client):
    response = upload(admin_client, CSV_WITH_ERRORS)

    html = response.content.decode()
    assert page_title(response).startswith("Error: ")
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#row-errors">1 row has errors</a>' in html
    assert 'id="row-errors"' in html
    assert "30/02/2023" in html
    assert "Not a real date (February 2023 has 28 days)" in html
    assert "Skip rows with errors and import the valid rows" in html
    assert 'class="govuk-table"' in html


def test_a_file_that_changes_nothing_offers_no_import(admin_client):
    make_policy(reference="A-1", title="Alpha")

    response = upload(admin_client, b"Reference,Title\r\nA-1,Alpha\r\n")

    html = response.content.decode()
    assert "importing it would change nothing" in html
    assert "Confirm and import" not in html


# --- Confirming ------------------------------------------------------------------------------


def test_confirming_imports_the_file_and_returns_to_the_register_with_a_summary(
    admin_client, staging
):
    upload(admin_client, GOOD_CSV)
    token = staged_token(admin_client)

    response = admin_client.post(CONFIRM_URL, {"token": token}, follow=True)

    assert response.redirect_chain == [(reverse("policies:register"), 302)]
    html = response.content.decode()
    assert (
        "register.csv imported. Rows read: 2, created: 2, updated: 0, unchanged: 0, errors: 0."
        in html
    )
    assert "Accounts created: new.owner@example.gov.uk." in html
    assert sorted(Policy.objects.values_list("reference", flat=True)) == ["HOU-001", "HOU-002"]
    assert User.objects.get(email="new.owner@example.gov.uk").owned_policies.count() == 1
    assert not (staging / f"{token}.upload").exists()
    assert admin_client.session[SESSION_KEY] == {}


def test_confirming_a_file_with_errors_without_skipping_reshows_the_preview_with_an_error(
    admin_client, staging
):
    upload(admin_client, CSV_WITH_ERRORS)
    token = staged_token(admin_client)

    response = admin_client.post(CONFIRM_URL, {"token": token})

    html = response.content.decode()
    assert response.status_code == 200
    assert page_title(response).startswith("Error: ")
    assert "Nothing was imported because some rows have errors." in html
    assert "govuk-form-group--error" in html
    assert not Policy.objects.exists()
    assert (staging / f"{token}.upload").exists()


def test_confirming_with_skip_imports_the_valid_rows(admin_client, staging):
    upload(admin_client, CSV_WITH_ERRORS)
    token = staged_token(admin_client)

    response = admin_client.post(CONFIRM_URL, {"token": token, "skip_invalid": "on"}, follow=True)

    assert "Skipped 1 row with errors." in response.content.decode()
    assert list(Policy.objects.values_list("reference", flat=True)) == ["HOU-001"]
    assert not (staging / f"{token}.upload").exists()


@pytest.mark.parametrize("token", ["../../etc/passwd", "x" * 43, ""])
def test_a_token_the_session_does_not_hold_imports_nothing(admin_client, staging, token):
    upload(admin_client, GOOD_CSV)

    response = admin_client.post(CONFIRM_URL, {"token": token}, follow=True)

    assert response.redirect_chain == [(IMPORT_URL, 302)]
    assert "That upload has expired or was already imported." in response.content.decode()
    assert not Policy.objects.exists()


def test_one_administrators_upload_cannot_be_confirmed_by_another(admin_client):
    upload(admin_client, GOOD_CSV)
    token = staged_token(admin_client)
    other_client = Client()
    other_client.force_login(User.objects.create_user("other-admin", is_superuser=True))

    response = other_client.post(CONFIRM_URL, {"token": token})

    assert response["Location"] == IMPORT_URL
    assert not Policy.objects.exists()


def test_confirming_twice_imports_once(admin_client):
    upload(admin_client, GOOD_CSV)
    token = staged_token(admin_client)
    admin_client.post(CONFIRM_URL, {"token": token})

    response = admin_client.post(CONFIRM_URL, {"token": token})

    assert response["Location"] == IMPORT_URL
    assert Policy.objects.count() == 2


def test_uploads_abandoned_for_a_day_are_removed(admin_client, staging):
    staging.mkdir(parents=True)
    abandoned = staging / ("a" * 43 + ".upload")
    abandoned.write_bytes(b"old")
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    os.utime(abandoned, (two_days_ago, two_days_ago))

    upload(admin_client, GOOD_CSV)

    assert not abandoned.exists()
    assert len(list(staging.iterdir())) == 1
