"""Repeated wrong passwords lock sign-in, per account and per address, on the service's page
and the admin's; the person is told plainly; an administrator can unlock it."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.page import h1, text_of

pytestmark = pytest.mark.django_db

PASSWORD = "password"  # the personas'


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, owner, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "alice", "wrong").status_code == 200
    locked = sign_in(client, "alice", "wrong")
    assert locked.status_code == 429
    assert h1(locked) == "Sign-in is locked for now"
    right = sign_in(client, "alice", PASSWORD, address="10.0.0.2")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_accounts_is_locked_too(client, owner, colleague, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{number}", "wrong", address="10.9.9.9")
    assert sign_in(client, "bob", PASSWORD, address="10.9.9.9").status_code == 429
    assert sign_in(client, "bob", PASSWORD, address="10.1.1.1").status_code == 302


def test_the_admin_sign_in_is_locked_the_same_way(client, administrator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"), {"username": "ada", "password": "wrong"}, REMOTE_ADDR="10.3.3.3"
        )
    response = client.post(
        reverse("admin:login"), {"username": "ada", "password": PASSWORD}, REMOTE_ADDR="10.4.4.4"
    )
    assert response.status_code == 429


def test_an_administrator_unlocks_by_deleting_the_attempts(client, owner, administrator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "alice", "wrong")
    assert sign_in(client, "alice", PASSWORD).status_code == 429
    admin = Client()
    admin.force_login(administrator)
    attempts = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert attempts.status_code == 200
    assert "alice" in text_of(attempts)
    attempt = AccessAttempt.objects.get(username="alice")
    confirm = admin.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert confirm.status_code == 302
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_a_lockout_is_logged(client, owner, settings, caplog):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "alice", "wrong")
    assert any("locking out" in record.getMessage().lower() for record in caplog.records)


def test_behind_a_proxy_each_visitor_is_locked_by_their_own_address(client, colleague, settings):
    """Every request comes from the proxy's address; the visitor's is the one the proxy adds to
    X-Forwarded-For. A guesser is locked out without locking out everyone behind the proxy, and
    cannot dodge the lock by sending an X-Forwarded-For of their own."""
    settings.AXES_IPWARE_PROXY_COUNT = 1

    def through_proxy(username: str, password: str, visitor: str, claimed: str = ""):
        forwarded = f"{claimed}, {visitor}" if claimed else visitor
        return client.post(
            reverse("login"),
            {"username": username, "password": password},
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for number in range(settings.AXES_FAILURE_LIMIT):
        through_proxy(f"guess{number}", "wrong", "203.0.113.7", claimed=f"198.51.100.{number}")
    assert through_proxy("bob", PASSWORD, "203.0.113.7").status_code == 429
    assert through_proxy("bob", PASSWORD, "203.0.113.8").status_code == 302
