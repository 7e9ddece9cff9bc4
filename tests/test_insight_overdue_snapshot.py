"""record_overdue_snapshot: the month's count of policies overdue for review, made once a
month (from cron) and never changed after."""

import datetime
import io

import pytest
from django.core.management import call_command

from core.dates import today
from eqia.models import AssessmentState
from insight.models import OverdueSnapshot
from insight.overdue import overdue_snapshot_record
from policies.models import PolicyStatus
from tests.assessment_factories import make_assessment, set_state
from tests.factories import make_policy

NOVEMBER = datetime.date(2026, 11, 5)


def register(owner) -> None:
    make_policy(reference="LATE-1", owner=owner, next_review=datetime.date(2026, 1, 1))
    under_way = make_policy(reference="LATE-2", owner=owner, next_review=datetime.date(2026, 3, 1))
    make_assessment(under_way, by=owner)  # a draft: under way
    signed = make_policy(reference="LATE-3", owner=owner, next_review=datetime.date(2026, 11, 4))
    set_state(make_assessment(signed, by=owner), AssessmentState.SIGNED_OFF)  # not under way
    make_policy(reference="SOON-1", owner=owner, next_review=datetime.date(2026, 11, 5))
    make_policy(reference="NONE-1", owner=owner)
    make_policy(
        reference="OLD-1",
        owner=owner,
        next_review=datetime.date(2020, 1, 1),
        status=PolicyStatus.ARCHIVED,
    )


@pytest.mark.django_db
def test_the_first_run_of_a_month_counts_the_overdue_policies(owner):
    register(owner)
    run = overdue_snapshot_record(as_of=NOVEMBER)
    assert run.recorded
    snapshot = OverdueSnapshot.objects.get()
    assert (snapshot.month, snapshot.counted_on) == (datetime.date(2026, 11, 1), NOVEMBER)
    assert snapshot.active_policies == 5
    assert snapshot.overdue == 3  # due before 5 November; the archived one is not counted
    assert snapshot.overdue_under_way == 1
    assert snapshot.review_date_unknown == 1
    assert run.summary_line() == (
        "Recorded November 2026: 5 active policies, 3 overdue for review (1 with an EqIA under "
        "way), 1 without a review date."
    )


@pytest.mark.django_db
def test_a_second_run_in_the_month_changes_nothing_and_the_next_month_gets_its_own(owner):
    register(owner)
    overdue_snapshot_record(as_of=NOVEMBER)
    make_policy(reference="LATE-4", owner=owner, next_review=datetime.date(2025, 1, 1))
    again = overdue_snapshot_record(as_of=datetime.date(2026, 11, 28))
    assert not again.recorded
    assert again.snapshot.overdue == 3
    assert again.summary_line().startswith("November 2026 was already recorded on 5 November 2026")
    assert OverdueSnapshot.objects.count() == 1
    december = overdue_snapshot_record(as_of=datetime.date(2026, 12, 1))
    assert december.recorded
    assert december.snapshot.overdue == 5  # LATE-4, and SOON-1 is past its date by then
    assert OverdueSnapshot.objects.count() == 2


@pytest.mark.django_db
def test_the_command_records_this_month_and_says_so(owner):
    register(owner)
    out = io.StringIO()
    call_command("record_overdue_snapshot", stdout=out)
    month = today().replace(day=1)
    assert out.getvalue().startswith(f"Recorded {month:%B %Y}: 5 active policies")
    out = io.StringIO()
    call_command("record_overdue_snapshot", stdout=out)
    assert "was already recorded" in out.getvalue()
    assert OverdueSnapshot.objects.filter(month=month).count() == 1
