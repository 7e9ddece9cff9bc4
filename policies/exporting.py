"""The register as a CSV or XLSX file with the import's columns: an export imports unchanged."""

import csv
import datetime
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from policies.import_values import CellValue, Column, add_formula_guard
from policies.models import Policy, PolicyStatus, Relevance

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FORMATS = ("csv", "xlsx")

COLUMN_WIDTHS = {Column.TITLE: 50, Column.NOTES: 60, Column.DOCUMENT_URL: 45}


def all_policies() -> Iterable[Policy]:
    """Every policy, archived ones too, in reference order: what the command exports."""
    return Policy.objects.select_related("service_area", "owner").order_by("reference")


def policy_cells(policy: Policy) -> list[CellValue]:
    """One row of the register, in the order of Column, as the import reads it back."""
    return [
        policy.reference,
        policy.title,
        policy.service_area.name if policy.service_area else "",
        policy.owner.email if policy.owner else "",
        policy.policy_type,
        PolicyStatus(policy.status).label,
        policy.last_reviewed,
        policy.next_review,
        policy.review_frequency_months,
        Relevance(policy.equality_relevance).label if policy.equality_relevance else "",
        "; ".join(policy.covenant_function_labels()),
        policy.document_url,
        policy.notes,
    ]


def csv_text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    # Text Excel would run as a formula gets an apostrophe, which the import removes again.
    return add_formula_guard(str(value))


def write_csv(policies: Iterable[Policy], stream: "SupportsWrite[str]") -> int:
    """Write the register to a text stream (a command's stdout, too); the number of policies
    written."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(list(Column))
    count = 0
    for policy in policies:
        writer.writerow([csv_text(value) for value in policy_cells(policy)])
        count += 1
    return count


def csv_bytes(policies: Iterable[Policy]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows £ and accented names correctly."""
    buffer = io.StringIO()
    write_csv(policies, buffer)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(policies: Iterable[Policy]) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Policies")
    sheet.freeze_panes = "A2"
    for index, column in enumerate(Column, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = COLUMN_WIDTHS.get(column, 20)
    heading = Font(bold=True)
    header_cells = []
    for column in Column:
        cell = WriteOnlyCell(sheet, value=str(column))
        cell.font = heading
        header_cells.append(cell)
    sheet.append(header_cells)
    for policy in policies:
        sheet.append([xlsx_cell(sheet, value) for value in policy_cells(policy)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
