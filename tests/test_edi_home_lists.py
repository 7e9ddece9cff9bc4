"""The EDI home page's lists of what waits (insight.waiting.edi_home): the ten longest waiting
of each, read in one query, each headed by how many wait in all; and My work below them,
without the list of what waits for review that the page gives above."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from eqia.models import AssessmentState
from eqia.selectors import my_work
from insight.waiting import OLDEST, oldest_in_each
from tests.assessment_factories import make_assessment, set_state
from tests.factories import make_policy
from tests.page import links, table_rows, text_of

pytestmark = pytest.mark.django_db

HOME = reverse("home")
LIST = reverse("insight:assessments")


def waiting(reference, state, owner, *, days_ago, **policy):
    assessment = make_assessment(make_policy(reference=reference, owner=owner, **policy), by=owner)
    since = timezone.now() - datetime.timedelta(days=days_ago)
    return set_state(assessment, state, state_since=since)


def references(response, caption):
    return [row[0].split()[0] for row in table_rows(response, caption)[1:]]


def test_each_list_shows_the_ten_longest_waiting_and_counts_every_one(client, reviewer, owner):
    for number in range(12):
        state = AssessmentState.SUBMITTED if number % 2 else AssessmentState.IN_REVIEW
        waiting(f"REV-{number:02d}", state, owner, days_ago=number)
    waiting("APP-1", AssessmentState.APPROVED, owner, days_ago=3)
    waiting("APP-2", AssessmentState.APPROVED, owner, days_ago=30)
    waiting("CR-1", AssessmentState.CHANGES_REQUESTED, owner, days_ago=1)
    client.force_login(reviewer)
    response = client.get(HOME)
    page = text_of(response)
    assert "Waiting for EDI review (12)" in page
    assert references(response, "Assessments waiting for review") == [
        f"REV-{number:02d}" for number in range(11, 1, -1)
    ]
    assert links(response)["See every assessment submitted"] == f"{LIST}?state=submitted"
    assert "Approved, waiting for sign-off (2)" in page
    assert references(response, "Approved assessments waiting for sign-off") == [
        "APP-2",
        "APP-1",
    ]
    assert "See every approved assessment" not in page  # both are shown
    assert "Back with their authors for changes (1)" in page
    assert references(response, "Assessments back with their authors for changes") == ["CR-1"]


def test_assessments_waiting_as_long_as_each_other_are_listed_by_policy_reference(owner):
    since = timezone.now() - datetime.timedelta(days=4)
    for reference in ["B-2", "C-3", "A-1"]:
        waiting(reference, AssessmentState.SUBMITTED, owner, days_ago=0)
        set_state(
            make_assessment(make_policy(reference=f"{reference}-X", owner=owner), by=owner),
            AssessmentState.CHANGES_REQUESTED,
            state_since=since,
        )
    to_review, with_authors = oldest_in_each(
        [[AssessmentState.SUBMITTED], [AssessmentState.CHANGES_REQUESTED]], OLDEST
    )
    assert [a.policy.reference for a in with_authors] == ["A-1-X", "B-2-X", "C-3-X"]
    assert {a.policy.reference for a in to_review} == {"A-1", "B-2", "C-3"}


def test_a_group_of_states_with_none_waiting_gives_an_empty_list(owner):
    waiting("ONE", AssessmentState.APPROVED, owner, days_ago=2)
    assert [
        [a.policy.reference for a in listed]
        for listed in oldest_in_each(
            [[AssessmentState.SUBMITTED], [AssessmentState.APPROVED]], count=OLDEST
        )
    ] == [[], ["ONE"]]


def test_my_work_lists_what_waits_for_review_unless_the_page_lists_it_itself(reviewer, owner):
    waiting("SUB-1", AssessmentState.SUBMITTED, owner, days_ago=2)
    assert [a.policy.reference for a in my_work(reviewer).to_review] == ["SUB-1"]
    assert my_work(reviewer, to_review=False).to_review is None
