"""Done when: importing the reference plan's spreadsheet and rendering `equality_report`
reproduces the reference document's structure and text: every theme, aim, objective, action,
lead and target, in order; and the 2022 progress report comes out theme by theme with its
three-column table, in HTML, PDF and Word."""

import datetime
import io
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.core.management import call_command

from core.dates import today
from plans import lifecycle, progress
from plans.progress_import import import_progress
from tests.page import Element, parse
from tests.plans_files import EARLIER_PROGRESS, import_earlier_plan, import_reference_plan
from tests.plans_reference import (
    ACTIONS,
    AIMS,
    CONNECTIONS,
    LEADS,
    OBJECTIVES,
    TARGETS,
    THEMES,
    in_order,
)
from tests.rendered_pdfs import needs_poppler, page_texts

SLUG = "equality-objectives-and-action-plan-2022-2025"


def report(tmp_path, kind: str, *args: str) -> bytes:
    out = tmp_path / f"out.{kind}"
    call_command("equality_report", "--plan", SLUG, *args, "--format", kind, "--out", str(out))
    return out.read_bytes()


def cells(section: Element, tag: str, column: str) -> list[str]:
    return [
        cell.text
        for cell in section.iter()
        if cell.tag == tag and column in cell.attrs.get("class", "").split()
    ]


@pytest.mark.django_db
def test_the_html_report_of_the_reference_plan_has_every_part_in_the_documents_order(tmp_path):
    import_reference_plan()
    tree = parse(report(tmp_path, "html").decode("utf-8"))
    sections = tree.find_all("section", class_="plan-theme")

    assert [section.find("h2").text for section in sections] == THEMES
    assert [section.find("p", class_="plan-aim").text for section in sections] == AIMS
    objectives = [th.text for s in sections for th in s.find_all("th", class_="plan-objective")]
    assert objectives == OBJECTIVES
    rows = [
        [cell.text for cell in row.children if isinstance(cell, Element) and cell.tag == "td"]
        for section in sections
        for row in section.find("table").find_all("tr")
    ]
    actions = [span.text for s in sections for span in s.find_all("span", class_="plan-action")]
    leads = " | ".join(row[1] for row in rows if row)
    targets = [row[2] for row in rows if row and row[2] != "–"]
    assert actions == ACTIONS
    assert targets == TARGETS
    assert in_order(leads, LEADS) == []
    assert [[li.text for li in s.find("ul").find_all("li")] for s in sections] == CONNECTIONS


@needs_poppler
@pytest.mark.django_db
def test_the_pdf_of_the_reference_plan_reads_in_the_documents_order(tmp_path):
    import_reference_plan()
    text = " ".join(page_texts(report(tmp_path, "pdf"), tmp_path))

    for expected in (THEMES, AIMS, OBJECTIVES, ACTIONS, LEADS, TARGETS):
        assert in_order(text, expected) == []


@pytest.mark.django_db
def test_the_word_file_of_the_reference_plan_holds_each_themes_table_in_order(tmp_path):
    import_reference_plan()
    document = docx.Document(io.BytesIO(report(tmp_path, "docx")))

    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == THEMES
    assert len(document.tables) == 3
    # Each cell's first paragraph: the action's words (a note on where it came from follows).
    rows = [
        [c.paragraphs[0].text for c in row.cells] for table in document.tables for row in table.rows
    ]
    assert rows[0] == ["Objective", "Action", "Lead", "Target"]
    body = [row for row in rows if row[0] != "Objective"]
    assert [row[1] for row in body] == ACTIONS
    assert [row[3] for row in body if row[3]] == TARGETS
    assert in_order(" | ".join(row[2] for row in body), LEADS) == []
    assert in_order(" | ".join(dict.fromkeys(row[0] for row in body)), OBJECTIVES) == []


REPORT = (
    Path(settings.BASE_DIR).parent
    / "shared"
    / "reference"
    / ("equality-action-plan-progress-report-2022.txt")
)


def agreed_actions_of_the_reference_report() -> list[str]:
    """Every "We will ..." row of the council's 2022 report, in its order."""
    if not REPORT.exists():
        pytest.skip(f"the reference report is not at {REPORT}")
    lines = REPORT.read_text(encoding="utf-8").splitlines()
    return [" ".join(line.split()) for line in lines if line.startswith("We will")]


@pytest.mark.django_db
def test_the_2022_report_has_every_agreed_action_in_order_with_progress_and_status(
    tmp_path, reviewer
):
    plan = import_earlier_plan()
    lifecycle.plan_adopt(
        plan=plan, by=reviewer, adopted_on=datetime.date(2019, 7, 24), committee="Cabinet"
    )
    progress.round_open(plan=plan, by=reviewer, year=2022, deadline=today())
    import_progress(content=EARLIER_PROGRESS.read_bytes(), filename="p.csv", plan=plan, year=2022)
    out = tmp_path / "report.html"
    call_command(
        "equality_report",
        "--plan",
        plan.slug,
        "--year",
        "2022",
        "--format",
        "html",
        "--out",
        str(out),
    )
    tree = parse(out.read_text(encoding="utf-8"))
    sections = tree.find_all("section", class_="plan-theme")

    assert [section.find("h2").text for section in sections] == THEMES
    assert [section.find("p", class_="plan-aim").text for section in sections] == AIMS
    header = [th.text for th in sections[0].find("thead").find_all("th")]
    assert header == ["Agreed actions", "Progress \u2013 2022", "Status"]
    rows = [
        [cell for cell in row.children if isinstance(cell, Element) and cell.tag == "td"]
        for section in sections
        for row in section.find("table").find_all("tr")
    ]
    rows = [row for row in rows if row]
    assert [row[0].text for row in rows] == agreed_actions_of_the_reference_report()
    progress_text = " ".join(row[1].text for row in rows)
    for figure in (
        "£58, 429.00",
        "A total of 5027 people responded",
        "14 Mental Health fist aiders",
    ):
        assert figure in progress_text
    assert [li.text for li in rows[2][1].find_all("li")][:2] == [
        "Repository of Community Groups been developed and is currently being made publicly "
        "available via website with the provision for new groups to sign up in place.",
        "Monthly newsletters produced and sent to Parishes and Ward Councillors.",
    ]
    assert rows[0][2].text == "Incomplete/cannot be carried forward"
    assert rows[1][2].text == "Complete/on schedule to deliver"
