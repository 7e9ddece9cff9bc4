"""What the import-service tests share: register files to import, built in memory."""

import csv
import io

import openpyxl

from policies.importing import import_policies

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


def run_csv(headers: list[str], rows: list[list[object]], **kwargs):
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
