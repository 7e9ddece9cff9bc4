"""The insight page: per group, across the latest signed EqIA of every active policy, how many
rate the impact positive, neutral, negative or not yet known (checked against counts made here,
from the database, another way); the negative impacts with their mitigations and open actions;
the filters; the chart; every table as CSV and XLSX."""

import csv
import datetime
import io
from collections import Counter, defaultdict

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eqia.models import Assessment, AssessmentState, Characteristic, Impact, ImpactRow
from policies.models import Policy, PolicyStatus
from tests.assessment_factories import add_action, make_assessment, set_state
from tests.factories import make_policy, make_service_area
from tests.page import error_summary, parse, table_rows, text_of

URL = reverse("insight:index")
IMPACTS_CAPTION_START = "Impact on each group, in "
RATING_COLUMNS = {"Positive": "positive", "Neutral": "neutral", "Negative": "negative"}


def signed_at(year: int, month: int = 6) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, 15, 12, 0))


def rated(assessment: Assessment, default: str = Impact.NEUTRAL, **ratings: str) -> Assessment:
    """Every row of the grid rated ``default``, except the groups given (by the first word of
    their name): ``Age="negative"``."""
    ImpactRow.objects.filter(assessment=assessment).update(impact=default)
    for first_word, impact in ratings.items():
        ImpactRow.objects.filter(
            assessment=assessment, characteristic__name__startswith=first_word
        ).update(impact=impact)
    return assessment


def sign(assessment: Assessment, when: datetime.datetime, state=AssessmentState.SIGNED_OFF):
    return set_state(assessment, state, signed_off_at=when)


def build(owner, *, extra: int = 0) -> dict[str, object]:
    """Policies in every case the page must tell apart; ``extra`` more signed ones."""
    housing, planning = make_service_area("Housing"), make_service_area("Planning")
    world: dict[str, object] = {"housing": housing, "planning": planning}

    # HOU-1: v1 signed then superseded (Age negative); v2 signed: Age positive, Disability
    # negative with a mitigation and an action for it.
    hou1 = make_policy(reference="HOU-1", title="Allocations", owner=owner, service_area=housing)
    v1 = rated(make_assessment(hou1, by=owner), Age=Impact.NEGATIVE)
    sign(v1, signed_at(2025))
    v2 = rated(make_assessment(hou1, by=owner), Age=Impact.POSITIVE, Disability=Impact.NEGATIVE)
    ImpactRow.objects.filter(assessment=v2, characteristic__name="Disability").update(
        mitigation="Step-free access to every office"
    )
    disability = Characteristic.objects.get(name="Disability")
    add_action(v2, owner=owner, description="Fit ramps", characteristics=[disability])
    add_action(v2, owner=owner, description="Train staff")
    add_action(
        v2, owner=owner, description="Done already", status="done", characteristics=[disability]
    )
    sign(v1, signed_at(2025), AssessmentState.SUPERSEDED)
    sign(v2, signed_at(2026))
    world["hou1"] = v2
    # PLA-1: signed in 2025: Race negative with a justification, Age not yet known.
    pla1 = make_policy(reference="PLA-1", title="Local plan", owner=owner, service_area=planning)
    pla = rated(make_assessment(pla1, by=owner), Race=Impact.NEGATIVE, Age=Impact.UNKNOWN)
    ImpactRow.objects.filter(assessment=pla, characteristic__name="Race").update(
        justification="=SUM(1,1) a legal duty"
    )
    race = Characteristic.objects.get(name="Race")
    add_action(
        pla,
        owner=None,
        lead_team="=HYPERLINK(1)",
        description="=HYPERLINK(2)",
        characteristics=[race],
    )
    world["pla1"] = sign(pla, signed_at(2025))
    # HOU-2, archived: never counted.
    hou2 = make_policy(
        reference="HOU-2", owner=owner, service_area=housing, status=PolicyStatus.ARCHIVED
    )
    sign(rated(make_assessment(hou2, by=owner), Sex=Impact.NEGATIVE), signed_at(2026))
    # HOU-3: v1 signed (all positive), v2 a draft: v1 is counted.
    hou3 = make_policy(reference="HOU-3", owner=owner, service_area=housing)
    sign(rated(make_assessment(hou3, by=owner), Impact.POSITIVE), signed_at(2026))
    rated(make_assessment(hou3, by=owner), Impact.NEGATIVE)
    # HOU-4: a draft only.
    rated(make_assessment(make_policy(reference="HOU-4", owner=owner), by=owner), Impact.NEGATIVE)
    for number in range(extra):
        policy = make_policy(reference=f"EXT-{number}", owner=owner, service_area=planning)
        assessment = rated(make_assessment(policy, by=owner), Sex=Impact.NEGATIVE)
        add_action(assessment, owner=owner, description=f"Extra {number}")
        sign(assessment, signed_at(2026))
    return world


def counted_independently(year: int | None = None, **filters) -> dict[str, Counter]:
    """Per group, the ratings of the latest signed EqIA of every active policy (signed off
    in ``year``, if given), counted policy by policy in Python."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for policy in Policy.objects.filter(status=PolicyStatus.ACTIVE, **filters):
        signed = [
            assessment
            for assessment in policy.assessments.all()
            if assessment.state in (AssessmentState.SIGNED_OFF, AssessmentState.SUPERSEDED)
        ]
        if not signed:
            continue
        latest = max(signed, key=lambda assessment: assessment.version)
        if year is not None and timezone.localtime(latest.signed_off_at).year != year:
            continue
        for row in latest.impacts.select_related("characteristic"):
            counts[row.characteristic.name][row.impact or Impact.UNKNOWN] += 1
    return counts


def impacts_table(response) -> dict[str, list[str]]:
    tables = [
        table
        for table in parse(response).find_all("table")
        if table.find_all("caption")
        and table.find("caption").text.startswith(IMPACTS_CAPTION_START)
    ]
    assert len(tables) == 1
    caption = tables[0].find("caption").text
    rows = table_rows(response, caption)
    assert rows[0] == [
        "Group",
        "Positive",
        "Neutral",
        "Negative",
        "Not yet known",
        "EqIAs rating it",
    ]
    return {row[0]: row[1:] for row in rows[1:]}


def assert_counts_match(shown: dict[str, list[str]], expected: dict[str, Counter]) -> None:
    for group in Characteristic.objects.all():
        counts = expected.get(group.name, Counter())
        wanted = [
            counts[Impact.POSITIVE],
            counts[Impact.NEUTRAL],
            counts[Impact.NEGATIVE],
            counts[Impact.UNKNOWN],
            sum(counts.values()),
        ]
        assert shown[group.name] == [str(n) for n in wanted], group.name


@pytest.mark.django_db
def test_the_numbers_are_the_latest_signed_eqias_of_the_active_policies(client, owner, reviewer):
    build(owner)
    client.force_login(reviewer)
    response = client.get(URL)
    assert response.status_code == 200
    shown = impacts_table(response)
    expected = counted_independently()
    assert_counts_match(shown, expected)
    # Spot checks of the cases: HOU-1's superseded v1 (Age negative) is not counted, its v2 is.
    assert shown["Age"] == ["2", "0", "0", "1", "3"]  # HOU-1 v2, HOU-3 v1; PLA-1 unknown
    assert shown["Sex"][2] == "0"  # the archived HOU-2 is not counted
    assert "3 signed EqIAs counted. 1 active policy has no signed EqIA." in text_of(response)


@pytest.mark.django_db
def test_the_filters_count_one_service_area_or_one_year(client, owner, reviewer):
    world = build(owner)
    client.force_login(reviewer)
    planning = world["planning"]
    response = client.get(URL, {"service_area": planning.pk})
    assert_counts_match(impacts_table(response), counted_independently(service_area=planning))
    assert "1 signed EqIA counted." in text_of(response)
    response = client.get(URL, {"year": 2026})
    shown = impacts_table(response)
    assert_counts_match(shown, counted_independently(year=2026))
    assert shown["Race"] == ["1", "1", "0", "0", "2"]  # HOU-3 v1 and HOU-1 v2; not PLA-1
    # A filter that is not one of the choices is said at its field, and everything is counted.
    response = client.get(URL, {"year": "1999", "service_area": "nope"})
    assert error_summary(response) == [
        "Choose a service area from the list",
        "Choose a year from the list",
    ]
    assert_counts_match(impacts_table(response), counted_independently())


@pytest.mark.django_db
def test_negative_impacts_show_their_mitigations_and_open_actions(client, owner, auditor):
    world = build(owner)
    client.force_login(auditor)
    response = client.get(URL)
    rows = table_rows(response, "Negative impacts, their mitigations and open actions")
    assert rows[0][:5] == ["Policy", "Service area", "EqIA", "Signed off", "Group"]
    by_policy = {row[0]: row for row in rows[1:]}
    assert set(by_policy) == {"HOU-1 Allocations", "PLA-1 Local plan"}
    hou1 = by_policy["HOU-1 Allocations"]
    assert hou1[2:6] == [
        "EqIA v2",
        "15 Jun 2026",  # as every table gives a date (core.dates.short_date)
        "Disability",
        "Mitigation: Step-free access to every office",
    ]
    assert hou1[6].startswith("Fit ramps (Alice Owen, due 31 Mar 2027")
    assert "Done already" not in hou1[6]
    assert hou1[7] == "1"  # "Train staff" serves no group named
    assert by_policy["PLA-1 Local plan"][5] == "Justification: =SUM(1,1) a legal duty"
    assert by_policy["PLA-1 Local plan"][6].startswith("=HYPERLINK(2) (=HYPERLINK(1), due")
    page = parse(response)
    assert page.find("a", href=world["hou1"].get_absolute_url())
    assert "2 policies have a negative impact on at least one group" in text_of(response)


@pytest.mark.django_db
def test_the_chart_is_an_image_that_says_its_numbers(client, owner, reviewer):
    build(owner)
    client.force_login(reviewer)
    svg = parse(client.get(URL)).find("svg")
    assert svg.attrs["role"] == "img"
    title = svg.find("title")
    description = svg.find("desc")
    assert svg.attrs["aria-labelledby"] == title.attrs["id"]
    assert svg.attrs["aria-describedby"] == description.attrs["id"]
    assert title.text == "Impact on each group, in 3 signed EqIAs"
    assert "Age: 2 positive, 0 neutral, 0 negative, 1 not yet known" in description.text
    # One bar a group, as long as the group's count; its segments' numbers written in.
    bars = [text.text for text in svg.find_all("text") if text.attrs.get("font-weight") == "bold"]
    assert "3" in bars


@pytest.mark.django_db
def test_every_table_downloads_as_csv_and_xlsx_with_the_page_filters(client, owner, reviewer):
    world = build(owner)
    client.force_login(reviewer)
    page = client.get(URL, {"year": 2025})
    links = {
        a.attrs["href"]
        for a in parse(page).find_all("a")
        if "/insight/export/" in a.attrs.get("href", "")
    }
    assert links == {
        f"{reverse('insight:export', args=[slug])}?year=2025&format={fmt}"
        for slug in ("impacts", "negative-impacts")
        for fmt in ("csv", "xlsx")
    }
    response = client.get(
        reverse("insight:export", args=["impacts"]), {"year": 2025, "format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Group",
        "Positive",
        "Neutral",
        "Negative",
        "Not yet known",
        "EqIAs rating it",
    ]
    assert {row[0]: row[1:] for row in rows[1:]}["Race"] == ["0", "0", "1", "0", "1"]
    response = client.get(reverse("insight:export", args=["negative-impacts"]), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    [race] = [row for row in rows if row[0] == "PLA-1 Local plan"]
    assert race[1:6] == [
        "Planning",
        "EqIA v1",
        "2025-06-15",
        "Race",
        "Justification: =SUM(1,1) a legal duty",
    ]
    # A cell Excel would run as a formula is written as text.
    assert race[6].startswith("'=HYPERLINK(2) (=HYPERLINK(1), due 31 Mar 2027")
    response = client.get(reverse("insight:export", args=["negative-impacts"]), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Policy"
    assert {row[0] for row in values[1:]} == {"HOU-1 Allocations", "PLA-1 Local plan"}
    assert world["pla1"]


@pytest.mark.django_db
def test_a_bad_download_is_refused_saying_why(client, owner, reviewer):
    client.force_login(reviewer)
    export = reverse("insight:export", args=["impacts"])
    response = client.get(export, {"format": "pdf"})
    assert response.status_code == 400
    assert response.content.decode() == "Choose format=csv or format=xlsx."
    response = client.get(export, {"format": "csv", "year": "abc"})
    assert response.status_code == 400
    assert "Choose a year from the list" in response.content.decode()
    assert client.get(reverse("insight:export", args=["nothing"])).status_code == 404


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_page_reads_in_the_same_number_of_queries_whatever_the_number_of_policies(
    client, owner, reviewer
):
    build(owner, extra=1)
    client.force_login(reviewer)
    client.get(URL)  # the session and the user, read once
    few = queries_for(client, URL)
    for number in range(1, 8):
        policy = make_policy(reference=f"MORE-{number}", owner=owner)
        assessment = rated(make_assessment(policy, by=owner), Age=Impact.NEGATIVE)
        add_action(
            assessment, owner=owner, characteristics=[Characteristic.objects.get(name="Age")]
        )
        sign(assessment, signed_at(2026))
    assert queries_for(client, URL) == few
