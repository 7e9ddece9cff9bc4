"""The production settings the README documents pass `manage.py check --deploy`; settings that
would leave the service unsafe stop it from starting, saying which and why."""

import subprocess

import pytest

from tests.server import PYTHON, ROOT, production_environment


def run_check(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PYTHON), "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def production(tmp_path) -> dict[str, str]:
    return production_environment(f"sqlite:///{tmp_path / 'eqia.sqlite3'}")


def test_the_documented_production_settings_pass_check_deploy(production):
    result = run_check(production)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("unset", "says"),
    [
        ("SECRET_KEY", "SECRET_KEY is the development key"),
        ("EQIA_AUDIT_KEY", "EQIA_AUDIT_KEY is not set"),
        ("EQIA_SIGNING_PKCS12", "no signing key is configured"),
    ],
)
def test_production_refuses_to_start_without_its_keys(production, unset, says):
    del production[unset]
    result = run_check(production)
    assert result.returncode != 0
    assert says in result.stderr


def test_the_audit_key_may_not_be_the_secret_key(production):
    production["EQIA_AUDIT_KEY"] = production["SECRET_KEY"]
    result = run_check(production)
    assert "EQIA_AUDIT_KEY must differ from SECRET_KEY" in result.stderr


def test_a_mistyped_yes_or_no_setting_is_an_error_not_a_silent_false(production):
    production["SESSION_COOKIE_SECURE"] = "ture"
    result = run_check(production)
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE must be true or false" in result.stderr


def test_without_https_settings_check_deploy_says_what_is_missing(production):
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"):
        del production[name]
    result = run_check(production)
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr  # HSTS
    assert "security.W008" in result.stdout + result.stderr  # SSL redirect
