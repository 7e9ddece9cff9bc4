"""Actions live once across versions, in Chromium: an action completed on v1 shows completed on
v2's plan; an open one appears once on My work and once on the Actions page, whose filters and
download work.

serialized_rollback: a transactional test empties the database when it ends, taking the
characteristics the migrations load with it; this puts them back for each journey."""

import csv
import datetime
import io
import re

import pytest
from playwright.sync_api import Page, expect

from eqia.actions import action_add
from eqia.models import AssessmentState
from eqia.services import assessment_start
from tests.assessment_factories import make_assessment, set_state
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import make_policy, make_service_area

pytestmark = pytest.mark.browser
DUE = datetime.date.today() + datetime.timedelta(days=45)


def two_versions(owner, colleague):
    """HOU-008: v1 signed with two open actions, and v2 (a draft) started from it."""
    policy = make_policy(
        reference="HOU-008",
        title="Tenancy strategy",
        owner=owner,
        service_area=make_service_area("Housing"),
    )
    first = make_assessment(policy, by=owner, complete=True)
    action_add(
        assessment=first,
        by=owner,
        description="Publish the strategy in easy read",
        owner=colleague,
        success_measure="Easy read version on the website",
        due_date=DUE,
    )
    action_add(
        assessment=first,
        by=owner,
        description="Report lettings by ethnicity to the EDI group",
        lead_team="Communities, Policy & Engagement team",
        success_measure="First report to the EDI group",
        due_date=DUE + datetime.timedelta(days=30),
    )
    set_state(first, AssessmentState.SIGNED_OFF)
    return first, assessment_start(policy=policy, by=owner)


def plan_rows(page: Page):
    return page.get_by_role("table", name="Actions").get_by_role("row")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_action_completed_on_v1_shows_completed_on_v2_and_live_ones_appear_once(
    page: Page, owner, colleague, reviewer, shot
):
    first, second = two_versions(owner, colleague)

    sign_in(page, "alice")
    page.goto(f"/assessments/{first.pk}/")
    easy_read = plan_rows(page).filter(has_text="Publish the strategy in easy read")
    expect(easy_read).to_contain_text("Bob Baker")
    expect(easy_read).to_contain_text("Success measure: Easy read version on the website")
    shot(page, "v1-plan")
    easy_read.get_by_role("link", name=re.compile("Update status")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Update an action")
    shot(page, "update-action")
    page.get_by_label("Done").check()
    page.get_by_label("Note").fill("Published on the council website in May.")
    page.get_by_role("button", name="Save the update").click()
    expect(page.get_by_text("Action updated: done.")).to_be_visible()

    page.goto(f"/assessments/{second.pk}/parts/actions/")
    easy_read = plan_rows(page).filter(has_text="Publish the strategy in easy read")
    expect(easy_read.get_by_role("cell").nth(3)).to_have_text("Done")
    expect(easy_read).to_contain_text("Planned in EqIA v1")
    expect(easy_read).to_contain_text("Published on the council website in May.")
    expect(easy_read.get_by_role("link", name=re.compile("^Change"))).to_have_count(0)
    shot(page, "v2-plan-shows-it-done")
    assert_accessible(page, "v2's action plan")

    page.goto("/")
    mine = page.get_by_role("table", name="Your actions").get_by_role("row")
    expect(mine).to_have_count(2)  # the heading row and the one live action, once
    expect(mine.nth(1)).to_contain_text("Report lettings by ethnicity to the EDI group")
    expect(mine.nth(1)).to_contain_text("HOU-008 EqIA v2")
    shot(page, "my-work")
    assert_accessible(page, "My work with actions")

    page.context.clear_cookies()
    sign_in(page, "erin")
    page.goto("/actions/")
    rows = page.get_by_role("table", name="Live actions").get_by_role("row")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("Report lettings by ethnicity to the EDI group")
    expect(rows.nth(1)).to_contain_text("Communities, Policy & Engagement team")
    shot(page, "actions-page")
    assert_accessible(page, "the Actions page")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_actions_page_filters_and_downloads_a_csv(page: Page, owner, colleague, reviewer, shot):
    two_versions(owner, colleague)
    sign_in(page, "erin")
    page.goto("/actions/")
    expect(page.get_by_text("2 live actions found.")).to_be_visible()
    page.get_by_label("Lead", exact=True).fill("communities")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("1 live action found.")).to_be_visible()
    rows = page.get_by_role("table", name="Live actions").get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Report lettings by ethnicity to the EDI group")
    page.get_by_label("Due").select_option(label="Overdue")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("No live actions match these filters.")).to_be_visible()
    page.get_by_label("Due").select_option(label="Any due date")
    page.get_by_role("button", name="Apply filters").click()
    shot(page, "filtered")
    assert_accessible(page, "the filtered Actions page")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV file of these actions").click()
    download = download_info.value
    assert download.suggested_filename.startswith("live-actions-")
    content = download.path().read_text(encoding="utf-8-sig")
    header, *rows_read = list(csv.reader(io.StringIO(content)))
    assert [dict(zip(header, row, strict=True))["Action"] for row in rows_read] == [
        "Report lettings by ethnicity to the EDI group"
    ]
