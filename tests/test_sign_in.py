import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_sign_in_page_names_the_council_from_settings(client, settings):
    settings.EQIA_COUNCIL_NAME = "Borsetshire District Council"
    page = client.get(reverse("login")).content.decode()
    assert "Borsetshire District Council" in page
    assert 'href="#main-content"' in page


@pytest.mark.django_db
def test_wrong_password_shows_an_error_summary(client, owner):
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    page = response.content.decode()
    assert "<title>Error: Sign in" in page
    assert "There is a problem" in page
    assert "correct username and password" in page


@pytest.mark.django_db
def test_signing_in_leads_to_my_work_and_signing_out_ends_the_session(client, owner):
    response = client.post(reverse("login"), {"username": "alice", "password": "password"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "My work" in client.get(reverse("home")).content.decode()
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_administrators_reach_the_django_admin(client, administrator, owner):
    client.force_login(administrator)
    assert client.get(reverse("admin:policies_policy_changelist")).status_code == 200
    client.force_login(owner)
    assert client.get(reverse("admin:policies_policy_changelist")).status_code == 302
