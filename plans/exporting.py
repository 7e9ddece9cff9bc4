"""A plan and a round's progress as spreadsheets in the imports' own columns, so an export
imports back unchanged (CSV or XLSX, written by core.spreadsheets: never a formula Excel would
run)."""

from core.spreadsheets import CellValue, csv_bytes, xlsx_bytes
from plans.documents.content import plan_themes
from plans.models import Plan, PlanAction, ProgressRound
from plans.progress import plan_actions
from plans.spreadsheet import PlanColumn, ProgressColumn
from plans.values import lead_cell

EXPORT_FORMATS = ("csv", "xlsx")
PLAN_WIDTHS = {
    PlanColumn.AIM: 40,
    PlanColumn.OBJECTIVE: 50,
    PlanColumn.ACTION: 50,
    PlanColumn.LEAD: 30,
    PlanColumn.CONNECTIONS: 30,
}
PROGRESS_WIDTHS = {
    ProgressColumn.ACTION: 50,
    ProgressColumn.PROGRESS: 80,
    ProgressColumn.REASON: 30,
}


def carried_cell(action: PlanAction) -> str:
    origin = action.carried_from
    if origin is None:
        return ""
    return origin.reference or origin.text


def plan_rows(plan: Plan) -> list[list[CellValue]]:
    """One row per action, theme, aim and objective on every row; the theme's connections and
    the objective's characteristics on its first row."""
    rows: list[list[CellValue]] = []
    for theme in plan_themes(plan):
        connections = "; ".join(c.name for c in theme.connections.all())
        for objective in theme.objectives.all():
            characteristics = "; ".join(c.name for c in objective.characteristics.all())
            for action in objective.actions.all():
                rows.append(
                    [
                        theme.role,
                        theme.aim,
                        objective.text,
                        action.text,
                        lead_cell(
                            [person.email.lower() for person in action.lead_people.all()],
                            action.lead_teams,
                        ),
                        action.target,
                        connections,
                        action.reference,
                        characteristics,
                        carried_cell(action),
                    ]
                )
                connections = characteristics = ""
    return rows


def progress_rows(round: ProgressRound) -> list[list[CellValue]]:
    """Every action of the plan, with its return in the round where it has one."""
    updates = {u.action_id: u for u in round.updates.select_related("status")}
    rows: list[list[CellValue]] = []
    for action in plan_actions(round.plan):
        update = updates.get(action.pk)
        rows.append(
            [
                action.reference,
                action.text,
                update.text if update else "",
                update.status.name if update and update.status else "",
                update.reason if update else "",
            ]
        )
    return rows


def plan_file(plan: Plan, export_format: str) -> bytes:
    headings = [str(column) for column in PlanColumn]
    rows = plan_rows(plan)
    if export_format == "xlsx":
        return xlsx_bytes("Plan", headings, rows, {str(k): v for k, v in PLAN_WIDTHS.items()})
    return csv_bytes(headings, rows)


def progress_file(round: ProgressRound, export_format: str) -> bytes:
    headings = [str(column) for column in ProgressColumn]
    rows = progress_rows(round)
    if export_format == "xlsx":
        return xlsx_bytes(
            f"Progress {round.year}",
            headings,
            rows,
            {str(k): v for k, v in PROGRESS_WIDTHS.items()},
        )
    return csv_bytes(headings, rows)
