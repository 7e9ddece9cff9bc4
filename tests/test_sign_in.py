import pytest
from django.urls import reverse

from tests.page import error_summary, h1, links, text_of, title


@pytest.mark.django_db
def test_sign_in_page_names_the_council_from_settings(client, settings):
    settings.EQIA_COUNCIL_NAME = "Borsetshire District Council"
    response = client.get(reverse("login"))
    assert title(response).endswith(" – Borsetshire District Council")
    assert text_of(response).startswith("Skip to main content Borsetshire District Council")
    assert links(response)["Skip to main content"] == "#main-content"


@pytest.mark.django_db
def test_wrong_password_shows_an_error_summary(client, owner):
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert title(response).startswith("Error: Sign in – ")
    (message,) = error_summary(response)
    assert "correct username and password" in message


@pytest.mark.django_db
def test_signing_in_leads_to_my_work_and_signing_out_ends_the_session(client, owner):
    response = client.post(reverse("login"), {"username": "alice", "password": "password"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert h1(client.get(reverse("home"))) == "My work"
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_administrators_reach_the_django_admin(client, administrator, owner):
    client.force_login(administrator)
    assert client.get(reverse("admin:policies_policy_changelist")).status_code == 200
    client.force_login(owner)
    assert client.get(reverse("admin:policies_policy_changelist")).status_code == 302
