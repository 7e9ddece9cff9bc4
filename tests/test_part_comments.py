"""Reviewers' comments and the author's replies beside a part."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from eqia.models import AssessmentState, AuditEntry, AuditKind, ReviewComment
from tests.assessment_factories import make_assessment
from tests.page import banners, field_error, parse, text_of
from tests.parts import part_url


@pytest.mark.django_db
def test_reviewers_comments_appear_on_their_part_with_a_reply_box(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.CHANGES_REQUESTED)
    ReviewComment.objects.create(
        assessment=assessment,
        part="evidence",
        author=reviewer,
        text="Please add complaints data.",
        review_round=1,
    )
    client.force_login(owner)
    comments = parse(client.get(part_url(assessment, "evidence"))).find(id="comments")
    (comment,) = comments.find_all(class_="govuk-inset-text")
    assert comment.text.startswith("Erin Reid, ")
    assert comment.text.endswith(" review round 1 Please add complaints data.")
    assert comments.find("label").text == "Your reply"
    other = client.get(part_url(assessment, "aims"))
    assert "Please add complaints data." not in text_of(other)


@pytest.mark.django_db
def test_the_author_replies_on_a_part(client, owner):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.CHANGES_REQUESTED)
    client.force_login(owner)
    url = reverse("assessments:comment", args=[assessment.pk, "evidence"])
    response = client.post(url, {"text": "Added complaints for 2024-25."})
    assert response.status_code == 302
    assert response["Location"].endswith("/parts/evidence/#comments")
    comment = ReviewComment.objects.get(assessment=assessment)
    assert (comment.author, comment.part, comment.text) == (
        owner,
        "evidence",
        "Added complaints for 2024-25.",
    )
    assert AuditEntry.objects.filter(assessment=assessment, kind=AuditKind.COMMENT).exists()


@pytest.mark.django_db
def test_an_empty_reply_is_refused_at_its_field(client, owner):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.CHANGES_REQUESTED)
    client.force_login(owner)
    url = reverse("assessments:comment", args=[assessment.pk, "evidence"])
    response = client.post(url, {"text": ""})
    assert response.status_code == 200
    assertContains(response, '<a href="#id_text">Enter your reply</a>', html=True)
    assert field_error(response, "id_text") == "Enter your reply"
    assert not ReviewComment.objects.exists()


@pytest.mark.django_db
def test_there_is_no_reply_box_while_the_state_does_not_allow_comments(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    url = reverse("assessments:comment", args=[assessment.pk, "evidence"])
    page = client.get(part_url(assessment, "evidence"))
    assert parse(page).find_all("form", action=url) == []
    assert "Your reply" not in text_of(page)
    response = client.post(url, {"text": "Hello"}, follow=True)
    assert banners(response) == [
        "You can answer on a part while the assessment is in review or changes are requested:"
        " it is a draft."
    ]
    assert not ReviewComment.objects.exists()


@pytest.mark.django_db
def test_readers_without_a_part_in_review_cannot_comment(client, owner, auditor):
    assessment = make_assessment(by=owner, complete=True, state=AssessmentState.SIGNED_OFF)
    client.force_login(auditor)
    url = reverse("assessments:comment", args=[assessment.pk, "evidence"])
    assert client.post(url, {"text": "Hello"}).status_code == 403
