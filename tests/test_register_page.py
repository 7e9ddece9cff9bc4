import datetime

import pytest
from django.urls import reverse

from core.dates import today
from policies.models import PolicyStatus, Relevance
from tests.factories import days_from, make_policy, make_service_area
from tests.page import links, table_rows, urls

URL = reverse("policies:register")


def listed_references(response) -> list[str]:
    return [policy.reference for policy in response.context["page"].object_list]


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_register_lists_active_policies_by_reference(signed_in):
    make_policy(reference="HOU-002", title="Tenancy strategy")
    make_policy(reference="HOU-001", title="Allocations")
    make_policy(reference="OLD-001", title="Old charter", status=PolicyStatus.ARCHIVED)
    response = signed_in.get(URL)
    assert response.status_code == 200
    assert listed_references(response) == ["HOU-001", "HOU-002"]
    rows = table_rows(response, caption="Policies in the register")
    assert [row[:2] for row in rows] == [
        ["Reference", "Title"],
        ["HOU-001", "Allocations"],
        ["HOU-002", "Tenancy strategy"],
    ]


@pytest.mark.django_db
def test_archived_policies_are_listed_when_asked_for(signed_in):
    make_policy(reference="HOU-001")
    make_policy(reference="OLD-001", status=PolicyStatus.ARCHIVED)
    assert listed_references(signed_in.get(URL, {"status": "archived"})) == ["OLD-001"]
    assert listed_references(signed_in.get(URL, {"status": "all"})) == ["HOU-001", "OLD-001"]


@pytest.mark.django_db
def test_search_matches_reference_or_title_in_any_case(signed_in):
    make_policy(reference="HOU-001", title="Housing allocations")
    make_policy(reference="REV-001", title="Council tax reduction")
    make_policy(reference="LIC-001", title="Licensing statement")
    assert listed_references(signed_in.get(URL, {"q": "rev-"})) == ["REV-001"]
    assert listed_references(signed_in.get(URL, {"q": "ALLOCATIONS"})) == ["HOU-001"]


@pytest.mark.django_db
def test_filters_by_service_area_owner_and_relevance(signed_in, owner, colleague):
    housing, planning = make_service_area("Housing"), make_service_area("Planning")
    make_policy(reference="A-1", service_area=housing, owner=owner, equality_relevance="high")
    make_policy(reference="A-2", service_area=planning, owner=owner, equality_relevance="low")
    make_policy(reference="A-3", service_area=housing, owner=colleague, equality_relevance="")
    assert listed_references(signed_in.get(URL, {"service_area": housing.pk})) == ["A-1", "A-3"]
    assert listed_references(signed_in.get(URL, {"owner": colleague.pk})) == ["A-3"]
    assert listed_references(signed_in.get(URL, {"relevance": Relevance.LOW})) == ["A-2"]
    assert listed_references(signed_in.get(URL, {"relevance": "unrated"})) == ["A-3"]


@pytest.mark.django_db
def test_filters_by_review_state(signed_in, settings):
    settings.EQIA_REVIEW_DUE_SOON_DAYS = 90
    now = today()
    make_policy(reference="OVERDUE", next_review=days_from(now, -1))
    make_policy(reference="SOON-TODAY", next_review=now)
    make_policy(reference="SOON-90", next_review=days_from(now, 90))
    make_policy(reference="LATER", next_review=days_from(now, 91))
    make_policy(reference="UNKNOWN", next_review=None)
    assert listed_references(signed_in.get(URL, {"review_state": "overdue"})) == ["OVERDUE"]
    assert listed_references(signed_in.get(URL, {"review_state": "due_soon"})) == [
        "SOON-90",
        "SOON-TODAY",
    ]
    assert listed_references(signed_in.get(URL, {"review_state": "later"})) == ["LATER"]
    assert listed_references(signed_in.get(URL, {"review_state": "unknown"})) == ["UNKNOWN"]


@pytest.mark.django_db
def test_sorts_by_next_review_with_unknown_dates_first(signed_in):
    make_policy(reference="B", next_review=datetime.date(2030, 1, 1))
    make_policy(reference="A", next_review=datetime.date(2029, 1, 1))
    make_policy(reference="C", next_review=None)
    assert listed_references(signed_in.get(URL, {"sort": "next_review"})) == ["C", "A", "B"]
    assert listed_references(signed_in.get(URL, {"sort": "-next_review"})) == ["B", "A", "C"]


@pytest.mark.django_db
def test_sorts_by_relevance_highest_first(signed_in):
    make_policy(reference="LOW", equality_relevance="low")
    make_policy(reference="UNRATED", equality_relevance="")
    make_policy(reference="HIGH", equality_relevance="high")
    make_policy(reference="NONE", equality_relevance="none")
    assert listed_references(signed_in.get(URL, {"sort": "relevance"})) == [
        "HIGH",
        "LOW",
        "NONE",
        "UNRATED",
    ]


@pytest.mark.django_db
def test_pages_hold_fifty_policies_and_keep_the_filters_in_page_links(signed_in):
    for number in range(120):
        make_policy(reference=f"P-{number:03d}", title="Match" if number % 2 == 0 else "Other")
    first = signed_in.get(URL)
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.num_pages == 3
    third = signed_in.get(URL, {"page": 3})
    assert listed_references(third)[0] == "P-100"
    filtered = signed_in.get(URL, {"q": "match", "page": 2})
    assert len(filtered.context["page"].object_list) == 10
    assert links(filtered)["Previous page"] == "?q=match&page=1"


@pytest.mark.django_db
def test_add_and_import_buttons_show_only_to_administrators(client, owner, administrator):
    client.force_login(owner)
    addresses = urls(client.get(URL))
    assert reverse("policies:create") not in addresses
    assert reverse("policies:import") not in addresses
    client.force_login(administrator)
    page = links(client.get(URL))
    assert page["Add a policy"] == reverse("policies:create")
    assert page["Import a spreadsheet"] == reverse("policies:import")
