"""The upload page: who may use it, the dry-run preview, and the confirmation."""

import os
import time

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from policies.import_views import SESSION_KEY
from policies.models import Policy
from tests.factories import make_policy
from tests.page import (
    banners,
    error_summary,
    field_error,
    h1,
    parse,
    summary_list,
    table_rows,
    text_of,
    title,
)

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
def staging(settings, tmp_path):
    """Uploads wait under a temporary MEDIA_ROOT, never the real one."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "import-staging"


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def upload(client, content: bytes, name: str = "register.csv"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})


def staged_token(client) -> str:
    return list(client.session[SESSION_KEY])[-1]


def listed_under(response, heading: str) -> list[str]:
    """The items of the list that follows the h2 with this text."""
    (h2,) = [h2 for h2 in parse(response).find_all("h2") if h2.text == heading]
    siblings = [child for child in h2.parent.children if not isinstance(child, str)]
    following = siblings[siblings.index(h2) + 1 :]
    items = next(element for element in following if element.tag == "ul")
    return [item.text for item in items.find_all("li")]


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

    assert h1(response) == "Import policies from a spreadsheet"
    form = parse(response).find("form", enctype="multipart/form-data")
    assert form.find("input", type="file").classes == {"govuk-file-upload"}
    assert "Review frequency (months)" in listed_under(response, "What the file must contain")
    assert title(response).startswith("Import policies from a spreadsheet – ")


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

    assert response.status_code == 200
    assert message in field_error(response, "id_file")
    assert error_summary(response) == [field_error(response, "id_file")]
    assert "govuk-file-upload--error" in parse(response).find("input", type="file").classes
    assert title(response).startswith("Error: ")
    assert not staging.exists() or not any(staging.iterdir())


def test_an_unreadable_file_is_a_field_error_saying_why(admin_client, staging):
    response = upload(admin_client, b"Code,Description\r\nA-1,Alpha\r\n")

    assert field_error(response, "id_file") == (
        'register.csv has no Reference or Title column. The headings in its first row are "Code",'
        ' "Description". The first row must hold the column headings, including Reference (or '
        "Ref, Policy reference...) and Title (or Policy title, Name...)."
    )
    assert title(response).startswith("Error: ")
    assert not staging.exists() or not any(staging.iterdir())


# --- The preview -----------------------------------------------------------------------------


def test_the_preview_shows_what_would_happen_and_writes_nothing(admin_client, staging):
    make_policy(reference="HOU-002", title="Old title")

    response = upload(admin_client, GOOD_CSV)

    assert response.status_code == 200
    assert h1(response) == "Check the import"
    counts = summary_list(response)
    assert (counts["New policies"], counts["Policies updated"]) == ("1", "1")
    assert listed_under(response, "Columns that will be ignored") == ["Directorate"]
    assert listed_under(response, "Accounts that will be created") == ["new.owner@example.gov.uk"]
    assert listed_under(response, "Service areas that will be added") == ["Housing"]
    assert table_rows(response, caption="Policies that will be added or updated")[1:] == [
        ["2", "HOU-001", "Allocations policy", "New"],
        ["3", "HOU-002", "Tenancy strategy", "Update"],
    ]
    assert "Skip rows with errors" not in text_of(response)
    assert not title(response).startswith("Error:")
    assert list(Policy.objects.values_list("title", flat=True)) == ["Old title"]
    assert not User.objects.filter(email="new.owner@example.gov.uk").exists()
    token = staged_token(admin_client)
    assert parse(response).find("input", name="token").attrs["value"] == token
    assert (staging / f"{token}.upload").read_bytes() == GOOD_CSV


def test_the_preview_lists_every_row_error_with_a_skip_option(admin_client):
    response = upload(admin_client, CSV_WITH_ERRORS)

    assert title(response).startswith("Error: ")
    assert error_summary(response) == ["1 row has errors"]
    assert parse(response).find("a", href="#row-errors").text == "1 row has errors"
    assert parse(response).find(id="row-errors").tag == "table"
    assert table_rows(response, caption="Rows with errors")[1:] == [
        ["3", "Next review", "30/02/2023", "Not a real date (February 2023 has 28 days)"]
    ]
    skip = parse(response).find("label", **{"for": "id_skip_invalid"})
    assert skip.text == "Skip rows with errors and import the valid rows"


def test_a_file_that_changes_nothing_offers_no_import(admin_client):
    make_policy(reference="A-1", title="Alpha")

    response = upload(admin_client, b"Reference,Title\r\nA-1,Alpha\r\n")

    assert "importing it would change nothing" in text_of(response)
    assert "Confirm and import" not in text_of(response)


# --- Confirming ------------------------------------------------------------------------------


def test_confirming_imports_the_file_and_returns_to_the_register_with_a_summary(
    admin_client, staging
):
    upload(admin_client, GOOD_CSV)
    token = staged_token(admin_client)

    response = admin_client.post(CONFIRM_URL, {"token": token}, follow=True)

    assert response.redirect_chain == [(reverse("policies:register"), 302)]
    assert banners(response) == [
        "register.csv imported. Rows read: 2, created: 2, updated: 0, unchanged: 0, errors: 0."
        " Accounts created: new.owner@example.gov.uk. Each new account was sent an invitation"
        " to choose a password. Service areas created: Housing."
    ]
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

    assert response.status_code == 200
    assert title(response).startswith("Error: ")
    message = (
        "Nothing was imported because some rows have errors. Select \u201cSkip rows with"
        " errors\u201d to import the valid rows, or fix the file and upload it again"
    )
    assert field_error(response, "id_skip_invalid") == message
    assert error_summary(response) == [message, "1 row has errors"]
    group = parse(response).find(class_="govuk-form-group--error")
    assert group.find_all("input", name="skip_invalid") != []
    assert not Policy.objects.exists()
    assert (staging / f"{token}.upload").exists()


def test_confirming_with_skip_imports_the_valid_rows(admin_client, staging):
    upload(admin_client, CSV_WITH_ERRORS)
    token = staged_token(admin_client)

    response = admin_client.post(CONFIRM_URL, {"token": token, "skip_invalid": "on"}, follow=True)

    assert banners(response) == [
        "register.csv imported. Rows read: 2, created: 1, updated: 0, unchanged: 0, errors: 1."
        " Skipped 1 row with errors."
    ]
    assert list(Policy.objects.values_list("reference", flat=True)) == ["HOU-001"]
    assert not (staging / f"{token}.upload").exists()


@pytest.mark.parametrize("token", ["../../etc/passwd", "x" * 43, ""])
def test_a_token_the_session_does_not_hold_imports_nothing(admin_client, staging, token):
    upload(admin_client, GOOD_CSV)

    response = admin_client.post(CONFIRM_URL, {"token": token}, follow=True)

    assert response.redirect_chain == [(IMPORT_URL, 302)]
    assert banners(response) == [
        "That upload has expired or was already imported. Upload it again."
    ]
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
