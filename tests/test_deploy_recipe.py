"""docs/deploy.md is a recipe that works: it names every setting the app reads, and its backup
and restore lines (run here as written) bring back a database and stored files that
verify_audit_trail and verify_pdf confirm."""

import datetime
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from core.signing_keys import create_development_key
from tests.pgserver import PostgresUnavailable, TemporaryPostgres
from tests.server import ROOT, manage, production_environment

DEPLOY = ROOT / "docs" / "deploy.md"
# Every way eqia/settings.py reads the environment: env_bool("X"), env_int("X", ...),
# env_list("X"), os.environ.get("X") and os.environ["X"], a line break allowed before the name.
READ_FROM_ENVIRONMENT = re.compile(
    r"""(?:env_bool|env_int|env_list|os\.environ\.get|os\.environ\[)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def settings_read(path: Path) -> set[str]:
    return set(READ_FROM_ENVIRONMENT.findall(path.read_text()))


def documented_settings() -> set[str]:
    """The names in the first column of deploy.md's table of every setting."""
    table = DEPLOY.read_text().split("### Every setting", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for row in table.splitlines():
        if row.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1]))
    return names


def marked_block(name: str) -> str:
    """The shell lines deploy.md marks ``<!-- tested: name -->``."""
    found = re.search(rf"<!-- tested: {name} -->\n```sh\n(.*?)\n```", DEPLOY.read_text(), re.DOTALL)
    assert found, f"docs/deploy.md has no block marked tested: {name}"
    return found.group(1)


def test_every_setting_the_app_reads_is_in_the_table():
    read = (
        settings_read(ROOT / "eqia" / "settings.py")
        | settings_read(ROOT / "gunicorn.conf.py")
        # Read by dj-database-url inside settings.py.
        | {"DATABASE_URL"}
    )
    assert "SECRET_KEY" in read and "EQIA_ACCESSIBILITY_CONTACT_EMAIL" in read  # the parser works
    assert read - documented_settings() == set()


def test_the_table_names_no_setting_the_app_does_not_read():
    read = settings_read(ROOT / "eqia" / "settings.py") | settings_read(ROOT / "gunicorn.conf.py")
    assert documented_settings() - read - {"DATABASE_URL"} == set()


def test_the_readme_sends_the_it_team_to_the_recipe():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Serving in production", 1)[1].split("\n## ", 1)[0]
    assert "docs/deploy.md" in section
    assert "scripts/serve.sh" in section
    assert "with a WSGI server" not in readme


def test_the_systemd_unit_is_valid(tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    unit = re.search(r"```ini\n(\[Unit\].*?)\n```", DEPLOY.read_text(), re.DOTALL)
    assert unit
    (tmp_path / "eqia.service").write_text(unit.group(1) + "\n")
    result = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / "eqia.service")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.postgres_only
def test_the_backup_and_restore_scripts_bring_back_what_the_checks_confirm(tmp_path):
    try:
        postgres = TemporaryPostgres().start()
    except PostgresUnavailable as why:
        pytest.skip(f"the backup recipe needs PostgreSQL: {why}")
    try:
        postgres.create_database("live")
        postgres.create_database("restored")
        live = production_environment(
            f"postgres://postgres@127.0.0.1:{postgres.port}/live",
            # A key that predates the demo's history (its sign-offs are dated in the past), as
            # a council's key predates its records.
            **create_development_key(
                tmp_path / "signing",
                common_name="eqia restore test",
                valid_from=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=5 * 365),
            ).settings(),
        )
        manage(live, "migrate", "--noinput")
        manage(live, "seed_demo", debug=True)
        # pg_dump and pg_restore of the server's own version first on the PATH.
        shell = {
            "PATH": f"{postgres.bin_dir}{os.pathsep}{live['PATH']}",
            "HOME": live.get("HOME", "/root"),
        }

        backup = run_script(
            "backup",
            env_file(tmp_path / "live.env", live),
            {**shell, "BACKUP_DIR": str(tmp_path / "backups" / "2026-11-27")},
        )
        assert backup.returncode == 0, backup.stderr
        latest = tmp_path / "backups" / "latest"
        assert {p.name for p in latest.iterdir()} == {"eqia.dump", "stored-files.tar.gz"}

        restored = {
            **live,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{postgres.port}/restored",
            "MEDIA_ROOT": str(tmp_path / "restored-media"),
        }
        restore = run_script(
            "restore",
            env_file(tmp_path / "restored.env", restored),
            {**shell, "BACKUP_DIR": str(latest)},
        )
        assert restore.returncode == 0, restore.stdout + restore.stderr
        assert re.search(r"^Audit trail intact: \d+ entries", restore.stdout, re.MULTILINE)
        exported = re.search(r"^Wrote (\d+) signed PDFs", restore.stdout, re.MULTILINE)
        assert exported, restore.stdout
        # Every signed PDF of the demo exported, checked and valid.
        assert int(exported.group(1)) >= 2
        verdicts = re.findall(r"^Valid: [A-Z]+-\d+ EqIA v\d", restore.stdout, re.MULTILINE)
        assert len(verdicts) == int(exported.group(1)), restore.stdout
        assert restore.stdout.rstrip().endswith(f"Restored from {latest} and verified.")

        # The checks are real: the same trails under another audit key do not verify.
        with pytest.raises(AssertionError, match="failed \\(1\\)"):
            manage(
                {**restored, "EQIA_AUDIT_KEY": "not-the-key-the-trails-were-kept-with"},
                "verify_audit_trail",
            )
    finally:
        postgres.stop()


def env_file(path: Path, environment: dict[str, str]) -> Path:
    """The environment as /etc/eqia/eqia.env holds it (the shell's own variables apart)."""
    lines = [
        f"{name}={shlex.quote(value)}"
        for name, value in environment.items()
        if name not in {"PATH", "HOME", "LANG"}
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def run_script(
    name: str, environment_file: Path, shell: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """deploy.md's script as written, with this checkout for /srv/eqia and this environment
    file for /etc/eqia/eqia.env."""
    script = (
        marked_block(name)
        .replace("/etc/eqia/eqia.env", str(environment_file))
        .replace("/srv/eqia", str(ROOT))
    )
    return subprocess.run(
        ["bash", "-c", script],
        cwd=ROOT,
        env=shell,
        capture_output=True,
        text=True,
        check=False,
    )
