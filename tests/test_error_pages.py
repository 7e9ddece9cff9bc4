import pytest
from django.urls import reverse

from tests.factories import make_policy


@pytest.mark.django_db
def test_page_not_found_is_a_council_page_with_a_way_back(client, owner):
    client.force_login(owner)
    response = client.get("/assessments/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found" in page
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert reverse("home") in page
    assert 'id="main-content"' in page


@pytest.mark.django_db
def test_forbidden_says_why_in_words(client, owner, outsider):
    policy = make_policy(owner=owner)
    client.force_login(outsider)
    response = client.get(reverse("policies:edit", args=[policy.reference]))
    page = response.content.decode()
    assert response.status_code == 403
    assert "You cannot do this" in page
    assert "You may not change this policy" in page
