"""The equality plan's yearly report, in Chromium: the EDI group opens a round; a lead writes
progress with a bullet list and a status; the returns page shows what is missing; the group
writes the team-led return, approves and publishes; an anonymous visitor reads the published
report and downloads its PDF and Word file."""

import datetime
import importlib
import io
import re

import docx
import pytest
from django.apps import apps as django_apps
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.plans_factories import adopted, small_plan

pytestmark = pytest.mark.browser


def progress_statuses() -> None:
    """The statuses the migration seeds (a transactional test empties the database)."""
    migration = importlib.import_module("plans.migrations.0002_progress_statuses")
    migration.add_statuses(django_apps, None)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_round_from_opening_to_the_published_report(
    page: Page, browser, live_server, reviewer, colleague, shot, tmp_path
):
    progress_statuses()
    plan = adopted(small_plan(reviewer, colleague), reviewer).plan
    deadline = datetime.date.today() + datetime.timedelta(days=30)

    # The EDI group opens the 2026 round.
    sign_in(page, "erin")
    page.goto("/")
    page.get_by_role("link", name="Equality plan", exact=True).click()
    page.get_by_role("link", name=plan.title).click()
    shot(page, "plan")
    assert_accessible(page, "the plan page")
    page.get_by_role("link", name="Open a progress round").click()
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Deadline for returns").fill(f"{deadline:%d/%m/%Y}")
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress 2026")
    missing = page.get_by_role("table", name="Actions with no update yet").get_by_role("row")
    expect(missing).to_have_count(3)
    page.context.clear_cookies()

    # Bob, an action's lead, writes its progress with a bullet list and a status.
    sign_in(page, "bob")
    page.get_by_role("link", name="Equality plan", exact=True).click()
    page.get_by_role("link", name=plan.title).click()
    page.get_by_role("link", name="Progress 2026").click()
    page.get_by_role("link", name="Train Mental Health First Aiders").click()
    shot(page, "write-progress")
    assert_accessible(page, "the progress form")
    page.get_by_label("Progress", exact=True).fill(
        "Twelve Mental Health First Aiders trained:\n\n- six in Housing\n- six in Revenues"
    )
    page.get_by_label("Ongoing/remain included in action plan").check()
    page.get_by_role("button", name="Save the progress").click()
    expect(page.get_by_text("Progress saved: Train Mental Health First Aiders.")).to_be_visible()
    page.context.clear_cookies()

    # The returns page shows who is missing: the team-led action, for the EDI group.
    sign_in(page, "erin")
    page.goto(f"/plans/{plan.slug}/rounds/2026/")
    missing = page.get_by_role("table", name="Actions with no update yet").get_by_role("row")
    expect(missing).to_have_count(2)
    expect(missing.nth(1)).to_contain_text("Run a wellbeing week")
    expect(missing.nth(1)).to_contain_text("EDI Officer Group")
    expect(page.get_by_role("listitem").filter(has_text="six in Housing")).to_be_visible()
    shot(page, "returns")
    assert_accessible(page, "the returns page")
    page.get_by_role("link", name="Approve the round").click()
    page.get_by_role("button", name="Approve the round").click()
    expect(page.get_by_text(re.compile("1 action has no progress yet"))).to_be_visible()
    page.get_by_role("link", name="Run a wellbeing week").click()
    page.get_by_label("Progress", exact=True).fill("Wellbeing week held in May.")
    page.get_by_label("Complete/on schedule to deliver").check()
    page.get_by_role("button", name="Save the progress").click()
    page.get_by_role("link", name="Approve the round").click()
    page.get_by_role("button", name="Approve the round").click()
    expect(page.get_by_text("The 2026 round is approved: it can now be published.")).to_be_visible()
    page.get_by_role("link", name="Publish the report").click()
    page.get_by_role("button", name="Publish the report").click()
    expect(page.get_by_text(re.compile("The 2026 progress report is published"))).to_be_visible()
    shot(page, "published")

    # Anyone reads it, without signing in, and downloads the PDF and the Word file.
    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.goto("/equality-plans/")
    visitor.get_by_role("link", name="Progress report 2026").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Progress report 2026")
    table = visitor.get_by_role("table", name="Progress on the agreed actions")
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Agreed actions", "Progress \u2013 2026", "Status"]
    )
    expect(table.get_by_role("listitem")).to_have_text(["six in Housing", "six in Revenues"])
    shot(visitor, "public-report")
    assert_accessible(visitor, "the public report")
    with visitor.expect_download() as pdf_info:
        visitor.get_by_role("link", name="Download the report as a signed PDF").click()
    pdf = tmp_path / pdf_info.value.suggested_filename
    pdf_info.value.save_as(pdf)
    assert pdf.name == f"{plan.slug}-progress-2026.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    with visitor.expect_download() as word_info:
        visitor.get_by_role("link", name="Download the report as a Word file").click()
    word = docx.Document(io.BytesIO(word_info.value.path().read_bytes()))
    assert [cell.text for cell in word.tables[0].rows[0].cells] == [
        "Agreed actions",
        "Progress \u2013 2026",
        "Status",
    ]
    visitor.context.close()
