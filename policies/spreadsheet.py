"""Reading a spreadsheet, CSV or XLSX, as councils really save them, into numbered rows."""

import codecs
import csv
import io
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.escape import unescape

from policies.import_values import CellValue, cell_text

XLSX_SIGNATURE = b"PK\x03\x04"
OLD_EXCEL_SIGNATURE = b"\xd0\xcf\x11\xe0"
CSV_DELIMITERS = [",", ";", "\t"]

NOT_UTF8_WARNING = (
    "The file is not in UTF-8, so it was read as Windows-1252, the encoding Excel uses for "
    '"CSV (Comma delimited)" files. Check that accented letters and symbols such as £ look '
    'right; saving as "CSV UTF-8" avoids this.'
)


class UnreadableFile(Exception):
    """The file as a whole cannot be read: the message says why, for the person who chose it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1
    cells: list[CellValue]


@dataclass
class Sheet:
    headers: list[str]
    rows: list[Row]  # data rows with something in them, blank rows left out
    warnings: list[str] = field(default_factory=list)


def read_spreadsheet(content: bytes, filename: str) -> Sheet:
    """The header row and the non-blank data rows of a .csv file or an .xlsx workbook."""
    extension = PurePath(filename).suffix.lower()
    if content.startswith(OLD_EXCEL_SIGNATURE):
        raise UnreadableFile(
            f"{filename} is an old-style Excel file (.xls). Save it as an Excel workbook "
            "(.xlsx) or as CSV and try again."
        )
    if extension == ".xlsx":
        return read_xlsx(content, filename)
    if extension == ".csv":
        if content.startswith(XLSX_SIGNATURE):
            # A workbook renamed to .csv: read it for what it is rather than as garbled text.
            return read_xlsx(content, filename)
        return read_csv(content, filename)
    raise UnreadableFile(
        f"{filename} is not a CSV or XLSX file. Save the register as CSV or as an Excel "
        "workbook (.xlsx) and try again."
    )


# A register of 10,000 policies needs half these: files larger are refused before they are read,
# so a small file built to unpack into gigabytes cannot exhaust the server.
MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_UNPACKED_BYTES = 60 * 1024 * 1024


def too_many_rows(filename: str) -> UnreadableFile:
    return UnreadableFile(
        f"{filename} has more than {MAX_ROWS:,} rows, more than any register needs: split it, "
        "or remove the empty rows at its end."
    )


def too_many_columns(filename: str, headings: Sequence[Any]) -> UnreadableFile | None:
    """The refusal of a file with headings past MAX_COLUMNS, naming them; None when it has none.

    Cells past that column under no heading are left out, as any column with no heading is: a
    stray value far to the right must not cost the whole file."""
    beyond = [
        f'"{text}" in column {get_column_letter(number)}'
        for number, value in enumerate(headings[MAX_COLUMNS:], start=MAX_COLUMNS + 1)
        if (text := cell_text(value))
    ]
    if not beyond:
        return None
    shown = ", ".join(beyond[:3]) + (f" and {len(beyond) - 3:,} more" if len(beyond) > 3 else "")
    return UnreadableFile(
        f"{filename} has more than {MAX_COLUMNS} columns, more than any register needs: "
        f"{shown}. Delete the columns the register does not use (only the first "
        f"{MAX_COLUMNS}, A to {get_column_letter(MAX_COLUMNS)}, are read) and try again."
    )


def read_csv(content: bytes, filename: str) -> Sheet:
    text, warnings_found = decode(content)
    if "\x00" in text:
        raise UnreadableFile(f"{filename} is not a text CSV file.")
    first_line = text.split("\n", 1)[0]
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for record in reader:
            if len(records) > MAX_ROWS:
                raise too_many_rows(filename)
            if not records and (refusal := too_many_columns(filename, record)):
                raise refusal
            records.append(record[:MAX_COLUMNS])
    except csv.Error as exc:
        raise UnreadableFile(f"{filename} could not be read as CSV: {exc}.") from None
    return sheet_from_records(records, filename, warnings_found)


def decode(content: bytes) -> tuple[str, list[str]]:
    """The text of a CSV file and any warning about how it was decoded."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode Text" format: UTF-16, tab separated.
        return content.decode("utf-16"), []
    try:
        return content.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), [NOT_UTF8_WARNING]
    except UnicodeDecodeError:
        # The five bytes Windows-1252 leaves undefined: Latin-1 maps them to control codes.
        return content.decode("latin-1"), [NOT_UTF8_WARNING]


def read_xlsx(content: bytes, filename: str) -> Sheet:
    """The first worksheet, dates as dates, formulas as the values Excel last calculated.

    Excel writes a carriage return in a cell as "_x000D_", which openpyxl leaves as it is.
    """
    not_a_workbook = UnreadableFile(
        f"{filename} could not be opened as an Excel workbook (.xlsx): it may be damaged, "
        "password-protected or not really an Excel file."
    )
    unpacked_size(content, filename)
    try:
        # Untrusted bytes can fail inside openpyxl in many ways; every one means "unreadable".
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it drops; the values are unaffected.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                if not workbook.worksheets:
                    raise UnreadableFile(f"{filename} has no worksheets.")
                worksheet = workbook.worksheets[0]
                # Some programs write a wrong size into the file; read every row there is.
                worksheet.reset_dimensions()
                # The headings alone are read at full width, to refuse any past MAX_COLUMNS.
                headings = next(worksheet.iter_rows(values_only=True, max_row=1), ())
                if refusal := too_many_columns(filename, headings):
                    raise refusal
                # openpyxl's value types are wider than CellValue (a duration, for one): the
                # parsers read any value CellValue does not list as its text (cell_text).
                records: list[list[Any]] = []
                # Streamed row by row, at most MAX_COLUMNS wide: one cell in column XFD
                # would otherwise pad every row to 16,384 cells.
                for row in worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                    if len(records) > MAX_ROWS:
                        raise too_many_rows(filename)
                    records.append(
                        [unescape(value) if isinstance(value, str) else value for value in row]
                    )
            finally:
                workbook.close()
    except UnreadableFile:
        raise
    except Exception:
        raise not_a_workbook from None
    return sheet_from_records(records, filename, [])


def unpacked_size(content: bytes, filename: str) -> int:
    """How large the workbook's parts are once unpacked; refused past MAX_UNPACKED_BYTES (a
    register of 10,000 policies unpacks to a few megabytes)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            total = sum(part.file_size for part in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        return 0  # openpyxl says what is wrong with it
    if total > MAX_UNPACKED_BYTES:
        raise UnreadableFile(
            f"{filename} unpacks to {total // (1024 * 1024):,} MB, far more than a register "
            "needs: it may hold something other than the register. Save the register alone "
            "as a new workbook, or as CSV."
        )
    return total


def sheet_from_records(
    records: Sequence[Sequence[CellValue]], filename: str, warnings_found: list[str]
) -> Sheet:
    if not records or is_blank(records[0]):
        raise UnreadableFile(
            f"{filename} has no column headings: the first row must hold them, "
            "including Reference and Title."
        )
    headers = [cell_text(value) for value in records[0]]
    rows = [
        Row(number, list(cells))
        for number, cells in enumerate(records[1:], start=2)
        if not is_blank(cells)
    ]
    return Sheet(headers=headers, rows=rows, warnings=warnings_found)


def is_blank(cells: Sequence[CellValue]) -> bool:
    return all(cell_text(value) == "" for value in cells)
