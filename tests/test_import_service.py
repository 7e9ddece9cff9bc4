"""The import service: reading CSV and Excel files."""

import datetime
import io

import openpyxl
import pytest

from policies.importing import UnreadableFile, import_policies, import_policies_from_path
from policies.models import Policy
from tests.import_files import FULL_HEADERS, csv_bytes, full_row, run_csv, xlsx_bytes

pytestmark = pytest.mark.django_db


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
    ("headers", "missing", "found"),
    [
        (["Title", "Notes"], "Reference", '"Title", "Notes"'),
        (["Reference", "Notes"], "Title", '"Reference", "Notes"'),
        (["Code", "Description"], "Reference or Title", '"Code", "Description"'),
    ],
)
def test_a_file_without_reference_or_title_columns_is_unreadable_naming_what_it_has(
    headers, missing, found
):
    with pytest.raises(UnreadableFile) as caught:
        run_csv(headers, [["x", "y"]])

    assert caught.value.message == (
        f"register.csv has no {missing} column. The headings in its first row are {found}. The "
        "first row must hold the column headings, including Reference (or Ref, Policy "
        "reference...) and Title (or Policy title, Name...)."
    )
    assert not Policy.objects.exists()


def test_a_column_heading_given_twice_makes_the_file_unreadable():
    with pytest.raises(UnreadableFile) as caught:
        run_csv(["Reference", "Title", "TITLE"], [["A-1", "x", "y"]])
    assert caught.value.message == (
        'register.csv has two columns for Title: "Title" and "TITLE". Keep only one, or head '
        'the one to use "Title".'
    )


def test_unknown_columns_are_reported_and_ignored():
    result = run_csv(
        ["Reference", "Title", "Cabinet member", "RAG"], [["A-1", "Alpha", "Cllr Jones", "R"]]
    )

    assert result.unknown_columns == ["Cabinet member", "RAG"]
    assert result.errors == []
    assert Policy.objects.get().title == "Alpha"
    assert "Columns not recognised, so ignored: Cabinet member, RAG" in result.summary_lines()


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
