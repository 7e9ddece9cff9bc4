"""The review queue's assessment factors: signed EqIA, open actions, negative impacts."""

import datetime

import pytest
from django.utils import timezone

from eqia.models import ActionStatus, AssessmentState, Characteristic, Impact
from eqia.queue import queue as review_queue
from tests.assessment_factories import add_action, make_assessment, set_state
from tests.factories import make_policy

AS_OF = datetime.date(2026, 6, 1)
WEIGHTS = {"no_signed_eqia": 25, "signed_eqia_stale": 15, "open_action": 3, "negative_impact": 5}


@pytest.fixture(autouse=True)
def only_assessment_weights(settings):
    # Zero every other factor so each score below is the assessment factors alone.
    settings.EQIA_QUEUE_WEIGHTS = {"review_unknown": 0, "relevance_unrated": 0, **WEIGHTS}


def entry(reference: str):
    return next(e for e in review_queue(as_of=AS_OF) if e.reference == reference)


def signed(policy, owner, *, on: datetime.date):
    assessment = make_assessment(policy, by=owner, complete=True)
    signed_at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    return set_state(assessment, AssessmentState.SIGNED_OFF, signed_off_at=signed_at)


@pytest.mark.django_db
def test_a_policy_never_assessed_ranks_higher_with_no_signed_eqia_as_its_reason(owner):
    never = make_policy(reference="NEVER", owner=owner)
    done = make_policy(reference="DONE", owner=owner, last_reviewed=datetime.date(2025, 1, 1))
    signed(done, owner, on=datetime.date(2025, 2, 1))
    assert entry("NEVER").reasons[-1] == "no signed EqIA"
    assert entry("NEVER").score == 25
    assert "no signed EqIA" not in entry("DONE").reasons
    assert entry("DONE").score == 0
    assert [e.reference for e in review_queue(as_of=AS_OF)][:1] == [never.reference]


@pytest.mark.django_db
def test_a_signed_eqia_older_than_the_last_policy_review_counts_as_stale(owner):
    policy = make_policy(reference="STALE", owner=owner, last_reviewed=datetime.date(2026, 3, 1))
    signed(policy, owner, on=datetime.date(2025, 2, 10))
    assert entry("STALE").score == 15
    assert (
        "signed EqIA v1 (10 February 2025) is older than the last policy review"
        in entry("STALE").reasons
    )


@pytest.mark.django_db
def test_open_actions_and_negative_impacts_of_the_last_signed_eqia_raise_priority(owner):
    policy = make_policy(reference="ACTS", owner=owner)
    assessment = signed(policy, owner, on=datetime.date(2026, 1, 1))
    add_action(assessment, owner=owner, status=ActionStatus.OPEN)
    add_action(assessment, owner=owner, status=ActionStatus.IN_PROGRESS)
    add_action(assessment, owner=owner, status=ActionStatus.DONE)
    poverty = Characteristic.objects.get(name__startswith="Poverty")
    assessment.impacts.filter(characteristic=poverty).update(impact=Impact.NEGATIVE)
    result = entry("ACTS")
    assert result.score == 2 * 3 + 1 * 5
    assert "2 open actions in the last EqIA" in result.reasons
    assert "1 negative impact in the last EqIA" in result.reasons


@pytest.mark.django_db
def test_the_queue_names_a_policys_open_assessment(owner):
    assessment = make_assessment(make_policy(reference="OPEN", owner=owner), by=owner)
    since = timezone.make_aware(datetime.datetime(2026, 11, 3, 23, 30), datetime.UTC)
    set_state(assessment, AssessmentState.IN_REVIEW, state_since=since)
    result = entry("OPEN")
    assert result.extra["open_assessment_id"] == assessment.pk
    # In UK time: 23:30 UTC on 3 November is still 3 November (GMT).
    assert result.extra["open_assessment_label"] == "EqIA v1 in review since 3 November 2026"


@pytest.mark.django_db
def test_open_actions_the_last_signed_version_inherited_count_once_each(owner):
    policy = make_policy(reference="INHERIT", owner=owner)
    first = signed(policy, owner, on=datetime.date(2025, 1, 1))
    inherited = add_action(first, owner=owner, status=ActionStatus.OPEN)
    second = signed(policy, owner, on=datetime.date(2026, 1, 1))
    set_state(first, AssessmentState.SUPERSEDED)
    planned = add_action(second, owner=owner, status=ActionStatus.OPEN)
    # Each shows in the plans of the versions it lives in (an action lives across versions).
    inherited.appears_in.add(first, second)
    planned.appears_in.add(second)
    assert "2 open actions in the last EqIA" in entry("INHERIT").reasons


@pytest.mark.django_db
def test_assessment_factors_add_no_queries_per_policy(owner, django_assert_num_queries):
    for number in range(20):
        policy = make_policy(reference=f"P-{number}", owner=owner)
        signed(policy, owner, on=datetime.date(2026, 1, 1))
    with django_assert_num_queries(1):
        assert len(review_queue(as_of=AS_OF)) == 20
