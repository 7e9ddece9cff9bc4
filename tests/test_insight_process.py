"""The process measures for the yearly equality information: the page, each table's download,
the PDF and the Word file, all from one build."""

import csv
import datetime
import io
import shutil
import subprocess

import docx
import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.dates import today
from eqia.models import ActionStatus, ActionUpdate, Assessment, AssessmentState
from insight.models import OverdueSnapshot
from insight.process import stays_ended_in
from tests.assessment_factories import add_action, make_assessment, set_state
from tests.factories import make_policy, make_service_area
from tests.page import error_summary, h1, parse, table_rows, text_of
from workflow.services import make_move

URL = reverse("insight:process")


def at(year: int, month: int = 6, day: int = 15, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def signed(policy, by: User, when: datetime.datetime, **fields) -> Assessment:
    assessment = make_assessment(policy, by=by)
    return set_state(assessment, AssessmentState.SIGNED_OFF, signed_off_at=when, **fields)


@pytest.fixture
def areas():
    return make_service_area("Housing"), make_service_area("Planning")


@pytest.mark.django_db
def test_the_page_has_the_heading_the_council_publishes_and_its_year(client, reviewer):
    client.force_login(reviewer)
    response = client.get(URL)
    year = today().year
    assert h1(response) == (
        f"Equality information: how we assess the impact of our policies, {year}"
    )
    response = client.get(URL, {"year": "1990"})
    assert error_summary(response) == ["Choose a year from the list"]
    assert h1(response).endswith(str(year))  # this year's, meanwhile


@pytest.mark.django_db
def test_eqias_signed_per_year_and_service_area(client, owner, reviewer, areas):
    housing, planning = areas
    first = make_policy(reference="H-1", owner=owner, service_area=housing)
    v1 = signed(first, owner, at(2024))
    set_state(v1, AssessmentState.SUPERSEDED)  # still signed in 2024
    signed(first, owner, at(2025))
    signed(make_policy(reference="H-2", owner=owner, service_area=housing), owner, at(2025))
    signed(make_policy(reference="P-1", owner=owner, service_area=planning), owner, at(2025))
    signed(make_policy(reference="N-1", owner=owner), owner, at(2026, 1, 3))
    make_assessment(make_policy(reference="D-1", owner=owner, service_area=housing), by=owner)
    client.force_login(reviewer)
    response = client.get(URL, {"year": 2025})
    rows = table_rows(response, "EqIAs signed off, by year and service area")
    assert rows == [
        ["Service area", "2024", "2025", "Total"],
        ["Housing", "1", "2", "3"],
        ["Planning", "0", "1", "1"],
        ["All service areas", "1", "3", "4"],
    ]
    svg = parse(response).find("svg", **{"aria-labelledby": "chart-signed-title"})
    assert "2024: 1 signed off; 2025: 3 signed off" in svg.find("desc").text
    rows = table_rows(client.get(URL, {"year": 2026}), "EqIAs signed off, by year and service area")
    assert rows[0] == ["Service area", "2024", "2025", "2026", "Total"]
    assert rows[3] == ["No service area", "0", "0", "1", "1"]


@pytest.mark.django_db
def test_the_share_signed_before_the_decision_date_and_the_late_sign_offs(
    client, owner, signoff_officer, reviewer, areas
):
    housing, _ = areas
    for number in range(3):
        policy = make_policy(reference=f"ON-{number}", owner=owner, service_area=housing)
        signed(policy, owner, at(2025, 3 + number))
    late = signed(
        make_policy(reference="LATE-1", title="Parking permits", owner=owner, service_area=housing),
        owner,
        at(2025, 9, 10),
        planned_decision_date=datetime.date(2025, 9, 1),
        signed_after_decision_date=True,
        late_sign_off_explanation="The committee met early; the EqIA was read at it in draft.",
        signed_off_by=signoff_officer,
    )
    client.force_login(reviewer)
    response = client.get(URL, {"year": 2025})
    rows = table_rows(
        response, "EqIAs signed off in 2025: before or after the planned decision date"
    )
    assert rows[1:] == [
        ["Housing", "4", "3", "1", "75%"],
        ["All service areas", "4", "3", "1", "75%"],
    ]
    rows = table_rows(
        response, "Signed off after the planned decision date in 2025, with the explanations"
    )
    assert rows[1] == [
        "LATE-1 Parking permits",
        "EqIA v1",
        "Housing",
        "1 Sep 2025",
        "10 Sep 2025",
        "9",
        "Sam Sinclair",
        "The committee met early; the EqIA was read at it in draft.",
    ]
    assert parse(response).find("a", href=late.get_absolute_url())
    assert "3 of 4 (75%) signed off before the planned decision date; 1 after it." in text_of(
        response
    )


class Clock:
    """timezone.now, set by the test: the audit trail records moves at these times."""

    def __init__(self, monkeypatch) -> None:
        self.now = at(2025, 1, 1)
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, when: datetime.datetime) -> None:
        self.now = when


@pytest.mark.django_db
def test_the_median_days_in_each_state_come_from_the_audit_trail(
    client, monkeypatch, owner, reviewer
):
    clock = Clock(monkeypatch)
    journeys = [
        # started, submitted, review started, approved
        (at(2025, 2, 1), at(2025, 2, 11), at(2025, 2, 13), at(2025, 2, 16)),
        (at(2025, 3, 1), at(2025, 3, 5), at(2025, 3, 11), at(2025, 3, 12)),
        (at(2025, 4, 1), at(2025, 4, 2), at(2025, 4, 6), at(2025, 4, 8)),
        # left its draft in 2024: only its later stays count for 2025
        (at(2024, 12, 1), at(2024, 12, 21), at(2025, 1, 2), at(2025, 1, 9)),
    ]
    for started, submitted, reviewing, approved in journeys:
        clock.set(started)
        assessment = make_assessment(by=owner, complete=True)
        for when, move, by in [
            (submitted, "submit", owner),
            (reviewing, "start_review", reviewer),
            (approved, "approve", reviewer),
        ]:
            clock.set(when)
            assessment = make_move(move, assessment=assessment, by=by)
    stays = stays_ended_in(2025)
    by_state = {}
    for stay in stays:
        by_state.setdefault(stay.state, []).append(round(stay.days, 1))
    assert sorted(by_state["draft"]) == [1.0, 4.0, 10.0]
    assert sorted(by_state["submitted"]) == [2.0, 4.0, 6.0, 12.0]
    assert sorted(by_state["in_review"]) == [1.0, 2.0, 3.0, 7.0]
    clock.set(at(2025, 12, 31))
    client.force_login(reviewer)
    rows = table_rows(
        client.get(URL, {"year": 2025}),
        "Days in each state, for the times an assessment left it in 2025",
    )
    assert rows[1:] == [
        ["Draft", "3", "4.0", "10.0"],
        ["Submitted for review", "4", "5.0", "12.0"],
        ["In review", "4", "2.5", "7.0"],
        ["Changes requested", "0", "–", "–"],
        ["Approved by the EDI group", "0", "–", "–"],
    ]


@pytest.mark.django_db
def test_overdue_policies_are_shown_month_by_month_as_recorded(client, reviewer):
    for month, active, overdue in [(1, 40, 6), (3, 42, 4)]:
        OverdueSnapshot.objects.create(
            month=datetime.date(2025, month, 1),
            counted_on=datetime.date(2025, month, 1),
            active_policies=active,
            overdue=overdue,
            overdue_under_way=1,
            review_date_unknown=2,
        )
    client.force_login(reviewer)
    response = client.get(URL, {"year": 2025})
    rows = table_rows(response, "Active policies overdue for review, month by month, 2025")
    assert rows[1] == ["January 2025", "40", "6", "1", "2", "15%"]
    assert rows[2] == ["February 2025", "–", "–", "–", "–", "Not recorded"]
    assert rows[3] == ["March 2025", "42", "4", "1", "2", "10%"]
    assert len(rows) == 13  # every month of a past year
    description = parse(response).find(id="chart-overdue-desc").text
    assert "January 2025: 6 overdue; March 2025: 4 overdue" in description
    assert "4 of 42 active policies overdue for review in March 2025." in text_of(response)


@pytest.mark.django_db
def test_actions_completed_in_the_year_and_overdue_at_its_end(client, owner, reviewer, areas):
    housing, _ = areas
    assessment = signed(make_policy(owner=owner, service_area=housing), owner, at(2025))

    def action(description, due, status=None, closed=None):
        made = add_action(assessment, owner=owner, description=description, due_date=due)
        if status is not None:
            made.status = status
            made.save(update_fields=["status"])
            update = ActionUpdate.objects.create(action=made, status=status, by=owner)
            ActionUpdate.objects.filter(pk=update.pk).update(at=closed)
        return made

    action("Done on time", datetime.date(2025, 6, 1), ActionStatus.DONE, at(2025, 5, 20))
    action("Done late", datetime.date(2025, 6, 1), ActionStatus.DONE, at(2025, 8, 1))
    action("Done the year after, overdue at the end of 2025", datetime.date(2025, 11, 1),
           ActionStatus.DONE, at(2026, 2, 1))  # fmt: skip
    action("Still open, overdue", datetime.date(2025, 10, 1))
    action(
        "Dropped before its date", datetime.date(2025, 12, 1), ActionStatus.DROPPED, at(2025, 9, 1)
    )
    action("Due next year", datetime.date(2026, 3, 1))
    draft = make_assessment(make_policy(owner=owner, service_area=housing), by=owner)
    add_action(
        draft,
        owner=owner,
        description="Of a draft: not counted",
        due_date=datetime.date(2025, 1, 1),
    )
    client.force_login(reviewer)
    rows = table_rows(
        client.get(URL, {"year": 2025}),
        "Actions of signed EqIAs: completed in 2025, and overdue on 31 December 2025",
    )
    assert rows == [
        [
            "Service area",
            "Completed in 2025",
            "Of which by their due date",
            "Overdue on 31 December 2025",
        ],
        ["Housing", "2", "1", "2"],
        ["All service areas", "2", "1", "2"],
    ]


@pytest.mark.django_db
def test_each_table_downloads_for_the_year_shown(client, owner, reviewer, areas):
    housing, _ = areas
    signed(make_policy(reference="H-1", owner=owner, service_area=housing), owner, at(2025))
    client.force_login(reviewer)
    page = parse(client.get(URL, {"year": 2025}))
    csv_links = [
        a.attrs["href"]
        for a in page.find_all("a")
        if a.attrs.get("href", "").endswith("format=csv")
    ]
    assert csv_links == [
        f"{reverse('insight:process_export', args=[slug])}?year=2025&format=csv"
        for slug in ("signed", "before-decision", "late", "days-in-state", "overdue", "actions")
    ]
    response = client.get(csv_links[0])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Service area", "2025", "Total"],
        ["Housing", "1", "1"],
        ["All service areas", "1", "1"],
    ]
    assert 'filename="process-measures-2025-signed.csv"' in response["Content-Disposition"]
    assert (
        client.get(reverse("insight:process_export", args=["late"]), {"format": "xlsx"}).status_code
        == 200
    )
    assert client.get(reverse("insight:process_export", args=["nope"])).status_code == 404
    response = client.get(reverse("insight:process_export", args=["late"]), {"year": "1850"})
    assert response.status_code == 400
    assert response.content.decode().startswith("Choose a year from ")


@pytest.mark.django_db
def test_the_report_as_a_word_file(client, owner, reviewer, areas):
    housing, _ = areas
    signed(make_policy(reference="H-1", owner=owner, service_area=housing), owner, at(2025))
    client.force_login(reviewer)
    response = client.get(reverse("insight:process_docx"), {"year": 2025})
    assert response.status_code == 200
    assert (
        'filename="equality-information-process-measures-2025.docx"'
        in response["Content-Disposition"]
    )
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Equality information: how we assess the impact of our policies, 2025"
    assert "EqIAs signed off, by year and service area" in headings
    assert document.core_properties.title == headings[0]
    first = document.tables[0]
    assert [cell.text for cell in first.rows[0].cells] == ["Service area", "2025", "Total"]
    assert [cell.text for cell in first.rows[1].cells] == ["Housing", "1", "1"]
    assert first.rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # read as the heading row
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets[0] == "1 EqIA signed off in 2025."


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
@pytest.mark.django_db
def test_the_report_as_a_pdf(client, owner, reviewer, areas, tmp_path):
    housing, _ = areas
    signed(make_policy(reference="H-1", owner=owner, service_area=housing), owner, at(2025))
    client.force_login(reviewer)
    response = client.get(reverse("insight:process_pdf"), {"year": 2025})
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Equality information: how we assess the impact of our policies, 2025" in " ".join(
        text.split()
    )
    assert "Page 1 of" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Liberation-Sans" in fonts
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info
    assert client.get(reverse("insight:process_pdf"), {"year": "x"}).status_code == 400


def queries_for(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_page_reads_in_the_same_number_of_queries_whatever_the_numbers(
    client, owner, reviewer, areas
):
    housing, planning = areas
    first = signed(make_policy(owner=owner, service_area=housing), owner, at(2025))
    add_action(first, owner=owner, due_date=datetime.date(2025, 2, 1))
    client.force_login(reviewer)
    client.get(URL, {"year": 2025})
    few = queries_for(client, URL, {"year": 2025})
    for number in range(6):
        assessment = signed(
            make_policy(owner=owner, service_area=planning if number % 2 else housing),
            owner,
            at(2025, 1 + number),
            signed_after_decision_date=bool(number % 2),
        )
        add_action(assessment, owner=owner, due_date=datetime.date(2025, 2, 1))
    assert queries_for(client, URL, {"year": 2025}) == few
