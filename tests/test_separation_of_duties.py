"""Separation of duties covers the whole chain: whoever started, edited or submitted an
assessment may not review, approve or sign it off; whoever approved it may not sign it off.
The refusal names the rule."""

import pytest
from guardian.shortcuts import assign_perm

from core.refusals import Refused
from core.roles import Role
from tests.assessment_factories import make_assessment
from tests.factories import make_user
from workflow.services import make_move

pytestmark = pytest.mark.django_db


def messages(refused: pytest.ExceptionInfo[Refused]) -> list[str]:
    return [reason.message for reason in refused.value.reasons]


@pytest.fixture
def mo(db):
    """Mo Multi holds every role an assessment passes through."""
    user = make_user("mo", Role.POLICY_OWNER, first_name="Mo", last_name="Multi")
    for role in (Role.EDI_REVIEWER, Role.SIGN_OFF_OFFICER):
        user.groups.add(role.group())
    return user


def test_one_person_cannot_carry_an_assessment_through_alone(owner, mo, reviewer):
    assessment = make_assessment(by=owner, complete=True)
    assign_perm("policies.edit_assessments", mo, assessment.policy)
    make_move("submit", assessment=assessment, by=mo)  # Mo never edited it: only submitted

    with pytest.raises(Refused) as refused:
        make_move("start_review", assessment=assessment, by=mo)
    assert messages(refused) == [
        "You started, edited or submitted this assessment, so you cannot start the review: "
        "someone independent of it must (separation of duties)"
    ]
    make_move("start_review", assessment=assessment, by=reviewer)
    with pytest.raises(Refused):
        make_move("approve", assessment=assessment, by=mo)
    make_move("approve", assessment=assessment, by=reviewer)
    with pytest.raises(Refused) as refused:
        make_move(
            "sign_off",
            assessment=assessment,
            by=mo,
            data={"attestation": True, "attestation_text": "x"},
        )
    assert (
        "You started, edited or submitted this assessment, so you cannot sign off: someone "
        "independent of it must (separation of duties)" in messages(refused)
    )


def test_whoever_approved_may_not_sign_off(owner, mo, signoff_officer, settings):
    assessment = make_assessment(by=owner, complete=True)
    make_move("submit", assessment=assessment, by=owner)
    make_move("start_review", assessment=assessment, by=mo)
    make_move("approve", assessment=assessment, by=mo)
    with pytest.raises(Refused) as refused:
        make_move(
            "sign_off",
            assessment=assessment,
            by=mo,
            data={"attestation": True, "attestation_text": settings.EQIA_ATTESTATION},
        )
    assert messages(refused) == [
        "You approved this assessment, so you cannot sign off: the sign-off must be independent "
        "of the review (separation of duties)"
    ]
    signed = make_move(
        "sign_off",
        assessment=assessment,
        by=signoff_officer,
        data={"attestation": True, "attestation_text": settings.EQIA_ATTESTATION},
    )
    assert signed.state == "signed_off"
