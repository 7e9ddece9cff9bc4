"""The Atom feed of newly published EqIAs, the sitemap of the public pages and robots.txt:
search engines and feed readers find the published assessments, and nothing else."""

from collections.abc import Iterator
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse

from eqia.models import Assessment
from publication.services import publication_withdraw
from tests.factories import make_policy, make_service_area
from tests.personas import PERSONAS, persona
from tests.publication_helpers import POVERTY, housing_policy, signed_assessment, without_pdfs

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "https://eqia.example.gov.uk"


@pytest.fixture(autouse=True)
def site(settings):
    settings.EQIA_SITE_URL = SITE


@pytest.fixture
def assessments(db: None, settings) -> Iterator[dict[str, Assessment]]:
    people = {name: persona(name) for name in PERSONAS}
    owner = people["owner"]
    with without_pdfs():
        first = signed_assessment(
            housing_policy(owner, "HOU-201", "Housing allocations scheme"),
            people,
            negative=POVERTY,
        )
        second = signed_assessment(
            make_policy(
                reference="REV-301",
                title="Council tax support scheme",
                owner=owner,
                service_area=make_service_area("Revenues"),
            ),
            people,
        )
        withdrawn = signed_assessment(housing_policy(owner, "HOU-203", "Garages"), people)
        publication_withdraw(assessment=withdrawn, by=people["reviewer"], reason="Mistake")
        settings.EQIA_PUBLICATION = "choose"
        hidden = signed_assessment(
            housing_policy(owner, "HOU-202", "Tenancy strategy"),
            people,
            publish="no",
            not_published_reason="Exempt",
        )
    yield {"first": first, "second": second, "withdrawn": withdrawn, "hidden": hidden}


def public(assessment: Assessment) -> str:
    return SITE + reverse("published:eqia", args=[assessment.policy.reference, assessment.version])


@pytest.mark.django_db
def test_the_feed_lists_newly_published_assessments_newest_first(
    client: Client, assessments: dict[str, Assessment]
):
    response = client.get(reverse("published:feed"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.findtext(f"{ATOM}title") == (
        "Example District Council: published equality impact assessments"
    )
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "REV-301 Council tax support scheme: equality impact assessment v1",
        "HOU-201 Housing allocations scheme: equality impact assessment v1",
    ]
    assert [entry.find(f"{ATOM}link").attrib["href"] for entry in entries] == [
        public(assessments["second"]),
        public(assessments["first"]),
    ]
    summary = entries[1].findtext(f"{ATOM}summary")
    assert "Negative impact on: Poverty (socio-economic disadvantage)." in summary
    assert "Outcome: No major change needed." in summary
    assert entries[0].findtext(f"{ATOM}summary").endswith("No negative impact found.")


@pytest.mark.django_db
def test_the_sitemap_lists_the_public_pages_only(client: Client, assessments):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    sitemap = ElementTree.fromstring(response.content)
    locations = {url.findtext(f"{SITEMAP}loc") for url in sitemap.findall(f"{SITEMAP}url")}
    assert locations == {
        SITE + reverse("published:list"),
        SITE + reverse("published:check"),
        public(assessments["first"]),
        public(assessments["second"]),
    }


@pytest.mark.django_db
def test_a_sitemap_page_that_does_not_exist_is_not_found(client: Client, assessments):
    assert client.get("/sitemap.xml", {"p": "2"}).status_code == 404
    assert client.get("/sitemap.xml", {"p": "x"}).status_code == 404


def test_robots_txt_allows_only_the_published_pages_and_the_sitemap(client: Client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Allow: /published/",
        "Allow: /sitemap.xml",
        "Disallow: /",
        f"Sitemap: {SITE}/sitemap.xml",
    ]
