"""The workflow's move pages (workflow/views/moves.py): what each shows, and what making a move
there does or why it is refused. Who may open each page: tests/test_permission_matrix.py."""

import pytest
from django.http import HttpResponse
from django.urls import reverse
from guardian.shortcuts import assign_perm
from pytest_django.asserts import assertContains, assertRedirects

from eqia.models import Assessment, AssessmentState
from tests.assessment_factories import make_assessment
from tests.factories import make_policy, make_service_area
from tests.page import banners, error_summary, field_error, h1, parse
from workflow.services import make_move

S = AssessmentState


def url(name: str, assessment: Assessment) -> str:
    return reverse(f"workflow:{name}", args=[assessment.pk])


def state_of(assessment: Assessment) -> str:
    return Assessment.objects.get(pk=assessment.pk).state


def error_hrefs(response: HttpResponse) -> list[str]:
    """Where each line of the error summary leads."""
    summary = parse(response).find(class_="govuk-error-summary__list")
    return [link.attrs["href"] for link in summary.find_all("a")]


def buttons(response: HttpResponse) -> list[str]:
    return [button.text for button in parse(response).find_all("button")]


# Submit


@pytest.mark.django_db
def test_a_second_submit_is_told_who_submitted_first(client, owner, colleague):
    assessment = make_assessment(by=owner, complete=True)
    assign_perm("policies.edit_assessments", colleague, assessment.policy)
    client.force_login(colleague)
    client.get(url("submit", assessment))  # bob opens the page...
    make_move("submit", assessment=assessment, by=owner)  # ...alice submits first
    response = client.post(url("submit", assessment))
    assert response.status_code == 200
    [line] = error_summary(response)
    assert line.startswith("This assessment was already submitted by Alice Owen at ")


# Reviewing


@pytest.mark.django_db
def test_start_review_moves_it_into_review(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.SUBMITTED)
    client.force_login(reviewer)
    response = client.post(url("start_review", assessment))
    assertRedirects(response, assessment.get_absolute_url(), fetch_redirect_response=False)
    assert state_of(assessment) == S.IN_REVIEW


@pytest.mark.django_db
def test_request_changes_without_a_comment_shows_the_error_at_the_field(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    response = client.post(url("request_changes", assessment), {"comment": " "})
    assert response.status_code == 200
    assert error_summary(response) == ["Enter what needs to change"]
    assert error_hrefs(response) == ["#id_comment"]
    assert field_error(response, "id_comment") == "Enter what needs to change"
    assert state_of(assessment) == S.IN_REVIEW


@pytest.mark.django_db
def test_request_changes_with_a_comment_sends_it_back(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    response = client.post(url("request_changes", assessment), {"comment": "More evidence"})
    assert response.status_code == 302
    stored = Assessment.objects.get(pk=assessment.pk)
    assert (stored.state, stored.review_round) == (S.CHANGES_REQUESTED, 2)


@pytest.mark.django_db
def test_approve_says_how_many_approvals_there_are(client, owner, reviewer, settings):
    settings.EQIA_APPROVALS_REQUIRED = 2
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    page = client.get(url("approve", assessment))
    assertContains(page, '<p class="govuk-body">Approvals: 0 of 2.</p>', html=True)
    response = client.post(url("approve", assessment), {"comment": ""}, follow=True)
    assert banners(response) == [
        f"Your approval of {assessment.policy.reference} EqIA v1 was recorded: 1 of 2 approvals."
    ]
    again = client.get(url("approve", assessment))
    assert error_summary(again) == [
        "You have already approved this assessment in this review round"
    ]
    assert "Approve" not in buttons(again)


# Sign-off and return


@pytest.mark.django_db
def test_return_needs_reasons(client, owner, signoff_officer):
    assessment = make_assessment(by=owner, complete=True, state=S.APPROVED)
    client.force_login(signoff_officer)
    response = client.post(url("return_to_author", assessment), {"comment": ""})
    assert error_summary(response) == ["Enter why you are returning the assessment"]
    response = client.post(url("return_to_author", assessment), {"comment": "Outcome unclear"})
    assert response.status_code == 302
    assert state_of(assessment) == S.CHANGES_REQUESTED


@pytest.mark.django_db
def test_a_sign_off_officer_for_another_area_cannot_open_the_sign_off_page(
    client, owner, signoff_officer
):
    assign_perm("policies.sign_off_assessments", signoff_officer, make_service_area("Schools"))
    policy = make_policy(owner=owner, service_area=make_service_area("Housing"))
    assessment = make_assessment(policy, by=owner, complete=True, state=S.APPROVED)
    client.force_login(signoff_officer)
    assert client.get(url("sign_off", assessment)).status_code == 404


# Withdraw and recall


@pytest.mark.django_db
def test_withdraw_needs_a_reason_then_withdraws(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(url("withdraw", assessment), {"reason": ""})
    assert error_summary(response) == ["Enter why the assessment is withdrawn"]
    assert error_hrefs(response) == ["#id_reason"]
    response = client.post(url("withdraw", assessment), {"reason": "Policy dropped"})
    assert response.status_code == 302
    assert state_of(assessment) == S.WITHDRAWN


@pytest.mark.django_db
def test_the_recall_page_of_an_assessment_in_review_says_why_not(client, owner):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(owner)
    response = client.get(url("recall", assessment))
    assert error_summary(response) == [
        "You cannot recall the submission now: this assessment is in review"
    ]
    assert "Recall the submission" not in buttons(response)
    assert h1(response) == "Recall the submission?"
