import datetime

import pytest

from core.dates import today
from eqia.queue import queue as review_queue
from eqia.queue import ranked_queue as ranked_review_queue
from policies.models import Policy, PolicyStatus, Relevance, ReviewState
from policies.queue import QueueEntry
from tests.factories import days_from, make_policy, make_service_area

AS_OF = datetime.date(2026, 6, 1)

DEFAULT_WEIGHTS = {
    "review_unknown": 100,
    "overdue": 100,
    "overdue_per_day": 0.25,
    "overdue_cap_days": 365,
    "due_soon": 50,
    "relevance_high": 30,
    "relevance_medium": 15,
    "relevance_low": 5,
    "relevance_none": 0,
    "relevance_unrated": 15,
    "covenant_function": 10,
}


@pytest.fixture(autouse=True)
def queue_settings(settings):
    settings.EQIA_QUEUE_WEIGHTS = dict(DEFAULT_WEIGHTS)
    settings.EQIA_REVIEW_DUE_SOON_DAYS = 90
    return settings


def due_in(days: int | None) -> datetime.date | None:
    return None if days is None else days_from(AS_OF, days)


def ranked(**options) -> list[str]:
    return [entry.reference for entry in review_queue(as_of=AS_OF, **options)]


def entry_for(reference: str) -> QueueEntry:
    return next(entry for entry in review_queue(as_of=AS_OF) if entry.reference == reference)


@pytest.mark.django_db
def test_unknown_and_overdue_policies_rank_above_every_policy_still_ahead_whatever_the_weights(
    queue_settings,
):
    queue_settings.EQIA_QUEUE_WEIGHTS = {
        **DEFAULT_WEIGHTS,
        "review_unknown": 0,
        "overdue": 0,
        "overdue_per_day": 0,
        "due_soon": 100_000,
        "relevance_high": 1_000_000,
        "covenant_function": 500_000,
    }
    make_policy(
        reference="AHEAD",
        next_review=due_in(0),
        equality_relevance=Relevance.HIGH,
        covenant_functions=["housing", "education", "healthcare"],
    )
    make_policy(reference="OVERDUE", next_review=due_in(-1), equality_relevance=Relevance.NONE)
    make_policy(reference="UNKNOWN", next_review=None, equality_relevance=Relevance.NONE)
    assert ranked() == ["UNKNOWN", "OVERDUE", "AHEAD"]
    assert entry_for("AHEAD").score > entry_for("UNKNOWN").score


@pytest.mark.django_db
def test_negative_weights_cannot_push_an_overdue_policy_below_one_still_ahead(queue_settings):
    queue_settings.EQIA_QUEUE_WEIGHTS = {**DEFAULT_WEIGHTS, "overdue": -1000}
    make_policy(reference="AHEAD", next_review=due_in(200))
    make_policy(reference="OVERDUE", next_review=due_in(-3))
    assert ranked() == ["OVERDUE", "AHEAD"]


@pytest.mark.django_db
def test_within_a_band_the_higher_score_ranks_first():
    make_policy(reference="A-LONG-OVERDUE", next_review=due_in(-100), equality_relevance="none")
    make_policy(reference="B-HIGH-RELEVANCE", next_review=due_in(-10), equality_relevance="high")
    make_policy(reference="C-SOON", next_review=due_in(10), equality_relevance="none")
    make_policy(reference="D-LATER-HIGH", next_review=due_in(40), equality_relevance="high")
    # 100 + 10 * 0.25 + 30 beats 100 + 100 * 0.25; 50 * 50/90 + 30 beats 50 * 80/90.
    assert ranked() == ["B-HIGH-RELEVANCE", "A-LONG-OVERDUE", "D-LATER-HIGH", "C-SOON"]


@pytest.mark.django_db
def test_scores_follow_the_weights_in_settings():
    make_policy(reference="UNKNOWN", next_review=None, equality_relevance="")
    make_policy(reference="OVERDUE", next_review=due_in(-214), equality_relevance="high")
    make_policy(reference="CAPPED", next_review=due_in(-500), equality_relevance="none")
    make_policy(reference="SOON", next_review=due_in(45), equality_relevance="medium")
    make_policy(reference="TODAY", next_review=due_in(0), equality_relevance="low")
    make_policy(
        reference="LATER",
        next_review=due_in(91),
        equality_relevance="none",
        covenant_functions=["housing", "education"],
    )
    scores = {entry.reference: entry.score for entry in review_queue(as_of=AS_OF)}
    assert scores == {
        "UNKNOWN": 100 + 15,
        "OVERDUE": 100 + 214 * 0.25 + 30,
        "CAPPED": 100 + 365 * 0.25,
        "SOON": 50 * (1 - 45 / 90) + 15,
        "TODAY": 50 + 5,
        "LATER": 0 + 2 * 10,
    }


@pytest.mark.django_db
def test_the_due_soon_window_comes_from_settings_at_call_time(queue_settings):
    make_policy(reference="SOON", next_review=due_in(5), equality_relevance="none")
    assert entry_for("SOON").score == pytest.approx(50 * (1 - 5 / 90), abs=0.01)
    assert entry_for("SOON").review_state == ReviewState.DUE_SOON
    queue_settings.EQIA_REVIEW_DUE_SOON_DAYS = 10
    assert entry_for("SOON").score == 25
    queue_settings.EQIA_REVIEW_DUE_SOON_DAYS = 4
    assert entry_for("SOON").score == 0
    assert entry_for("SOON").review_state == ReviewState.LATER


@pytest.mark.django_db
def test_a_due_soon_window_of_nothing_gives_due_soon_points_only_on_the_day(queue_settings):
    queue_settings.EQIA_REVIEW_DUE_SOON_DAYS = 0
    make_policy(reference="TODAY", next_review=due_in(0), equality_relevance="none")
    make_policy(reference="TOMORROW", next_review=due_in(1), equality_relevance="none")
    assert [entry.score for entry in review_queue(as_of=AS_OF)] == [50, 0]


@pytest.mark.django_db
def test_changing_the_weights_in_settings_changes_the_order(queue_settings):
    make_policy(reference="HIGH", next_review=due_in(-1), equality_relevance="high")
    make_policy(reference="HOUSING", next_review=due_in(-1), covenant_functions=["housing"])
    assert ranked() == ["HIGH", "HOUSING"]
    queue_settings.EQIA_QUEUE_WEIGHTS = {**DEFAULT_WEIGHTS, "covenant_function": 40}
    assert ranked() == ["HOUSING", "HIGH"]


@pytest.mark.django_db
def test_a_weight_missing_from_settings_counts_as_nothing(queue_settings):
    queue_settings.EQIA_QUEUE_WEIGHTS = {"relevance_high": 30}
    make_policy(reference="HIGH", next_review=due_in(-10), equality_relevance="high")
    assert entry_for("HIGH").score == 30


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days", "reason"),
    [
        (None, "review date unknown"),
        (-214, "overdue by 214 days"),
        (-1, "overdue by 1 day"),
        (0, "due today"),
        (1, "due in 1 day"),
        (12, "due in 12 days"),
        (200, "due in 200 days"),
    ],
)
def test_the_first_reason_says_when_the_review_is_due(days, reason):
    make_policy(reference="P-1", next_review=due_in(days))
    assert entry_for("P-1").reasons[0] == reason


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("relevance", "reason"),
    [
        ("high", "high equality relevance"),
        ("medium", "medium equality relevance"),
        ("low", "low equality relevance"),
        ("none", "no equality relevance"),
        ("", "equality relevance not rated"),
    ],
)
def test_a_reason_gives_the_equality_relevance(relevance, reason):
    make_policy(reference="P-1", next_review=due_in(3), equality_relevance=relevance)
    assert entry_for("P-1").reasons[1] == reason


@pytest.mark.django_db
def test_covenant_functions_are_a_reason_only_when_there_are_some():
    make_policy(reference="NONE", covenant_functions=[])
    make_policy(reference="ONE", covenant_functions=["housing"])
    make_policy(reference="TWO", covenant_functions=["education", "housing"])
    assert len(entry_for("NONE").reasons) == 3
    assert entry_for("ONE").reasons[3] == "Covenant function: housing"
    assert entry_for("TWO").reasons[3] == "Covenant functions: housing, education"


@pytest.mark.django_db
def test_covenant_functions_that_are_not_a_list_count_for_nothing():
    make_policy(reference="BAD", next_review=due_in(-1), equality_relevance="none")
    Policy.objects.filter(reference="BAD").update(covenant_functions="housing")
    entry = entry_for("BAD")
    assert entry.score == 100.25
    assert entry.reasons == ("overdue by 1 day", "no equality relevance", "no signed EqIA")


@pytest.mark.django_db
def test_reasons_read_as_the_issue_describes():
    make_policy(
        reference="HOU-001",
        next_review=due_in(-214),
        equality_relevance="high",
        covenant_functions=["housing"],
    )
    assert "; ".join(entry_for("HOU-001").reasons) == (
        "overdue by 214 days; high equality relevance; no signed EqIA; Covenant function: housing"
    )


@pytest.mark.django_db
def test_ties_go_to_the_unknown_date_then_the_soonest_then_the_reference(queue_settings):
    queue_settings.EQIA_QUEUE_WEIGHTS = {**DEFAULT_WEIGHTS, "review_unknown": 105}
    make_policy(reference="OVERDUE-20", next_review=due_in(-20), equality_relevance="none")
    make_policy(reference="UNKNOWN", next_review=None, equality_relevance="none")
    make_policy(reference="LATER-B", next_review=due_in(300), equality_relevance="none")
    make_policy(reference="LATER-A", next_review=due_in(300), equality_relevance="none")
    make_policy(reference="LATER-SOONER", next_review=due_in(200), equality_relevance="none")
    # 100 + 20 * 0.25 equals the unknown date's 105, and every later policy scores 0.
    assert ranked() == ["UNKNOWN", "OVERDUE-20", "LATER-SOONER", "LATER-A", "LATER-B"]


@pytest.mark.django_db
def test_ranks_count_from_one_in_queue_order():
    make_policy(reference="B", next_review=due_in(-5))
    make_policy(reference="A", next_review=due_in(50))
    make_policy(reference="C", next_review=None)
    entries = review_queue(as_of=AS_OF)
    assert [(entry.rank, entry.reference) for entry in entries] == [(1, "B"), (2, "C"), (3, "A")]


@pytest.mark.django_db
def test_an_entry_carries_what_the_queue_page_shows(owner):
    area = make_service_area("Housing")
    policy = make_policy(
        reference="HOU-001",
        title="Allocations",
        service_area=area,
        owner=owner,
        next_review=due_in(-3),
        equality_relevance="medium",
    )
    make_policy(reference="ORPHAN", owner=None, service_area=None, equality_relevance="high")
    assert entry_for("HOU-001") == QueueEntry(
        rank=2,
        policy_id=policy.pk,
        reference="HOU-001",
        title="Allocations",
        service_area="Housing",
        owner_name="Alice Owen",
        next_review=due_in(-3),
        review_state=ReviewState.OVERDUE,
        score=100 + 3 * 0.25 + 15,
        reasons=("overdue by 3 days", "medium equality relevance", "no signed EqIA"),
        extra={"open_assessment_id": None, "open_assessment_label": ""},
    )
    orphan = entry_for("ORPHAN")
    assert (orphan.service_area, orphan.owner_name) == ("", "")


@pytest.mark.django_db
def test_a_slice_of_the_ranked_queue_keeps_the_ranks_of_the_whole(django_assert_num_queries):
    for days in range(10):
        make_policy(reference=f"P-{days}", next_review=due_in(days))
    queue = ranked_review_queue(as_of=AS_OF)
    with django_assert_num_queries(2):
        assert len(queue) == 10
        page = queue[4:7]
    assert [(entry.rank, entry.reference) for entry in page] == [(5, "P-4"), (6, "P-5"), (7, "P-6")]
    assert queue[9].reference == "P-9"
    assert [entry.rank for entry in queue] == list(range(1, 11))


@pytest.mark.django_db
def test_archived_policies_are_not_in_the_queue():
    make_policy(reference="ACTIVE", next_review=due_in(-5))
    make_policy(reference="ARCHIVED", next_review=due_in(-500), status=PolicyStatus.ARCHIVED)
    assert ranked() == ["ACTIVE"]


@pytest.mark.django_db
def test_the_queue_can_be_limited_to_a_service_area_an_owner_and_a_length(owner, colleague):
    housing, planning = make_service_area("Housing"), make_service_area("Planning")
    make_policy(reference="H-1", service_area=housing, owner=owner, next_review=due_in(-9))
    make_policy(reference="H-2", service_area=housing, owner=colleague, next_review=due_in(5))
    make_policy(reference="P-1", service_area=planning, owner=owner, next_review=None)
    assert ranked(service_area=housing) == ["H-1", "H-2"]
    assert ranked(owner=owner) == ["H-1", "P-1"]
    assert ranked(limit=2) == ["H-1", "P-1"]
    assert [entry.rank for entry in review_queue(as_of=AS_OF, service_area=housing)] == [1, 2]


@pytest.mark.django_db
def test_a_limit_below_one_is_refused():
    with pytest.raises(ValueError, match="positive"):
        review_queue(as_of=AS_OF, limit=0)


@pytest.mark.django_db
def test_the_queue_is_ranked_from_one_query(django_assert_num_queries, owner, colleague):
    areas = [make_service_area(name) for name in ("Housing", "Planning", "Revenues")]
    for number in range(30):
        make_policy(
            service_area=areas[number % 3],
            owner=(owner, colleague, None)[number % 3],
            next_review=due_in(number * 7 - 100),
            covenant_functions=["housing"] if number % 2 else [],
        )
    with django_assert_num_queries(1):
        entries = review_queue(as_of=AS_OF)
        assert {entry.owner_name for entry in entries} == {"Alice Owen", "Bob Baker", ""}


@pytest.mark.django_db
def test_without_a_date_the_queue_is_ranked_as_of_today():
    make_policy(reference="P-1", next_review=days_from(today(), 1))
    assert review_queue()[0].reasons[0] == "due in 1 day"
