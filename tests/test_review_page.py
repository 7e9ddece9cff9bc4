"""The review page (every part with its comments, and the reviewer's decision) and the comments
posted from it (workflow/views/assessment.py). Who may open it: test_permission_matrix.py."""

import pytest
from django.http import HttpResponse
from django.urls import reverse

from core.roles import Role
from eqia.content import comment_add
from eqia.models import Assessment, AssessmentState, Part, ReviewComment
from tests.assessment_factories import add_content_entry, make_assessment, set_state
from tests.factories import make_user
from tests.page import Element, error_summary, parse, title

S = AssessmentState


def url(name: str, assessment: Assessment) -> str:
    return reverse(f"workflow:{name}", args=[assessment.pk])


def forms_posting_to(response: HttpResponse, action: str) -> list[Element]:
    return parse(response).find_all("form", method="post", action=action)


@pytest.mark.django_db
def test_the_review_page_shows_each_part_its_comments_and_a_form_per_part(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    comment_add(assessment=assessment, by=reviewer, part=Part.AIMS, text="Aim 3 needs an example")
    client.force_login(reviewer)
    response = client.get(url("review", assessment))
    tree = parse(response)
    sections = [tree.find("section", id=f"part-{part.value}") for part in Part]
    assert "Aim 3 needs an example" in sections[list(Part).index(Part.AIMS)].text
    assert assessment.purpose in sections[0].text
    assert len(forms_posting_to(response, url("comment", assessment))) == len(Part)
    assert forms_posting_to(response, url("request_changes", assessment))
    assert forms_posting_to(response, url("approve", assessment))
    [state_line] = [p.text for p in tree.find_all("p") if p.text.startswith("State:")]
    assert "Approvals: 0 of 1" in state_line


@pytest.mark.django_db
def test_the_author_sees_the_review_without_the_reviewers_decision_buttons(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(owner)
    response = client.get(url("review", assessment))
    assert not forms_posting_to(response, url("request_changes", assessment))
    assert not forms_posting_to(response, url("approve", assessment))
    # The author side may answer on each part.
    assert len(forms_posting_to(response, url("comment", assessment))) == len(Part)


@pytest.mark.django_db
def test_a_reviewer_who_edited_it_gets_no_comment_forms_or_buttons(client, owner):
    editor = make_user("frank", Role.EDI_REVIEWER)
    assessment = make_assessment(by=owner, complete=True)
    add_content_entry(assessment, by=editor)
    set_state(assessment, S.IN_REVIEW)
    client.force_login(editor)
    response = client.get(url("review", assessment))
    assert not forms_posting_to(response, url("comment", assessment))
    assert not forms_posting_to(response, url("approve", assessment))


@pytest.mark.django_db
def test_a_comment_is_added_and_the_page_returns_to_a_safe_next(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    back = url("review", assessment) + "#part-aims"
    response = client.post(
        url("comment", assessment), {"part": "aims", "text": "Give an example", "next": back}
    )
    assert (response.status_code, response["Location"]) == (302, back)
    comment = ReviewComment.objects.get(assessment=assessment)
    assert (comment.part, comment.text, comment.author) == ("aims", "Give an example", reviewer)


@pytest.mark.django_db
def test_a_comment_never_redirects_off_the_site(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    for unsafe in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.post(
            url("comment", assessment), {"part": "aims", "text": "x", "next": unsafe}
        )
        assert response["Location"] == url("review", assessment) + "#part-aims"


@pytest.mark.django_db
def test_a_refused_comment_shows_the_review_page_with_the_reason(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    response = client.post(url("comment", assessment), {"part": "impacts", "text": "  "})
    assert response.status_code == 200
    assert error_summary(response) == ["Enter your comment"]
    summary = parse(response).find(class_="govuk-error-summary__list")
    assert [link.attrs["href"] for link in summary.find_all("a")] == ["#id_impacts_text"]
    assert title(response).startswith("Error: ")
    assert not ReviewComment.objects.exists()


@pytest.mark.django_db
def test_comment_is_post_only(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    assert client.get(url("comment", assessment)).status_code == 405
