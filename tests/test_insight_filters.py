"""The insight pages' filters: each year offered once, and a page whose filter was refused
offers downloads of what it shows (never a link that answers 400)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from eqia.models import AssessmentState
from tests.assessment_factories import make_assessment, set_state
from tests.factories import make_policy, make_service_area
from tests.page import error_summary, parse, text_of

INSIGHT = reverse("insight:index")
PROCESS = reverse("insight:process")


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def signed(reference: str, owner, when: datetime.datetime, **policy):
    assessment = make_assessment(make_policy(reference=reference, owner=owner, **policy), by=owner)
    return set_state(assessment, AssessmentState.SIGNED_OFF, signed_off_at=when)


def year_options(response) -> list[tuple[str, str]]:
    select = parse(response).find("select", name="year")
    return [(option.attrs.get("value", ""), option.text) for option in select.find_all("option")]


def download_links(response) -> list[str]:
    """Every link on the page to a download of its tables or its report."""
    prefixes = [
        reverse("insight:export", args=["x"])[:-2],
        reverse("insight:process_export", args=["x"])[:-2],
        reverse("insight:process_pdf"),
        reverse("insight:process_docx"),
    ]
    found = [a.attrs.get("href", "") for a in parse(response).find_all("a")]
    return [href for href in found if any(href.startswith(prefix) for prefix in prefixes)]


@pytest.mark.django_db
def test_the_year_filter_offers_each_year_once(client, owner, reviewer):
    signed("A-1", owner, at(2026, 1, 5, 9, 30))
    signed("A-2", owner, at(2026, 1, 5, 16, 45))  # the same day, another time
    signed("A-3", owner, at(2026, 7, 20))  # another day of the year, in summer time
    superseded = signed("A-4", owner, at(2026, 3, 2))
    set_state(superseded, AssessmentState.SUPERSEDED)
    signed("B-1", owner, at(2025, 12, 31, 23, 50))
    client.force_login(reviewer)
    assert year_options(client.get(INSIGHT)) == [
        ("", "Any year"),
        ("2026", "2026"),
        ("2025", "2025"),
    ]


@pytest.mark.django_db
def test_after_a_refused_filter_the_downloads_are_of_what_the_page_shows(client, owner, reviewer):
    housing = make_service_area("Housing")
    signed("H-1", owner, at(2026, 2, 3), service_area=housing)
    signed("P-1", owner, at(2025, 2, 3), service_area=make_service_area("Planning"))
    make_policy(reference="H-2", owner=owner, service_area=housing)  # no signed EqIA yet
    make_policy(reference="P-2", owner=owner)
    client.force_login(reviewer)
    everything = client.get(INSIGHT)
    for params in ({"year": "abcd"}, {"year": "abcd", "service_area": housing.pk}):
        response = client.get(INSIGHT, params)
        assert error_summary(response) == ["Choose a year from the list"]
        # The page counts every EqIA meanwhile, and says so.
        assert "2 signed EqIAs counted. 2 active policies have no signed EqIA." in (
            text_of(response)
        )
        links = download_links(response)
        assert links == download_links(everything)
        assert len(links) == 4  # two tables, as CSV and as Excel
        for link in links:
            download = client.get(link)
            assert download.status_code == 200, link
            if link.endswith("format=csv"):  # every EqIA's, as the page shows them
                unfiltered = link.split("?")[0] + "?format=csv"
                assert download.content == client.get(unfiltered).content


@pytest.mark.django_db
def test_the_process_page_after_a_refused_year_offers_this_years_downloads(client, owner, reviewer):
    signed("H-1", owner, timezone.now())
    client.force_login(reviewer)
    response = client.get(PROCESS, {"year": "abcd"})
    assert error_summary(response) == ["Choose a year from the list"]
    links = download_links(response)
    assert len(links) == 14  # six tables as CSV and Excel, the PDF and the Word file
    year = timezone.localdate().year
    for link in links:
        assert f"year={year}" in link
        assert client.get(link).status_code == 200, link
