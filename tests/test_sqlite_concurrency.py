"""The embedded database under concurrent use: the app served as production serves it
(scripts/serve.sh, gunicorn with several workers, DEBUG off) on a SQLite file, with the options
eqia/settings.py sets for it (WAL, IMMEDIATE transactions, a busy timeout).

A hundred comments posted at once are all kept, none a server error ("database is locked" gave
34 of them a 500); two sign-offs of one assessment at the same moment give one signature, and
the other officer is told it was already signed off.
"""

import html
import json
import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.personas import PASSWORD
from tests.server import RunningServer, manage, production_environment, serving, sign_in

COMMENTS = 100
# Made with the tests' own builders, through the services, as the app would make them.
SETUP = """
import json
from core.roles import Role
from eqia.models import AssessmentState
from tests.assessment_factories import make_assessment, take_through_workflow
from tests.factories import make_user
from tests.personas import create_personas, persona

create_personas()
owner, reviewer = persona("owner"), persona("reviewer")
make_user("sian", Role.SIGN_OFF_OFFICER, first_name="Sian", last_name="Shaw")
in_review = take_through_workflow(
    make_assessment(by=owner, complete=True), AssessmentState.IN_REVIEW, owner=owner,
    reviewer=reviewer,
)
approved = take_through_workflow(
    make_assessment(by=owner, complete=True), AssessmentState.APPROVED, owner=owner,
    reviewer=reviewer,
)
print(json.dumps({"in_review": in_review.pk, "approved": approved.pk}))
"""
OUTCOME = """
import json
from django.core.management import call_command
from eqia.models import Assessment, AuditEntry, ReviewComment
from eqia.audit import verify_audit_trails

ids = json.loads({ids!r})
approved = Assessment.objects.get(pk=ids["approved"])
print(json.dumps({{
    "comments": sorted(
        ReviewComment.objects.filter(assessment_id=ids["in_review"]).values_list("text", flat=True)
    ),
    "state": approved.state,
    "signed_by": approved.signed_off_by.username if approved.signed_off_by else None,
    "sign_offs": AuditEntry.objects.filter(
        assessment=approved, details__move="sign_off"
    ).count(),
    "has_pdf": bool(approved.signed_pdf),
    "trail": verify_audit_trails().problems,
}}))
"""
ATTESTATION = re.compile(r'name="attestation_text" value="([^"]*)"')


@dataclass
class Served:
    server: RunningServer
    ids: dict[str, int]

    def referer(self, path: str) -> dict[str, str]:
        """What a browser behind the TLS proxy sends with a form: CSRF checks the Referer."""
        port = self.server.url.rsplit(":", 1)[1]
        return {"Referer": f"https://127.0.0.1:{port}{path}"}


@pytest.fixture(scope="module")
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    if request.config.getoption("--postgres"):
        pytest.skip("a test of SQLite: it runs in the SQLite run of the suite")
    database = Path(tmp_path_factory.mktemp("sqlite")) / "eqia.sqlite3"
    environment = production_environment(f"sqlite:///{database}")
    with serving(environment, workers=4) as server:  # serve.sh migrates the new file
        ids = json.loads(manage(environment, "shell", "-c", SETUP).strip().splitlines()[-1])
        yield Served(server, ids)


def signed_in_copies(served: Served, username: str, count: int) -> list[requests.Session]:
    """``count`` browsers of one signed-in person (the same session), one for each thread."""
    signed_in = sign_in(served.server, username, PASSWORD)
    copies = []
    for _ in range(count):
        browser = served.server.session()
        browser.cookies.update(signed_in.cookies)
        copies.append(browser)
    return copies


def outcome(served: Served) -> dict:
    code = OUTCOME.format(ids=json.dumps(served.ids))
    return json.loads(manage(served.server.environment, "shell", "-c", code).splitlines()[-1])


def post(browser: requests.Session, served: Served, path: str, data: dict) -> int:
    data = {**data, "csrfmiddlewaretoken": browser.cookies.get("csrftoken") or ""}
    response = browser.post(
        served.server.url + path,
        data=data,
        headers=served.referer(path),
        timeout=60,
        allow_redirects=False,
    )
    return response.status_code


def test_concurrent_comments_and_sign_offs_on_a_sqlite_file_are_all_kept_without_errors(
    served: Served,
) -> None:
    comment_path = f"/assessments/{served.ids['in_review']}/parts/aims/comment/"
    browsers = signed_in_copies(served, "erin", 20)
    sign_off_path = f"/assessments/{served.ids['approved']}/sign-off/"
    officers = [sign_in(served.server, name, PASSWORD) for name in ("sam", "sian")]
    page = officers[0].get(served.server.url + sign_off_path, timeout=30).text
    attestation = ATTESTATION.search(page)
    assert attestation, page
    signing = {
        "attestation": "on",
        "attestation_text": html.unescape(attestation.group(1)),
        "job_title": "Head of Service",
    }
    together = threading.Barrier(2)

    def sign_off(officer: requests.Session) -> int:
        together.wait()
        return post(officer, served, sign_off_path, signing)

    with ThreadPoolExecutor(max_workers=22) as pool:
        sign_offs = [pool.submit(sign_off, officer) for officer in officers]
        comments = [
            pool.submit(
                post,
                browsers[number % len(browsers)],
                served,
                comment_path,
                {"text": f"Comment {number:03d}"},
            )
            for number in range(COMMENTS)
        ]
        comment_answers = [future.result() for future in comments]
        sign_off_answers = [future.result() for future in sign_offs]
    for browser in [*browsers, *officers]:
        browser.close()  # no connection left open for gunicorn to wait on when it stops

    assert comment_answers == [302] * COMMENTS, served.server.output()[-3000:]
    # The second is refused, saying who signed it: a page or a redirect with the reason.
    assert set(sign_off_answers) <= {200, 302}, served.server.output()[-3000:]
    found = outcome(served)
    assert found["comments"] == [f"Comment {number:03d}" for number in range(COMMENTS)]
    assert (found["state"], found["sign_offs"], found["has_pdf"]) == ("signed_off", 1, True)
    assert found["signed_by"] in {"sam", "sian"}
    assert found["trail"] == []
    assert " 500 " not in served.server.output()
