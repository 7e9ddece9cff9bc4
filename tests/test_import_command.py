"""The import_policies and export_policies management commands: output and exit codes."""

import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from policies.models import Policy
from tests.factories import make_policy

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parent.parent


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run_import(*args: str) -> tuple[int, str, str]:
    """The exit code, standard output and standard error of the command."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_policies", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def manage(*args: str) -> subprocess.CompletedProcess[str]:
    """The command run as an administrator would run it, for the real process exit code."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "register.csv",
        "Reference,Title,Last reviewed,Review frequency (months)\n"
        "HOU-001,Allocations,01/04/2024,12\n"
        "HOU-002,Tenancy strategy,,\n",
    )


@pytest.fixture
def file_with_errors(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "register.csv",
        "Reference,Title,Next review\n"
        "HOU-001,Allocations,\n"
        "HOU-002,Tenancy strategy,30/02/2023\n"
        "HOU-003,,\n",
    )


def test_a_good_file_prints_the_summary_on_stdout_and_exits_0(good_file):
    code, out, err = run_import(str(good_file))

    assert code == 0
    assert out == "Rows read: 2, created: 2, updated: 0, unchanged: 0, errors: 0\n"
    assert err == ""
    assert Policy.objects.count() == 2


def test_running_the_same_file_again_reports_every_row_unchanged(good_file):
    run_import(str(good_file))

    code, out, _ = run_import(str(good_file))

    assert (code, out) == (0, "Rows read: 2, created: 0, updated: 0, unchanged: 2, errors: 0\n")


def test_errors_go_to_stderr_one_per_line_exit_1_and_nothing_is_written(file_with_errors):
    code, out, err = run_import(str(file_with_errors))

    assert code == 1
    assert err.splitlines() == [
        'Row 3, Next review, "30/02/2023": not a real date (February 2023 has 28 days)',
        'Row 4, Title, "": missing: every policy needs a title',
    ]
    assert out.splitlines() == [
        "Rows read: 3, created: 1, updated: 0, unchanged: 0, errors: 2",
        "Nothing was written because of the errors in 2 rows.",
        "Fix the errors, or run again with --skip-invalid to import the valid rows.",
    ]
    assert not Policy.objects.exists()


def test_skip_invalid_writes_the_valid_rows_and_still_exits_1(file_with_errors):
    code, out, err = run_import(str(file_with_errors), "--skip-invalid")

    assert code == 1
    assert len(err.splitlines()) == 2
    assert "Skipped 2 rows with errors." in out
    assert list(Policy.objects.values_list("reference", flat=True)) == ["HOU-001"]


def test_dry_run_reports_without_writing(good_file):
    make_policy(reference="HOU-001", title="Old title")

    code, out, _ = run_import(str(good_file), "--dry-run")

    assert code == 0
    assert out.splitlines() == [
        "Rows read: 2, created: 1, updated: 1, unchanged: 0, errors: 0",
        "Dry run: nothing was written.",
    ]
    assert list(Policy.objects.values_list("reference", "title")) == [("HOU-001", "Old title")]


def test_accounts_service_areas_unknown_columns_and_warnings_are_reported(tmp_path):
    path = tmp_path / "register.csv"
    text = "Reference,Title,Owner email,Service area,RAG\r\nA-1,Café,new@example.gov.uk,Parks,G\r\n"
    path.write_bytes(text.encode("cp1252"))

    code, out, err = run_import(str(path))

    assert code == 0
    assert out.splitlines()[1:] == [
        "Columns not recognised, so ignored: RAG",
        "Accounts created: new@example.gov.uk",
        "Each new account was sent an invitation to choose a password.",
        "Service areas created: Parks",
    ]
    assert err.startswith("Warning: The file is not in UTF-8")


def test_a_file_missing_a_required_column_is_exit_2_with_a_clear_message(tmp_path):
    path = write_csv(tmp_path / "register.csv", "Code,Title\nA-1,Alpha\n")

    with pytest.raises(CommandError) as caught:
        run_import(str(path))

    assert caught.value.returncode == 2
    assert str(caught.value) == (
        'register.csv has no Reference column. The headings in its first row are "Code", '
        '"Title". The first row must hold the column headings, including Reference (or Ref, '
        "Policy reference...) and Title (or Policy title, Name...)."
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("register.xlsx", b"this is not a workbook", "could not be opened as an Excel workbook"),
        ("register.txt", b"Reference,Title\n", "is not a CSV or XLSX file"),
    ],
)
def test_a_corrupt_or_wrong_type_file_is_exit_2(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message) as caught:
        run_import(str(path))

    assert caught.value.returncode == 2


def test_a_missing_file_exits_2_from_the_command_line(tmp_path):
    result = manage("import_policies", str(tmp_path / "missing.csv"))

    assert result.returncode == 2
    assert f"There is no file at {tmp_path / 'missing.csv'}." in result.stderr
    assert result.stdout == ""


def test_bad_usage_exits_2_from_the_command_line():
    result = manage("import_policies")

    assert result.returncode == 2
    assert "the following arguments are required: path" in result.stderr


# --- export_policies -------------------------------------------------------------------------


def run_export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_policies", *args, stdout=out)
    return out.getvalue()


def test_export_writes_csv_to_stdout_with_every_policy():
    make_policy(reference="A-1", title="Alpha")
    make_policy(reference="A-2", title="Beta", status="archived")

    lines = run_export().splitlines()

    assert lines[0].startswith("Reference,Title,Service area,Owner email,")
    assert [line.split(",")[0] for line in lines[1:]] == ["A-1", "A-2"]


def test_export_to_a_file_takes_the_format_from_its_name(tmp_path):
    make_policy(reference="A-1", title="Alpha")

    out = run_export("--out", str(tmp_path / "register.xlsx"))

    assert out == f"Exported 1 policies to {tmp_path / 'register.xlsx'} (xlsx).\n"
    sheet = openpyxl.load_workbook(tmp_path / "register.xlsx").worksheets[0]
    assert [sheet["A1"].value, sheet["A2"].value, sheet["B2"].value] == [
        "Reference",
        "A-1",
        "Alpha",
    ]


def test_export_csv_to_a_file_starts_with_a_byte_order_mark(tmp_path):
    make_policy(reference="A-1", title="Alpha")

    run_export("--format", "csv", "--out", str(tmp_path / "register.csv"))

    assert (tmp_path / "register.csv").read_bytes().startswith(b"\xef\xbb\xbfReference,Title")


def test_export_xlsx_without_an_output_file_is_exit_2():
    with pytest.raises(CommandError, match="--format xlsx needs --out FILE") as caught:
        run_export("--format", "xlsx")

    assert caught.value.returncode == 2
