"""The process measures' actions of signed EqIAs: each completed action counted once, in the
year it was done, whatever later happened to the version that planned it (superseded by a
newer signed one, or carried into it); never one planned only in a version withdrawn before
sign-off."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from eqia.actions import action_update_status
from eqia.models import Action, ActionStatus, Assessment, AssessmentState
from tests.assessment_factories import add_action, make_assessment, set_state
from tests.factories import make_policy, make_service_area
from tests.page import parse, table_rows, text_of

URL = reverse("insight:process")


def at(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


class Clock:
    """timezone.now, set by the test: actions are moved on, and versions started, at these
    times."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = at(2025, 1, 6)
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, when: datetime.datetime) -> None:
        self.now = when


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def move_on(clock: Clock, action: Action, by: User, status: ActionStatus, when) -> None:
    """Move the action on through the service, as its lead does, on that day."""
    clock.set(when)
    action_update_status(action=action, by=by, status=status)


def sign(assessment: Assessment, when: datetime.datetime) -> Assessment:
    return set_state(assessment, AssessmentState.SIGNED_OFF, signed_off_at=when)


def supersede(old: Assessment, new: Assessment, when: datetime.datetime) -> None:
    """The newer version signed off, and the older superseded by it (as the sign-off does)."""
    sign(new, when)
    set_state(old, AssessmentState.SUPERSEDED)


def actions_rows(client, year: int) -> list[list[str]]:
    """The actions table's rows for the year; none when the page says it has none."""
    response = client.get(URL, {"year": year})
    captions = [
        caption.text
        for caption in parse(response).find_all("caption")
        if caption.text.startswith(f"Actions of signed EqIAs: completed in {year}")
    ]
    return table_rows(response, captions[0]) if captions else []


@pytest.mark.django_db
def test_actions_done_before_their_version_was_superseded_count_in_their_year(
    client, clock, owner, reviewer
):
    """HOU-001 in the demo: v1's actions were done before v2 was started (so v2 inherited
    none of them), and v2's sign-off superseded v1. They are still the council's actions."""
    policy = make_policy(owner=owner, service_area=make_service_area("Housing"))
    v1 = make_assessment(policy, by=owner)
    publish = add_action(v1, owner=owner, description="Publish", due_date=datetime.date(2026, 5, 1))
    consult = add_action(
        v1, owner=owner, description="Consult", due_date=datetime.date(2025, 11, 10)
    )
    report = add_action(v1, owner=owner, description="Report", due_date=datetime.date(2025, 12, 1))
    sign(v1, at(2025, 2, 3))
    move_on(clock, publish, owner, ActionStatus.IN_PROGRESS, at(2025, 6, 2))
    move_on(clock, consult, owner, ActionStatus.DONE, at(2025, 11, 20))  # late
    move_on(clock, report, owner, ActionStatus.DONE, at(2026, 2, 2))  # late, overdue at 2025's end
    move_on(clock, publish, owner, ActionStatus.DONE, at(2026, 4, 1))  # on time
    clock.set(at(2026, 5, 4))
    v2 = make_assessment(policy, by=owner)
    assert not v2.plan_actions.exists()  # nothing open to inherit
    supersede(v1, v2, at(2026, 6, 1))
    clock.set(at(2026, 11, 27))
    client.force_login(reviewer)

    assert actions_rows(client, 2025)[1:] == [
        ["Housing", "1", "0", "1"],
        ["All service areas", "1", "0", "1"],
    ]
    assert actions_rows(client, 2026)[1:] == [
        ["Housing", "2", "1", "0"],
        ["All service areas", "2", "1", "0"],
    ]
    assert "2 actions completed (1 by their due date); 0 overdue on 27 November 2026." in (
        text_of(client.get(URL, {"year": 2026}))
    )


@pytest.mark.django_db
def test_an_action_carried_into_the_next_signed_version_counts_once(client, clock, owner, reviewer):
    policy = make_policy(owner=owner, service_area=make_service_area("Housing"))
    v1 = make_assessment(policy, by=owner)
    carried = add_action(v1, owner=owner, description="Train", due_date=datetime.date(2026, 3, 1))
    sign(v1, at(2025, 2, 3))
    clock.set(at(2025, 9, 1))
    v2 = make_assessment(policy, by=owner)
    assert list(v2.plan_actions.all()) == [carried]  # inherited: one record in both plans
    supersede(v1, v2, at(2025, 10, 1))
    move_on(clock, carried, owner, ActionStatus.DONE, at(2026, 2, 20))
    clock.set(at(2026, 11, 27))
    client.force_login(reviewer)

    assert actions_rows(client, 2026)[-1] == ["All service areas", "1", "1", "0"]
    assert "No action of a signed EqIA was completed in 2025, and none is overdue." in (
        text_of(client.get(URL, {"year": 2025}))
    )


@pytest.mark.django_db
def test_an_action_planned_only_in_a_withdrawn_version_is_not_an_action_of_a_signed_eqia(
    client, clock, owner, reviewer
):
    policy = make_policy(owner=owner, service_area=make_service_area("Housing"))
    v1 = make_assessment(policy, by=owner)
    kept = add_action(v1, owner=owner, description="Kept", due_date=datetime.date(2026, 9, 1))
    sign(v1, at(2025, 2, 3))
    clock.set(at(2026, 1, 5))
    v2 = make_assessment(policy, by=owner)  # inherits "Kept"
    dropped_with_v2 = add_action(
        v2, owner=owner, description="Of v2 only", due_date=datetime.date(2026, 9, 1)
    )
    move_on(clock, dropped_with_v2, owner, ActionStatus.DONE, at(2026, 2, 2))
    move_on(clock, kept, owner, ActionStatus.DONE, at(2026, 2, 3))
    set_state(v2, AssessmentState.WITHDRAWN)  # never signed: v1 stays signed off
    clock.set(at(2026, 11, 27))
    client.force_login(reviewer)

    assert actions_rows(client, 2026)[-1] == ["All service areas", "1", "1", "0"]


@pytest.mark.django_db
def test_an_open_action_no_version_tracks_any_more_is_not_overdue(client, clock, owner, reviewer):
    """Live work is in the plan of a version neither withdrawn nor superseded; an action
    reopened after the next version started, then left behind when it was signed, is not."""
    policy = make_policy(owner=owner, service_area=make_service_area("Housing"))
    v1 = make_assessment(policy, by=owner)
    reopened = add_action(v1, owner=owner, description="Redo", due_date=datetime.date(2026, 1, 5))
    tracked = add_action(v1, owner=owner, description="Late", due_date=datetime.date(2026, 1, 5))
    sign(v1, at(2025, 2, 3))
    move_on(clock, reopened, owner, ActionStatus.DONE, at(2025, 12, 1))
    clock.set(at(2026, 3, 2))
    v2 = make_assessment(policy, by=owner)  # inherits "Late" only
    move_on(clock, reopened, owner, ActionStatus.IN_PROGRESS, at(2026, 3, 9))
    supersede(v1, v2, at(2026, 4, 1))
    clock.set(at(2026, 11, 27))
    client.force_login(reviewer)

    assert list(v2.plan_actions.all()) == [tracked]
    assert actions_rows(client, 2026)[-1] == ["All service areas", "0", "0", "1"]  # "Late"
