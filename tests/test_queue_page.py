import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from core.dates import long_date, today
from core.widgets import QuickSelect
from eqia.models import AssessmentState
from eqia.services import assessment_start
from eqia.views.queue import QueueFilterForm
from policies.models import Policy, PolicyStatus, ServiceArea
from tests.assessment_factories import make_assessment, set_state
from tests.factories import days_from, make_policy, make_service_area
from tests.page import error_summary, links, parse, table_rows, text_of, urls

URL = reverse("policies:queue")

# Session, user, roles, the queue's length, its page of rows, the service-area choices, the
# open EqIAs the user may open and the policies they may start one of. (The session is written
# at most once a minute: not by these requests, once the first after signing in has.) A chosen
# service area is looked up once more to validate it.
QUERY_LIMIT = 9


def listed(response) -> list[tuple[int, str]]:
    return [(entry.rank, entry.reference) for entry in response.context["page"].object_list]


def queue_rows(response) -> list[list[str]]:
    return table_rows(response, caption="Policies in review order")[1:]


def make_many_policies(
    count: int, owners: list[User], areas: list[ServiceArea], *, first: int = 0
) -> None:
    now = today()
    Policy.objects.bulk_create(
        Policy(
            reference=f"BULK-{number:05d}",
            title=f"Bulk policy {number}",
            service_area=areas[number % len(areas)],
            owner=owners[number % len(owners)],
            next_review=None if number % 7 == 0 else days_from(now, number % 400 - 200),
            equality_relevance=["high", "medium", "low", "none", ""][number % 5],
            covenant_functions=[["housing"], [], ["education", "healthcare"]][number % 3],
        )
        for number in range(first, first + count)
    )


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
@pytest.mark.parametrize(
    "persona", ["owner", "outsider", "reviewer", "signoff_officer", "auditor", "administrator"]
)
def test_every_signed_in_member_of_staff_may_see_the_queue(client, request, persona):
    make_policy(reference="HOU-001", next_review=None)
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL)
    assert response.status_code == 200
    assert listed(response) == [(1, "HOU-001")]


@pytest.mark.django_db
def test_the_queue_shows_each_policy_in_rank_order_with_its_reasons(signed_in, owner):
    now = today()
    make_policy(
        reference="HOU-001",
        title="Housing allocations",
        service_area=make_service_area("Housing"),
        owner=owner,
        next_review=days_from(now, -214),
        equality_relevance="high",
        covenant_functions=["housing"],
    )
    make_policy(reference="PLN-001", title="Local plan", next_review=days_from(now, 12))
    make_policy(reference="LIC-001", title="Licensing statement", next_review=None)
    response = signed_in.get(URL)
    assert listed(response) == [(1, "HOU-001"), (2, "LIC-001"), (3, "PLN-001")]
    detail = reverse("policies:detail", args=["HOU-001"])
    assertContains(
        response,
        f'<a class="govuk-link govuk-!-font-weight-bold" href="{detail}">HOU-001</a>',
        html=True,
    )
    rows = queue_rows(response)
    assert [row[:2] for row in rows] == [
        ["1", "HOU-001 Housing allocations Housing, owned by Alice Owen"],
        ["2", "LIC-001 Licensing statement No service area, no owner"],
        ["3", "PLN-001 Local plan No service area, no owner"],
    ]
    assert rows[0][2].endswith(" Overdue")
    assert rows[1][2] == "Unknown Date unknown"
    assert rows[2][2].endswith(" Due soon")
    # The reasons in one sentence, in the widest column.
    assert rows[0][3] == (
        "Overdue by 214 days; high equality relevance; no signed EqIA; Covenant function: housing"
    )
    assert rows[2][3].startswith("Due in 12 days; ")


@pytest.mark.django_db
def test_the_queue_can_be_narrowed_to_a_service_area(signed_in):
    housing, planning = make_service_area("Housing"), make_service_area("Planning")
    make_policy(reference="HOU-001", service_area=housing, next_review=None)
    make_policy(reference="PLN-001", service_area=planning, next_review=None)
    response = signed_in.get(URL, {"service_area": planning.pk})
    assert listed(response) == [(1, "PLN-001")]
    assert links(response)["Clear filters"] == URL


@pytest.mark.django_db
def test_a_page_number_alone_is_no_filter_to_clear(signed_in):
    for number in range(60):
        make_policy(reference=f"Q-{number:03d}", next_review=None)
    second = signed_in.get(URL, {"page": 2})
    assert [rank for rank, _ in listed(second)][0] == 51
    assert "Clear filters" not in links(second)
    assert "Clear filters" in links(signed_in.get(URL, {"page": 2, "mine": "on"}))


@pytest.mark.django_db
def test_only_my_policies_shows_the_signed_in_users_own(signed_in, owner, colleague):
    make_policy(reference="MINE", owner=owner, next_review=days_from(today(), 30))
    make_policy(reference="BOBS", owner=colleague, next_review=None)
    make_policy(reference="NOBODYS", next_review=None)
    response = signed_in.get(URL, {"mine": "on"})
    assert listed(response) == [(1, "MINE")]
    mine = parse(response).find("input", name="mine")
    assert (mine.attrs["type"], mine.attrs["value"], "checked" in mine.attrs) == (
        "checkbox",
        "on",
        True,
    )


@pytest.mark.django_db
def test_an_unknown_service_area_is_reported_and_the_whole_queue_shown(signed_in):
    make_policy(reference="HOU-001", next_review=None)
    response = signed_in.get(URL, {"service_area": "999"})
    assert response.status_code == 200
    assert error_summary(response) == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert listed(response) == [(1, "HOU-001")]


@pytest.mark.django_db
def test_an_empty_queue_says_so(signed_in):
    make_policy(reference="OLD-001", status=PolicyStatus.ARCHIVED)
    assert "There are no active policies in the register." in text_of(signed_in.get(URL))
    make_policy(reference="HOU-001", owner=None)
    filtered = signed_in.get(URL, {"mine": "on"})
    assert "No active policies match these filters." in text_of(filtered)


@pytest.mark.django_db
def test_the_queue_is_shown_fifty_to_a_page_keeping_ranks_and_filters(signed_in, owner):
    area = make_service_area("Housing")
    make_many_policies(120, owners=[owner], areas=[area])
    first = signed_in.get(URL, {"service_area": area.pk})
    assert [rank for rank, _ in listed(first)] == list(range(1, 51))
    next_page = parse(first).find("a", rel="next")
    assert next_page.attrs["href"] == f"?service_area={area.pk}&page=2"
    third = signed_in.get(URL, {"service_area": area.pk, "page": 3})
    assert [rank for rank, _ in listed(third)] == list(range(101, 121))
    everything = [
        ref for page in (1, 2, 3) for _, ref in listed(signed_in.get(URL, {"page": page}))
    ]
    assert len(set(everything)) == 120


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 500])
@pytest.mark.parametrize("filters", [{}, {"mine": "on", "page": "2"}, {"service_area": "AREA"}])
def test_the_page_runs_the_same_few_queries_however_many_policies(
    client, owner, colleague, django_assert_max_num_queries, count, filters
):
    areas = [make_service_area(name) for name in ("Housing", "Planning", "Revenues")]
    make_many_policies(count, owners=[owner, colleague], areas=areas)
    if filters.get("service_area"):
        filters = {"service_area": areas[0].pk}
    client.force_login(owner)
    client.get(reverse("accessibility"))  # renews the new session
    with django_assert_max_num_queries(QUERY_LIMIT):
        response = client.get(URL, filters)
    assert response.status_code == 200
    assert listed(response)


def queue_queries(client, owner, filters) -> int:
    """How many queries the page takes, once two of the policies it lists have an EqIA under
    way (so that it asks which of those the user may open, as well as which they may start)."""
    client.get(reverse("accessibility"))  # renews the new session
    shown = client.get(URL, filters)
    for entry in [e for e in shown.context["page"] if e.owner_name == "Alice Owen"][:2]:
        if not entry.extra["open_assessment_id"]:
            assessment_start(policy=Policy.objects.get(pk=entry.policy_id), by=owner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, filters)
    assert response.status_code == 200
    assert sum(1 for entry in listed_entries(response) if entry.extra["open_assessment_id"]) >= 2
    return len(queries)


def listed_entries(response):
    return list(response.context["page"].object_list)


@pytest.mark.django_db
@pytest.mark.parametrize("filters", [{}, {"mine": "on", "page": "2"}, {"service_area": "AREA"}])
def test_the_page_takes_as_many_queries_for_five_hundred_policies_as_for_ten(
    client, owner, colleague, filters
):
    areas = [make_service_area(name) for name in ("Housing", "Planning", "Revenues")]
    if filters.get("service_area"):
        filters = {"service_area": areas[0].pk}
    client.force_login(owner)
    make_many_policies(10, owners=[owner, colleague], areas=areas)
    small = queue_queries(client, owner, filters)
    make_many_policies(490, owners=[owner, colleague], areas=areas, first=10)
    large = queue_queries(client, owner, filters)
    assert large == small <= QUERY_LIMIT


@pytest.mark.django_db
def test_a_long_queue_links_the_first_last_and_nearby_pages_keeping_its_filters(signed_in, owner):
    area = make_service_area("Housing")
    make_many_policies(500, owners=[owner], areas=[area])
    response = signed_in.get(URL, {"service_area": area.pk, "page": 5})
    assert [rank for rank, _ in listed(response)] == list(range(201, 251))
    pagination = parse(response).find("nav", class_="govuk-pagination")
    assert [item.text for item in pagination.find_all("li")] == [
        "1", "\u22ef", "3", "4", "5", "6", "7", "\u22ef", "10"
    ]  # fmt: skip
    assert {link.attrs["href"] for link in pagination.find_all("a")} == {
        f"?service_area={area.pk}&page={number}" for number in (1, 3, 4, 5, 6, 7, 10)
    }
    assert pagination.find("a", rel="next").attrs["href"] == f"?service_area={area.pk}&page=6"
    page = text_of(response)
    assert "500 policies in the queue." in page
    assert "Page 5 of 10 (500 in all)" in page


@pytest.mark.django_db
def test_the_filters_lists_are_written_without_a_template_for_each_option():
    form = QueueFilterForm()
    assert isinstance(form.fields["service_area"].widget, QuickSelect)


@pytest.mark.django_db
def test_the_queue_offers_start_eqia_to_the_policys_owner_and_shows_where_open_ones_stand(
    client, owner, outsider
):
    mine = make_policy(reference="MINE-1", owner=owner)
    started = make_assessment(make_policy(reference="MINE-2", owner=owner), by=owner)
    set_state(started, AssessmentState.IN_REVIEW)
    since = long_date(timezone.localtime(started.state_since).date())
    start_url = reverse("assessments:start", args=[mine.reference])
    client.force_login(owner)
    response = client.get(URL)
    assert len(parse(response).find_all("form", action=start_url)) == 1
    standing = f"EqIA v1 in review since {since}"
    assert links(response)[f"{standing} (MINE-2)"] == started.get_absolute_url()
    # Where an EqIA is under way, its standing replaces Start EqIA.
    eqia_column = {row[1].split()[0]: row[4] for row in queue_rows(response)}
    assert eqia_column == {"MINE-1": "Start EqIA for MINE-1", "MINE-2": f"{standing} (MINE-2)"}
    client.force_login(outsider)
    response = client.get(URL)
    assert start_url not in urls(response)
    assert started.get_absolute_url() not in urls(response)
    eqia_column = {row[1].split()[0]: row[4] for row in queue_rows(response)}
    assert eqia_column == {"MINE-1": "No EqIA under way", "MINE-2": standing}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "words"),
    [
        (AssessmentState.DRAFT, "in draft"),
        (AssessmentState.SUBMITTED, "submitted, waiting for a reviewer"),
        (AssessmentState.CHANGES_REQUESTED, "back with its author for changes"),
        (AssessmentState.APPROVED, "approved, waiting for sign-off"),
    ],
)
def test_each_open_state_reads_as_a_standing(signed_in, owner, state, words):
    started = make_assessment(make_policy(reference="HOU-001", owner=owner), by=owner)
    set_state(started, state, state_since=timezone.make_aware(datetime.datetime(2026, 11, 3, 9)))
    eqia_column = [row[4] for row in queue_rows(signed_in.get(URL))]
    assert eqia_column == [f"EqIA v1 {words} since 3 November 2026 (HOU-001)"]
