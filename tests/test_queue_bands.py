"""A page of the review queue reads only the band it falls in (review date unknown or passed,
then due soon, then later) once the queue is counted: the pages, read one by one, are the
whole queue in order, with the same ranks, wherever a page starts or ends."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eqia.queue import ranked_queue
from tests.factories import days_from, make_policy

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 6, 1)


@pytest.fixture
def queue_of_both_bands(owner):
    for number in range(23):
        make_policy(
            reference=f"Q-{number:02d}",
            owner=owner,
            # 9 in the first band (unknown or overdue), 7 due within the 90 days of the
            # due-soon window, 7 later.
            next_review=None if number % 5 == 0 else days_from(AS_OF, number * 11 - 60),
            equality_relevance=["high", "medium", "low", ""][number % 4],
        )


def ranked(entries) -> list[tuple[int, str, float]]:
    return [(entry.rank, entry.reference, entry.score) for entry in entries]


@pytest.mark.parametrize("page_size", [1, 4, 5, 9, 10, 23, 50])
def test_the_pages_are_the_whole_queue_in_order(queue_of_both_bands, page_size):
    whole = ranked(ranked_queue(as_of=AS_OF)[0:None])
    counted = ranked_queue(as_of=AS_OF)
    total = len(counted)
    pages = [
        entry
        for start in range(0, total, page_size)
        for entry in ranked(counted[start : start + page_size])
    ]
    assert total == len(whole) == 23
    assert pages == whole
    assert counted[total:None] == []


def test_a_page_inside_a_band_reads_that_band_alone(settings, queue_of_both_bands):
    settings.EQIA_REVIEW_DUE_SOON_DAYS = 90
    counted = ranked_queue(as_of=AS_OF)
    len(counted)
    pages = {}
    for name, start, stop in [
        ("overdue", 0, 3),
        ("due soon", 10, 14),
        ("later", 17, 20),
        ("to the end", 16, None),
        ("across", 5, 15),
    ]:
        with CaptureQueriesContext(connection) as queries:
            counted[start:stop]
        assert len(queries) == 1
        pages[name] = where(queries)
    assert '"next_review" IS NULL' in pages["overdue"]
    assert "\"next_review\" >= '2026-06-01'" in pages["due soon"]
    assert "\"next_review\" <= '2026-08-30'" in pages["due soon"]
    assert pages["later"] == pages["to the end"]
    assert '"next_review" >' in pages["later"] and "IS NULL" not in pages["later"]
    assert "next_review" not in pages["across"]


def test_the_bands_come_in_order_whatever_the_scores(settings, owner):
    """Weights cannot lift a policy above one of an earlier band: here a policy due in three
    years with every factor for it, and one due next week with none."""
    settings.EQIA_REVIEW_DUE_SOON_DAYS = 90
    make_policy(
        reference="LATER",
        owner=owner,
        next_review=days_from(AS_OF, 1095),
        equality_relevance="high",
        covenant_functions=["housing", "education"],
    )
    make_policy(
        reference="SOON", owner=owner, next_review=days_from(AS_OF, 7), equality_relevance="none"
    )
    make_policy(
        reference="OVERDUE",
        owner=owner,
        next_review=days_from(AS_OF, -1),
        equality_relevance="none",
    )
    settings.EQIA_QUEUE_WEIGHTS = {**settings.EQIA_QUEUE_WEIGHTS, "relevance_high": 500}
    entries = ranked_queue(as_of=AS_OF)[0:None]
    assert [entry.reference for entry in entries] == ["OVERDUE", "SOON", "LATER"]
    assert entries[2].score > entries[1].score > 0


def where(queries) -> str:
    """The main query's WHERE clause (the subqueries of its columns come before it)."""
    return queries[0]["sql"].rsplit("ORDER BY", 1)[0].rsplit("WHERE", 1)[1]
