"""A page of the review queue reads only the band it falls in (review date unknown or passed,
then the rest) once the queue is counted: the pages, read one by one, are the whole queue in
order, with the same ranks, wherever a page starts or ends."""

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
            # 9 in the first band (unknown or overdue), 14 after it.
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


def test_a_page_inside_a_band_reads_that_band_alone(queue_of_both_bands):
    counted = ranked_queue(as_of=AS_OF)
    len(counted)
    with CaptureQueriesContext(connection) as first_pages:
        counted[0:3]
    with CaptureQueriesContext(connection) as later_pages:
        counted[15:20]
    with CaptureQueriesContext(connection) as across:
        counted[5:15]
    assert len(first_pages) == len(later_pages) == len(across) == 1
    # The first band is "review date unknown or passed"; the rest is everything else.
    assert '"next_review" IS NULL' in where(first_pages)
    assert 'NOT (("policies_policy"."next_review" IS NULL' in where(later_pages)
    assert "next_review" not in where(across)


def where(queries) -> str:
    """The main query's WHERE clause (the subqueries of its columns come before it)."""
    return queries[0]["sql"].rsplit("ORDER BY", 1)[0].rsplit("WHERE", 1)[1]
