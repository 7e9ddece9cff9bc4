"""The verify_pdf management command: its words, its JSON and its exit codes."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.signed_pdfs import SIGNED_AT, flip_byte_in_signed_range, on_record, signed_pdf

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parent.parent


def run_verify(*args: str) -> tuple[int, str, str]:
    """The exit code, standard output and standard error of the command."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_pdf", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture
def signed_file(tmp_path, signoff_officer):
    data = signed_pdf()
    assessment = on_record(data, by=signoff_officer)
    return write(tmp_path / "signed.pdf", data), assessment


def test_a_valid_file_exits_0_naming_the_assessment_signer_and_time(signed_file):
    path, assessment = signed_file

    code, out, err = run_verify(str(path))

    assert code == 0
    uk = timezone.localtime(SIGNED_AT)
    when = f"{uk.day} {uk:%B %Y %H:%M} UK time"
    assert out == (
        f"Valid: {assessment.policy.reference} EqIA v2, signed by Sam Sinclair on {when}\n"
    )
    assert err == ""


def test_an_invalid_file_exits_1_naming_each_problem(signed_file, tmp_path):
    path, _ = signed_file
    changed = write(tmp_path / "changed.pdf", flip_byte_in_signed_range(path.read_bytes()))

    code, out, err = run_verify(str(changed))

    assert code == 1
    assert out == ""
    assert f"Not valid: {changed}" in err
    assert "- signature does not match: The signed content has been changed" in err
    assert "- not issued by this system: This exact file is not the signed PDF" in err
    assert "The signature names Sam Sinclair, on " in err


def test_a_file_that_is_not_a_pdf_exits_1(tmp_path):
    code, _, err = run_verify(str(write(tmp_path / "notes.pdf", b"just some notes")))

    assert code == 1
    assert "- not a PDF: The file is not a PDF" in err


def test_json_gives_the_verdict_of_a_valid_file(signed_file):
    path, assessment = signed_file

    code, out, _ = run_verify(str(path), "--json")

    assert code == 0
    assert json.loads(out) == {
        "valid": True,
        "problems": [],
        "signer": "Sam Sinclair",
        "signed_at": SIGNED_AT.isoformat(),
        "policy": assessment.policy.reference,
        "version": 2,
        "sha256": assessment.signed_pdf_sha256,
    }


def test_json_gives_the_problems_of_an_invalid_file_and_exits_1(tmp_path):
    data = signed_pdf()

    code, out, _ = run_verify(str(write(tmp_path / "unknown.pdf", data)), "--json")

    assert code == 1
    verdict = json.loads(out)
    assert verdict["valid"] is False
    assert verdict["problems"] == ["not issued by this system"]
    assert verdict["policy"] is None
    assert verdict["version"] is None


def test_a_missing_file_exits_2(tmp_path):
    with pytest.raises(CommandError, match="There is no file at") as caught:
        run_verify(str(tmp_path / "missing.pdf"))

    assert caught.value.returncode == 2


def test_a_folder_exits_2(tmp_path):
    with pytest.raises(CommandError, match="is a folder, not a PDF file") as caught:
        run_verify(str(tmp_path))

    assert caught.value.returncode == 2


def test_an_unreadable_file_exits_2(tmp_path, monkeypatch):
    path = write(tmp_path / "locked.pdf", b"%PDF-1.7")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    # The tests may run as root, which reads any file whatever its mode.
    monkeypatch.setattr(Path, "read_bytes", refuse)

    with pytest.raises(CommandError, match="cannot be read: Permission denied") as caught:
        run_verify(str(path))

    assert caught.value.returncode == 2


def test_no_trust_roots_configured_exits_2(signed_file, settings):
    path, _ = signed_file
    settings.EQIA_SIGNING_TRUST_ROOTS = []

    with pytest.raises(CommandError, match="No trust roots are configured") as caught:
        run_verify(str(path))

    assert caught.value.returncode == 2


def test_exit_codes_from_the_command_line(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}

    def manage(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", "verify_pdf", *args],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    missing = manage(str(tmp_path / "missing.pdf"))
    no_path = manage()

    assert missing.returncode == 2
    assert f"There is no file at {tmp_path / 'missing.pdf'}." in missing.stderr
    assert no_path.returncode == 2
    assert "the following arguments are required: path" in no_path.stderr
