"""The policy page knows where its EqIA stands: an open one in place of Start EqIA, the signed
one's review date; and it names the owner once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from eqia.models import AssessmentState
from tests.assessment_factories import make_assessment, set_state
from tests.factories import make_policy, make_user
from tests.page import links, parse, summary_list, text_of, urls

IN_REVIEW_SINCE = timezone.make_aware(datetime.datetime(2026, 11, 3, 10, 0))


def page(client, reference: str = "HOU-001"):
    return client.get(reverse("policies:detail", args=[reference]))


def inset(response) -> str:
    return parse(response).find(class_="govuk-inset-text").text


@pytest.mark.django_db
def test_an_open_eqia_shows_its_standing_linked_instead_of_start(client, owner):
    policy = make_policy(reference="HOU-001", owner=owner)
    assessment = make_assessment(policy, by=owner)
    set_state(assessment, AssessmentState.IN_REVIEW, state_since=IN_REVIEW_SINCE)
    client.force_login(owner)
    response = page(client)
    assert inset(response).startswith("EqIA v1 in review since 3 November 2026. ")
    assert links(response)["EqIA v1 in review since 3 November 2026"] == (
        assessment.get_absolute_url()
    )
    assert reverse("assessments:start", args=["HOU-001"]) not in urls(response)


@pytest.mark.django_db
def test_those_who_may_not_open_it_see_the_standing_unlinked(client, owner, outsider):
    assessment = make_assessment(make_policy(reference="HOU-001", owner=owner), by=owner)
    set_state(assessment, AssessmentState.APPROVED, state_since=IN_REVIEW_SINCE)
    client.force_login(outsider)
    response = page(client)
    assert inset(response).startswith(
        "EqIA v1 approved, waiting for sign-off since 3 November 2026."
    )
    assert assessment.get_absolute_url() not in urls(response)


@pytest.mark.django_db
def test_a_policy_with_no_open_eqia_offers_start_to_its_owner(client, owner):
    signed = make_assessment(make_policy(reference="HOU-001", owner=owner), by=owner)
    set_state(
        signed,
        AssessmentState.SIGNED_OFF,
        signed_off_at=timezone.now() - datetime.timedelta(days=200),
        review_date=datetime.date(2029, 4, 1),
    )
    client.force_login(owner)
    response = page(client)
    assert parse(response).find_all(class_="govuk-inset-text") == []
    assert reverse("assessments:start", args=["HOU-001"]) in urls(response)
    signed_on = timezone.localtime(signed.signed_off_at).date()
    assert summary_list(response)["Signed EqIA's review date"] == (
        f"1 April 2029 (set by EqIA v1, signed off {signed_on.day} {signed_on:%B %Y})"
    )


@pytest.mark.django_db
def test_a_policy_never_signed_says_so(client, owner):
    make_policy(reference="HOU-001", owner=owner)
    client.force_login(owner)
    assert summary_list(page(client))["Signed EqIA's review date"] == "No signed EqIA yet"


@pytest.mark.django_db
def test_an_owner_known_only_by_address_is_named_once(client, owner):
    imported = make_user("new.officer@example.gov.uk", email="new.officer@example.gov.uk")
    imported.first_name = ""
    imported.save()
    make_policy(reference="HOU-001", owner=imported)
    make_policy(reference="HOU-002", owner=owner)
    client.force_login(owner)
    response = page(client)
    assert summary_list(response)["Owner"] == "new.officer@example.gov.uk"
    assert links(response)["new.officer@example.gov.uk"] == "mailto:new.officer@example.gov.uk"
    assert summary_list(page(client, "HOU-002"))["Owner"] == "Alice Owen (alice@example.gov.uk)"
    assert "new.officer@example.gov.uk (new.officer" not in text_of(response)
