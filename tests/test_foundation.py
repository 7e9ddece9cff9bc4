import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from core.roles import Role


@pytest.mark.django_db
def test_every_role_is_a_group_created_by_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


@pytest.mark.django_db
def test_administrators_group_may_change_policies_and_users():
    group = Group.objects.get(name=Role.ADMINISTRATOR)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_policy", "add_policy", "change_user", "add_servicearea"} <= codenames
    assert "view_reviewreminder" in codenames
    assert "change_reviewreminder" not in codenames


@pytest.mark.django_db
def test_database_vendor_matches_the_run(request):
    expected = "postgresql" if request.config.getoption("--postgres") else "sqlite"
    assert connection.vendor == expected


def test_settings_refuse_the_development_secret_key_when_debug_is_off(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "eqia.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is the development key" in result.stderr


def test_settings_refuse_to_start_without_a_signing_key_when_debug_is_off():
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "EQIA_AUDIT_KEY": "y" * 50,
        "DJANGO_SETTINGS_MODULE": "eqia.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "no signing key is configured" in result.stderr


def test_settings_start_with_a_real_secret_key_and_signing_key_when_debug_is_off():
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "EQIA_AUDIT_KEY": "y" * 50,
        "DJANGO_SETTINGS_MODULE": "eqia.settings",
        "EQIA_SIGNING_PKCS12": os.environ["EQIA_SIGNING_PKCS12"],
        "EQIA_SIGNING_PASSPHRASE": os.environ["EQIA_SIGNING_PASSPHRASE"],
        "EQIA_SIGNING_TRUST_ROOTS": os.environ["EQIA_SIGNING_TRUST_ROOTS"],
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_migrations_are_complete():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
