import pytest

from tests.browser.conftest import sign_in


@pytest.mark.django_db(transaction=True)
def test_a_person_signs_in_and_reaches_my_work(page, owner, shot):
    sign_in(page, "alice")
    assert page.locator("h1").inner_text() == "My work"
    shot(page, "my-work")


@pytest.mark.django_db(transaction=True)
def test_the_sign_in_page_has_no_accessibility_violations(page):
    from tests.browser.conftest import assert_accessible

    page.goto("/sign-in/")
    assert_accessible(page, "sign-in")
