"""What the insight pages say: dates in their tables and lists as every list gives them
("2 Mar 2026", core.dates.short_date), long dates in sentences, and words an EDI officer or an
auditor reads without knowing how the service is run."""

import datetime
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from core.dates import long_date, short_date, today
from eqia.models import AssessmentState, Characteristic, Impact, ImpactRow
from insight.models import OverdueSnapshot
from tests.assessment_factories import add_action, make_assessment, set_state
from tests.factories import days_from, make_policy
from tests.page import parse, table_rows, text_of

INSIGHT = reverse("insight:index")
PROCESS = reverse("insight:process")
HOME = reverse("home")
JARGON = ["record_overdue_snapshot", "README", "cron"]


@pytest.mark.django_db
def test_the_negative_impacts_table_gives_dates_as_every_list_does(client, owner, reviewer):
    policy = make_policy(reference="HOU-1", title="Allocations", owner=owner)
    assessment = make_assessment(policy, by=owner)
    disability = Characteristic.objects.get(name="Disability")
    ImpactRow.objects.filter(assessment=assessment).update(impact=Impact.NEUTRAL)
    ImpactRow.objects.filter(assessment=assessment, characteristic=disability).update(
        impact=Impact.NEGATIVE
    )
    add_action(
        assessment,
        owner=owner,
        description="Fit ramps",
        due_date=datetime.date(2027, 3, 2),
        characteristics=[disability],
    )
    signed_at = timezone.make_aware(datetime.datetime(2026, 9, 3, 10, 0))
    set_state(assessment, AssessmentState.SIGNED_OFF, signed_off_at=signed_at)
    client.force_login(reviewer)
    rows = table_rows(client.get(INSIGHT), "Negative impacts, their mitigations and open actions")
    assert rows[1][3] == "3 Sep 2026"
    assert rows[1][6] == "Fit ramps (Alice Owen, due 2 Mar 2027)"


@pytest.mark.django_db
def test_the_edi_home_lists_give_dates_as_every_list_does(client, owner, reviewer):
    as_of = today()
    late_review = days_from(as_of, -40)
    make_policy(reference="LATE-1", title="Parking", owner=owner, next_review=late_review)
    assessment = make_assessment(make_policy(reference="SIGNED-1", owner=owner), by=owner)
    due = days_from(as_of, -3)
    add_action(assessment, owner=owner, description="Write to every tenant", due_date=due)
    set_state(assessment, AssessmentState.SIGNED_OFF)
    draft = make_assessment(make_policy(reference="DRAFT-1", owner=owner), by=owner)
    since = timezone.now() - datetime.timedelta(days=12)
    set_state(draft, AssessmentState.DRAFT, state_since=since)
    client.force_login(reviewer)
    response = client.get(HOME)
    items = [item.text for item in parse(response).find_all("li")]
    assert f"LATE-1 Parking: due {short_date(late_review)}" in items
    assert f"Write to every tenant (SIGNED-1, Alice Owen): due {short_date(due)}" in items
    counts = {row[0]: row[2] for row in table_rows(response, "Assessments by state")[1:]}
    assert counts["Draft"] == short_date(timezone.localtime(since))
    assert counts["Approved by the EDI group"] == "–"


def counted(month: datetime.date) -> None:
    OverdueSnapshot.objects.create(
        month=month,
        counted_on=month,
        active_policies=10,
        overdue=2,
        overdue_under_way=1,
        review_date_unknown=0,
    )


@pytest.mark.django_db
def test_the_process_measures_say_how_overdue_policies_are_counted_in_plain_words(client, reviewer):
    year = today().year
    counted(datetime.date(year - 1, 1, 1))
    client.force_login(reviewer)
    for shown in (year - 1, year):  # last year's count, and this year with none
        page = text_of(client.get(PROCESS, {"year": shown}))
        assert "Counted once a month, on the day the service first takes that month" in page
        assert not [word for word in JARGON if word in page], shown
    assert f"No month of {year} was counted." in page
    document = docx.Document(
        io.BytesIO(client.get(reverse("insight:process_docx"), {"year": year}).content)
    )
    words = " ".join(paragraph.text for paragraph in document.paragraphs)
    assert not [word for word in JARGON if word in words]


@pytest.mark.django_db
def test_the_process_measures_say_their_date_in_words_in_a_sentence(client, reviewer):
    counted(datetime.date(today().year - 1, 1, 1))  # last year's report is offered
    client.force_login(reviewer)
    page = text_of(client.get(PROCESS, {"year": today().year - 1}))
    assert f"as on {long_date(datetime.date(today().year - 1, 12, 31))}." in page
