import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from eqia.models import Assessment, AssessmentState, AuditEntry, AuditKind
from tests.assessment_factories import make_assessment, set_state
from tests.factories import make_policy
from tests.page import banners, error_summary, h1, links, parse, title


def start_url(policy):
    return reverse("assessments:start", args=[policy.reference])


@pytest.mark.django_db
def test_the_policy_owner_starts_an_assessment_and_lands_on_it(client, owner):
    policy = make_policy(owner=owner)
    client.force_login(owner)
    response = client.post(start_url(policy))
    assessment = Assessment.objects.get(policy=policy)
    assert response.status_code == 302
    assert response["Location"] == reverse("workflow:detail", args=[assessment.pk])
    assert (assessment.version, assessment.state) == (1, AssessmentState.DRAFT)
    entry = AuditEntry.objects.get(assessment=assessment)
    assert (entry.kind, entry.actor, entry.actor_role) == (AuditKind.CREATED, owner, "Policy owner")
    assert banners(client.get(response["Location"])) == [f"EqIA v1 of {policy.reference} started."]


@pytest.mark.django_db
def test_a_colleague_the_policy_is_shared_with_starts_one(client, owner, colleague):
    policy = make_policy(owner=owner)
    assign_perm("policies.edit_assessments", colleague, policy)
    client.force_login(colleague)
    assert client.post(start_url(policy)).status_code == 302
    entry = AuditEntry.objects.get(assessment__policy=policy)
    assert entry.actor == colleague
    assert entry.actor_role.startswith("Colleague")


@pytest.mark.django_db
def test_the_next_version_starts_from_the_signed_one(client, owner):
    first = make_assessment(by=owner, complete=True)
    set_state(first, AssessmentState.SIGNED_OFF)
    client.force_login(owner)
    client.post(start_url(first.policy))
    second = Assessment.objects.get(policy=first.policy, version=2)
    assert second.previous == first
    assert second.purpose == first.purpose


@pytest.mark.django_db
def test_a_second_open_assessment_is_refused_with_a_link_to_the_open_one(client, owner):
    open_one = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(start_url(open_one.policy))
    reference = open_one.policy.reference
    assert response.status_code == 200
    assert title(response).startswith(f"Error: Cannot start an assessment of {reference} – ")
    (message,) = error_summary(response)
    assert message.startswith(f"{reference} already has an open assessment (EqIA v1)")
    assert links(response)["EqIA v1 (in draft)"] == open_one.get_absolute_url()
    assert Assessment.objects.filter(policy=open_one.policy).count() == 1


@pytest.mark.django_db
def test_only_the_author_side_starts_one(client, owner, outsider, reviewer, administrator):
    policy = make_policy(owner=owner)
    for person in (outsider, reviewer, administrator):
        client.force_login(person)
        assert client.post(start_url(policy)).status_code == 403
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_starting_needs_a_post_a_sign_in_and_a_known_policy(client, owner):
    policy = make_policy(owner=owner)
    response = client.post(start_url(policy))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
    client.force_login(owner)
    assert client.get(start_url(policy)).status_code == 405
    assert client.post("/assessments/start/NOPE-1/").status_code == 404
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_the_start_button_snippet_posts_to_the_start_page_with_a_csrf_token(owner):
    policy = make_policy(reference="HOU-012", owner=owner)
    request = RequestFactory().get("/")
    html = render_to_string("assessments/_start_button.html", {"policy": policy}, request)
    form = parse(html).find("form")
    assert (form.attrs["method"], form.attrs["action"]) == ("post", "/assessments/start/HOU-012/")
    assert form.find("input", name="csrfmiddlewaretoken").attrs["type"] == "hidden"
    button = form.find("button")
    assert (button.attrs["type"], button.text) == ("submit", "Start EqIA for HOU-012")
    assert button.find("span", class_="govuk-visually-hidden").text == "for HOU-012"


# --- Starting again just after a sign-off asks first ------------------------------------------


def signed_minutes_ago(owner, minutes: int):
    signed = make_assessment(make_policy(reference="HOU-008", owner=owner), by=owner)
    return set_state(
        signed,
        AssessmentState.SIGNED_OFF,
        signed_off_at=timezone.now() - datetime.timedelta(minutes=minutes),
        signed_off_by=owner,
    )


@pytest.mark.django_db
def test_starting_minutes_after_a_sign_off_asks_to_confirm_and_starts_nothing(client, owner):
    signed = signed_minutes_ago(owner, 12)
    client.force_login(owner)
    response = client.post(start_url(signed.policy))
    assert response.status_code == 200
    assert h1(response) == "EqIA v1 was signed off 12 minutes ago. Start EqIA v2?"
    form = parse(response).find("form", action=start_url(signed.policy))
    assert form.find("input", name="confirm").attrs == {
        "type": "hidden",
        "name": "confirm",
        "value": "yes",
    }
    assert form.find("button").text == "Continue"
    assert links(response)["Cancel"] == signed.policy.get_absolute_url()
    assert Assessment.objects.filter(policy=signed.policy).count() == 1


@pytest.mark.django_db
def test_continuing_starts_the_next_version(client, owner):
    signed = signed_minutes_ago(owner, 12)
    client.force_login(owner)
    response = client.post(start_url(signed.policy), {"confirm": "yes"})
    second = Assessment.objects.get(policy=signed.policy, version=2)
    assert response["Location"] == second.get_absolute_url()


@pytest.mark.django_db
def test_a_sign_off_longer_ago_than_the_setting_starts_at_once(client, owner, settings):
    settings.EQIA_RESTART_CONFIRM_HOURS = 2
    signed = signed_minutes_ago(owner, 121)
    client.force_login(owner)
    assert client.post(start_url(signed.policy)).status_code == 302
    assert Assessment.objects.filter(policy=signed.policy).count() == 2


@pytest.mark.django_db
def test_the_setting_at_zero_never_asks(client, owner, settings):
    settings.EQIA_RESTART_CONFIRM_HOURS = 0
    signed = signed_minutes_ago(owner, 0)
    client.force_login(owner)
    assert client.post(start_url(signed.policy)).status_code == 302


@pytest.mark.django_db
def test_a_start_that_would_be_refused_is_refused_without_asking(client, owner, outsider):
    signed = signed_minutes_ago(owner, 5)
    client.force_login(outsider)
    assert client.post(start_url(signed.policy)).status_code == 403
    make_assessment(signed.policy, by=owner)  # v2, open
    client.force_login(owner)
    response = client.post(start_url(signed.policy))
    (message,) = error_summary(response)
    assert message.startswith("HOU-008 already has an open assessment (EqIA v2)")


@pytest.mark.django_db
def test_under_a_minute_reads_less_than_a_minute(client, owner):
    signed = signed_minutes_ago(owner, 0)
    client.force_login(owner)
    assert h1(client.post(start_url(signed.policy))) == (
        "EqIA v1 was signed off less than a minute ago. Start EqIA v2?"
    )
