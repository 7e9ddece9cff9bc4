"""The import service: reading files, matching policies, and writing only what changed."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import User

from core.roles import Role
from policies.importing import (
    Action,
    RowError,
    RowOutcome,
    UnreadableFile,
    import_policies,
    import_policies_from_path,
)
from policies.models import Policy, ServiceArea
from tests.factories import make_policy, make_service_area, make_user

pytestmark = pytest.mark.django_db

FULL_HEADERS = [
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


def csv_bytes(headers: list[str], rows: list[list[object]], *, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(headers: list[str], rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_csv(headers: list[str], rows: list[list[object]], **kwargs):  # type: ignore[no-untyped-def]
    return import_policies(content=csv_bytes(headers, rows), filename="register.csv", **kwargs)


def full_row(reference: str = "HOU-001", **values: object) -> list[object]:
    """A complete row; keyword names are the headers in lower case with underscores."""
    row = {
        "reference": reference,
        "title": "Housing Allocations Policy",
        "service_area": "Housing",
        "owner_email": "alice@example.gov.uk",
        "type": "Policy",
        "status": "Active",
        "last_reviewed": "01/04/2023",
        "next_review": "",
        "review_frequency_(months)": "24",
        "equality_relevance": "High",
        "covenant_function": "Housing; Healthcare",
        "document_url": "https://www.example.gov.uk/hou-001.pdf",
        "notes": "Statutory scheme, Part 6 Housing Act 1996",
    }
    row.update(values)
    return list(row.values())


# --- Reading the file ------------------------------------------------------------------------


def test_a_full_row_creates_a_policy_with_every_column_parsed(owner):
    result = run_csv(FULL_HEADERS, [full_row()])

    policy = Policy.objects.get(reference="HOU-001")
    assert policy.title == "Housing Allocations Policy"
    assert policy.service_area.name == "Housing"
    assert policy.owner == owner
    assert policy.policy_type == "Policy"
    assert policy.status == "active"
    assert policy.last_reviewed == datetime.date(2023, 4, 1)
    assert policy.review_frequency_months == 24
    assert policy.next_review == datetime.date(2025, 4, 1)
    assert policy.equality_relevance == "high"
    assert policy.covenant_functions == ["housing", "healthcare"]
    assert policy.document_url == "https://www.example.gov.uk/hou-001.pdf"
    assert policy.notes == "Statutory scheme, Part 6 Housing Act 1996"
    assert result.written is True
    assert result.summary_line() == (
        "Rows read: 1, created: 1, updated: 0, unchanged: 0, errors: 0"
    )


def test_headers_match_ignoring_case_and_extra_spaces():
    headers = ["  REFERENCE ", "title", "Review   Frequency  (Months)", "equality RELEVANCE"]
    result = run_csv(headers, [["hou-1", "Allocations", "12", "low"]])

    assert result.errors == []
    policy = Policy.objects.get(reference="HOU-1")
    assert (policy.review_frequency_months, policy.equality_relevance) == (12, "low")


@pytest.mark.parametrize(
    ("headers", "missing"),
    [
        (["Title", "Notes"], "Reference"),
        (["Reference", "Notes"], "Title"),
        (["Notes"], "Reference or Title"),
    ],
)
def test_a_file_without_reference_or_title_columns_is_unreadable(headers, missing):
    with pytest.raises(UnreadableFile) as caught:
        run_csv(headers, [["x", "y"]])

    assert caught.value.message == (
        f"register.csv has no {missing} column. The first row must hold the column headings, "
        "including Reference and Title."
    )
    assert not Policy.objects.exists()


def test_a_column_heading_given_twice_makes_the_file_unreadable():
    with pytest.raises(UnreadableFile, match='two "Title" columns'):
        run_csv(["Reference", "Title", "TITLE"], [["A-1", "x", "y"]])


def test_unknown_columns_are_reported_and_ignored():
    result = run_csv(["Reference", "Title", "Directorate", "RAG"], [["A-1", "Alpha", "Place", "R"]])

    assert result.unknown_columns == ["Directorate", "RAG"]
    assert result.errors == []
    assert Policy.objects.get().title == "Alpha"
    assert "Columns not recognised, so ignored: Directorate, RAG" in result.summary_lines()


def test_utf8_with_byte_order_mark_crlf_and_quoted_commas_are_read():
    content = (
        "\ufeffReference,Title,Notes\r\n"
        'A-1,"Fees, charges and concessions","Café; £5, ""small"""\r\n'
    ).encode()

    result = import_policies(content=content, filename="register.csv")

    assert result.warnings == []
    policy = Policy.objects.get(reference="A-1")
    assert policy.title == "Fees, charges and concessions"
    assert policy.notes == 'Café; £5, "small"'


def test_lf_line_endings_and_multi_line_cells_keep_spreadsheet_row_numbers():
    content = b'Reference,Title,Notes\nA-1,Alpha,"line one\nline two"\nA-2,,\n'

    result = import_policies(content=content, filename="register.csv", skip_invalid=True)

    assert Policy.objects.get(reference="A-1").notes == "line one\nline two"
    assert [str(error) for error in result.errors] == [
        'Row 3, Title, "": missing: every policy needs a title'
    ]


def test_windows_1252_files_are_read_with_a_warning():
    content = csv_bytes(["Reference", "Title"], [["A-1", "Café charges £5"]], encoding="cp1252")

    result = import_policies(content=content, filename="register.csv")

    assert Policy.objects.get().title == "Café charges £5"
    assert len(result.warnings) == 1
    assert "not in UTF-8, so it was read as Windows-1252" in result.warnings[0]


def test_semicolon_separated_files_are_read():
    content = b"Reference;Title;Notes\r\nA-1;Alpha;one, two\r\n"

    import_policies(content=content, filename="register.csv")

    assert Policy.objects.get().notes == "one, two"


def test_fully_blank_rows_are_skipped_not_counted_and_rows_keep_their_numbers():
    result = run_csv(["Reference", "Title"], [["A-1", "Alpha"], ["", ""], [" ", ""], ["A-2", ""]])

    assert result.rows_read == 2
    assert [str(error) for error in result.errors] == [
        'Row 5, Title, "": missing: every policy needs a title'
    ]


def test_xlsx_reads_the_first_worksheet_with_date_cells_and_float_frequencies():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        ["Reference", "Title", "Last reviewed", "Review frequency (months)", "Next review"]
    )
    sheet.append(["hou-1", "Allocations", datetime.datetime(2024, 2, 29), 12.0, None])
    sheet.append([])
    sheet.append(["HOU-2", "Tenancy", "March 2024", 36, datetime.date(2026, 1, 31)])
    other = workbook.create_sheet("Notes")
    other.append(["Reference", "Title"])
    other.append(["IGNORED-1", "Not on the first sheet"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = import_policies(content=buffer.getvalue(), filename="Register.XLSX")

    assert result.errors == []
    assert result.rows_read == 2
    first, second = Policy.objects.order_by("reference")
    assert (first.reference, first.last_reviewed, first.review_frequency_months) == (
        "HOU-1",
        datetime.date(2024, 2, 29),
        12,
    )
    assert first.next_review == datetime.date(2025, 2, 28)
    assert second.last_reviewed == datetime.date(2024, 3, 1)
    assert second.next_review == datetime.date(2026, 1, 31)
    assert result.row_outcomes[1].row == 4


def test_xlsx_errors_name_the_spreadsheet_row():
    content = xlsx_bytes(["Reference", "Title", "Review frequency (months)"], [["A-1", "x", 12.5]])

    result = import_policies(content=content, filename="register.xlsx")

    assert result.errors[0].row == 2
    assert result.errors[0].value == "12.5"


def test_line_breaks_are_stored_as_newlines_whichever_way_the_file_wrote_them():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Reference", "Title", "Notes"])
    workbook.active.append(["A-1", "Alpha", "Excel wrote_x000D_\nthis"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    import_policies(content=buffer.getvalue(), filename="register.xlsx")
    import_policies(
        content=b'Reference,Title,Notes\r\nA-2,Beta,"one\r\ntwo\rthree"\r\n', filename="r.csv"
    )

    notes = dict(Policy.objects.values_list("reference", "notes"))
    assert notes == {"A-1": "Excel wrote\nthis", "A-2": "one\ntwo\nthree"}


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"Reference,Title\r\n", "register.pdf", "register.pdf is not a CSV or XLSX file"),
        (b"not a zip", "register.xlsx", "could not be opened as an Excel workbook"),
        (b"PK\x03\x04 broken zip", "register.xlsx", "could not be opened as an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "register.xls", "old-style Excel file (.xls)"),
        (b"", "register.csv", "has no column headings"),
        (b"\r\n\r\n", "register.csv", "has no column headings"),
        (b"Reference,Title\x00\r\n", "register.csv", "not a text CSV file"),
    ],
)
def test_files_that_are_not_readable_spreadsheets_raise_unreadable_file(content, filename, message):
    with pytest.raises(UnreadableFile, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_policies(content=content, filename=filename)


def test_a_workbook_saved_with_a_csv_name_is_read_as_a_workbook():
    content = xlsx_bytes(["Reference", "Title"], [["A-1", "Alpha"]])

    import_policies(content=content, filename="register.csv")

    assert Policy.objects.get().title == "Alpha"


def test_import_from_a_path_reads_the_file_and_reports_a_missing_one(tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes(["Reference", "Title"], [["A-1", "Alpha"]]))

    assert import_policies_from_path(path).created == 1
    with pytest.raises(UnreadableFile, match="There is no file at"):
        import_policies_from_path(tmp_path / "missing.csv")


# --- Row errors ------------------------------------------------------------------------------


def test_every_error_names_row_column_value_and_why_one_line_each():
    rows = [
        full_row("A-1", next_review="30/02/2023"),
        full_row("A-2", last_reviewed="13/13/2022", equality_relevance="Very high"),
        full_row("A-3", **{"review_frequency_(months)": "0", "last_reviewed": "1/4/23"}),
        full_row("A-4", covenant_function="Social care", document_url="www.example.gov.uk"),
        full_row("A-5", owner_email="alice@", status="Retired"),
        full_row(" ", title=""),
    ]

    result = run_csv(FULL_HEADERS, rows)

    assert [str(error) for error in result.errors] == [
        'Row 2, Next review, "30/02/2023": not a real date (February 2023 has 28 days)',
        'Row 3, Last reviewed, "13/13/2022": not a real date (there is no month 13)',
        'Row 3, Equality relevance, "Very high": not an equality relevance; use High, Medium, '
        "Low or None",
        'Row 4, Last reviewed, "1/4/23": two-digit year; use four digits for the year, '
        "for example 1/4/2023",
        'Row 4, Review frequency (months), "0": not a review frequency; write a whole number '
        "of months from 1 to 120, for example 12 or 12 months",
        'Row 5, Covenant function, "Social care": "Social care" is not a Covenant function; use '
        "Housing, Education or Healthcare, several separated by semicolons, or None",
        'Row 5, Document URL, "www.example.gov.uk": not a web address starting with http:// or '
        "https://",
        'Row 6, Owner email, "alice@": not a valid email address',
        'Row 6, Status, "Retired": not a status; use Active or Archived',
        'Row 7, Reference, "": missing: every policy needs a reference',
        'Row 7, Title, "": missing: every policy needs a title',
    ]
    assert result.error_rows == 6
    assert result.errors[0] == RowError(
        2, "Next review", "30/02/2023", "not a real date (February 2023 has 28 days)"
    )


def test_impossible_dates_are_errors_naming_row_column_and_value():
    result = run_csv(
        ["Reference", "Title", "Last reviewed"],
        [["A-1", "Alpha", "29/02/2023"], ["A-2", "Beta", "29/02/2024"]],
    )

    assert [str(error) for error in result.errors] == [
        'Row 2, Last reviewed, "29/02/2023": not a real date (February 2023 has 28 days)'
    ]


def test_the_same_reference_twice_is_an_error_on_the_later_row_naming_the_earlier():
    result = run_csv(
        ["Reference", "Title"], [["HOU-1", "First"], ["A-2", "Other"], [" hou-1 ", "Second"]]
    )

    assert [str(error) for error in result.errors] == [
        'Row 4, Reference, "HOU-1": the same reference as row 2; each policy may appear only once'
    ]


def test_without_skip_invalid_a_file_with_any_error_writes_nothing():
    result = run_csv(FULL_HEADERS, [full_row("A-1"), full_row("A-2", last_reviewed="31/09/2024")])

    assert result.written is False
    assert not Policy.objects.exists()
    assert not ServiceArea.objects.exists()
    assert not User.objects.filter(email="alice@example.gov.uk").exists()
    assert result.summary_lines()[-1] == "Nothing was written because of the errors in 1 row."


def test_with_skip_invalid_the_valid_rows_are_written_and_error_rows_skipped():
    rows = [full_row("A-1"), full_row("A-2", last_reviewed="31/09/2024"), full_row("A-3")]

    result = run_csv(FULL_HEADERS, rows, skip_invalid=True)

    assert result.written is True
    assert sorted(Policy.objects.values_list("reference", flat=True)) == ["A-1", "A-3"]
    assert result.summary_line() == "Rows read: 3, created: 2, updated: 0, unchanged: 0, errors: 1"
    assert result.row_outcomes == [
        RowOutcome(2, "A-1", "Housing Allocations Policy", Action.CREATE),
        RowOutcome(3, "A-2", "Housing Allocations Policy", Action.ERROR),
        RowOutcome(4, "A-3", "Housing Allocations Policy", Action.CREATE),
    ]


def test_text_too_long_for_the_register_is_an_error_not_a_database_failure():
    result = run_csv(["Reference", "Title"], [["A-" + "9" * 60, "x" * 301]])

    assert [error.message for error in result.errors] == [
        "too long: at most 50 characters, this has 62",
        "too long: at most 300 characters, this has 301",
    ]


# --- Review dates ----------------------------------------------------------------------------


def test_next_review_is_derived_from_last_review_and_frequency_when_not_given():
    headers = ["Reference", "Title", "Last reviewed", "Review frequency (months)", "Next review"]
    result = run_csv(
        headers,
        [
            ["A-1", "Derived", "31/01/2024", "1", ""],
            ["A-2", "Given", "31/01/2024", "12", "01/06/2024"],
            ["A-3", "No frequency", "31/01/2024", "TBC", "TBC"],
            ["A-4", "Nothing known", "Unknown", "", "-"],
        ],
    )

    assert result.errors == []
    next_reviews = dict(Policy.objects.values_list("reference", "next_review"))
    assert next_reviews == {
        "A-1": datetime.date(2024, 2, 29),
        "A-2": datetime.date(2024, 6, 1),
        "A-3": None,
        "A-4": None,
    }


def test_without_a_next_review_column_a_new_policy_gets_the_derived_date():
    run_csv(
        ["Reference", "Title", "Last reviewed", "Review frequency (months)"],
        [["A-1", "x", "Mar 2024", "12 months"]],
    )

    assert Policy.objects.get().next_review == datetime.date(2025, 3, 1)


def test_without_a_next_review_column_an_existing_date_stays_unless_its_basis_changes():
    kept = make_policy(
        reference="A-1",
        title="Kept",
        next_review=datetime.date(2030, 1, 1),
        review_frequency_months=12,
    )
    rederived = make_policy(
        reference="A-2",
        title="Rederived",
        last_reviewed=datetime.date(2020, 1, 1),
        review_frequency_months=12,
    )

    run_csv(
        ["Reference", "Title", "Last reviewed"],
        [["A-1", "Kept", ""], ["A-2", "Rederived", "01/01/2024"]],
    )

    kept.refresh_from_db()
    rederived.refresh_from_db()
    assert kept.next_review == datetime.date(2030, 1, 1)
    assert rederived.next_review == datetime.date(2025, 1, 1)


# --- Matching and updating -------------------------------------------------------------------


def test_existing_policies_are_matched_by_normalised_reference_and_updated():
    policy = make_policy(reference="HOU-001", title="Old title", notes="Kept as it was")

    result = run_csv(["Reference", "Title"], [[" hou-001 ", "New title"]])

    policy.refresh_from_db()
    assert policy.title == "New title"
    assert policy.notes == "Kept as it was"
    assert Policy.objects.count() == 1
    assert result.row_outcomes == [RowOutcome(2, "HOU-001", "New title", Action.UPDATE)]
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)


def test_a_column_missing_from_the_file_leaves_the_field_but_a_blank_cell_clears_it(owner):
    area = make_service_area("Housing")
    policy = make_policy(
        reference="A-1",
        title="Alpha",
        owner=owner,
        service_area=area,
        notes="Old notes",
        policy_type="Policy",
        equality_relevance="high",
        covenant_functions=["housing"],
        document_url="https://example.gov.uk/a",
    )

    run_csv(
        ["Reference", "Title", "Notes", "Owner email", "Equality relevance", "Covenant function"],
        [["A-1", "Alpha", "", "", "", ""]],
    )

    policy.refresh_from_db()
    assert (policy.notes, policy.owner, policy.equality_relevance) == ("", None, "")
    assert policy.covenant_functions == []
    assert (policy.service_area, policy.policy_type) == (area, "Policy")
    assert policy.document_url == "https://example.gov.uk/a"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(owner):
    content = csv_bytes(
        FULL_HEADERS, [full_row("A-1"), full_row("A-2", owner_email="new@x.gov.uk")]
    )
    import_policies(content=content, filename="register.csv")
    before = list(Policy.objects.order_by("pk").values())

    again = import_policies(content=content, filename="register.csv")

    assert again.summary_line() == "Rows read: 2, created: 0, updated: 0, unchanged: 2, errors: 0"
    assert again.accounts_created == []
    assert again.service_areas_created == []
    assert list(Policy.objects.order_by("pk").values()) == before


def test_covenant_functions_in_a_different_order_are_unchanged():
    make_policy(reference="A-1", title="Alpha", covenant_functions=["healthcare", "housing"])

    result = run_csv(
        ["Reference", "Title", "Covenant function"], [["A-1", "Alpha", "Housing and Healthcare"]]
    )

    assert result.unchanged == 1


def test_an_update_touches_updated_at_and_an_unchanged_row_does_not():
    changed = make_policy(reference="A-1", title="Alpha")
    same = make_policy(reference="A-2", title="Beta")
    stamps = dict(Policy.objects.values_list("reference", "updated_at"))

    run_csv(["Reference", "Title"], [["A-1", "Alpha revised"], ["A-2", "Beta"]])

    changed.refresh_from_db()
    same.refresh_from_db()
    assert changed.updated_at > stamps["A-1"]
    assert same.updated_at == stamps["A-2"]


# --- Owners and service areas ----------------------------------------------------------------


def test_owner_email_matches_an_account_ignoring_case(owner):
    run_csv(["Reference", "Title", "Owner email"], [["A-1", "Alpha", "ALICE@Example.gov.uk"]])

    assert Policy.objects.get().owner == owner


def test_an_unknown_owner_email_creates_a_policy_owner_account_without_a_password():
    result = run_csv(
        ["Reference", "Title", "Owner email"],
        [
            ["A-1", "Alpha", "Priya.Patel@Example.gov.uk"],
            ["A-2", "Beta", "priya.patel@example.gov.uk"],
        ],
    )

    user = User.objects.get(email="priya.patel@example.gov.uk")
    assert user.username == "priya.patel@example.gov.uk"
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [Role.POLICY_OWNER.value]
    assert set(Policy.objects.values_list("owner", flat=True)) == {user.pk}
    assert result.accounts_created == ["priya.patel@example.gov.uk"]
    assert "Accounts created: priya.patel@example.gov.uk" in result.summary_lines()


def test_an_existing_owner_sharing_an_address_with_another_account_is_kept():
    first = make_user("first", email="shared@example.gov.uk")
    second = make_user("second", email="Shared@example.gov.uk")
    make_policy(reference="A-1", title="Alpha", owner=second)

    result = run_csv(
        ["Reference", "Title", "Owner email"],
        [["A-1", "Alpha", "shared@example.gov.uk"], ["A-2", "Beta", "shared@example.gov.uk"]],
    )

    assert result.unchanged == 1
    owners = dict(Policy.objects.values_list("reference", "owner"))
    assert owners == {"A-1": second.pk, "A-2": first.pk}


def test_unknown_service_areas_are_created_once_and_known_ones_matched_ignoring_case():
    housing = make_service_area("Housing")

    result = run_csv(
        ["Reference", "Title", "Service area"],
        [
            ["A-1", "a", "housing"],
            ["A-2", "b", "Waste  and Recycling"],
            ["A-3", "c", "WASTE and recycling"],
        ],
    )

    areas = dict(Policy.objects.values_list("reference", "service_area__name"))
    assert areas == {"A-1": "Housing", "A-2": "Waste and Recycling", "A-3": "Waste and Recycling"}
    assert ServiceArea.objects.count() == 2
    assert Policy.objects.get(reference="A-1").service_area == housing
    assert result.service_areas_created == ["Waste and Recycling"]


def test_a_dry_run_reports_what_it_would_do_and_creates_nothing():
    make_policy(reference="A-1", title="Old")

    result = run_csv(
        ["Reference", "Title", "Owner email", "Service area"],
        [["A-1", "New", "new.owner@example.gov.uk", "Planning"], ["A-2", "Beta", "", ""]],
        dry_run=True,
    )

    assert (result.created, result.updated, result.written) == (1, 1, False)
    assert result.accounts_created == ["new.owner@example.gov.uk"]
    assert result.service_areas_created == ["Planning"]
    assert result.summary_lines()[-3:] == [
        "Accounts to create: new.owner@example.gov.uk",
        "Service areas to create: Planning",
        "Dry run: nothing was written.",
    ]
    assert list(Policy.objects.values_list("reference", "title")) == [("A-1", "Old")]
    assert not User.objects.filter(email="new.owner@example.gov.uk").exists()
    assert not ServiceArea.objects.exists()


def test_accounts_and_areas_needed_only_by_rows_with_errors_are_not_created():
    result = run_csv(
        ["Reference", "Title", "Owner email", "Service area", "Last reviewed"],
        [["A-1", "a", "bad.row@example.gov.uk", "Planning", "32/01/2024"], ["A-2", "b", "", ""]],
        skip_invalid=True,
    )

    assert result.accounts_created == []
    assert not User.objects.filter(email="bad.row@example.gov.uk").exists()
    assert not ServiceArea.objects.exists()


# --- Speed -----------------------------------------------------------------------------------


def test_a_large_file_is_written_in_bulk_with_few_queries(django_assert_max_num_queries):
    make_policy(reference="P-00001", title="Before")
    rows = [
        [
            f"P-{n:05d}",
            f"Policy {n}",
            f"Area {n % 7}",
            f"owner{n % 20}@example.gov.uk",
            "01/04/2024",
            "12",
        ]
        for n in range(1, 2001)
    ]
    headers = [
        "Reference",
        "Title",
        "Service area",
        "Owner email",
        "Last reviewed",
        "Review frequency (months)",
    ]

    # One query per row would be thousands. SQLite allows 999 parameters a statement, so
    # there it inserts about 66 policies at a time; PostgreSQL takes 500.
    with django_assert_max_num_queries(50):
        result = run_csv(headers, rows)

    assert result.summary_line() == (
        "Rows read: 2000, created: 1999, updated: 1, unchanged: 0, errors: 0"
    )
    assert Policy.objects.count() == 2000
    assert User.objects.filter(groups__name=Role.POLICY_OWNER).count() == 20
