"""The public pages of published EqIAs (/published/): the list and its filters, each
assessment's page of its frozen signed content, its files, and what is never reachable there."""

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from eqia.models import Assessment, AssessmentState, Characteristic, Publication
from eqia.snapshot import canonical_json, content_snapshot
from policies.models import Policy
from publication.services import publication_withdraw
from tests.assessment_factories import make_assessment, take_through_workflow
from tests.factories import make_policy, make_service_area
from tests.page import h1, links, parse, summary_list, table_rows, text_of
from tests.personas import PERSONAS, persona
from tests.publication_helpers import (
    POVERTY,
    housing_policy,
    signed_assessment,
    without_pdfs,
)


@dataclass
class World:
    people: dict[str, Any]
    housing_v1: Assessment  # superseded by housing_v2; Poverty negative; a real signed PDF
    housing_v2: Assessment
    revenues: Assessment  # no Covenant function, no negative impact
    not_published: Assessment  # the officer chose not to publish it
    withdrawn: Assessment  # published, then its publication withdrawn
    unsigned: dict[str, Assessment] = field(default_factory=dict)  # by state


def build_world() -> World:
    people = {name: persona(name) for name in PERSONAS}
    owner = people["owner"]
    housing = housing_policy(owner, "HOU-201", "Housing allocations scheme")
    housing_v1 = signed_assessment(housing, people, negative=POVERTY)
    housing_v2 = signed_assessment(housing, people)
    housing_v1.refresh_from_db()
    with without_pdfs():
        revenues = signed_assessment(
            make_policy(
                reference="REV-301",
                title="Council tax support scheme",
                owner=owner,
                service_area=make_service_area("Revenues"),
            ),
            people,
        )
        with override_settings(EQIA_PUBLICATION="choose"):
            not_published = signed_assessment(
                housing_policy(owner, "HOU-202", "Tenancy strategy"),
                people,
                negative=POVERTY,
                publish="no",
                not_published_reason="It names the tenants of one block (exempt information).",
            )
        withdrawn = signed_assessment(
            housing_policy(owner, "HOU-203", "Garage lettings"), people, negative=POVERTY
        )
        withdrawn = publication_withdraw(
            assessment=withdrawn,
            by=people["reviewer"],
            reason="Published with a tenant's name by mistake.",
        )
    world = World(people, housing_v1, housing_v2, revenues, not_published, withdrawn)
    for state in AssessmentState:
        if state in (AssessmentState.SIGNED_OFF, AssessmentState.SUPERSEDED):
            continue
        policy = housing_policy(owner, f"ST-{state.value.upper()}", f"Policy {state.label}")
        assessment = make_assessment(policy, by=owner, complete=True)
        assessment = take_through_workflow(
            assessment,
            state,
            owner=owner,
            reviewer=people["reviewer"],
            signoff=people["signoff_officer"],
        )
        # Even a record that says "published", with content frozen, stays off the public pages
        # until the assessment is signed.
        Assessment.objects.filter(pk=assessment.pk).update(
            publication=Publication.PUBLISHED,
            published_at=timezone.now(),
            frozen_content=content_snapshot(assessment),
        )
        world.unsigned[state.value] = assessment
    return world


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def page_url(assessment: Assessment, name: str = "eqia") -> str:
    return reverse(f"published:{name}", args=[assessment.policy.reference, assessment.version])


def listed(response: Any) -> list[str]:
    """The headings of the listed assessments, in order."""
    return [heading.text for heading in parse(response).find_all("h2", class_="govuk-heading-s")]


# The list.


@pytest.mark.django_db
def test_the_list_shows_every_published_assessment_newest_first_and_nothing_else(
    client: Client, world: World
) -> None:
    response = client.get(reverse("published:list"))

    assert response.status_code == 200
    assert h1(response) == "Published equality impact assessments"
    assert listed(response) == [
        "REV-301 Council tax support scheme, equality impact assessment version 1",
        "HOU-201 Housing allocations scheme, equality impact assessment version 2",
        "HOU-201 Housing allocations scheme, equality impact assessment version 1",
    ]
    text = text_of(response)
    assert "4 published assessments" not in text and "3 published assessments." in text
    assert "Negative impact on: Poverty (socio-economic disadvantage)" in text
    assert "Superseded" in text
    for hidden in ("HOU-202", "HOU-203", "ST-"):
        assert hidden not in text


@pytest.mark.django_db
def test_a_visitor_finds_the_assessments_with_a_negative_impact_on_a_group(
    client: Client, world: World
) -> None:
    poverty = Characteristic.objects.get(name=POVERTY)
    response = client.get(reverse("published:list"), {"characteristic": poverty.pk})

    assert listed(response) == [
        "HOU-201 Housing allocations scheme, equality impact assessment version 1"
    ]
    assert "1 published assessment found." in text_of(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"service_area": "Revenues"}, ["REV-301"]),
        ({"covenant": "housing"}, ["HOU-201", "HOU-201"]),
        ({"covenant": "education"}, []),
        ({"q": "allocations"}, ["HOU-201", "HOU-201"]),
        ({"q": "rev-3"}, ["REV-301"]),
        ({"year": "this year"}, ["REV-301", "HOU-201", "HOU-201"]),
        ({"q": "allocations", "covenant": "housing", "service_area": "Revenues"}, []),
    ],
    ids=["service area", "covenant", "no covenant", "title", "reference", "year", "all at once"],
)
def test_the_list_filters_by_what_was_signed(
    client: Client, world: World, query: dict[str, str], expected: list[str]
) -> None:
    if query.get("year") == "this year":
        query = {"year": str(timezone.localdate().year)}
    response = client.get(reverse("published:list"), query)

    assert response.status_code == 200
    assert [heading.split()[0] for heading in listed(response)] == expected


@pytest.mark.django_db
def test_the_filters_offer_only_what_published_assessments_have(
    client: Client, world: World
) -> None:
    tree = parse(client.get(reverse("published:list")))
    options = {
        select.attrs["name"]: [option.text for option in select.find_all("option")]
        for select in tree.find_all("select")
    }
    assert options["service_area"] == ["All service areas", "Housing", "Revenues"]
    assert options["year"] == ["Any year", str(timezone.localdate().year)]
    assert POVERTY in options["characteristic"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [{"year": "1066"}, {"characteristic": "999999"}, {"covenant": "social care"}, {"q": "x" * 101}],
)
def test_a_filter_value_not_offered_is_an_error_beside_its_field(
    client: Client, world: World, query: dict[str, str]
) -> None:
    response = client.get(reverse("published:list"), query)

    assert response.status_code == 200
    summary = parse(response).find_all(class_="govuk-error-summary")
    assert len(summary) == 1
    assert len(listed(response)) == 3  # the whole list, as nothing valid narrowed it


@pytest.mark.django_db
def test_the_list_is_for_anyone_and_signed_in_staff_see_their_own_navigation(
    client: Client, world: World
) -> None:
    anonymous = parse(client.get(reverse("published:list")))
    menu = [link.text for link in anonymous.find("nav").find_all("a")]
    assert menu == ["Published assessments", "Equality objectives", "Check a signed EqIA"]
    # Every public page carries the same navigation, showing where the visitor is.
    plans = parse(client.get(reverse("equality_plans:index"))).find("nav")
    assert [link.text for link in plans.find_all("a")] == menu
    current = [link.text for link in plans.find_all("a") if link.attrs.get("aria-current")]
    assert current == ["Equality objectives"]

    client.force_login(world.people["owner"])
    staff = parse(client.get(reverse("published:list")))
    assert "My work" in [link.text for link in staff.find("nav").find_all("a")]


# One assessment's page.


@pytest.mark.django_db
def test_the_page_shows_the_content_as_signed_not_the_live_policy(
    client: Client, world: World
) -> None:
    # The register changes after sign-off: the page still shows what was signed.
    Policy.objects.filter(pk=world.housing_v2.policy_id).update(title="Renamed since")
    response = client.get(page_url(world.housing_v1))

    assert response.status_code == 200
    assert h1(response) == (
        "HOU-201 · Equality impact assessment, version 1 Housing allocations scheme"
    )
    (about,) = parse(response).find_all(id="about-this-assessment")
    facts = summary_list(about)
    assert facts["Policy"] == "HOU-201: Housing allocations scheme"
    assert facts["Service area"] == "Housing"
    assert facts["Signed off by"].startswith("Sam Sinclair, Sign-off officer")
    grid = table_rows(response, "Impact on each group")
    poverty = next(row for row in grid if row[0].startswith(POVERTY))
    assert poverty[1] == "Negative"
    assert "Mitigation: A hardship fund covers deposits and removal costs." in poverty[2]
    text = text_of(response)
    assert "Renamed since" not in text
    assert "What the signature proves" in text
    assert "it proves what was signed off, by whom and when" in text
    assert world.housing_v1.signed_pdf_sha256 in text


@pytest.mark.django_db
def test_a_superseded_version_stays_marked_and_links_to_the_newer_one(
    client: Client, world: World
) -> None:
    older = parse(client.get(page_url(world.housing_v1)))
    banner = older.find_all(id="superseded")
    assert len(banner) == 1
    assert "This version has been superseded by HOU-201 EqIA v2" in banner[0].text
    assert links(banner[0])["HOU-201 EqIA v2"] == page_url(world.housing_v2)

    newer = client.get(page_url(world.housing_v2))
    assert not parse(newer).find_all(id="superseded")
    assert links(newer)["Version 1 of the equality impact assessment of HOU-201"] == page_url(
        world.housing_v1
    )


@pytest.mark.django_db
def test_the_signed_pdf_downloads_exactly_as_signed(client: Client, world: World) -> None:
    response = client.get(page_url(world.housing_v1, "pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "HOU-201_EqIA_v1_signed.pdf" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert hashlib.sha256(data).hexdigest() == world.housing_v1.signed_pdf_sha256


@pytest.mark.django_db
def test_the_json_is_the_frozen_content_with_its_sha256(client: Client, world: World) -> None:
    response = client.get(page_url(world.housing_v1, "json"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    content = json.loads(b"".join(response.streaming_content))
    digest = content.pop("content_sha256")
    assert digest == world.housing_v1.content_sha256
    assert hashlib.sha256(canonical_json(content)).hexdigest() == digest
    assert content["policy"]["reference"] == "HOU-201"


@pytest.mark.django_db
def test_the_word_copy_downloads_for_anyone(client: Client, world: World) -> None:
    response = client.get(page_url(world.housing_v1, "docx"))

    assert response.status_code == 200
    assert "HOU-201_EqIA_v1_copy.docx" in response["Content-Disposition"]
    document = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    body = document.read("word/document.xml").decode()
    assert "Copy for information: this is not the signed record" in body
    assert world.housing_v1.signed_pdf_sha256 in body


# What is never reachable.


ADDRESSES = ["eqia", "pdf", "json", "docx"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ADDRESSES)
@pytest.mark.parametrize(
    "state",
    [
        s.value
        for s in AssessmentState
        if s not in (AssessmentState.SIGNED_OFF, AssessmentState.SUPERSEDED)
    ],
)
def test_an_assessment_not_signed_is_never_reachable_under_published(
    client: Client, world: World, state: str, name: str
) -> None:
    """Every state before sign-off (and withdrawn), even with a record claiming publication."""
    assessment = world.unsigned[state]
    assert Assessment.objects.get(pk=assessment.pk).state == state
    client.force_login(world.people["administrator"])  # not even for those who may see it

    assert client.get(page_url(assessment, name)).status_code == 404
    listing = text_of(client.get(reverse("published:list")))
    assert assessment.policy.reference not in listing


@pytest.mark.django_db
@pytest.mark.parametrize("name", ADDRESSES)
def test_an_assessment_its_officer_chose_not_to_publish_is_not_reachable(
    client: Client, world: World, name: str
) -> None:
    assert world.not_published.state == AssessmentState.SIGNED_OFF
    assert client.get(page_url(world.not_published, name)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["pdf", "json", "docx"])
def test_a_withdrawn_publication_serves_no_file(client: Client, world: World, name: str) -> None:
    assert client.get(page_url(world.withdrawn, name)).status_code == 404


@pytest.mark.django_db
def test_a_withdrawn_publication_leaves_a_public_notice(client: Client, world: World) -> None:
    response = client.get(page_url(world.withdrawn))

    assert response.status_code == 410
    assert h1(response) == "This equality impact assessment is no longer published"
    text = text_of(response)
    assert "Published with a tenant's name by mistake." in text
    withdrawn_on = timezone.localdate()
    assert f"on {withdrawn_on.day} {withdrawn_on:%B %Y}" in text
    assert "Garage lettings" in text
    assert "Negative" not in text  # none of its content
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.django_db
def test_an_address_of_no_assessment_is_not_found(client: Client, world: World) -> None:
    assert client.get("/published/NOPE-1/v1/").status_code == 404
    assert client.get("/published/HOU-201/v9/").status_code == 404
    assert client.get("/published/hou-201/v1/").status_code == 404


# Search engines.


@pytest.mark.django_db
def test_public_pages_may_be_indexed_and_nothing_else(client: Client, world: World) -> None:
    for url in (reverse("published:list"), page_url(world.housing_v2)):
        response = client.get(url)
        assert response["X-Robots-Tag"] == "all", url
        robots = parse(response).find_all("meta", name="robots")
        assert [meta.attrs["content"] for meta in robots] == ["index, follow"], url
    for url in (reverse("login"), reverse("accessibility")):
        response = client.get(url)
        assert response["X-Robots-Tag"] == "noindex, nofollow", url
        robots = parse(response).find_all("meta", name="robots")
        assert [meta.attrs["content"] for meta in robots] == ["noindex, nofollow"], url


@pytest.mark.django_db
def test_the_page_of_an_assessment_is_found_in_few_queries(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(12):
        assert client.get(page_url(world.housing_v1)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("published:list")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/published/HOU-201/v99999999999999999999999/",
        "/published/HOU-201/v99999999999999999999999/signed.pdf",
        "/published/%00/v1/",
        "/published/HOU%00201/v1/content.json",
        "/published/?page=999999999999999999999",
        "/published/?characteristic=99999999999999999999999",
        "/published/?q=%00",
        "/published/?service_area=%00",
        "/sitemap.xml?p=99999999999999999999",
    ],
)
def test_an_odd_address_is_answered_never_a_failure(client: Client, world: World, url: str) -> None:
    assert client.get(url).status_code in (200, 404)
