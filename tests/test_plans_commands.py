"""The plan commands: import_equality_plan, import_progress, equality_report and
export_equality_plan, with the exit codes of import_policies (0 good, 1 rows with errors, 2 bad
usage or an unreadable file); an export imports back unchanged."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from plans.importing import import_plan
from plans.models import Plan, ProgressUpdate
from plans.progress_import import import_progress
from tests.plans_factories import adopted, open_round
from tests.plans_files import (
    EARLIER_PLAN,
    EARLIER_PROGRESS,
    EARLIER_TITLE,
    csv_bytes,
    import_earlier_plan,
    import_reference_plan,
)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exit:
        return int(exit.code or 0), out.getvalue(), err.getvalue()
    except CommandError as error:
        return error.returncode, out.getvalue(), str(error)
    return 0, out.getvalue(), err.getvalue()


def earlier_with_open_round(reviewer):
    plan = import_earlier_plan()
    small = type("Small", (), {"plan": plan})()
    adopted(small, reviewer)
    open_round(small, reviewer, year=2022)
    return Plan.objects.get(pk=plan.pk)


@pytest.mark.django_db
def test_import_equality_plan_prints_the_slug_at_the_end_and_exits_0():
    code, out, err = run(
        "import_equality_plan", str(EARLIER_PLAN), "--title", EARLIER_TITLE, "--period", "2019-2022"
    )

    assert code == 0, err
    assert out.strip().splitlines()[-1] == (
        "Plan created: equality-objectives-and-action-plan-2019-2022"
    )


@pytest.mark.django_db
def test_import_equality_plan_with_row_errors_exits_1_naming_row_column_and_value(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(
        csv_bytes(
            ["Theme", "Aim", "Objective", "Action", "Lead", "Target", "Connections"],
            [["", "", "We will", "Do it", "", "", ""]],
        )
    )
    code, out, err = run("import_equality_plan", str(path), "--title", "P", "--period", "2026-2027")

    assert code == 1
    assert 'Row 2, Theme, "": missing: the first row needs the theme' in err
    assert "Nothing was written because of the errors in 1 row." in out
    assert not Plan.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args",
    [
        ("/no/such/file.csv", "--title", "P", "--period", "2026-2027"),
        ("{tmp}/plan.txt", "--title", "P", "--period", "2026-2027"),
        ("{csv}", "--title", "P", "--period", "2026-2027", "--follows", "no-such-plan"),
    ],
)
def test_import_equality_plan_exits_2_for_bad_usage_or_an_unreadable_file(tmp_path, args):
    (tmp_path / "plan.txt").write_text("not a spreadsheet")
    (tmp_path / "plan.csv").write_bytes(EARLIER_PLAN.read_bytes())
    filled = [
        a.replace("{tmp}", str(tmp_path)).replace("{csv}", str(tmp_path / "plan.csv")) for a in args
    ]

    code, _, message = run("import_equality_plan", *filled)

    assert code == 2, message
    assert message


@pytest.mark.django_db
def test_a_period_that_is_not_two_years_is_bad_usage():
    with pytest.raises(CommandError, match="is not a period: give it as 2022-2025"):
        call_command("import_equality_plan", str(EARLIER_PLAN), "--title", "P", "--period", "2022")


@pytest.mark.django_db
def test_import_progress_names_the_allowed_statuses_for_an_unknown_one(tmp_path, reviewer):
    plan = earlier_with_open_round(reviewer)
    path = tmp_path / "progress.csv"
    path.write_bytes(
        csv_bytes(["Reference", "Progress", "Status"], [["EAP-CL-1", "Paused", "Green"]])
    )

    code, _, err = run("import_progress", str(path), "--plan", plan.slug, "--year", "2022")

    assert code == 1
    assert (
        'Row 2, Status, "Green": not a status; use one of “Complete/on schedule to deliver”' in err
    )
    assert "“A watching brief to be maintained”, or leave it blank" in err


@pytest.mark.django_db
def test_import_progress_of_the_reference_report_and_again_changes_nothing(reviewer):
    plan = earlier_with_open_round(reviewer)
    code, out, err = run(
        "import_progress", str(EARLIER_PROGRESS), "--plan", plan.slug, "--year", "2022"
    )
    assert code == 0, err
    assert out.startswith("Rows read: 21, returns added: 21")
    assert "Actions still without a return in 2022: 0" in out

    code, out, _ = run(
        "import_progress", str(EARLIER_PROGRESS), "--plan", plan.slug, "--year", "2022"
    )
    assert out.startswith("Rows read: 21, returns added: 0, updated: 0, unchanged: 21")
    funded = ProgressUpdate.objects.get(action__reference="EAP-CL-3")
    assert "£58, 429.00" in funded.text


@pytest.mark.django_db
def test_import_progress_without_a_round_for_the_year_exits_2(reviewer):
    plan = import_earlier_plan()

    code, _, message = run(
        "import_progress", str(EARLIER_PROGRESS), "--plan", plan.slug, "--year", "2021"
    )

    assert code == 2
    assert "has no progress round for 2021" in message


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_plan_export_imports_back_unchanged(tmp_path, kind):
    plan = import_reference_plan()
    out = tmp_path / f"plan.{kind}"
    assert run("export_equality_plan", "--plan", plan.slug, "--out", str(out))[0] == 0

    again = import_plan(content=out.read_bytes(), filename=out.name, title=plan.title)

    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 20, [])
    if kind == "xlsx":
        sheet = openpyxl.load_workbook(out).active
        assert [cell.value for cell in sheet[1]][:7] == [
            "Theme", "Aim", "Objective", "Action", "Lead", "Target", "Connections",
        ]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_progress_export_imports_back_unchanged(tmp_path, reviewer, kind):
    plan = earlier_with_open_round(reviewer)
    import_progress(content=EARLIER_PROGRESS.read_bytes(), filename="p.csv", plan=plan, year=2022)
    out = tmp_path / f"progress.{kind}"
    assert (
        run("export_equality_plan", "--plan", plan.slug, "--year", "2022", "--out", str(out))[0]
        == 0
    )

    again = import_progress(content=out.read_bytes(), filename=out.name, plan=plan, year=2022)

    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 21, [])


@pytest.mark.django_db
def test_equality_report_for_an_unknown_plan_or_year_exits_2(tmp_path):
    plan = import_earlier_plan()
    assert (
        run("equality_report", "--plan", "nope", "--format", "html", "--out", str(tmp_path / "x"))[
            0
        ]
        == 2
    )
    code, _, message = run(
        "equality_report",
        "--plan",
        plan.slug,
        "--year",
        "2022",
        "--format",
        "pdf",
        "--out",
        str(tmp_path / "x"),
    )
    assert code == 2 and "has no progress round for 2022" in message
