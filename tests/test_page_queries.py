"""My work (the EDI group's home among it) and the assessment page read the database the same
few times however much there is to list (the register's, the queue's and the Actions page's are
tested beside them)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.dates import today
from eqia.models import Action, Assessment, AssessmentState
from policies.models import Policy
from tests.assessment_factories import make_assessment, set_state
from tests.factories import make_service_area

pytestmark = pytest.mark.django_db

SIZES = [10, 500]


def queries_for(client, url: str) -> tuple[int, str]:
    """How many queries a page takes once the session is renewed (as on every request but
    one a minute), and the page."""
    client.get(reverse("accessibility"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def many_policies(count: int, owner, prefix: str) -> None:
    area = make_service_area("Housing")
    as_of = today()
    Policy.objects.bulk_create(
        Policy(
            reference=f"{prefix}-{number:05d}",
            title=f"Bulk policy {number}",
            service_area=area,
            owner=owner,
            next_review=as_of + datetime.timedelta(days=number % 120 - 60),
        )
        for number in range(count)
    )


def many_actions(count: int, assessment, lead) -> None:
    actions = Action.objects.bulk_create(
        Action(
            assessment=assessment,
            description=f"Action number {number}",
            owner=lead,
            due_date=today() + datetime.timedelta(days=number % 90),
        )
        for number in range(count)
    )
    Action.appears_in.through.objects.bulk_create(
        Action.appears_in.through(action_id=action.pk, assessment_id=assessment.pk)
        for action in actions
    )


def my_work_queries(client, owner, count: int, prefix: str = "BULK") -> int:
    many_policies(count, owner, prefix)
    assessment = make_assessment(Policy.objects.get(reference=f"{prefix}-00001"), by=owner)
    many_actions(count, assessment, owner)
    client.force_login(owner)
    queries, page = queries_for(client, reverse("home"))
    assert f"{prefix}-00001" in page
    assert f"Action number {count - 1}" in page
    return queries


def assessment_page_queries(client, owner, reviewer, count: int) -> int:
    assessment = make_assessment(by=owner, complete=True)
    many_actions(count, assessment, owner)
    set_state(assessment, AssessmentState.IN_REVIEW)
    client.force_login(reviewer)
    queries, page = queries_for(client, reverse("workflow:detail", args=[assessment.pk]))
    assert f"Action number {count - 1}" in page
    return queries


@pytest.mark.parametrize("count", SIZES)
def test_my_work_reads_the_same_few_times_however_many_policies_and_actions(client, owner, count):
    # Session, user, roles and the page's own reads: a fixed number, whatever the count.
    assert my_work_queries(client, owner, count) <= 16


def test_my_work_takes_as_many_queries_for_five_hundred_as_for_ten(client, owner, colleague):
    small = my_work_queries(client, owner, 10)
    client.logout()
    large = my_work_queries(client, colleague, 500, prefix="MORE")
    assert large == small


@pytest.mark.parametrize("count", SIZES)
def test_the_assessment_page_reads_the_same_few_times_however_many_actions(
    client, owner, reviewer, count
):
    assert assessment_page_queries(client, owner, reviewer, count) <= 20


def test_the_assessment_page_takes_as_many_queries_for_five_hundred_actions_as_for_ten(
    client, owner, reviewer
):
    small = assessment_page_queries(client, owner, reviewer, 10)
    large = assessment_page_queries(client, owner, reviewer, 500)
    assert large == small


# What waits for the EDI group, as their home page lists it (insight.waiting).
WAITING_STATES = [
    AssessmentState.SUBMITTED,
    AssessmentState.IN_REVIEW,
    AssessmentState.APPROVED,
    AssessmentState.CHANGES_REQUESTED,
]


def waiting_for_the_edi_group(count: int, owner, prefix: str) -> None:
    """``count`` policies overdue for review, each with an assessment waiting in one of the
    states the EDI home lists and an overdue action in its plan, made in bulk."""
    as_of, now = today(), timezone.now()
    many_policies(count, owner, prefix)
    for number, policy in enumerate(Policy.objects.filter(reference__startswith=f"{prefix}-")):
        Policy.objects.filter(pk=policy.pk).update(
            next_review=as_of - datetime.timedelta(days=number + 1)
        )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            policy=policy,
            version=1,
            created_by=owner,
            state=WAITING_STATES[number % len(WAITING_STATES)],
            state_since=now - datetime.timedelta(days=number),
            submitted_at=now - datetime.timedelta(days=number),
        )
        for number, policy in enumerate(Policy.objects.filter(reference__startswith=f"{prefix}-"))
    )
    actions = Action.objects.bulk_create(
        Action(
            assessment=assessment,
            description=f"Overdue action {number}",
            owner=owner,
            due_date=as_of - datetime.timedelta(days=number % 30 + 1),
        )
        for number, assessment in enumerate(assessments)
    )
    Action.appears_in.through.objects.bulk_create(
        Action.appears_in.through(action_id=action.pk, assessment_id=action.assessment_id)
        for action in actions
    )


def edi_home_queries(client, reviewer, owner, count: int, prefix: str = "EDI") -> int:
    waiting_for_the_edi_group(count, owner, prefix)
    client.force_login(reviewer)
    client.get(reverse("home"))  # once first: the gate's content types are then cached
    queries, page = queries_for(client, reverse("home"))
    # Every list there is, with how many wait in all (those of earlier calls too).
    waiting = Assessment.objects.filter(state__in=WAITING_STATES[:2]).count()
    assert waiting >= count // 2
    assert f"Waiting for EDI review ({waiting})" in page
    assert f"Overdue actions ({Action.objects.count()})" in page
    assert f"Policies overdue for review ({Policy.objects.count()})" in page
    return queries


@pytest.mark.parametrize("count", SIZES)
def test_the_edi_home_reads_the_same_few_times_however_much_waits(client, reviewer, owner, count):
    # Session, user, roles; the reviewer's own work (their actions, whether they own a
    # policy); the counts by state, the oldest of each list (one query for the three), which
    # of them the reviewer may open; assessments signed this year, policies overdue and with
    # no review date, the oldest overdue, the overdue actions counted and the oldest of them.
    assert edi_home_queries(client, reviewer, owner, count) <= 14


def test_the_edi_home_takes_as_many_queries_for_five_hundred_waiting_as_for_ten(
    client, reviewer, owner
):
    small = edi_home_queries(client, reviewer, owner, 10)
    large = edi_home_queries(client, reviewer, owner, 500, prefix="MORE")
    assert large == small
