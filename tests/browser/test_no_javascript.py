"""With JavaScript switched off the core journey still works: the owner submits a complete
draft for review, and (after the EDI review) the sign-off officer signs it off."""

import pytest

from eqia.models import AssessmentState
from tests.assessment_factories import make_assessment
from tests.browser.conftest import sign_in
from workflow.services import make_move


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_submit_and_sign_off_work_with_javascript_switched_off(
    browser, live_server, owner, reviewer, signoff_officer, shot
):
    assessment = make_assessment(by=owner, complete=True)
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 1200, "height": 900}
    )
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        sign_in(page, "alice")
        page.goto(assessment.get_absolute_url())
        assert page.locator("body.js-enabled").count() == 0  # the page's own script did not run
        page.locator("main").get_by_role("button", name="Submit for review").click()
        page.locator("main").get_by_role("button", name="Submit for review").click()
        page.wait_for_load_state()
        shot(page, "submitted")
        assessment.refresh_from_db()
        assert assessment.state == AssessmentState.SUBMITTED

        make_move("start_review", assessment=assessment, by=reviewer)
        make_move("approve", assessment=assessment, by=reviewer)

        context.clear_cookies()
        sign_in(page, "sam")
        page.goto(assessment.get_absolute_url())
        page.locator("main").get_by_role("button", name="Sign off").click()
        page.get_by_label("Your job title").fill("Head of Housing")
        page.get_by_label("I confirm").check()
        page.locator("main").get_by_role("button", name="Sign off").click()
        page.wait_for_load_state()
        shot(page, "signed-off")
        assessment.refresh_from_db()
        assert assessment.state == AssessmentState.SIGNED_OFF
        assert assessment.signed_pdf
        assert page.locator("main").get_by_role("link", name="Download the signed PDF").count()
    finally:
        context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_impact_grid_shows_every_box_with_javascript_switched_off(
    browser, live_server, owner, shot
):
    """The mitigation and justification are revealed under "Negative" by GOV.UK's script:
    without it, they are shown for every group, so none is out of reach."""
    assessment = make_assessment(by=owner)
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 1200, "height": 900}
    )
    try:
        page = context.new_page()
        sign_in(page, "alice")
        page.goto(f"/assessments/{assessment.pk}/parts/impacts/")
        age = page.get_by_role("group", name="Age", exact=True)
        assert age.get_by_label("Mitigation").is_visible()
        assert age.get_by_label("Justification").is_visible()
        assert age.get_by_role("button", name="Save and add an action for Age").is_visible()
        shot(page, "impact-grid-without-javascript")
    finally:
        context.close()
