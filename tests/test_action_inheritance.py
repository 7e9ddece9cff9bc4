"""An action is one record across versions: a new version inherits the open actions of the last
signed one rather than copying them, and moving one on moves it on in every plan."""

import datetime

import pytest
from django.utils import timezone

from core.refusals import Refused
from eqia.action_plan import live_actions
from eqia.actions import action_add, action_change, action_remove, action_update_status
from eqia.completeness import part_problems
from eqia.models import (
    Action,
    ActionStatus,
    AssessmentState,
    AuditEntry,
    AuditKind,
    Characteristic,
    Impact,
    Outcome,
    Part,
)
from eqia.services import assessment_start
from tests.assessment_factories import make_assessment, set_state

pytestmark = pytest.mark.django_db
DUE = datetime.date(2027, 3, 31)


def plan(assessment, description, **fields):
    """An action the assessment's author plans through the service (while it is a draft)."""
    fields.setdefault("due_date", DUE)
    return action_add(
        assessment=assessment, by=assessment.created_by, description=description, **fields
    )


@pytest.fixture
def first(owner, colleague):
    """alice's v1, signed off, with four actions: open, in progress, done and dropped."""
    assessment = make_assessment(by=owner, complete=True)
    plan(assessment, "Open one", owner=colleague)
    in_progress = plan(assessment, "Under way", lead_team="Communities team")
    done = plan(assessment, "Finished", owner=owner)
    dropped = plan(assessment, "Given up", owner=owner)
    action_update_status(
        action=in_progress, by=owner, status=ActionStatus.IN_PROGRESS, note="Venue booked"
    )
    action_update_status(action=done, by=owner, status=ActionStatus.DONE, note="Published")
    action_update_status(action=dropped, by=owner, status=ActionStatus.DROPPED, note="No need")
    return set_state(assessment, AssessmentState.SIGNED_OFF)


def descriptions(actions):
    return sorted(action.description for action in actions)


def test_a_new_version_inherits_the_open_actions_instead_of_copying_them(first, owner):
    before = Action.objects.count()
    second = assessment_start(policy=first.policy, by=owner)
    assert Action.objects.count() == before
    assert descriptions(second.plan_actions.all()) == ["Open one", "Under way"]
    assert not second.actions.exists()  # it planned none of them itself
    assert descriptions(first.plan_actions.all()) == [
        "Finished",
        "Given up",
        "Open one",
        "Under way",
    ]
    started = AuditEntry.objects.get(assessment=second, kind=AuditKind.CREATED)
    assert started.comment == "Started from EqIA v1, inheriting 2 open actions"
    assert sorted(started.details["inherited_actions"]) == sorted(
        second.plan_actions.values_list("pk", flat=True)
    )


def test_a_version_started_with_nothing_open_says_so(owner):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.SIGNED_OFF)
    second = assessment_start(policy=assessment.policy, by=owner)
    started = AuditEntry.objects.get(assessment=second, kind=AuditKind.CREATED)
    assert started.comment == "Started from EqIA v1, inheriting no open actions"


def test_completing_an_inherited_action_completes_it_in_every_plan(first, owner, colleague):
    second = assessment_start(policy=first.policy, by=owner)
    action = second.plan_actions.get(description="Open one")
    action_update_status(action=action, by=colleague, status=ActionStatus.DONE, note="Done")
    assert first.plan_actions.get(pk=action.pk).status == ActionStatus.DONE
    assert second.plan_actions.get(pk=action.pk).status == ActionStatus.DONE
    # Written on the trail of both versions still tracking it.
    for version in (first, second):
        entry = AuditEntry.objects.filter(assessment=version, kind=AuditKind.ACTION_UPDATE).latest(
            "sequence"
        )
        assert (entry.actor, entry.comment) == (colleague, "Open one: open to done. Done")


def test_a_draft_neither_changes_nor_removes_an_action_it_inherited(first, owner):
    second = assessment_start(policy=first.policy, by=owner)
    action = second.plan_actions.get(description="Open one")
    with pytest.raises(Refused, match="planned in EqIA v1 and EqIA v2 inherits it") as refused:
        action_change(action=action, by=owner, description="Changed", due_date=DUE, owner=owner)
    assert "Update status" in str(refused.value)
    with pytest.raises(Refused, match="cannot be changed or removed here"):
        action_remove(action=action, by=owner)
    action.refresh_from_db()
    assert action.description == "Open one"


def test_a_new_action_is_in_its_own_plan_only(first, owner):
    second = assessment_start(policy=first.policy, by=owner)
    new = plan(second, "New in v2", owner=owner)
    assert list(new.appears_in.all()) == [second]
    assert new.assessment == second
    assert not first.plan_actions.filter(pk=new.pk).exists()


def test_the_about_part_starts_with_what_the_last_version_planned_and_what_came_of_it(
    owner, colleague
):
    assessment = make_assessment(
        by=owner,
        complete=True,
        outcome=Outcome.CONTINUE,
        outcome_justification="The service is statutory.",
    )
    publish = plan(
        assessment,
        "Publish the policy in easy read",
        lead_team="Communities team",
        due_date=datetime.date(2026, 3, 31),
    )
    plan(assessment, "Survey tenants", owner=colleague, due_date=datetime.date(2026, 6, 30))
    action_update_status(
        action=publish, by=owner, status=ActionStatus.DONE, note="published on the website"
    )
    set_state(assessment, AssessmentState.SIGNED_OFF)
    second = assessment_start(policy=assessment.policy, by=owner)
    done_on = timezone.localdate()
    assert second.previous_plans == (
        "Publish the policy in easy read (Communities team, due 31 March 2026): done "
        f"{done_on.day} {done_on:%B %Y} \u2014 published on the website\n"
        "Survey tenants (Bob Baker, due 30 June 2026): open; EqIA v2 inherits it\n"
        "\n"
        "The justification of EqIA v1's outcome: The service is statutory."
    )


def test_a_version_whose_predecessor_planned_nothing_says_so(owner):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.SIGNED_OFF)
    second = assessment_start(policy=assessment.policy, by=owner)
    assert second.previous_plans == "EqIA v1 planned no actions."


def test_an_inherited_action_answers_a_not_yet_known_impact_for_its_characteristic(
    owner, colleague
):
    race = Characteristic.objects.get(name="Race")
    assessment = make_assessment(by=owner, complete=True)
    plan(assessment, "Consult the race equality forum", owner=colleague, characteristics=[race])
    set_state(assessment, AssessmentState.SIGNED_OFF)
    second = assessment_start(policy=assessment.policy, by=owner)
    second.impacts.filter(characteristic=race).update(impact=Impact.UNKNOWN)
    sex = Characteristic.objects.get(name="Sex")
    second.impacts.filter(characteristic=sex).update(impact=Impact.UNKNOWN)
    [reason] = part_problems(second, Part.IMPACTS)
    assert "Sex is not yet known: add an action" in reason.message


def test_an_inherited_action_counts_for_an_outcome_that_needs_actions(first, owner):
    second = assessment_start(policy=first.policy, by=owner)
    second.outcome = Outcome.ADJUST
    second.save()
    assert part_problems(second, Part.OUTCOME) == []


def test_only_the_drafts_own_actions_are_checked_for_a_lead(first, owner):
    # An earlier action with no lead (as imported or made before leads were asked for).
    Action.objects.filter(assessment=first, description="Open one").update(owner=None)
    second = assessment_start(policy=first.policy, by=owner)
    assert part_problems(second, Part.ACTIONS) == []
    own = plan(second, "Own", owner=owner)
    Action.objects.filter(pk=own.pk).update(owner=None)
    [reason] = part_problems(second, Part.ACTIONS)
    assert reason.message == (
        "Action plan: action 3 needs a lead (a person, a team or partner, or both)"
    )


def test_an_action_is_live_while_any_version_showing_it_is_tracked(first, owner):
    second = assessment_start(policy=first.policy, by=owner)
    open_one = first.plan_actions.get(description="Open one")
    assert descriptions(live_actions()) == ["Open one", "Under way"]
    set_state(second, AssessmentState.WITHDRAWN)
    assert open_one in live_actions()  # still tracked through the signed v1
    set_state(second, AssessmentState.SIGNED_OFF)
    set_state(first, AssessmentState.SUPERSEDED)
    assert open_one in live_actions()  # tracked through v2 now
    set_state(second, AssessmentState.SUPERSEDED)
    assert not live_actions().exists()
    with pytest.raises(Refused, match="Every version whose plan shows this action is withdrawn"):
        action_update_status(action=open_one, by=owner, status=ActionStatus.DONE)
