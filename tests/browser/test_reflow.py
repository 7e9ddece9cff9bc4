"""Reflow (WCAG 1.4.10): at 320 CSS pixels wide no page scrolls sideways. A data table may
scroll inside its own .eqia-table-wrapper; the page itself may not. axe runs at this width too."""

import pytest
from django.urls import reverse

from eqia.models import AssessmentState
from tests.assessment_factories import add_action, make_assessment, set_state
from tests.browser.conftest import accessibility_violations, sign_in
from tests.factories import make_policy, make_service_area

WIDTH = 320

# Elements wider than the viewport that are not inside a scrolling table wrapper.
OVERFLOWING = """(width) => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > width + 1 && !el.closest('.eqia-table-wrapper')
    && getComputedStyle(el).position !== 'absolute')
  .slice(0, 8).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className
      ? '.' + el.className.split(' ').join('.') : '')
    + ' ' + Math.round(el.getBoundingClientRect().right))"""


def too_wide(page, shot) -> list[str]:
    """The page as it is now: [] if it fits, or what sticks out."""
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    shot(page, page.url.split("/", 3)[-1] or "home")
    # A table that scrolls must be reachable by keyboard, among axe's other rules at this width.
    problems = [
        f"{page.url}: {v['id']}: {v['help']} {v['nodes'][:3]}"
        for v in accessibility_violations(page)
    ]
    if scroll_width > WIDTH:
        problems.append(f"{page.url} is {scroll_width}px wide: {page.evaluate(OVERFLOWING, WIDTH)}")
    return problems


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_of_every_kind_reflow_at_320_css_pixels(page, owner, auditor, administrator, shot):
    policy = make_policy(
        reference="HOU-ALLOCATIONS-2026-REVISED",
        title="Housing allocations scheme (revised following the Supplementary Guidance 2026)",
        owner=owner,
        service_area=make_service_area("Housing and Homelessness Prevention"),
        covenant_functions=["housing"],
    )
    assessment = make_assessment(policy, by=owner, complete=True)
    add_action(assessment, owner=owner)
    in_review = make_assessment(by=owner, complete=True)
    set_state(in_review, AssessmentState.IN_REVIEW)
    signed = make_assessment(by=owner, complete=True)
    set_state(signed, AssessmentState.SIGNED_OFF, signed_pdf_sha256="ab" * 32)
    page.set_viewport_size({"width": WIDTH, "height": 800})

    problems = []
    for url in (reverse("login"), reverse("accessibility")):
        page.goto(url)
        problems += too_wide(page, shot)
    sign_in(page, "alice")
    for url in (
        reverse("home"),
        reverse("policies:register"),
        reverse("policies:queue"),
        policy.get_absolute_url(),
        assessment.get_absolute_url(),
        signed.get_absolute_url(),
        reverse("assessments:part", args=[assessment.pk, "about"]),
        reverse("assessments:part", args=[assessment.pk, "impacts"]),
        reverse("assessments:action_add", args=[assessment.pk]),
        reverse("workflow:submit", args=[assessment.pk]),
        reverse("workflow:history", args=[assessment.pk]),
        reverse("workflow:review", args=[in_review.pk]),
        reverse("check:check"),
    ):
        page.goto(url)
        problems += too_wide(page, shot)

    # The form posts and the page reloads: measure the new page, not the one being left.
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()
    problems += too_wide(page, shot)  # with its error

    page.context.clear_cookies()
    sign_in(page, "ada")
    for url in (reverse("policies:edit", args=[policy.reference]), reverse("audit:list")):
        page.goto(url)
        problems += too_wide(page, shot)
    assert not problems, "\n".join(problems)
