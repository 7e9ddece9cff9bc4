"""The decision actually taken, recorded after sign-off: the service (eqia.content.decision_record)
and its page (workflow/views/decision.py). Who may open the page:
tests/test_permission_matrix.py."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.dates import date_hint
from core.refusals import Refused
from eqia.content import decision_record
from eqia.models import Assessment, AssessmentState, AuditKind
from tests.assessment_factories import make_assessment
from tests.page import banners, error_summary, field_error, h1, links, parse, summary_list

S = AssessmentState
TAKEN_ON = timezone.localdate() - datetime.timedelta(days=2)
DECISION = {
    "taken_on": TAKEN_ON.strftime("%d/%m/%Y"),
    "body": "Cabinet",
    "result": "Agreed the policy as assessed.",
    "minutes_url": "https://democracy.example.gov.uk/cabinet/2026-11",
}


def url(assessment: Assessment) -> str:
    return reverse("workflow:decision", args=[assessment.pk])


def record(assessment: Assessment, by, **changes) -> list[str]:
    values = {
        "taken_on": TAKEN_ON,
        "body": "Cabinet",
        "result": "Agreed the policy as assessed.",
        "minutes_url": "",
        **changes,
    }
    return decision_record(assessment=assessment, by=by, **values)


@pytest.mark.django_db
def test_the_decision_is_recorded_on_a_signed_assessment_and_on_the_trail(owner):
    assessment = make_assessment(by=owner, complete=True, state=S.SIGNED_OFF)
    changed = record(assessment, owner, minutes_url="https://example.gov.uk/minutes")
    assert changed == [
        "decision_taken_on",
        "decision_body",
        "decision_result",
        "decision_minutes_url",
    ]
    stored = Assessment.objects.get(pk=assessment.pk)
    assert (stored.decision_taken_on, stored.decision_body, stored.decision_recorded_by) == (
        TAKEN_ON,
        "Cabinet",
        owner,
    )
    entry = stored.audit_entries.get(kind=AuditKind.DECISION)
    assert entry.actor_role == "Policy owner"
    assert entry.comment.startswith("Decision recorded: Cabinet, ")
    assert entry.details["after"]["decision_taken_on"] == TAKEN_ON.isoformat()


@pytest.mark.django_db
def test_a_change_to_the_record_is_kept_on_the_trail_with_what_it_was(owner, administrator):
    assessment = make_assessment(by=owner, complete=True, state=S.SUPERSEDED)
    record(assessment, owner)
    assert record(assessment, administrator, body="Full Council") == ["decision_body"]
    entries = list(assessment.audit_entries.filter(kind=AuditKind.DECISION).order_by("sequence"))
    assert len(entries) == 2
    assert entries[1].actor_role == "Administrator"
    assert entries[1].comment.startswith("Decision record changed: Full Council, ")
    assert entries[1].details["before"] == {"decision_body": "Cabinet"}
    with pytest.raises(Refused) as refused:
        record(assessment, owner, body="Full Council")
    assert refused.value.reasons[0].message.startswith("Nothing was changed")


@pytest.mark.django_db
def test_the_decision_is_not_recorded_before_sign_off_or_by_others(owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.APPROVED)
    with pytest.raises(Refused) as refused:
        record(assessment, owner)
    assert [r.message for r in refused.value.reasons] == [
        "The decision taken is recorded once the assessment is signed off: it is approved and "
        "waiting for sign-off"
    ]
    signed = make_assessment(by=owner, complete=True, state=S.SIGNED_OFF)
    with pytest.raises(Refused):
        record(signed, reviewer)
    assert not signed.audit_entries.filter(kind=AuditKind.DECISION).exists()


@pytest.mark.django_db
def test_every_missing_answer_and_a_future_date_are_refused_at_their_fields(owner):
    assessment = make_assessment(by=owner, complete=True, state=S.SIGNED_OFF)
    with pytest.raises(Refused) as refused:
        record(assessment, owner, taken_on=None, body=" ", result="")
    assert [(r.field, r.message) for r in refused.value.reasons] == [
        ("taken_on", "Enter the date of the decision"),
        ("body", "Enter who took the decision"),
        ("result", "Enter what was decided"),
    ]
    with pytest.raises(Refused) as refused:
        record(assessment, owner, taken_on=timezone.localdate() + datetime.timedelta(days=1))
    assert refused.value.reasons[0].field == "taken_on"


@pytest.mark.django_db
def test_the_owner_records_the_decision_from_the_signed_assessments_page(client, owner):
    assessment = make_assessment(by=owner, complete=True, state=S.SIGNED_OFF)
    client.force_login(owner)
    detail = client.get(assessment.get_absolute_url())
    assert links(detail)["Record the decision taken"] == url(assessment)
    page = client.get(url(assessment))
    assert h1(page) == "Record the decision taken"
    assert parse(page).find("label", **{"for": "id_taken_on"}).text == "Date of the decision"
    response = client.post(url(assessment), DECISION, follow=True)
    assert banners(response) == ["The decision taken was recorded."]
    shown = summary_list(response)
    assert shown["Who took it"] == "Cabinet"
    assert shown["What was decided"] == "Agreed the policy as assessed."
    assert shown["Minutes"] == DECISION["minutes_url"]
    assert links(response)["Change the record of the decision taken"] == url(assessment)


@pytest.mark.django_db
def test_a_bad_date_is_named_and_what_was_typed_is_kept(client, owner):
    assessment = make_assessment(by=owner, complete=True, state=S.SIGNED_OFF)
    client.force_login(owner)
    response = client.post(url(assessment), {**DECISION, "taken_on": "31/02/2026", "body": ""})
    assert response.status_code == 200
    assert field_error(response, "id_taken_on") == (
        f"Enter a real date for the date of the decision. {date_hint()}"
    )
    assert parse(response).find("textarea", name="result").text == DECISION["result"]
    assert not Assessment.objects.get(pk=assessment.pk).decision_recorded_at


@pytest.mark.django_db
def test_a_missing_answer_comes_back_at_its_field(client, owner):
    assessment = make_assessment(by=owner, complete=True, state=S.SIGNED_OFF)
    client.force_login(owner)
    response = client.post(url(assessment), {**DECISION, "body": ""})
    assert error_summary(response) == ["Enter who took the decision"]
    assert field_error(response, "id_body") == "Enter who took the decision"


@pytest.mark.django_db
def test_before_sign_off_the_page_says_why_and_offers_no_form(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    response = client.get(url(assessment))
    assert error_summary(response) == [
        "The decision taken is recorded once the assessment is signed off: it is a draft"
    ]
    assert not parse(response).find("main").find_all("form")
    assert "Record the decision taken" not in links(client.get(assessment.get_absolute_url()))


@pytest.mark.django_db
def test_readers_see_the_decision_but_may_not_record_it(client, owner, auditor):
    assessment = make_assessment(by=owner, complete=True, state=S.SIGNED_OFF)
    record(assessment, owner)
    client.force_login(auditor)
    assert summary_list(client.get(assessment.get_absolute_url()))["Who took it"] == "Cabinet"
    assert client.get(url(assessment)).status_code == 403
