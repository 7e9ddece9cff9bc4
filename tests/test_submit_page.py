"""The submit page, a GOV.UK "check your answers" page (the submit move's page: workflow/moves.py
_parts_to_check, templates/workflow/submit.html): every part's answers with a link to change
each, the parts' statuses, the reviewers' points still open, and every reason it cannot be
submitted yet. Who may open it: tests/test_permission_matrix.py."""

import pytest
from django.http import HttpResponse
from django.urls import reverse
from pytest_django.asserts import assertContains

from eqia.completeness import reason_url, submission_problems
from eqia.content import part_save
from eqia.models import Assessment, AssessmentState, Part, ReviewComment
from eqia.summary import part_answers
from tests.assessment_factories import make_assessment
from tests.page import Element, banners, error_summary, h1, links, parse, summary_list, title

S = AssessmentState
NOTHING_YET = "Nothing has been written yet: complete the parts before you submit"


def url(assessment: Assessment) -> str:
    return reverse("workflow:submit", args=[assessment.pk])


def part_url(assessment: Assessment, part: str) -> str:
    return reverse("assessments:part", args=[assessment.pk, part])


def state_of(assessment: Assessment) -> str:
    return Assessment.objects.get(pk=assessment.pk).state


def error_hrefs(response: HttpResponse) -> list[str]:
    summary = parse(response).find(class_="govuk-error-summary__list")
    return [link.attrs["href"] for link in summary.find_all("a")]


def buttons(response: HttpResponse) -> list[str]:
    return [button.text for button in parse(response).find_all("button")]


def card(response: HttpResponse, part: str) -> Element:
    return parse(response).find(id=f"check-{part}")


@pytest.mark.django_db
def test_an_empty_draft_is_not_offered_for_review(client, owner):
    assessment = make_assessment(by=owner)  # nothing written
    client.force_login(owner)
    detail = client.get(assessment.get_absolute_url())
    assert "Submit for review" not in links(detail)
    response = client.get(url(assessment))
    problems = submission_problems(assessment)
    assert error_summary(response) == [NOTHING_YET] + [str(reason) for reason in problems]
    assert error_hrefs(response) == [reason_url(assessment, reason) for reason in problems]
    assert title(response).startswith("Error: ")
    assert "Submit for review" not in buttons(response)
    assert h1(response) == "Check your assessment before you submit it"


@pytest.mark.django_db
def test_once_a_part_is_started_the_page_lists_what_is_missing_and_it_may_be_tried(client, owner):
    assessment = make_assessment(by=owner)
    part_save(assessment=assessment, by=owner, part=Part.EVIDENCE, values={}, completed=False)
    client.force_login(owner)
    assert "Submit for review" in links(client.get(assessment.get_absolute_url()))
    response = client.post(url(assessment))
    assert response.status_code == 200
    assert error_summary(response) == [str(r) for r in submission_problems(assessment)]
    assert error_hrefs(response)[0].startswith(part_url(assessment, "about") + "#id_")
    assert state_of(assessment) == S.DRAFT


@pytest.mark.django_db
def test_the_page_shows_every_answer_with_a_link_to_change_it(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    response = client.get(url(assessment))
    titles = [h2.text for h2 in parse(response).find_all("h2", class_="govuk-summary-card__title")]
    assert titles == [f"{number}. {part.label}" for number, part in enumerate(Part, start=1)]
    about = card(response, "about")
    answers = summary_list(about)
    assert answers["Purpose and aims of the policy"] == assessment.purpose
    assert answers["Is this"] == "A review of an existing policy"
    assert answers["Decision pathway"].startswith("Cabinet, ")
    change = about.find("a", href=part_url(assessment, "about") + "#id_purpose")
    assert change.text == "Change purpose and aims of the policy"
    assert about.find_all("a", href=part_url(assessment, "about") + "#id_policy_stage_0")
    impacts = summary_list(card(response, "impacts"))
    assert impacts["Sexual orientation"] == (
        "Neutral No differential effect found for Sexual orientation."
    )
    # Every part's status, beside its name.
    statuses = [
        card(response, part.value).find("ul", class_="govuk-summary-card__actions").text
        for part in Part
    ]
    assert all(status.startswith("Completed") for status in statuses)


@pytest.mark.django_db
def test_every_answer_of_every_part_is_on_the_page(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    response = client.get(url(assessment))
    for part in Part:
        shown = summary_list(card(response, part.value))
        for answer in part_answers(assessment, part):
            assert shown[answer.label] == (answer.value or "Not given"), (part, answer.label)


@pytest.mark.django_db
def test_a_complete_assessment_is_submitted_from_its_check_page(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    page = client.get(url(assessment))
    assert error_summary(page) == []
    assertContains(
        page,
        '<button type="submit" class="govuk-button" data-module="govuk-button">'
        "Submit for review</button>",
        html=True,
    )
    assert not title(page).startswith("Error:")
    response = client.post(url(assessment), follow=True)
    assert response.redirect_chain[0] == (assessment.get_absolute_url(), 302)
    assert state_of(assessment) == S.SUBMITTED
    assert banners(response) == [
        f"{assessment.policy.reference} EqIA v1 was submitted for review. "
        "The EDI reviewers have been told by e-mail."
    ]


@pytest.mark.django_db
def test_resubmitting_warns_about_reviewers_points_still_open_without_stopping_it(
    client, owner, reviewer
):
    assessment = make_assessment(by=owner, complete=True, state=S.CHANGES_REQUESTED)
    open_point = ReviewComment.objects.create(
        assessment=assessment,
        part="evidence",
        author=reviewer,
        text="Which tables?",
        review_round=1,
    )
    ReviewComment.objects.create(
        assessment=assessment, part="aims", author=owner, text="My answer", review_round=1
    )
    client.force_login(owner)
    response = client.get(url(assessment))
    warning = parse(response).find(class_="govuk-warning-text").text
    assert "1 reviewer comment is still open." in warning
    (item,) = parse(response).find(id="unanswered-comments").find_all("li")
    assert (
        item.text == "Evidence and engagement: Erin Reid, review round 1: \u201cWhich tables?\u201d"
    )
    assert item.find("a").attrs["href"] == (
        part_url(assessment, "evidence") + f"#comment-{open_point.pk}"
    )
    assert "Submit for review" in buttons(response)
    assert client.post(url(assessment)).status_code == 302
    assert state_of(assessment) == S.SUBMITTED
