"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live_server.

They run once, on SQLite (the --postgres run skips them: the database is not what they test).
Each step can save a screenshot into test-artifacts/screenshots/ for a person to look at.
"""

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("EQIA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "password"  # tests/factories.make_user's

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself (building data) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    # Last: the session's browser keeps Playwright's event loop running until the end, and
    # code that runs asyncio itself (pyHanko's signing) cannot run beside it.
    items.sort(key=lambda item: here in Path(item.fspath).parents)
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if config.getoption("--postgres"):
                item.add_marker(
                    pytest.mark.skip(reason="browser tests run once, in the SQLite run")
                )
            elif not shutil.which(CHROMIUM):
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"no Chromium at {CHROMIUM}: apt-get install chromium "
                        "(scripts/setup.sh does this as root)"
                    )
                )


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    # Let the last page's requests finish before the live server (and the test's database)
    # goes: a request still being served then closes a connection that is no longer shared
    # with it (Django's "DatabaseWrapper objects created in a thread ..." at teardown).
    from playwright.sync_api import Error as PlaywrightError

    # A page that keeps a request open is left to closing the browser, which ends it.
    with contextlib.suppress(PlaywrightError):
        page.wait_for_load_state("networkidle", timeout=5_000)
    context.close()


def safe_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text)


@pytest.fixture
def shot(request: pytest.FixtureRequest):
    """shot(page, "name"): a full-page screenshot saved as a test artefact."""
    folder = ARTIFACTS / safe_name(request.node.name)
    counter = iter(range(1, 1000))

    def take(page, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{next(counter):02d}-{safe_name(name)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)


AXE_SCRIPT = Path(__file__).parent / "axe" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def accessibility_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not added as a <script>: the pages' Content
        # Security Policy (no inline script) stays on, so the tests would see a page break it.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
        "nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}))",
        WCAG_TAGS,
    )


def assert_accessible(page, where: str = "") -> None:
    """Zero axe violations, or fail listing each with its rule, elements and help text."""
    violations = accessibility_violations(page)
    if violations:
        lines = [f"{len(violations)} accessibility violation(s) on {where or page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.extend(f"    {node}" for node in violation["nodes"][:10])
        print("\n".join(lines))
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    """Browser tests use transactional databases, emptied after each test, migration data
    included: put back the roles and characteristics the migrations made."""
    import importlib

    from django.apps import apps as django_apps
    from django.contrib.auth.models import Group

    from core.roles import Role, grant_administrator_permissions

    for role in Role:
        Group.objects.get_or_create(name=role.value)
    grant_administrator_permissions()
    characteristics = importlib.import_module("eqia.migrations.0002_characteristics")
    characteristics.add_characteristics(django_apps, None)
