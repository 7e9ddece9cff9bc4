import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.factories import make_policy
from tests.page import h1, links, parse, text_of, title


@pytest.mark.django_db
def test_page_not_found_is_a_council_page_with_a_way_back(client, owner):
    client.force_login(owner)
    response = client.get("/assessments/999999/")
    assert response.status_code == 404
    assert title(response).startswith("Page not found – ")
    assertContains(
        response, '<h1 class="govuk-heading-l">Page not found</h1>', html=True, status_code=404
    )
    assert links(response)["Go to My work"] == reverse("home")
    assert links(response)["Skip to main content"] == "#main-content"
    assert parse(response).find(id="main-content").tag == "main"


@pytest.mark.django_db
def test_forbidden_says_why_in_words(client, owner, outsider):
    policy = make_policy(owner=owner)
    client.force_login(outsider)
    response = client.get(reverse("policies:edit", args=[policy.reference]))
    assert response.status_code == 403
    assert h1(response) == "You cannot do this"
    assert "You may not change this policy." in text_of(response)
