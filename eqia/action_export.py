"""The Actions page as a CSV or XLSX file: the live actions its filters show, one a row."""

from collections.abc import Iterable

from core.people import display_name
from core.spreadsheets import CellValue, csv_bytes, xlsx_bytes
from eqia.models import ActionStatus
from eqia.selectors import ActionRow

HEADINGS = [
    "Reference",
    "Policy",
    "Service area",
    "Action",
    "Lead (person)",
    "Lead e-mail",
    "Lead team or partner",
    "Success measure",
    "Who it serves",
    "Due date",
    "Overdue",
    "Status",
    "Planned in",
    "In the plans of",
]
WIDTHS = {"Policy": 40, "Action": 60, "Success measure": 45, "Who it serves": 30}


def action_cells(row: ActionRow) -> list[CellValue]:
    action = row.action
    policy = action.assessment.policy
    owner = action.owner
    return [
        policy.reference,
        policy.title,
        policy.service_area.name if policy.service_area else "",
        action.description,
        display_name(owner) if owner is not None else "",
        owner.email if owner is not None else "",
        action.lead_team,
        action.success_measure,
        "; ".join(c.name for c in row.served),
        action.due_date,
        "Yes" if row.overdue else "No",
        ActionStatus(action.status).label,
        action.assessment.label,
        ", ".join(plan.label for plan in row.plans),
    ]


def actions_csv(rows: Iterable[ActionRow]) -> bytes:
    return csv_bytes(HEADINGS, (action_cells(row) for row in rows))


def actions_xlsx(rows: Iterable[ActionRow]) -> bytes:
    return xlsx_bytes("Actions", HEADINGS, (action_cells(row) for row in rows), WIDTHS)
