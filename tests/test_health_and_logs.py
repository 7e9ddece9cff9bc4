"""/healthz answers load balancers without sign-in, and says which part failed; requests and
security events are logged as one JSON object a line."""

import json
import logging

import pytest
from django.core.files.storage import default_storage

from core.logging import JsonFormatter
from core.refusals import Refused
from tests.assessment_factories import make_assessment
from workflow.services import make_move

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_when_everything_works(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "storage": "ok", "signing_key": "ok"},
    }


def test_healthz_names_the_part_that_fails_and_nothing_secret(client, settings, monkeypatch):
    settings.EQIA_SIGNING_PKCS12 = "/secret/path/key.p12"

    def cannot_write(*args, **kwargs):
        raise OSError("disk full at /var/lib/eqia/media")

    monkeypatch.setattr(default_storage, "save", cannot_write)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "storage": "failing",
        "signing_key": "failing",
    }
    assert "/secret" not in response.content.decode()
    assert "/var/lib" not in response.content.decode()


def test_healthz_needs_no_sign_in_and_is_not_cached(client):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"]


def json_lines(caplog) -> list[dict]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(record)) for record in caplog.records]


def test_each_request_is_one_line_with_user_and_duration(client, owner, caplog):
    caplog.set_level(logging.INFO, logger="eqia.requests")
    client.force_login(owner)
    client.get("/policies/")
    [line] = [line for line in json_lines(caplog) if line["logger"] == "eqia.requests"]
    assert line["path"] == "/policies/"
    assert line["status"] == 200
    assert line["user_id"] == owner.pk
    assert line["duration_ms"] >= 0


def test_a_refused_move_is_a_security_event(owner, caplog):
    assessment = make_assessment(by=owner)
    with pytest.raises(Refused):
        make_move("submit", assessment=assessment, by=owner)
    [line] = [line for line in json_lines(caplog) if line["logger"] == "eqia.security"]
    assert line["event"] == "move refused"
    assert (line["move"], line["assessment_id"], line["user_id"]) == (
        "submit",
        assessment.pk,
        owner.pk,
    )
