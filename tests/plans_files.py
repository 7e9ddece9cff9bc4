"""What the plan tests share: the demo's spreadsheets (transcribed from the council's two
reference documents), files built in memory, and plans imported through the import service."""

import csv
import io
from pathlib import Path

from django.contrib.auth.models import User

from plans.importing import import_plan
from plans.models import Plan

DEMO = Path(__file__).resolve().parents[1] / "plans" / "demo"
EARLIER_PLAN = DEMO / "equality-plan-2019-2022.csv"
EARLIER_PROGRESS = DEMO / "equality-progress-2022.csv"
PLAN = DEMO / "equality-plan-2022-2025.csv"
EARLIER_TITLE = "Equality Objectives and Action Plan 2019-2022"
TITLE = "Equality Objectives and Action Plan 2022-2025"
PLAN_HEADERS = ["Theme", "Aim", "Objective", "Action", "Lead", "Target", "Connections"]


def csv_bytes(headers: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def rows_of(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as file:
        records = list(csv.reader(file))
    return records[0], records[1:]


def import_earlier_plan(*, by: User | None = None) -> Plan:
    result = import_plan(
        content=EARLIER_PLAN.read_bytes(),
        filename=EARLIER_PLAN.name,
        title=EARLIER_TITLE,
        period=(2019, 2022),
        by=by,
    )
    assert result.written and not result.has_errors, result.summary_lines()
    return Plan.objects.get(slug=result.slug)


def import_reference_plan(*, follows: Plan | None = None, by: User | None = None) -> Plan:
    """The 2022-2025 plan, following the earlier one (imported first when not given)."""
    follows = follows or import_earlier_plan()
    result = import_plan(
        content=PLAN.read_bytes(),
        filename=PLAN.name,
        title=TITLE,
        period=(2022, 2025),
        follows=follows,
        by=by,
    )
    assert result.written and not result.has_errors, (result.errors, result.problems)
    return Plan.objects.get(slug=result.slug)


def simple_plan_bytes(**overrides: str) -> bytes:
    row = {
        "Theme": "As an Employer",
        "Aim": "To lead a diverse workforce.",
        "Objective": "We will look after the mental health of our staff.",
        "Action": "Train Mental Health First Aiders",
        "Lead": "HR team",
        "Target": "April 2027",
        "Connections": "Workforce Strategy",
    }
    row.update(overrides)
    return csv_bytes(list(row), [list(row.values())])
