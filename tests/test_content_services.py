import datetime

import pytest
from guardian.shortcuts import assign_perm

from core.refusals import Refused
from eqia.actions import action_add, action_change, action_remove, action_update_status
from eqia.content import part_save
from eqia.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    AssessmentState,
    AuditEntry,
    AuditKind,
    Characteristic,
    Impact,
    Part,
    PartStatus,
)
from tests.assessment_factories import add_action, make_assessment, set_state


def content_entries(assessment):
    return list(AuditEntry.objects.filter(assessment=assessment, kind=AuditKind.CONTENT))


@pytest.mark.django_db
def test_saving_a_part_stores_it_and_records_who_changed_which_fields(owner):
    assessment = make_assessment(by=owner)
    saved = part_save(
        assessment=assessment,
        by=owner,
        part=Part.EVIDENCE,
        values={"data_sources": "Census 2021", "engagement": ""},
        completed=False,
    )
    assessment.refresh_from_db()
    assert assessment.data_sources == "Census 2021"
    assert assessment.status_of(Part.EVIDENCE) == PartStatus.IN_PROGRESS
    assert (saved.changed, saved.status, saved.problems) == (
        ["data_sources"],
        PartStatus.IN_PROGRESS,
        [],
    )
    [entry] = content_entries(assessment)
    assert (entry.actor, entry.part, entry.details) == (
        owner,
        "evidence",
        {"changed": ["data_sources"]},
    )
    assert entry.actor_role == "Policy owner"
    assert entry.sequence == 2  # after "Assessment started"


@pytest.mark.django_db
def test_saving_never_requires_completeness(owner):
    assessment = make_assessment(by=owner)
    part_save(assessment=assessment, by=owner, part=Part.ABOUT, values={}, completed=False)
    assessment.refresh_from_db()
    assert assessment.status_of(Part.ABOUT) == PartStatus.IN_PROGRESS


@pytest.mark.django_db
def test_marking_an_incomplete_part_completed_keeps_it_in_progress_with_the_problems(owner):
    assessment = make_assessment(by=owner)
    saved = part_save(
        assessment=assessment,
        by=owner,
        part=Part.AIMS,
        values={"aim_eliminate_discrimination": "Checked for indirect discrimination."},
        completed=True,
    )
    assessment.refresh_from_db()
    assert assessment.aim_eliminate_discrimination == "Checked for indirect discrimination."
    assert assessment.status_of(Part.AIMS) == PartStatus.IN_PROGRESS
    assert {reason.field for reason in saved.problems} == {
        "aim_advance_opportunity",
        "aim_foster_relations",
    }


@pytest.mark.django_db
def test_marking_a_complete_part_completed_completes_it(owner):
    assessment = make_assessment(by=owner)
    saved = part_save(
        assessment=assessment,
        by=owner,
        part=Part.REVIEW,
        values={"review_date": datetime.date(2030, 1, 31)},
        completed=True,
    )
    assert saved.status == PartStatus.COMPLETED
    assert assessment.status_of(Part.REVIEW) == PartStatus.COMPLETED
    assert content_entries(assessment)[0].comment == (
        "Review date saved: completed (was not started)"
    )


@pytest.mark.django_db
def test_a_colleague_the_policy_is_shared_with_saves_in_their_own_name(owner, colleague):
    assessment = make_assessment(by=owner)
    assign_perm("policies.edit_assessments", colleague, assessment.policy)
    part_save(
        assessment=assessment,
        by=colleague,
        part=Part.EVIDENCE,
        values={"engagement": "Tenant panel"},
        completed=False,
    )
    [entry] = content_entries(assessment)
    assert entry.actor == colleague
    assert entry.actor_role.startswith("Colleague")


@pytest.mark.django_db
def test_someone_outside_the_author_side_cannot_save(owner, outsider, reviewer):
    assessment = make_assessment(by=owner)
    for person in (outsider, reviewer):
        with pytest.raises(Refused, match="Only the policy's owner"):
            part_save(
                assessment=assessment,
                by=person,
                part=Part.EVIDENCE,
                values={"engagement": "Sneaky"},
                completed=False,
            )
    assessment.refresh_from_db()
    assert assessment.engagement == ""
    assert content_entries(assessment) == []


@pytest.mark.parametrize(
    "state",
    [AssessmentState.SUBMITTED, AssessmentState.IN_REVIEW, AssessmentState.SIGNED_OFF],
)
@pytest.mark.django_db
def test_content_is_frozen_outside_draft_and_changes_requested(owner, state):
    assessment = make_assessment(by=owner, complete=True, state=state)
    before = content_entries(assessment)
    with pytest.raises(Refused, match="only while it is a draft or changes are requested"):
        part_save(
            assessment=assessment,
            by=owner,
            part=Part.EVIDENCE,
            values={"engagement": "Late change"},
            completed=True,
        )
    assessment.refresh_from_db()
    assert assessment.engagement != "Late change"
    assert content_entries(assessment) == before


@pytest.mark.django_db
def test_changes_requested_is_editable_like_a_draft(owner):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.CHANGES_REQUESTED)
    saved = part_save(
        assessment=assessment,
        by=owner,
        part=Part.EVIDENCE,
        values={"engagement": "Asked the disability forum too."},
        completed=True,
    )
    assert saved.status == PartStatus.COMPLETED


@pytest.mark.django_db
def test_impact_rows_are_saved_with_the_impacts_part_and_named_in_the_audit(owner):
    assessment = make_assessment(by=owner)
    row = assessment.impacts.get(characteristic__name="Disability")
    saved = part_save(
        assessment=assessment,
        by=owner,
        part=Part.IMPACTS,
        values={"intersectionality": "Older disabled people"},
        impacts={row.pk: {"impact": Impact.NEGATIVE, "evidence": "Stairs", "mitigation": "Lift"}},
        completed=False,
    )
    row.refresh_from_db()
    assert (row.impact, row.evidence, row.mitigation) == (Impact.NEGATIVE, "Stairs", "Lift")
    assert saved.changed == [
        "intersectionality",
        "Disability: impact",
        "Disability: evidence",
        "Disability: mitigation",
    ]
    assert content_entries(assessment)[0].details["changed"] == saved.changed


@pytest.mark.django_db
def test_impact_rows_of_another_assessment_cannot_be_saved_through_this_one(owner, colleague):
    assessment = make_assessment(by=owner)
    other = make_assessment(by=colleague)
    other_row = other.impacts.first()
    with pytest.raises(KeyError):
        part_save(
            assessment=assessment,
            by=owner,
            part=Part.IMPACTS,
            impacts={other_row.pk: {"impact": Impact.NEGATIVE}},
            completed=False,
        )
    other_row.refresh_from_db()
    assert other_row.impact == ""


@pytest.mark.django_db
def test_the_decision_pathway_is_replaced_as_a_whole(owner):
    assessment = make_assessment(by=owner, complete=True)
    saved = part_save(
        assessment=assessment,
        by=owner,
        part=Part.ABOUT,
        meetings=[
            ("Scrutiny committee", datetime.date(2027, 5, 1)),
            ("Cabinet", datetime.date(2027, 6, 30)),
        ],
        completed=True,
    )
    assert saved.changed == ["decision_meetings"]
    assert list(assessment.decision_meetings.values_list("body", flat=True)) == [
        "Scrutiny committee",
        "Cabinet",
    ]
    again = part_save(
        assessment=assessment,
        by=owner,
        part=Part.ABOUT,
        meetings=[
            ("Cabinet", datetime.date(2027, 6, 30)),
            ("Scrutiny committee", datetime.date(2027, 5, 1)),
        ],
        completed=True,
    )
    assert again.changed == []


@pytest.mark.django_db
def test_a_part_saves_only_its_own_fields(owner):
    assessment = make_assessment(by=owner)
    with pytest.raises(ValueError, match="Not fields of this part: outcome"):
        part_save(
            assessment=assessment,
            by=owner,
            part=Part.EVIDENCE,
            values={"outcome": "stop"},
            completed=False,
        )


@pytest.mark.django_db
def test_adding_changing_and_removing_actions_is_audited(owner, colleague):
    assessment = make_assessment(by=owner)
    race = Characteristic.objects.get(name="Race")
    action = action_add(
        assessment=assessment,
        by=owner,
        description="Consult the race equality forum",
        owner=colleague,
        due_date=datetime.date(2027, 1, 31),
        characteristics=[race],
    )
    assert list(action.characteristics.all()) == [race]
    assessment.refresh_from_db()
    assert assessment.status_of(Part.ACTIONS) == PartStatus.IN_PROGRESS

    changed = action_change(
        action=action,
        by=owner,
        description="Consult the race equality forum",
        owner=owner,
        due_date=datetime.date(2027, 2, 28),
        characteristics=[],
    )
    assert changed == ["owner", "due_date", "characteristics"]
    action.refresh_from_db()
    assert (action.owner, action.due_date) == (owner, datetime.date(2027, 2, 28))

    action_remove(action=action, by=owner)
    assert not Action.objects.filter(pk=action.pk).exists()
    comments = [entry.comment for entry in content_entries(assessment)]
    assert comments == [
        "Action added: Consult the race equality forum",
        "Action changed: Consult the race equality forum",
        "Action removed: Consult the race equality forum",
    ]
    assert {entry.part for entry in content_entries(assessment)} == {"actions"}


@pytest.mark.django_db
def test_actions_cannot_be_added_once_submitted(owner):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.SUBMITTED)
    with pytest.raises(Refused):
        action_add(
            assessment=assessment,
            by=owner,
            description="Too late",
            owner=owner,
            due_date=datetime.date(2027, 1, 31),
        )
    assert not assessment.actions.exists()


@pytest.mark.django_db
def test_an_action_serves_only_characteristics_the_assessment_assesses(owner):
    assessment = make_assessment(by=owner)
    carers = Characteristic.objects.create(name="Carers", kind="local", description="Carers")
    with pytest.raises(Refused, match="only characteristics this assessment assesses"):
        action_add(
            assessment=assessment,
            by=owner,
            description="Ask carers",
            owner=owner,
            due_date=datetime.date(2027, 1, 31),
            characteristics=[carers],
        )


@pytest.mark.django_db
def test_action_owner_moves_an_action_on_after_sign_off_and_the_content_stays_frozen(
    owner, colleague
):
    assessment = make_assessment(by=owner, complete=True)
    action = add_action(assessment, owner=colleague)
    set_state(assessment, AssessmentState.SIGNED_OFF)
    before = assessment.updated_at

    update = action_update_status(
        action=action, by=colleague, status=ActionStatus.DONE, note="Forum met on 3 March."
    )
    action.refresh_from_db()
    assessment.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert (update.by, update.status, update.note) == (
        colleague,
        ActionStatus.DONE,
        "Forum met on 3 March.",
    )
    assert assessment.state == AssessmentState.SIGNED_OFF
    assert assessment.updated_at == before
    entry = AuditEntry.objects.get(assessment=assessment, kind=AuditKind.ACTION_UPDATE)
    assert entry.actor == colleague
    assert entry.actor_role == "Action lead"
    assert entry.details == {"action": action.pk, "from": "open", "to": "done"}
    assert "open to done. Forum met on 3 March." in entry.comment


@pytest.mark.django_db
def test_the_author_side_and_administrators_move_actions_on_too(owner, colleague, administrator):
    assessment = make_assessment(by=owner, complete=True)
    action = add_action(assessment, owner=colleague)
    set_state(assessment, AssessmentState.SIGNED_OFF)
    action_update_status(action=action, by=owner, status=ActionStatus.IN_PROGRESS)
    action_update_status(action=action, by=administrator, status=ActionStatus.DROPPED, note="x")
    updates = list(ActionUpdate.objects.filter(action=action).values_list("by", "status"))
    assert updates == [(owner.pk, "in_progress"), (administrator.pk, "dropped")]
    roles = list(
        AuditEntry.objects.filter(kind=AuditKind.ACTION_UPDATE).values_list("actor_role", flat=True)
    )
    assert roles == ["Policy owner", "Administrator"]


@pytest.mark.django_db
def test_nobody_else_moves_an_action_on(owner, colleague, outsider, reviewer, auditor):
    assessment = make_assessment(by=owner, complete=True)
    action = add_action(assessment, owner=colleague)
    set_state(assessment, AssessmentState.SIGNED_OFF)
    for person in (outsider, reviewer, auditor):
        with pytest.raises(Refused, match="Only the action's owner"):
            action_update_status(action=action, by=person, status=ActionStatus.DONE)
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    assert not ActionUpdate.objects.exists()


@pytest.mark.parametrize("state", [AssessmentState.WITHDRAWN, AssessmentState.SUPERSEDED])
@pytest.mark.django_db
def test_actions_of_a_withdrawn_or_superseded_assessment_are_no_longer_tracked(owner, state):
    assessment = make_assessment(by=owner, complete=True)
    action = add_action(assessment, owner=owner)
    set_state(assessment, state)
    with pytest.raises(Refused, match="no longer tracked"):
        action_update_status(action=action, by=owner, status=ActionStatus.DONE)


@pytest.mark.django_db
def test_the_same_status_again_needs_a_note(owner):
    assessment = make_assessment(by=owner, complete=True)
    action = add_action(assessment, owner=owner)
    set_state(assessment, AssessmentState.SIGNED_OFF)
    with pytest.raises(Refused, match="already open"):
        action_update_status(action=action, by=owner, status=ActionStatus.OPEN)
    update = action_update_status(
        action=action, by=owner, status=ActionStatus.OPEN, note="Chased the forum."
    )
    assert update.note == "Chased the forum."
