"""Keyboard only: the skip link comes first on every page and moves focus to the content; the
owner submits an assessment for review with Tab and Enter alone, and every element that takes
focus on the way shows GOV.UK's focus indicator."""

import pytest
from django.urls import reverse

from eqia.models import AssessmentState
from tests.assessment_factories import make_assessment
from tests.browser.conftest import sign_in

# What the focused element looks like: GOV.UK marks focus with a yellow (#ffdd00) background,
# box-shadow or outline. A transparent outline alone (for Windows high contrast) does not count.
FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
    && style.outlineColor !== 'rgba(0, 0, 0, 0)' && style.outlineColor !== 'transparent';
  const shadow = style.boxShadow !== 'none';
  const yellow = style.backgroundColor === 'rgb(255, 221, 0)';
  return {
    tag: el.tagName, text: (el.innerText || el.value || el.id || '').trim().slice(0, 60),
    visible: outline || shadow || yellow,
  };
}"""


def focused(page) -> dict:
    state = page.evaluate(FOCUS_STYLE)
    assert state is not None, "nothing has focus"
    assert state["visible"], f"no visible focus indicator on {state}"
    return state


def tab_to(page, text: str, limit: int = 80) -> None:
    """Tab forward until the focused element reads ``text``, checking each stop's indicator."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STYLE)
        if state is None:
            break
        seen.append(state["text"])
        focused(page)
        if state["text"] == text:
            return
    pytest.fail(f"{text!r} not reached by Tab on {page.url}; focus went to {seen}")


def skip_link_first(page) -> None:
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content", page.url
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content", page.url


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_owner_submits_for_review_with_the_keyboard_alone(page, owner, reviewer, shot):
    assessment = make_assessment(by=owner, complete=True)
    sign_in(page, "alice")
    page.goto(assessment.get_absolute_url())
    skip_link_first(page)

    # From the start of the content, through the task list, to the panel's button.
    tab_to(page, "Submit for review")
    shot(page, "submit-focused")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(reverse("workflow:submit", args=[assessment.pk]))
    assert page.locator("h1").count() == 1

    skip_link_first(page)
    tab_to(page, "Submit for review")
    shot(page, "submit-button-focused")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    shot(page, "after-submit")

    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.SUBMITTED
    assert "Success" in page.locator(".govuk-notification-banner").inner_text()
    shot(page, "submitted")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_page_starts_with_a_skip_link_to_the_main_content(page, owner, auditor):
    assessment = make_assessment(by=owner, complete=True)
    page.goto(reverse("login"))
    skip_link_first(page)
    page.goto(reverse("accessibility"))
    skip_link_first(page)
    sign_in(page, "alice")
    for url in (
        reverse("home"),
        reverse("policies:register"),
        reverse("policies:queue"),
        assessment.policy.get_absolute_url(),
        assessment.get_absolute_url(),
        reverse("assessments:part", args=[assessment.pk, "impacts"]),
        reverse("assessments:action_add", args=[assessment.pk]),
        reverse("workflow:submit", args=[assessment.pk]),
        reverse("workflow:history", args=[assessment.pk]),
        reverse("check:check"),
    ):
        page.goto(url)
        skip_link_first(page)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_radio_is_chosen_and_a_form_sent_with_the_keyboard(page, owner, shot):
    """A part's radios answer to the arrow keys and Space; the form is sent with Enter and the
    error summary takes focus."""
    assessment = make_assessment(by=owner)
    sign_in(page, "alice")
    page.goto(reverse("assessments:part", args=[assessment.pk, "review"]))
    skip_link_first(page)
    tab_to(page, "no")  # Tab enters "Have you completed this section?" at the answer given
    page.keyboard.press("ArrowUp")  # arrow keys move between the radios
    page.keyboard.press("Space")
    assert focused(page)["text"] == "yes"
    assert page.evaluate("() => document.activeElement.checked")
    tab_to(page, "Save and return to the assessment")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    # The error summary takes focus, so a screen reader reads it first.
    assert page.evaluate("() => document.activeElement.classList.contains('govuk-error-summary')")
    shot(page, "errors")
