"""The register as a CSV or XLSX file with the import's columns: an export imports unchanged.

The files are written by core.spreadsheets, as every download of the service is: text Excel
would run as a formula gets an apostrophe there (which the import takes off again), dates
stay dates."""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from core import spreadsheets
from core.spreadsheets import CSV_CONTENT_TYPE, EXPORT_FORMATS, XLSX_CONTENT_TYPE, CellValue
from policies.import_values import Column
from policies.models import Policy, PolicyStatus, Relevance

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = [
    "CSV_CONTENT_TYPE",
    "EXPORT_FORMATS",
    "XLSX_CONTENT_TYPE",
    "all_policies",
    "csv_bytes",
    "policy_cells",
    "write_csv",
    "xlsx_bytes",
]

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


def write_csv(policies: Iterable[Policy], stream: "SupportsWrite[str]") -> int:
    """Write the register to a text stream (a command's stdout, too); the number of policies
    written."""
    return spreadsheets.write_csv(list(Column), (policy_cells(p) for p in policies), stream)


def csv_bytes(policies: Iterable[Policy]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows £ and accented names correctly."""
    return spreadsheets.csv_bytes(list(Column), (policy_cells(p) for p in policies))


def xlsx_bytes(policies: Iterable[Policy]) -> bytes:
    return spreadsheets.xlsx_bytes(
        "Policies",
        list(Column),
        (policy_cells(policy) for policy in policies),
        {str(column): width for column, width in COLUMN_WIDTHS.items()},
    )
