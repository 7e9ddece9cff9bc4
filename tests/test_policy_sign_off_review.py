"""A sign-off is the policy's review: the register learns it in the sign-off's transaction."""

import datetime

import pytest
from django.urls import reverse

from core.dates import add_months, long_date, today
from eqia.models import Assessment
from eqia.queue import queue
from policies.models import ChangeSource, Policy, PolicyChange, ReviewState
from tests.assessment_factories import REVIEW_DATE
from tests.factories import days_from
from tests.page import summary_list
from tests.workflow_moves import sign

LONG_AGO = datetime.date(2023, 7, 1)


def overdue(policy: Policy) -> Policy:
    """The policy last reviewed long ago, its review now 40 days overdue, every 24 months."""
    Policy.objects.filter(pk=policy.pk).update(
        last_reviewed=LONG_AGO, review_frequency_months=24, next_review=days_from(today(), -40)
    )
    policy.refresh_from_db()
    return policy


def queue_entry(reference: str):
    return next(entry for entry in queue() if entry.reference == reference)


@pytest.mark.django_db
def test_a_sign_off_sets_last_reviewed_to_its_date_and_next_review_to_the_eqias(
    approved, signoff_officer
):
    policy = overdue(approved.policy)
    sign(approved, signoff_officer)
    policy.refresh_from_db()
    assert policy.last_reviewed == today()
    assert policy.next_review == REVIEW_DATE == approved.review_date


@pytest.mark.django_db
def test_without_a_review_date_in_the_eqia_the_next_review_is_a_cycle_after_the_sign_off(
    approved, signoff_officer
):
    policy = overdue(approved.policy)
    Assessment.objects.filter(pk=approved.pk).update(review_date=None)
    approved.refresh_from_db()
    sign(approved, signoff_officer)
    policy.refresh_from_db()
    assert policy.last_reviewed == today()
    assert policy.next_review == add_months(today(), 24)


@pytest.mark.django_db
def test_the_review_is_kept_in_the_policys_history_as_the_sign_off(approved, signoff_officer):
    policy = overdue(approved.policy)
    old_next_review = policy.next_review
    sign(approved, signoff_officer)
    changes = PolicyChange.objects.filter(policy=policy).order_by("field")
    signed_off = (ChangeSource.SIGN_OFF, "EqIA v1 signed off")
    assert [
        (change.field, change.old_value, change.new_value, change.source, change.reason)
        for change in changes
    ] == [
        ("last_reviewed", "1 July 2023", long_date(today()), *signed_off),
        ("next_review", long_date(old_next_review), long_date(REVIEW_DATE), *signed_off),
    ]
    who = {(change.by, change.by_name) for change in changes}
    assert who == {(signoff_officer, "Sam Sinclair")}


@pytest.mark.django_db
def test_a_signed_policy_leaves_the_overdue_band_of_the_review_queue(approved, signoff_officer):
    policy = overdue(approved.policy)
    before = queue_entry(policy.reference)
    assert before.review_state == ReviewState.OVERDUE
    assert before.reasons[0] == "overdue by 40 days"
    assert "no signed EqIA" in before.reasons
    sign(approved, signoff_officer)
    after = queue_entry(policy.reference)
    assert after.review_state == ReviewState.LATER
    assert after.reasons[0] == f"due in {(REVIEW_DATE - today()).days} days"
    assert "no signed EqIA" not in after.reasons
    assert after.extra["open_assessment_id"] is None


@pytest.mark.django_db
def test_the_policy_page_shows_the_new_next_review_and_the_eqias_review_date(
    client, approved, signoff_officer, owner
):
    policy = overdue(approved.policy)
    sign(approved, signoff_officer)
    client.force_login(owner)
    details = summary_list(client.get(reverse("policies:detail", args=[policy.reference])))
    assert details["Last reviewed"] == long_date(today())
    assert details["Next review"] == long_date(REVIEW_DATE)
    assert details["Signed EqIA's review date"] == (
        f"{long_date(REVIEW_DATE)} (set by EqIA v1, signed off {long_date(today())})"
    )
