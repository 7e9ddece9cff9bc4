"""Who is e-mailed on each move, with what, and only once the move has committed."""

import pytest
from django.conf import settings
from django.core import mail
from guardian.shortcuts import assign_perm

from core.refusals import Refused
from core.roles import Role
from eqia.models import AssessmentState
from tests.assessment_factories import PLANNED_DECISION_DATE, long_date, make_assessment
from tests.factories import make_policy, make_service_area, make_user
from workflow.services import make_move

S = AssessmentState


def recipients() -> list[list[str]]:
    return [message.to for message in mail.outbox]


@pytest.fixture
def housing_policy(owner):
    return make_policy(
        reference="HOU-012",
        title="Housing allocations",
        owner=owner,
        service_area=make_service_area("Housing"),
        covenant_functions=["housing"],
    )


@pytest.mark.django_db
def test_submit_emails_every_active_edi_reviewer_with_an_address(
    owner, reviewer, housing_policy, django_capture_on_commit_callbacks, settings
):
    settings.EQIA_SITE_URL = "https://eqia.example.gov.uk"
    make_user("frank", Role.EDI_REVIEWER)
    make_user("gone", Role.EDI_REVIEWER, is_active=False)
    make_user("noaddress", Role.EDI_REVIEWER, email="")
    make_user("notreviewer", Role.SIGN_OFF_OFFICER)
    assessment = make_assessment(housing_policy, by=owner, complete=True)
    with django_capture_on_commit_callbacks(execute=True):
        make_move("submit", assessment=assessment, by=owner)
    assert recipients() == [["erin@example.gov.uk"], ["frank@example.gov.uk"]]
    message = mail.outbox[0]
    assert message.subject == "HOU-012 EqIA v1: submitted for equality review"
    assert "Dear Erin Reid," in message.body
    assert "HOU-012: Housing allocations" in message.body
    assert f"https://eqia.example.gov.uk/assessments/{assessment.pk}/" in message.body
    assert "&#x27;" not in message.body and "&amp;" not in message.body


@pytest.mark.django_db
def test_nothing_is_sent_before_the_move_commits(
    owner, reviewer, django_capture_on_commit_callbacks
):
    assessment = make_assessment(by=owner, complete=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_move("submit", assessment=assessment, by=owner)
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert recipients() == [["erin@example.gov.uk"]]


@pytest.mark.django_db
def test_a_refused_move_sends_nothing(owner, reviewer, django_capture_on_commit_callbacks):
    assessment = make_assessment(by=owner)  # incomplete
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refused):
        make_move("submit", assessment=assessment, by=owner)
    assert mail.outbox == []


@pytest.mark.django_db
def test_changes_requested_emails_who_started_it_and_the_policy_owner(
    owner, colleague, reviewer, housing_policy, django_capture_on_commit_callbacks
):
    assign_perm("policies.edit_assessments", colleague, housing_policy)
    assessment = make_assessment(housing_policy, by=colleague, complete=True, state=S.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        make_move(
            "request_changes",
            assessment=assessment,
            by=reviewer,
            data={"comment": "Add the 2024 tenant survey"},
        )
    assert recipients() == [["bob@example.gov.uk"], ["alice@example.gov.uk"]]
    message = mail.outbox[0]
    assert message.subject == "HOU-012 EqIA v1: changes requested"
    assert "Erin Reid of the EDI group has asked for changes" in message.body
    assert "Add the 2024 tenant survey" in message.body
    assert settings.EQIA_SITE_URL + assessment.get_absolute_url() in message.body


@pytest.mark.django_db
def test_the_owner_who_started_it_is_emailed_once(
    owner, reviewer, django_capture_on_commit_callbacks
):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        make_move("request_changes", assessment=assessment, by=reviewer, data={"comment": "More"})
    assert recipients() == [["alice@example.gov.uk"]]


@pytest.mark.django_db
def test_return_to_author_emails_the_author_with_the_reasons(
    owner, signoff_officer, housing_policy, django_capture_on_commit_callbacks
):
    assessment = make_assessment(housing_policy, by=owner, complete=True, state=S.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        make_move(
            "return_to_author",
            assessment=assessment,
            by=signoff_officer,
            data={"comment": "The outcome needs actions"},
        )
    [message] = mail.outbox
    assert message.to == ["alice@example.gov.uk"]
    assert message.subject == "HOU-012 EqIA v1: returned to you by the sign-off officer"
    assert "Sam Sinclair has returned" in message.body
    assert "The outcome needs actions" in message.body


@pytest.mark.django_db
def test_approval_emails_the_sign_off_officers_for_the_service_area(
    owner, reviewer, signoff_officer, housing_policy, django_capture_on_commit_callbacks
):
    schools_only = make_user("sally", Role.SIGN_OFF_OFFICER)
    assign_perm("policies.sign_off_assessments", schools_only, make_service_area("Schools"))
    housing_officer = make_user("harry", Role.SIGN_OFF_OFFICER)
    assign_perm("policies.sign_off_assessments", housing_officer, housing_policy.service_area)
    assessment = make_assessment(housing_policy, by=owner, complete=True, state=S.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        make_move("approve", assessment=assessment, by=reviewer)
    # sam is not limited to any area; harry is limited to Housing; sally to Schools.
    assert recipients() == [["sam@example.gov.uk"], ["harry@example.gov.uk"]]
    assert mail.outbox[0].subject == "HOU-012 EqIA v1: approved and ready for sign-off"
    assert f"Planned decision date: {long_date(PLANNED_DECISION_DATE)}" in mail.outbox[0].body


@pytest.mark.django_db
def test_an_approval_short_of_the_number_required_emails_nobody(
    owner, reviewer, signoff_officer, django_capture_on_commit_callbacks, settings
):
    settings.EQIA_APPROVALS_REQUIRED = 2
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        make_move("approve", assessment=assessment, by=reviewer)
    assert mail.outbox == []


@pytest.mark.django_db
def test_sign_off_emails_the_author(
    owner, signoff_officer, housing_policy, django_capture_on_commit_callbacks
):
    assessment = make_assessment(housing_policy, by=owner, complete=True, state=S.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        make_move(
            "sign_off",
            assessment=assessment,
            by=signoff_officer,
            data={
                "attestation": bool(settings.EQIA_ATTESTATION),
                "attestation_text": settings.EQIA_ATTESTATION,
            },
        )
    [message] = mail.outbox
    assert message.to == ["alice@example.gov.uk"]
    assert message.subject == "HOU-012 EqIA v1: signed off"
    assert "Sam Sinclair has signed off" in message.body


@pytest.mark.django_db
def test_a_failed_send_does_not_undo_the_move_or_stop_the_others(
    owner, reviewer, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    make_user("frank", Role.EDI_REVIEWER)
    sent = []
    original = mail.EmailMessage.send

    def flaky_send(message, *args, **kwargs):
        if message.to == ["erin@example.gov.uk"]:
            raise ConnectionRefusedError("mail server down")
        sent.append(message.to)
        return original(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", flaky_send)
    assessment = make_assessment(by=owner, complete=True)
    with django_capture_on_commit_callbacks(execute=True):
        result = make_move("submit", assessment=assessment, by=owner)
    assert result.state == S.SUBMITTED
    assert sent == [["frank@example.gov.uk"]]
    assert "E-mail 'emails/workflow/submitted.txt' to erin@example.gov.uk not sent" in caplog.text
