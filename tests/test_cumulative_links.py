"""Cumulative impact, structured: an author links other policies (and their signed EqIAs) per
group in the Impacts part; the links show on both sides, are frozen with the content and carried
into the next version."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.refusals import Refused
from eqia.content import part_save
from eqia.cumulative import LinkValues
from eqia.models import AssessmentState, AuditEntry, AuditKind, Characteristic, CumulativeLink
from eqia.services import assessment_start
from eqia.snapshot import content_snapshot
from tests.assessment_factories import make_assessment, set_state
from tests.factories import make_policy
from tests.page import error_summary, field_error, parse, table_rows, text_of
from tests.parts import part_url
from workflow.documents.render import _document


def group(name: str) -> Characteristic:
    return Characteristic.objects.get(name=name)


def signed(policy, by):
    """A complete assessment of the policy, signed off (its state written directly)."""
    assessment = make_assessment(policy, by=by, complete=True)
    return set_state(
        assessment, AssessmentState.SIGNED_OFF, signed_off_at=timezone.now(), signed_off_by=by
    )


@pytest.fixture
def world(owner, colleague):
    """alice's draft of HOU-100; bob's HOU-200 with a signed v1; bob's HOU-300, never assessed."""
    other = make_policy(reference="HOU-200", title="Rent setting", owner=colleague)
    return {
        "draft": make_assessment(
            make_policy(reference="HOU-100", title="Allocations", owner=owner), by=owner
        ),
        "signed": signed(other, colleague),
        "unassessed": make_policy(reference="HOU-300", title="Garden waste", owner=colleague),
    }


def posted(assessment, links, *, total=None, initial=0, **extra):
    """The Impacts page as posted: the grid left as it is, and these links."""
    data = {
        "intersectionality": "Older disabled people.",
        "cumulative_impact": "Rent rises and allocations together.",
        "cumulative-TOTAL_FORMS": str(total if total is not None else len(links)),
        "cumulative-INITIAL_FORMS": str(initial),
        "cumulative-MIN_NUM_FORMS": "0",
        "cumulative-MAX_NUM_FORMS": "1000",
        **extra,
    }
    for index, link in enumerate(links):
        for name, value in link.items():
            data[f"cumulative-{index}-{name}"] = value
    return data


def a_link(reference="HOU-200", characteristic="Age", text="Both cut older tenants' income."):
    value = group(characteristic).pk if characteristic else ""
    return {"reference": reference, "characteristic": value, "how_they_combine": text}


@pytest.mark.django_db
def test_an_author_links_another_policy_and_its_signed_eqia_per_group(client, owner, world):
    draft = world["draft"]
    client.force_login(owner)
    response = client.post(
        part_url(draft, "impacts"),
        posted(draft, [a_link(), a_link(" hou-300 ", "Disability", "Both move bin days.")]),
    )
    assert response.status_code == 302
    links = {
        (link.linked_policy.reference, link.characteristic.name): link
        for link in draft.cumulative_links.all()
    }
    assert set(links) == {("HOU-200", "Age"), ("HOU-300", "Disability")}
    assert links["HOU-200", "Age"].linked_assessment == world["signed"]
    assert links["HOU-200", "Age"].how_they_combine == "Both cut older tenants' income."
    assert links["HOU-300", "Disability"].linked_assessment is None  # none signed
    entry = AuditEntry.objects.filter(assessment=draft, kind=AuditKind.CONTENT).last()
    assert "cumulative impact: HOU-200 for Age added" in entry.details["changed"]

    page = client.get(part_url(draft, "impacts"))
    assert parse(page).find(id="id_cumulative-0-reference").attrs["value"] == "HOU-200"
    assert parse(page).find(id="id_cumulative-2-reference").attrs.get("value", "") == ""


@pytest.mark.django_db
def test_every_wrong_link_is_shown_at_its_row_and_nothing_is_saved(client, owner, world):
    draft = world["draft"]
    client.force_login(owner)
    age_row = draft.impacts.get(characteristic__name="Age")
    data = posted(
        draft,
        [
            a_link("HOU-999"),
            a_link("HOU-100"),
            a_link("HOU-200", None),
            a_link("HOU-200", "Age", ""),
            a_link("HOU-200", "Age"),
        ],
        **{f"impact-{age_row.pk}-evidence": "Typed and not to be kept"},
    )
    response = client.post(part_url(draft, "impacts"), data)
    assert response.status_code == 200
    assert field_error(response, "id_cumulative-0-reference") == (
        "Link 1: no policy has the reference HOU-999; check it in the policy register"
    )
    assert field_error(response, "id_cumulative-1-reference").startswith(
        "Link 2: HOU-100 is the policy this assessment is about"
    )
    assert field_error(response, "id_cumulative-2-characteristic") == "Choose the group of link 3"
    assert field_error(response, "id_cumulative-3-how_they_combine") == (
        "Enter how the policies combine for the group of link 4"
    )
    assert field_error(response, "id_cumulative-4-characteristic") == (
        "Link 5: HOU-200 is already linked for Age in link 4"
    )
    assert len(error_summary(response)) == 5
    assert parse(response).find("a", href="#id_cumulative-4-characteristic")
    assert not CumulativeLink.objects.exists()
    age_row.refresh_from_db()
    assert age_row.evidence != "Typed and not to be kept"  # the whole part was refused


@pytest.mark.django_db
def test_a_link_is_changed_removed_or_emptied_away(client, owner, world):
    draft = world["draft"]
    part_save(
        assessment=draft,
        by=owner,
        part="impacts",
        links=[
            LinkValues("HOU-200", group("Age").pk, "First words"),
            LinkValues("HOU-300", group("Sex").pk, "Bins"),
            LinkValues("HOU-300", group("Race").pk, "Letters"),
        ],
        completed=False,
    )
    client.force_login(owner)
    changed = {**a_link("HOU-200", "Age", "Better words")}
    removed = {**a_link("HOU-300", "Race", "Letters"), "DELETE": "on"}
    emptied = {"reference": "", "characteristic": "", "how_they_combine": ""}
    response = client.post(
        part_url(draft, "impacts"), posted(draft, [changed, removed, emptied], initial=3)
    )
    assert response.status_code == 302
    assert [
        (link.linked_policy.reference, link.how_they_combine)
        for link in draft.cumulative_links.all()
    ] == [("HOU-200", "Better words")]


@pytest.mark.django_db
def test_a_post_without_the_links_leaves_them_as_they_are(client, owner, world):
    draft = world["draft"]
    part_save(
        assessment=draft,
        by=owner,
        part="impacts",
        links=[LinkValues("HOU-200", group("Age").pk, "Kept")],
        completed=False,
    )
    client.force_login(owner)
    data = posted(draft, [])
    data = {key: value for key, value in data.items() if not key.startswith("cumulative-")}
    assert client.post(part_url(draft, "impacts"), data).status_code == 302
    assert draft.cumulative_links.count() == 1


@pytest.mark.django_db
def test_the_service_refuses_links_on_another_part_and_from_someone_not_on_the_author_side(
    owner, outsider, world
):
    draft = world["draft"]
    link = LinkValues("HOU-200", group("Age").pk, "Text")
    with pytest.raises(ValueError):
        part_save(assessment=draft, by=owner, part="about", links=[link], completed=False)
    with pytest.raises(Refused):
        part_save(assessment=draft, by=outsider, part="impacts", links=[link], completed=False)
    assert not CumulativeLink.objects.exists()


@pytest.mark.django_db
def test_links_show_on_both_sides(client, owner, colleague, outsider, reviewer, world):
    draft = world["draft"]
    part_save(
        assessment=draft,
        by=owner,
        part="impacts",
        links=[
            LinkValues("HOU-200", group("Age").pk, "Both cut older tenants' income."),
            LinkValues("HOU-200", group("Sex").pk, "Women are most of both."),
        ],
        completed=False,
    )
    # The linked policy's page: the considering draft, linked for those who may open it.
    detail = reverse("policies:detail", args=["HOU-200"])
    client.force_login(owner)
    section = text_of(client.get(detail))
    assert "Assessments that consider this policy" in section
    assert "HOU-100 EqIA v1 Allocations (in draft): Age, Sex" in section
    assert parse(client.get(detail)).find("a", href=draft.get_absolute_url())
    client.force_login(outsider)  # sees the policy page, not alice's draft
    page = client.get(detail)
    assert "HOU-100 EqIA v1 Allocations (in draft): Age, Sex" in text_of(page)
    assert not parse(page).find_all("a", href=draft.get_absolute_url())
    # The signed EqIA's read view.
    client.force_login(reviewer)
    read = client.get(reverse("workflow:read", args=[world["signed"].pk]))
    assert "Assessments that consider this one" in text_of(read)
    assert "HOU-100 EqIA v1 Allocations (in draft): Age, Sex" in text_of(read)
    # The draft's own pages show its links, read-only, with the EqIA considered.
    client.force_login(owner)
    read = client.get(reverse("workflow:read", args=[draft.pk]))
    rows = table_rows(read, "Other policies that bear on the same groups")
    assert rows[1][:3] == ["HOU-200 Rent setting", "EqIA v1, signed off " + date_of(world), "Age"]
    assert len(rows) == 3


def date_of(world) -> str:
    signed_at = timezone.localtime(world["signed"].signed_off_at)
    return f"{signed_at.day} {signed_at:%B %Y}"


@pytest.mark.django_db
def test_a_withdrawn_assessment_no_longer_considers_the_policy(client, owner, world):
    draft = world["draft"]
    part_save(
        assessment=draft,
        by=owner,
        part="impacts",
        links=[LinkValues("HOU-200", group("Age").pk, "Text")],
        completed=False,
    )
    set_state(draft, AssessmentState.WITHDRAWN)
    client.force_login(owner)
    page = client.get(reverse("policies:detail", args=["HOU-200"]))
    assert "No other assessment links it in its cumulative impact." in text_of(page)


@pytest.mark.django_db
def test_the_links_are_in_the_snapshot_and_carried_into_the_next_version(owner, colleague, world):
    draft = world["draft"]
    part_save(
        assessment=draft,
        by=owner,
        part="impacts",
        links=[
            LinkValues("HOU-200", group("Age").pk, "Both cut older tenants' income."),
            LinkValues("HOU-300", group("Race").pk, "Letters in English."),
        ],
        completed=False,
    )
    assert content_snapshot(draft)["cumulative_links"] == [
        {
            "policy": "HOU-200",
            "policy_title": "Rent setting",
            "signed_eqia_version": 1,
            "characteristic": "Age",
            "how_they_combine": "Both cut older tenants' income.",
        },
        {
            "policy": "HOU-300",
            "policy_title": "Garden waste",
            "signed_eqia_version": None,
            "characteristic": "Race",
            "how_they_combine": "Letters in English.",
        },
    ]
    # HOU-300 gets a signed EqIA; alice's v1 is signed: v2 carries the links, each with the
    # latest signed EqIA of its policy.
    garden = signed(world["unassessed"], colleague)
    set_state(draft, AssessmentState.SIGNED_OFF, signed_off_at=timezone.now())
    v2 = assessment_start(policy=draft.policy, by=owner)
    carried = {link.linked_policy.reference: link for link in v2.cumulative_links.all()}
    assert carried["HOU-300"].linked_assessment == garden
    assert carried["HOU-200"].how_they_combine == "Both cut older tenants' income."
    assert draft.cumulative_links.get(linked_policy__reference="HOU-300").linked_assessment is None


@pytest.mark.django_db
def test_a_tampered_form_is_refused_at_its_field_or_the_links(client, owner, world):
    draft = world["draft"]
    client.force_login(owner)
    response = client.post(
        part_url(draft, "impacts"),
        posted(draft, [a_link("HOU-200", None) | {"characteristic": "x"}]),
    )
    assert field_error(response, "id_cumulative-0-characteristic") == "Choose a group from the list"
    data = posted(draft, [a_link()])
    data["cumulative-TOTAL_FORMS"] = "many"
    response = client.post(part_url(draft, "impacts"), data)
    assert response.status_code == 200
    assert error_summary(response)
    assert not CumulativeLink.objects.exists()


@pytest.mark.django_db
def test_the_pdf_shows_the_links_from_the_frozen_content(client, owner, world):
    draft = world["draft"]
    client.force_login(owner)
    posted_links = [a_link(), a_link("HOU-300", "Disability", "Both move bin days.")]
    assert client.post(part_url(draft, "impacts"), posted(draft, posted_links)).status_code == 302
    table = parse(_document(draft).html).find("table", class_="cumulative-links")
    rows = [
        [cell.text for cell in row.find_all() if cell.tag in ("th", "td")]
        for row in table.find("tbody").find_all("tr")
    ]
    assert sorted(rows) == [
        ["HOU-200 Rent setting", "EqIA v1", "Age", "Both cut older tenants' income."],
        ["HOU-300 Garden waste", "None signed when linked", "Disability", "Both move bin days."],
    ]
