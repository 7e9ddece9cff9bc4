import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from core.dates import today
from policies.models import Policy, ServiceArea
from tests.factories import days_from, make_service_area
from tests.page import text_of

URL = reverse("policies:register")


def make_many_policies(count: int, owners: list[User], areas: list[ServiceArea]) -> None:
    now = today()
    Policy.objects.bulk_create(
        Policy(
            reference=f"BULK-{number:05d}",
            title=f"Bulk policy {number}",
            service_area=areas[number % len(areas)],
            owner=owners[number % len(owners)],
            next_review=None if number % 7 == 0 else days_from(now, number % 400 - 200),
            equality_relevance=["high", "medium", "low", "none", ""][number % 5],
        )
        for number in range(count)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 500])
@pytest.mark.parametrize(
    ("filters", "query_limit"),
    [
        # Session, user, roles, count, page, and the service-area and owner choices. (The
        # session is written at most once a minute: not by this request, once the first after
        # signing in has.)
        ({}, 7),
        ({"sort": "next_review", "page": "2"}, 7),
        # Each chosen service area or owner is looked up once more to validate it.
        ({"service_area": "AREA", "owner": "OWNER", "relevance": "high"}, 9),
    ],
)
def test_the_register_runs_the_same_few_queries_however_many_policies(
    client, owner, colleague, django_assert_max_num_queries, count, filters, query_limit
):
    areas = [make_service_area(name) for name in ("Housing", "Planning", "Revenues")]
    make_many_policies(count, owners=[owner, colleague], areas=areas)
    if "service_area" in filters:
        filters = {**filters, "service_area": areas[0].pk, "owner": owner.pk}
    client.force_login(owner)
    client.get(reverse("accessibility"))  # renews the new session
    with django_assert_max_num_queries(query_limit):
        response = client.get(URL, filters)
    assert response.status_code == 200
    assert response.context["page"].object_list
    assert "Alice Owen" in text_of(response)
