import pytest
from django.db import IntegrityError, transaction

from core.refusals import Refused
from core.roles import Role
from eqia.models import (
    ActionStatus,
    Assessment,
    AssessmentState,
    AuditEntry,
    AuditKind,
    Characteristic,
    CharacteristicKind,
    Impact,
)
from eqia.services import assessment_start
from tests.assessment_factories import add_action, make_assessment, set_state
from tests.factories import make_policy

ROLE = Role.POLICY_OWNER.label


@pytest.mark.django_db
def test_characteristics_include_the_statutory_nine_poverty_and_armed_forces():
    statutory = Characteristic.objects.filter(kind=CharacteristicKind.STATUTORY)
    assert statutory.count() == 9
    local = set(
        Characteristic.objects.filter(kind=CharacteristicKind.LOCAL).values_list("name", flat=True)
    )
    assert local == {"Poverty (socio-economic disadvantage)", "Armed Forces community"}
    assert Characteristic.objects.get(name="Marriage and civil partnership").aim_one_only


@pytest.mark.django_db
def test_a_new_assessment_is_v1_with_a_row_for_every_characteristic_in_force(owner):
    policy = make_policy(owner=owner)
    assessment = assessment_start(policy=policy, by=owner)
    assert assessment.version == 1
    assert assessment.state == AssessmentState.DRAFT
    assert assessment.impacts.count() == Characteristic.objects.count() == 11
    entry = AuditEntry.objects.get(assessment=assessment)
    assert (entry.kind, entry.actor, entry.sequence) == (AuditKind.CREATED, owner, 1)


@pytest.mark.django_db
def test_characteristics_added_later_never_touch_a_started_assessment(owner):
    assessment = make_assessment(by=owner)
    Characteristic.objects.create(name="Carers", kind=CharacteristicKind.LOCAL, description="x")
    assert assessment.impacts.count() == 11
    set_state(assessment, AssessmentState.SIGNED_OFF)
    later = assessment_start(policy=assessment.policy, by=owner)
    assert later.impacts.count() == 12


@pytest.mark.django_db
def test_only_one_open_assessment_per_policy(owner):
    assessment = make_assessment(by=owner)
    with pytest.raises(Refused, match="already has an open assessment"):
        assessment_start(policy=assessment.policy, by=owner)
    # The database refuses it too, whatever the code path.
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(policy=assessment.policy, version=2, created_by=owner)


@pytest.mark.django_db
def test_next_version_carries_the_signed_content_and_open_actions_forward(owner, colleague):
    first = make_assessment(by=owner, complete=True)
    poverty = Characteristic.objects.get(name__startswith="Poverty")
    row = first.impacts.get(characteristic=poverty)
    row.impact, row.mitigation = Impact.NEGATIVE, "Hardship fund for deposits"
    row.save()
    add_action(first, owner=colleague, description="Open one", characteristics=[poverty])
    add_action(first, owner=colleague, description="Done one", status=ActionStatus.DONE)
    set_state(first, AssessmentState.SIGNED_OFF)

    second = assessment_start(policy=first.policy, by=owner)
    assert second.version == 2
    assert second.previous == first
    assert second.purpose == first.purpose
    carried = second.impacts.get(characteristic=poverty)
    assert (carried.impact, carried.mitigation) == (Impact.NEGATIVE, "Hardship fund for deposits")
    assert [a.description for a in second.plan_actions.all()] == ["Open one"]
    assert not second.actions.exists()  # inherited, not copied
    assert list(second.plan_actions.get().characteristics.all()) == [poverty]
    assert all(status == "in_progress" for status in second.part_status.values())
