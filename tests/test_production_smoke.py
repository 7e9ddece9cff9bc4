"""The app as production runs it: scripts/serve.sh (check --deploy, migrate, collectstatic,
gunicorn) with DEBUG off, a real secret key and signing key, on PostgreSQL, behind a pretend
TLS proxy; crawled as every role and as an anonymous visitor.

No page may answer 500; a mistyped address stays a 404 for everyone; every page carries the
security headers.
"""

import re
from collections import deque
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from tests.pgserver import PostgresUnavailable, TemporaryPostgres
from tests.server import RunningServer, manage, production_environment, serving, sign_in

pytestmark = pytest.mark.postgres_only

DEMO_PASSWORD = "demo-eqia-2026"
ROLES = ["owner", "reviewer", "signoff", "auditor", "admin"]
MISTYPED = [
    "/nope/",
    "/favicon.ico",
    "/assessments/abc/",
    "/assessments/999999/",
    "/assessments/999999/parts/about/",
    "/policies/NO-SUCH-POLICY/",
    "/static/nope.css",
    "/check/nope/",
]
# Pages the crawl does not follow: signing out, and the admin's many forms beyond its index.
SKIP = re.compile(r"^/(sign-out/|admin/.+)")
PAGES_PER_ROLE = 150
LINK = re.compile(r'href="(/[^"#]*)')


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    try:
        postgres = TemporaryPostgres().start()
    except PostgresUnavailable as why:
        pytest.skip(f"the production smoke test needs PostgreSQL: {why}")
    try:
        postgres.create_database("smoke")
        environment = production_environment(f"postgres://postgres@127.0.0.1:{postgres.port}/smoke")
        manage(environment, "migrate", "--noinput")
        manage(environment, "seed_demo", debug=True)
        with serving(environment) as running:
            yield running
    finally:
        postgres.stop()


def crawl(server: RunningServer, session: requests.Session) -> dict[str, int]:
    """Every page reachable by links from My work, breadth first: path -> status."""
    seen: dict[str, int] = {}
    queue = deque(["/"])
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.popleft()
        if path in seen or SKIP.match(path):
            continue
        response = session.get(server.url + path, timeout=30, allow_redirects=False)
        seen[path] = response.status_code
        if response.is_redirect:
            target = urlsplit(urljoin(path, response.headers["Location"]))
            if target.netloc in ("", urlsplit(server.url).netloc, "127.0.0.1"):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
            continue
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        for link in LINK.findall(response.text):
            target = urlsplit(urljoin(path, link.replace("&amp;", "&")))
            if target.path.startswith("/static/"):
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return seen


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
def test_no_page_a_role_can_reach_is_a_server_error(server, role):
    session = server.session() if role == "anonymous" else sign_in(server, role, DEMO_PASSWORD)
    pages = crawl(server, session)
    broken = {path: status for path, status in pages.items() if status >= 500}
    assert not broken, f"{role}: {broken}"
    assert len(pages) > (2 if role == "anonymous" else 20), pages


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
def test_a_mistyped_address_is_a_404_for_everyone(server, role):
    session = server.session() if role == "anonymous" else sign_in(server, role, DEMO_PASSWORD)
    answers = {path: session.get(server.url + path, timeout=10).status_code for path in MISTYPED}
    if role == "anonymous":
        # Pages of the service ask an anonymous visitor to sign in first (302, followed: 200).
        assert all(status in (200, 404) for status in answers.values()), answers
    else:
        assert answers == dict.fromkeys(MISTYPED, 404)


def test_every_page_carries_the_security_headers(server):
    session = sign_in(server, "owner", DEMO_PASSWORD)
    for path in ["/", "/policies/", "/sign-in/", "/nope/", "/accessibility/"]:
        headers = session.get(server.url + path, timeout=10).headers
        policy = headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy, path
        assert "frame-ancestors 'none'" in policy, path
        assert headers.get("Strict-Transport-Security", "").startswith("max-age=31536000"), path
        assert headers.get("X-Content-Type-Options") == "nosniff", path
        assert headers.get("X-Frame-Options") == "DENY", path
        assert headers.get("Referrer-Policy") == "same-origin", path
        assert headers.get("Cross-Origin-Opener-Policy") == "same-origin", path
        assert "camera=()" in headers.get("Permissions-Policy", ""), path


def test_plain_http_is_sent_to_https(server):
    response = requests.get(server.url + "/policies/", timeout=10, allow_redirects=False)
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_the_session_cookie_is_secure_and_http_only(server):
    session = server.session()
    page = session.get(server.url + "/sign-in/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token
    response = session.post(
        server.url + "/sign-in/",
        data={
            "username": "owner",
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": token.group(1),
        },
        headers={"Referer": server.url.replace("http://", "https://") + "/sign-in/"},
        allow_redirects=False,
        timeout=10,
    )
    cookie = response.headers.get("Set-Cookie", "")
    assert "sessionid=" in cookie and "Secure" in cookie and "HttpOnly" in cookie
