"""The register import's limits (policies.spreadsheet: MAX_ROWS, MAX_COLUMNS, MAX_UNPACKED_BYTES)
and its refusal of control characters in references: each a clear error, never a 500, with
nothing written, on the upload page and from the import_policies command.

The files are small: the zip bomb is one highly compressible worksheet of 61 MB of spaces, about
60 KB packed, streamed into the archive so the test never holds it in memory.
"""

import io
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from policies.importing import import_policies
from policies.models import Policy, PolicyChange, ServiceArea
from policies.spreadsheet import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    UnreadableFile,
    read_spreadsheet,
)
from tests.page import error_summary, field_error, title

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("policies:import")
SHEET = "xl/worksheets/sheet1.xml"
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = "</sheetData></worksheet>"


def workbook_with_sheet(write_sheet) -> bytes:
    """A real workbook (openpyxl's own parts) whose first worksheet ``write_sheet`` writes."""
    template = io.BytesIO()
    openpyxl.Workbook().save(template)
    parts = zipfile.ZipFile(template)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for part in parts.infolist():
            if part.filename == SHEET:
                with archive.open(SHEET, "w") as sheet:
                    write_sheet(sheet)
            else:
                archive.writestr(part, parts.read(part))
    return packed.getvalue()


def cell(column: str, row: int, text: str) -> str:
    return f'<c r="{column}{row}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_of_rows(rows: list[str]):
    def write(sheet) -> None:
        sheet.write(SHEET_START.encode())
        for row in rows:
            sheet.write(row.encode())
        sheet.write(SHEET_END.encode())

    return write


def header_row() -> str:
    return f'<row r="1">{cell("A", 1, "Reference")}{cell("B", 1, "Title")}</row>'


def policy_row(number: int, *extra: str) -> str:
    cells = cell("A", number, f"REF-{number}") + cell("B", number, f"Policy {number}")
    return f'<row r="{number}">{cells}{"".join(extra)}</row>'


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A 61 MB worksheet (past MAX_UNPACKED_BYTES) of spaces inside a legal sheet: ~60 KB."""

    def write(sheet) -> None:
        sheet.write(SHEET_START.encode())
        spaces = b" " * (1024 * 1024)
        for _ in range(MAX_UNPACKED_BYTES // len(spaces) + 1):
            sheet.write(spaces)
        sheet.write(header_row().encode() + SHEET_END.encode())

    return workbook_with_sheet(write)


@pytest.fixture(scope="module")
def too_many_rows_xlsx() -> bytes:
    rows = [header_row()] + [policy_row(n) for n in range(2, MAX_ROWS + 3)]
    return workbook_with_sheet(sheet_of_rows(rows))


def too_many_rows_csv() -> bytes:
    lines = ["Reference,Title"] + [f"REF-{n},Policy {n}" for n in range(MAX_ROWS + 1)]
    return "\r\n".join(lines).encode()


def too_many_columns_csv() -> bytes:
    headings = ["Reference", "Title"] + [f"Extra {n}" for n in range(3, MAX_COLUMNS + 2)]
    return (",".join(headings) + "\r\nHOU-001,Allocations\r\n").encode()


def too_many_columns_xlsx() -> bytes:
    # A heading far to the right (column XFD, Excel's last), as a stray value typed there is.
    rows = [
        f'<row r="1">{cell("A", 1, "Reference")}{cell("B", 1, "Title")}'
        f"{cell('XFD', 1, 'Owner email')}</row>",
        policy_row(2),
    ]
    return workbook_with_sheet(sheet_of_rows(rows))


ROWS_MESSAGE = f"has more than {MAX_ROWS:,} rows, more than any register needs"
BOMB_MESSAGE = "unpacks to 61 MB, far more than a register needs"


def refused_files(zip_bomb: bytes, too_many_rows_xlsx: bytes) -> list[tuple[str, bytes, str]]:
    return [
        ("bomb.xlsx", zip_bomb, BOMB_MESSAGE),
        ("rows.xlsx", too_many_rows_xlsx, ROWS_MESSAGE),
        ("rows.csv", too_many_rows_csv(), ROWS_MESSAGE),
        ("wide.csv", too_many_columns_csv(), f'"Extra {MAX_COLUMNS + 1}" in column BI'),
        ("wide.xlsx", too_many_columns_xlsx(), '"Owner email" in column XFD'),
    ]


def nothing_written() -> bool:
    return not (
        Policy.objects.exists()
        or PolicyChange.objects.exists()
        or ServiceArea.objects.exists()
        or User.objects.filter(username__startswith="REF-").exists()
    )


# --- The limits, read -------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_it_is_unpacked(zip_bomb):
    assert len(zip_bomb) < 200_000
    started = time.monotonic()

    with pytest.raises(UnreadableFile) as refused:
        read_spreadsheet(zip_bomb, "bomb.xlsx")

    assert time.monotonic() - started < 1
    assert refused.value.message == (
        "bomb.xlsx unpacks to 61 MB, far more than a register needs: it may hold something "
        "other than the register. Save the register alone as a new workbook, or as CSV."
    )


def test_a_register_of_exactly_the_most_rows_is_read():
    lines = ["Reference,Title"] + [f"REF-{n},Policy {n}" for n in range(MAX_ROWS)]

    sheet = read_spreadsheet("\r\n".join(lines).encode(), "register.csv")

    assert len(sheet.rows) == MAX_ROWS


def test_too_many_headings_are_refused_naming_the_first_ones_past_the_limit():
    with pytest.raises(UnreadableFile) as refused:
        read_spreadsheet(too_many_columns_csv(), "wide.csv")

    assert refused.value.message == (
        f"wide.csv has more than {MAX_COLUMNS} columns, more than any register needs: "
        f'"Extra 61" in column BI. Delete the columns the register does not use (only the first '
        f"{MAX_COLUMNS}, A to BH, are read) and try again."
    )


def test_a_stray_value_far_to_the_right_under_no_heading_is_left_out():
    # The 26.7 KB file: thousands of rows with one cell in column XFD took 1.4 GB.
    rows = [header_row()] + [policy_row(n, cell("XFD", n, "x")) for n in range(2, 3002)]
    content = workbook_with_sheet(sheet_of_rows(rows))
    started = time.monotonic()

    sheet = read_spreadsheet(content, "register.xlsx")

    assert time.monotonic() - started < 2
    assert sheet.headers == ["Reference", "Title"] + [""] * (MAX_COLUMNS - 2)
    assert {len(row.cells) for row in sheet.rows} == {MAX_COLUMNS}
    assert sheet.rows[0].cells[:2] == ["REF-2", "Policy 2"]


# --- On the upload page and from the command ----------------------------------------------------


def test_every_file_past_a_limit_is_a_field_error_on_the_upload_page(
    client, administrator, settings, tmp_path, zip_bomb, too_many_rows_xlsx
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(administrator)
    for name, content, message in refused_files(zip_bomb, too_many_rows_xlsx):
        response = client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})

        assert response.status_code == 200, name
        assert field_error(response, "id_file").startswith(f"{name} "), name
        assert message in field_error(response, "id_file"), name
        assert error_summary(response) == [field_error(response, "id_file")]
        assert title(response).startswith("Error: ")
        assert nothing_written(), name
    assert not (tmp_path / "import-staging").exists()


def test_every_file_past_a_limit_exits_2_from_the_command_writing_nothing(
    tmp_path: Path, zip_bomb, too_many_rows_xlsx
):
    for name, content, message in refused_files(zip_bomb, too_many_rows_xlsx):
        path = tmp_path / name
        path.write_bytes(content)

        # manage.py prints a CommandError's message on standard error and exits with its code.
        with pytest.raises(CommandError) as refused:
            call_command("import_policies", str(path))

        assert refused.value.returncode == 2, name
        assert message in str(refused.value), name
        assert nothing_written(), name


# --- Control characters in references ---------------------------------------------------------


@pytest.mark.parametrize(
    "reference", ["HOU\t001", "HOU\r001", "HOU\n001", "HOU\x1b001", "HOU\x7f001"]
)
def test_a_reference_with_a_control_character_is_a_row_error_and_nothing_is_written(reference):
    content = f'Reference,Title\r\n"{reference}",Allocations\r\nHOU-002,Tenancy\r\n'.encode()

    result = import_policies(content=content, filename="register.csv")

    assert [(error.row, error.column, error.message) for error in result.errors] == [
        (
            2,
            "Reference",
            "a reference cannot contain a tab, a line break or another control character",
        ),
    ]
    assert not result.written
    assert nothing_written()


@pytest.mark.parametrize("reference", ["HOU\t001", "HOU\r\n001", "HOU\x1b001"])
def test_a_reference_with_a_control_character_is_a_field_error_on_the_policy_form(
    client, administrator, reference
):
    client.force_login(administrator)

    response = client.post(
        reverse("policies:create"),
        {"reference": reference, "title": "Allocations", "status": "active"},
    )

    assert response.status_code == 200
    assert field_error(response, "id_reference") == (
        "A reference cannot contain a tab, a line break or another control character"
    )
    assert not Policy.objects.exists()
