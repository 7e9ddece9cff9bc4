"""Publication, end to end in Chromium: a sign-off publishes the EqIA; a visitor who is not
signed in finds it by the group it bears down on, reads it, downloads its signed PDF and checks
it on the public Check page; the EDI group withdraws the publication and a notice stays.

serialized_rollback: see tests/browser/test_journeys.py."""

import re

import pytest
from playwright.sync_api import Page, expect

from eqia.models import AssessmentState
from tests.assessment_factories import make_assessment, take_through_workflow
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import make_policy, make_service_area
from tests.publication_helpers import POVERTY, housing_policy, rate_negative, sign_off, without_pdfs

pytestmark = pytest.mark.browser
MITIGATION = "A hardship fund covers deposits and removal costs."


def approved_with_poverty_negative(people):
    policy = housing_policy(people["owner"], "HOU-301", "Housing allocations scheme")
    assessment = make_assessment(policy, by=people["owner"], complete=True)
    rate_negative(assessment)
    return take_through_workflow(
        assessment, "approved", owner=people["owner"], reviewer=people["reviewer"]
    )


def another_published_assessment(people):
    """REV-302, published with no negative impact (signed here without its PDF: the test's
    own thread cannot run pyHanko beside Playwright)."""
    policy = make_policy(
        reference="REV-302",
        title="Council tax support scheme",
        owner=people["owner"],
        service_area=make_service_area("Revenues"),
    )
    assessment = make_assessment(policy, by=people["owner"], complete=True)
    approved = take_through_workflow(
        assessment, "approved", owner=people["owner"], reviewer=people["reviewer"]
    )
    with without_pdfs():
        return sign_off(approved, people["signoff_officer"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_signed_eqia_is_published_found_read_checked_and_withdrawn(
    page: Page, owner, reviewer, signoff_officer, shot, tmp_path
):
    people = {"owner": owner, "reviewer": reviewer, "signoff_officer": signoff_officer}
    another_published_assessment(people)
    assessment = approved_with_poverty_negative(people)
    detail = f"/assessments/{assessment.pk}/"

    # The sign-off publishes it.
    sign_in(page, "sam")
    page.goto(f"{detail}sign-off/")
    expect(page.locator("#publication-note")).to_contain_text(
        "the assessment is published on the council's website"
    )
    page.get_by_label("Your job title").fill("Head of Housing")
    page.get_by_role("checkbox", name="I confirm").check()
    shot(page, "sign-off")
    page.get_by_role("main").locator("form").get_by_role("button", name="Sign off").click()
    page.wait_for_url(re.compile(rf"{detail}$"))
    expect(page.get_by_role("main")).to_contain_text(
        "HOU-301 EqIA v1 is signed off. Its content is now fixed. It is published on the "
        "council's website."
    )
    expect(page.locator("#publication")).to_contain_text("Published")
    shot(page, "signed-and-published")
    page.context.clear_cookies()

    # A visitor who is not signed in finds it by the group it bears down on.
    page.goto("/published/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Published equality impact assessments"
    )
    expect(page.get_by_role("link", name=re.compile("^REV-302"))).to_be_visible()
    expect(page.get_by_role("link", name="My work")).to_have_count(0)
    assert_accessible(page, "published list")
    shot(page, "published-list")
    page.get_by_label("Negative impact on").select_option(label=POVERTY)
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#result-count")).to_have_text("1 published assessment found.")
    expect(page.get_by_role("link", name=re.compile("^REV-302"))).to_have_count(0)
    shot(page, "found-by-characteristic")
    page.get_by_role("link", name=re.compile("^HOU-301 Housing allocations scheme")).click()

    # Reads it.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "HOU-301 · Equality impact assessment, version 1 Housing allocations scheme"
    )
    grid = page.get_by_role("table", name="Impact on each group")
    poverty = grid.get_by_role("row").filter(has_text=POVERTY)
    expect(poverty).to_contain_text("Negative")
    expect(poverty).to_contain_text(MITIGATION)
    expect(page.get_by_role("heading", name="What the signature proves")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Sam Sinclair, Head of Housing")
    assert_accessible(page, "published assessment")
    shot(page, "published-assessment")
    published_url = page.url

    # Downloads the signed PDF...
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^The signed PDF")).click()
    download = download_info.value
    assert download.suggested_filename == "HOU-301_EqIA_v1_signed.pdf"
    signed = tmp_path / download.suggested_filename
    download.save_as(signed)
    assert signed.read_bytes().startswith(b"%PDF")

    # ...and checks it on the public Check page.
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Check a signed EqIA"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check a signed EqIA")
    page.get_by_label("Upload the signed PDF").set_input_files(str(signed))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="This is a valid signed EqIA")).to_be_visible()
    assert_accessible(page, "public check: valid")
    shot(page, "checked-valid")
    page.get_by_role("main").get_by_role("link", name="HOU-301 EqIA v1").click()
    expect(page).to_have_url(published_url)

    # The EDI group withdraws the publication; a notice stays where it was.
    sign_in(page, "erin")
    page.goto(detail)
    page.get_by_role("link", name=re.compile("^Withdraw the publication")).click()
    page.get_by_role("button", name="Withdraw the publication").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why the publication is withdrawn"
    )
    assert_accessible(page, "withdraw with an error")
    page.get_by_label("Why is the publication withdrawn?").fill(
        "It named a tenant by mistake; a corrected version will follow."
    )
    shot(page, "withdraw")
    page.get_by_role("button", name="Withdraw the publication").click()
    page.wait_for_url(re.compile(rf"{detail}$"))
    expect(page.locator("#publication")).to_contain_text("Publication withdrawn")
    page.context.clear_cookies()
    response = page.goto(published_url)
    assert response is not None and response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This equality impact assessment is no longer published"
    )
    expect(page.get_by_role("main")).to_contain_text("It named a tenant by mistake")
    assert_accessible(page, "withdrawn notice")
    shot(page, "withdrawn-notice")
    page.goto("/published/")
    expect(page.get_by_role("link", name=re.compile("^HOU-301"))).to_have_count(0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_assessment_before_sign_off_is_never_reachable_under_published(
    page: Page, owner, reviewer, signoff_officer, shot
):
    """Every state before sign-off, and withdrawn: its public addresses are not found, and the
    list does not name it."""
    addresses = {}
    for state in AssessmentState:
        if state in (AssessmentState.SIGNED_OFF, AssessmentState.SUPERSEDED):
            continue
        policy = housing_policy(owner, f"ST-{state.value.upper()}", f"Policy {state.label}")
        assessment = take_through_workflow(
            make_assessment(policy, by=owner, complete=True),
            state,
            owner=owner,
            reviewer=reviewer,
            signoff=signoff_officer,
        )
        assert assessment.state == state
        addresses[state] = f"/published/{policy.reference}/v1/"

    for state, address in addresses.items():
        for path in (
            address,
            f"{address}signed.pdf",
            f"{address}content.json",
            f"{address}copy.docx",
        ):
            response = page.goto(path) if path == address else page.request.get(path)
            assert response is not None and response.status == 404, (state, path)
        expect(page.get_by_role("heading", name=re.compile("not found", re.I))).to_be_visible()
    shot(page, "not-found")
    page.goto("/published/")
    expect(page.locator("#result-count")).to_have_text("0 published assessments.")
    expect(page.get_by_role("main")).not_to_contain_text("ST-")
