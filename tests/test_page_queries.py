"""My work and the assessment page read the database the same few times however much there is
to list (the register's, the queue's and the Actions page's are tested beside them)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.dates import today
from eqia.models import Action, AssessmentState
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
