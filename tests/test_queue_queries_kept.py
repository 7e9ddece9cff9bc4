"""The review queue's queries are built once for a day, its settings and a ranking, and kept
(policies/queue.py ``queue_queries``): what they read, their filters, the day and the settings
must still be those of each call."""

import datetime

import pytest

from eqia.queue import queue
from policies.models import PolicyStatus
from tests.factories import make_policy, make_service_area

DAY = datetime.date(2026, 6, 1)


def references(**filters: object) -> list[str]:
    return [entry.reference for entry in queue(as_of=DAY, **filters)]  # type: ignore[arg-type]  # filters are queue()'s keywords


@pytest.mark.django_db
def test_each_call_reads_the_register_as_it_is_now(owner):
    make_policy(reference="FIRST", owner=owner, next_review=DAY - datetime.timedelta(days=3))
    assert references() == ["FIRST"]
    make_policy(reference="SECOND", owner=owner, next_review=DAY - datetime.timedelta(days=30))
    later = make_policy(
        reference="LATER", owner=owner, next_review=DAY + datetime.timedelta(days=9)
    )
    assert references() == ["SECOND", "FIRST", "LATER"]
    later.status = PolicyStatus.ARCHIVED
    later.save()
    assert references() == ["SECOND", "FIRST"]


@pytest.mark.django_db
def test_the_filters_of_one_call_are_not_kept_for_the_next(owner, colleague):
    housing, parks = make_service_area("Housing"), make_service_area("Parks")
    overdue = DAY - datetime.timedelta(days=10)
    make_policy(reference="H-MINE", owner=owner, service_area=housing, next_review=overdue)
    make_policy(reference="P-MINE", owner=owner, service_area=parks, next_review=overdue)
    make_policy(reference="H-THEIRS", owner=colleague, service_area=housing, next_review=overdue)

    assert references(owner=owner) == ["H-MINE", "P-MINE"]
    assert references() == ["H-MINE", "H-THEIRS", "P-MINE"]
    assert references(service_area=housing) == ["H-MINE", "H-THEIRS"]
    assert references(service_area=parks, owner=colleague) == []
    assert references(owner=colleague) == ["H-THEIRS"]


@pytest.mark.django_db
def test_the_day_and_the_due_soon_window_are_those_of_each_call(settings, owner):
    make_policy(reference="DUE", owner=owner, next_review=DAY + datetime.timedelta(days=10))
    settings.EQIA_REVIEW_DUE_SOON_DAYS = 90
    (entry,) = queue(as_of=DAY)
    assert entry.reasons[0] == "due in 10 days"
    assert entry.review_state == "due_soon"
    (entry,) = queue(as_of=DAY + datetime.timedelta(days=4))
    assert entry.reasons[0] == "due in 6 days"
    due_soon_score = entry.score

    settings.EQIA_REVIEW_DUE_SOON_DAYS = 5
    (entry,) = queue(as_of=DAY + datetime.timedelta(days=4))
    assert entry.review_state == "later"
    assert entry.score < due_soon_score  # outside the window, the review date adds nothing


@pytest.mark.django_db
def test_scores_equal_once_rounded_tie_and_fall_back_to_the_review_date(settings, owner):
    # In floating point 100 + 6 x 0.1 is 100.6 and 100 + 2 x 0.1 + 0.4 is 100.60000000000001:
    # unrounded, the policy overdue for 2 days would rank first.
    settings.EQIA_QUEUE_WEIGHTS = {
        **settings.EQIA_QUEUE_WEIGHTS,
        "relevance_high": 0.4,
        "relevance_low": 0,
        "no_signed_eqia": 0,
        "overdue_per_day": 0.1,
    }
    make_policy(
        reference="A-SIX-DAYS",
        owner=owner,
        equality_relevance="low",
        next_review=DAY - datetime.timedelta(days=6),
    )
    make_policy(
        reference="B-TWO-DAYS",
        owner=owner,
        equality_relevance="high",
        next_review=DAY - datetime.timedelta(days=2),
    )
    first, second = queue(as_of=DAY)
    assert first.score == second.score == 100.6
    assert [first.reference, second.reference] == ["A-SIX-DAYS", "B-TWO-DAYS"]
