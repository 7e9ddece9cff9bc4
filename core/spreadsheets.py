"""Lists as CSV or XLSX downloads: a heading row and rows of values, written so that no cell
is ever run as a formula by Excel (formula injection) and dates stay dates.

Used by every download the service offers whose rows another app builds (the register's
columns are policies/exporting.py's, the Actions page's eqia/action_export.py's).
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

CellValue = str | int | float | bool | datetime.date | datetime.datetime | datetime.time | None

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FORMATS = ("csv", "xlsx")
DEFAULT_COLUMN_WIDTH = 20

# Excel shows a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def add_formula_guard(text: str) -> str:
    """Text Excel would run as a formula, with an apostrophe in front so it reads as text."""
    if text.startswith(FORMULA_STARTS) or (
        text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS)
    ):
        return "'" + text
    return text


def remove_formula_guard(text: str) -> str:
    """The inverse of add_formula_guard, for a file read back (an exported register imports
    unchanged)."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


def csv_text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return add_formula_guard(str(value))


def write_csv(
    headings: Sequence[str], rows: Iterable[Sequence[CellValue]], stream: "SupportsWrite[str]"
) -> int:
    """Write the headings and rows to a text stream; the number of rows written."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(list(headings))
    count = 0
    for row in rows:
        writer.writerow([csv_text(value) for value in row])
        count += 1
    return count


def csv_bytes(headings: Sequence[str], rows: Iterable[Sequence[CellValue]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows £ and accented names correctly."""
    buffer = io.StringIO()
    write_csv(headings, rows, buffer)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_cell(sheet: WriteOnlyWorksheet, value: CellValue) -> Cell | CellValue:
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # a stub gap: dates work
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, str):
        # Control characters are not allowed in the file format; a pasted one would stop
        # the export.
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        # Stored as text even when it starts with "=": never a formula that Excel would run.
        cell.data_type = "s"
        return cell
    return value


def xlsx_bytes(
    sheet_name: str,
    headings: Sequence[str],
    rows: Iterable[Sequence[CellValue]],
    widths: dict[str, int] | None = None,
) -> bytes:
    """One sheet: bold headings, frozen above the rows; ``widths`` by heading."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.freeze_panes = "A2"
    widths = widths or {}
    for index, heading in enumerate(headings, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(
            heading, DEFAULT_COLUMN_WIDTH
        )
    bold = Font(bold=True)
    header_cells = []
    for heading in headings:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
