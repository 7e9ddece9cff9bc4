"""The register export: its columns, the export-import round trip, and the download."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from policies.exporting import all_policies, csv_bytes, xlsx_bytes
from policies.importing import import_policies
from policies.models import Policy, ServiceArea
from tests.factories import make_policy, make_service_area, make_user

pytestmark = pytest.mark.django_db

EXPORT_HEADERS = [
    "Reference",
    "Title",
    "Service area",
    "Owner email",
    "Type",
    "Status",
    "Last reviewed",
    "Next review",
    "Review frequency (months)",
    "Equality relevance",
    "Covenant function",
    "Document URL",
    "Notes",
]


@pytest.fixture
def register(owner):
    """Policies that use every column in the ways that are hardest to get back unchanged."""
    housing = make_service_area("Housing")
    revenues = make_service_area("Revenues and Benefits")
    mixed_case = make_user("dan", email="Dan.Evans@Example.gov.uk")
    return [
        make_policy(
            reference="HOU-001",
            title="Housing Allocations Policy",
            service_area=housing,
            owner=owner,
            policy_type="Policy",
            last_reviewed=datetime.date(2023, 4, 1),
            review_frequency_months=24,
            equality_relevance="high",
            covenant_functions=["housing", "healthcare"],
            document_url="https://www.example.gov.uk/hou-001.pdf",
            notes='Part 6 Housing Act 1996, "statutory".\nSecond line: £5 café.',
        ),
        make_policy(
            reference="REV-002",
            title='=HYPERLINK("https://evil.example","Click")',
            service_area=revenues,
            owner=mixed_case,
            status="archived",
            next_review=datetime.date(2026, 1, 31),
            equality_relevance="none",
            notes="-see the old scheme",
        ),
        make_policy(reference="OLD-003", title="Never reviewed"),
        make_policy(
            reference="ENV-004",
            title="Air Quality Action Plan",
            last_reviewed=datetime.date(2024, 2, 29),
            review_frequency_months=12,
            next_review=datetime.date(2024, 12, 1),  # set by hand, not derived
            covenant_functions=["education", "housing", "healthcare"],
            policy_type="+ action plan",
        ),
    ]


def database_state() -> tuple[list[dict], int, int]:
    return (
        list(Policy.objects.order_by("pk").values()),
        User.objects.count(),
        ServiceArea.objects.count(),
    )


def test_export_writes_the_import_columns_in_order_with_dates_and_labels(register):
    rows = list(csv.reader(io.StringIO(csv_bytes(all_policies()).decode("utf-8-sig"))))

    assert rows[0] == EXPORT_HEADERS
    assert rows[2] == [
        "HOU-001",
        "Housing Allocations Policy",
        "Housing",
        "alice@example.gov.uk",
        "Policy",
        "Active",
        "2023-04-01",
        "2025-04-01",
        "24",
        "High",
        "Housing; Healthcare",
        "https://www.example.gov.uk/hou-001.pdf",
        'Part 6 Housing Act 1996, "statutory".\nSecond line: £5 café.',
    ]
    assert rows[3][:12] == ["OLD-003", "Never reviewed", "", "", "", "Active"] + [""] * 6


def test_csv_export_guards_text_excel_would_run_as_a_formula(register):
    rows = {row[0]: row for row in csv.reader(io.StringIO(csv_bytes(all_policies()).decode()))}

    assert rows["REV-002"][1] == '\'=HYPERLINK("https://evil.example","Click")'
    assert rows["REV-002"][12] == "'-see the old scheme"
    assert rows["ENV-004"][4] == "'+ action plan"


def test_xlsx_export_stores_formula_like_text_as_text_and_dates_as_dates(register):
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(all_policies()))).worksheets[0]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}

    title = rows["REV-002"][1]
    assert (title.data_type, title.value) == ("s", '=HYPERLINK("https://evil.example","Click")')
    assert rows["HOU-001"][6].value == datetime.datetime(2023, 4, 1)
    assert rows["HOU-001"][6].number_format == "yyyy-mm-dd"
    assert rows["OLD-003"][7].value is None
    assert [cell.value for cell in sheet[1]] == EXPORT_HEADERS


@pytest.mark.parametrize(
    ("export", "filename"), [(csv_bytes, "register.csv"), (xlsx_bytes, "register.xlsx")]
)
def test_export_then_import_changes_nothing(register, export, filename):
    before = database_state()

    result = import_policies(content=export(all_policies()), filename=filename)

    assert result.errors == []
    assert result.summary_line() == "Rows read: 4, created: 0, updated: 0, unchanged: 4, errors: 0"
    assert database_state() == before


@pytest.mark.parametrize(
    ("export", "filename"), [(csv_bytes, "register.csv"), (xlsx_bytes, "register.xlsx")]
)
def test_an_exported_register_rebuilds_the_same_policies_in_an_empty_database(
    register, export, filename
):
    content = export(all_policies())
    fields = ["reference", "title", "policy_type", "status", "last_reviewed", "next_review"]
    fields += ["review_frequency_months", "equality_relevance", "covenant_functions"]
    fields += ["document_url", "notes", "service_area__name", "owner__email"]
    before = policy_values(fields)
    Policy.objects.all().delete()

    import_policies(content=content, filename=filename)

    assert policy_values(fields) == before


def policy_values(fields: list[str]) -> list[dict]:
    """The policies' values; Covenant functions as a set, since the import sorts them."""
    values = list(Policy.objects.order_by("reference").values(*fields))
    for policy in values:
        policy["covenant_functions"] = set(policy["covenant_functions"])
    return values


# --- The download on the register page -------------------------------------------------------


def test_the_download_needs_a_signed_in_user(client):
    response = client.get(reverse("policies:export"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_any_signed_in_user_downloads_the_register_as_csv(client, outsider, register):
    client.force_login(outsider)

    response = client.get(reverse("policies:export"), {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="policy-register-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == EXPORT_HEADERS
    # Like the register page, the download shows active policies unless asked otherwise.
    assert [row[0] for row in rows[1:]] == ["ENV-004", "HOU-001", "OLD-003"]


def test_the_download_honours_the_register_filters(client, outsider, register):
    client.force_login(outsider)
    housing = ServiceArea.objects.get(name="Housing")

    response = client.get(
        reverse("policies:export"), {"format": "csv", "service_area": housing.pk, "status": "all"}
    )
    searched = client.get(reverse("policies:export"), {"q": "rev", "status": "archived"})

    assert [row[0] for row in csv.reader(io.StringIO(response.content.decode()))][1:] == ["HOU-001"]
    assert [row[0] for row in csv.reader(io.StringIO(searched.content.decode()))][1:] == ["REV-002"]


def test_the_download_as_xlsx_is_a_workbook_that_imports_unchanged(client, outsider, register):
    client.force_login(outsider)

    response = client.get(reverse("policies:export"), {"format": "xlsx", "status": "all"})

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    result = import_policies(content=response.content, filename="download.xlsx", dry_run=True)
    assert (result.rows_read, result.unchanged) == (4, 4)


def test_an_unknown_download_format_is_a_bad_request(client, outsider):
    client.force_login(outsider)

    assert client.get(reverse("policies:export"), {"format": "pdf"}).status_code == 400


@pytest.mark.parametrize(
    ("export", "filename"), [(csv_bytes, "register.csv"), (xlsx_bytes, "register.xlsx")]
)
def test_notes_typed_with_windows_line_breaks_export_and_import_unchanged(export, filename):
    # A browser posts a textarea's line breaks as CRLF; XLSX turns them into LF.
    make_policy(reference="A-1", title="Alpha", notes="First line\r\nSecond line\tindented")
    before = database_state()

    result = import_policies(content=export(all_policies()), filename=filename)

    assert result.unchanged == 1
    assert database_state() == before
