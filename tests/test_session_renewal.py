"""Signed out after EQIA_SESSION_IDLE_MINUTES without a request: requests keep a session alive,
but write it at most once a minute (core.middleware.SessionRenewalMiddleware), not on every
request."""

import datetime
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.middleware import SESSION_RENEW_SECONDS, SESSION_RENEWED_AT

pytestmark = pytest.mark.django_db

PAGE = reverse("policies:register")


def stored(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def renewed_seconds_ago(client, seconds: int) -> None:
    session = client.session
    session[SESSION_RENEWED_AT] = int(time.time()) - seconds
    session.save()


def session_writes(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries
        if "django_session" in query["sql"] and not query["sql"].lstrip().startswith("SELECT")
    ]


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    client.get(PAGE)  # the first request after signing in renews the session
    return client


def test_a_request_within_a_minute_of_the_last_renewal_writes_nothing(signed_in):
    before = stored(signed_in).expire_date
    with CaptureQueriesContext(connection) as queries:
        response = signed_in.get(PAGE)

    assert response.status_code == 200
    assert session_writes(queries) == []
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert stored(signed_in).expire_date == before


def test_a_request_a_minute_after_the_last_renewal_pushes_the_expiry_back(signed_in):
    renewed_seconds_ago(signed_in, SESSION_RENEW_SECONDS + 1)
    Session.objects.filter(session_key=signed_in.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=5)
    )

    with CaptureQueriesContext(connection) as queries:
        response = signed_in.get(PAGE)

    assert len(session_writes(queries)) == 1
    expected = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs(stored(signed_in).expire_date - expected) < datetime.timedelta(seconds=10)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == settings.SESSION_COOKIE_AGE
    assert abs(signed_in.session[SESSION_RENEWED_AT] - time.time()) < 10


def test_a_renewal_time_from_the_future_is_not_trusted(signed_in):
    renewed_seconds_ago(signed_in, -3600)
    signed_in.get(PAGE)
    assert abs(signed_in.session[SESSION_RENEWED_AT] - time.time()) < 10


def test_someone_idle_past_the_timeout_is_signed_out(signed_in):
    Session.objects.filter(session_key=signed_in.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = signed_in.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_idle_timeout_is_the_setting(owner):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert not getattr(settings, "SESSION_SAVE_EVERY_REQUEST", False)
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_a_visitor_who_never_signed_in_gets_no_session(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()


def test_signing_out_is_not_undone_by_the_renewal(signed_in):
    renewed_seconds_ago(signed_in, SESSION_RENEW_SECONDS + 1)
    key = signed_in.session.session_key

    signed_in.post(reverse("logout"))

    assert not Session.objects.filter(session_key=key).exists()
    assert signed_in.get(PAGE).status_code == 302
