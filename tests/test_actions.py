import pytest
from django.urls import reverse

from core.dates import date_hint
from eqia.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    AssessmentState,
    AuditEntry,
    AuditKind,
    Characteristic,
)
from tests.assessment_factories import add_action, make_assessment, set_state
from tests.page import (
    banners,
    error_summary,
    h1,
    parse,
    summary_list,
    table_rows,
    text_of,
    title,
    urls,
)


def add_url(assessment):
    return reverse("assessments:action_add", args=[assessment.pk])


def edit_url(action):
    return reverse("assessments:action_edit", args=[action.pk])


def remove_url(action):
    return reverse("assessments:action_remove", args=[action.pk])


def update_url(action):
    return reverse("assessments:action_update", args=[action.pk])


def actions_page(assessment):
    return reverse("assessments:part", args=[assessment.pk, "actions"])


@pytest.mark.django_db
def test_the_author_adds_an_action_with_owner_due_date_and_characteristics(
    client, owner, colleague
):
    assessment = make_assessment(by=owner)
    race, sex = Characteristic.objects.filter(name__in=["Race", "Sex"]).order_by("name")
    client.force_login(owner)
    page = parse(client.get(add_url(assessment)))
    owners = [option.text for option in page.find("select", name="owner").find_all("option")]
    assert "Bob Baker (bob@example.gov.uk)" in owners
    characteristics = page.find_all("input", name="characteristics", type="checkbox")
    assert len(characteristics) == 11
    labels = [label.text for label in page.find_all("label", class_="govuk-checkboxes__label")]
    assert "Armed Forces community" in labels
    response = client.post(
        add_url(assessment),
        {
            "description": "Consult the race equality forum",
            "owner": colleague.pk,
            "due_date": "31/01/2027",
            "characteristics": [race.pk, sex.pk],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == actions_page(assessment)
    action = Action.objects.get(assessment=assessment)
    assert (action.owner, str(action.due_date)) == (colleague, "2027-01-31")
    assert set(action.characteristics.all()) == {race, sex}
    entry = AuditEntry.objects.filter(assessment=assessment, kind=AuditKind.CONTENT).get()
    assert (entry.actor, entry.part) == (owner, "actions")
    ((description, *_),) = table_rows(client.get(actions_page(assessment)), caption="Actions")[1:]
    assert description.startswith("Consult the race equality forum For: Race, Sex")


@pytest.mark.django_db
def test_an_action_needs_a_description_a_lead_and_a_due_date(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(add_url(assessment), {"description": "", "due_date": "soon"})
    assert response.status_code == 200
    assert title(response).startswith("Error: Add an action – ")
    assert error_summary(response) == [
        "Enter the action",
        "Choose the lead person, or enter the lead team or partner (or both)",
        f"Enter a real date for the due date. {date_hint()}",
    ]
    summary = parse(response).find(class_="govuk-error-summary__list")
    assert [link.attrs["href"] for link in summary.find_all("a")] == [
        "#id_description",
        "#id_owner",
        "#id_due_date",
    ]
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_the_author_changes_an_action(client, owner, colleague):
    assessment = make_assessment(by=owner)
    action = add_action(assessment, owner=colleague, description="Old words")
    client.force_login(owner)
    page = parse(client.get(edit_url(action)))
    assert page.find("textarea", name="description").text == "Old words"
    assert page.find("input", name="due_date").attrs["value"] == "31/03/2027"
    response = client.post(
        edit_url(action),
        {"description": "New words", "owner": owner.pk, "due_date": "01/04/2027"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.owner) == ("New words", owner)
    entry = AuditEntry.objects.filter(kind=AuditKind.CONTENT).latest("sequence")
    assert entry.details["changed"] == [
        f"action {action.pk}: description",
        f"action {action.pk}: owner",
        f"action {action.pk}: due_date",
    ]


@pytest.mark.django_db
def test_the_author_removes_an_action_after_confirming(client, owner):
    assessment = make_assessment(by=owner)
    action = add_action(assessment, owner=owner, description="Remove me")
    client.force_login(owner)
    response = client.get(remove_url(action))
    assert h1(response) == "Remove this action?"
    assert (
        parse(response)
        .find(class_="govuk-inset-text")
        .text.startswith("Remove me Lead: Alice Owen. Due ")
    )
    assert Action.objects.filter(pk=action.pk).exists()
    response = client.post(remove_url(action))
    assert response.status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()
    entry = AuditEntry.objects.filter(kind=AuditKind.CONTENT).latest("sequence")
    assert entry.comment == "Action removed: Remove me"


@pytest.mark.django_db
def test_the_action_plan_is_frozen_once_submitted(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    action = add_action(assessment, owner=owner, description="Keep me")
    set_state(assessment, AssessmentState.SUBMITTED)
    client.force_login(owner)
    for url in [add_url(assessment), edit_url(action), remove_url(action)]:
        response = client.post(url, {"description": "x"}, follow=True)
        assert banners(response) == [
            "Nothing was saved: this assessment is submitted for review, and its content can be"
            " changed only while it is a draft or changes are requested."
        ]
    action.refresh_from_db()
    assert action.description == "Keep me"
    assert assessment.actions.count() == 1
    page = client.get(actions_page(assessment))
    assert "Add an action" not in text_of(page)
    assert edit_url(action) not in urls(page)


@pytest.mark.django_db
def test_readers_and_outsiders_cannot_edit_actions(client, owner, outsider, administrator):
    assessment = make_assessment(by=owner)
    action = add_action(assessment, owner=owner)
    client.force_login(outsider)
    for url in [add_url(assessment), edit_url(action), remove_url(action)]:
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    client.force_login(administrator)
    for url in [add_url(assessment), edit_url(action), remove_url(action)]:
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    assert Action.objects.filter(pk=action.pk).exists()


@pytest.mark.django_db
def test_the_action_owner_updates_status_after_sign_off_without_seeing_the_assessment(
    client, owner, outsider
):
    assessment = make_assessment(by=owner, complete=True)
    action = add_action(assessment, owner=outsider, description="Train the front desk")
    set_state(assessment, AssessmentState.SIGNED_OFF)
    client.force_login(outsider)
    assert client.get(reverse("workflow:detail", args=[assessment.pk])).status_code == 404
    assert summary_list(client.get(update_url(action)))["Action"] == "Train the front desk"
    response = client.post(update_url(action), {"status": "done", "note": "All trained."})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    update = ActionUpdate.objects.get(action=action)
    assert (update.by, update.note) == (outsider, "All trained.")
    assert AuditEntry.objects.filter(
        assessment=assessment, kind=AuditKind.ACTION_UPDATE, actor=outsider
    ).exists()


@pytest.mark.django_db
def test_the_owner_of_the_policy_updates_status_and_sees_the_history(client, owner, colleague):
    assessment = make_assessment(by=owner, complete=True)
    action = add_action(assessment, owner=colleague)
    set_state(assessment, AssessmentState.SIGNED_OFF)
    client.force_login(owner)
    client.post(update_url(action), {"status": "in_progress", "note": "Started."})
    response = client.post(update_url(action), {"status": "done", "note": "Finished."})
    assert response["Location"] == reverse("workflow:detail", args=[assessment.pk]) + "#actions"
    history = parse(client.get(update_url(action))).find("ul", class_="govuk-list--bullet")
    started, finished = [item.text for item in history.find_all("li")]
    assert started.startswith("In progress – Alice Owen, ") and started.endswith(": Started.")
    assert finished.startswith("Done – Alice Owen, ") and finished.endswith(": Finished.")


@pytest.mark.django_db
def test_the_same_status_without_a_note_is_refused_at_the_field(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    action = add_action(assessment, owner=owner)
    set_state(assessment, AssessmentState.SIGNED_OFF)
    client.force_login(owner)
    response = client.post(update_url(action), {"status": "open", "note": ""})
    assert response.status_code == 200
    (message,) = error_summary(response)
    assert message.startswith("The action is already open")
    assert parse(response).find("a", href="#id_status_0").text == message
    assert not ActionUpdate.objects.exists()


@pytest.mark.django_db
def test_who_may_update_an_action(client, owner, colleague, outsider, reviewer, administrator):
    assessment = make_assessment(by=owner, complete=True)
    action = add_action(assessment, owner=colleague)
    set_state(assessment, AssessmentState.SIGNED_OFF)
    answers = {}
    for name, person in [
        ("reviewer", reviewer),
        ("outsider", outsider),
        ("administrator", administrator),
        ("colleague", colleague),
    ]:
        client.force_login(person)
        answers[name] = client.get(update_url(action)).status_code
    client.logout()
    answers["anonymous"] = client.get(update_url(action)).status_code
    assert answers == {
        "reviewer": 403,  # sees the submitted assessment, may not update its actions
        "outsider": 404,
        "administrator": 200,
        "colleague": 200,  # the action's owner
        "anonymous": 302,
    }


@pytest.mark.django_db
def test_an_auditor_reads_but_does_not_update_actions(client, owner, auditor):
    assessment = make_assessment(by=owner, complete=True)
    action = add_action(assessment, owner=owner)
    set_state(assessment, AssessmentState.SIGNED_OFF)
    client.force_login(auditor)
    page = client.get(reverse("workflow:detail", args=[assessment.pk]))
    assert table_rows(page, caption="Actions")[1][0] == action.description
    assert update_url(action) not in urls(page)
    assert client.post(update_url(action), {"status": "done"}).status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


@pytest.mark.django_db
def test_a_withdrawn_assessments_actions_are_no_longer_updated(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    action = add_action(assessment, owner=owner)
    set_state(assessment, AssessmentState.WITHDRAWN)
    client.force_login(owner)
    response = client.post(update_url(action), {"status": "done"}, follow=True)
    assert banners(response) == [
        "This assessment is withdrawn: its actions are no longer tracked here."
    ]
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
