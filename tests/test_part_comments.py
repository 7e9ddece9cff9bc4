"""Reviewers' comments and the author's replies beside a part (eqia/views/parts.py): the reply is
a box of the part's own form while the author may change the content too, so saving the part
saves the reply."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from eqia.content import comment_add
from eqia.models import AssessmentState, AuditEntry, AuditKind, Part, ReviewComment
from tests.assessment_factories import make_assessment
from tests.page import banners, error_summary, field_error, parse, text_of
from tests.parts import part_url

S = AssessmentState
EVIDENCE = {"data_sources": "Census 2021; complaints 2024-25.", "engagement": "Tenant panel."}


def reviewer_comment(assessment, reviewer, part="evidence", text="Please add complaints data."):
    """A reviewer's point made while the assessment was in review (round 1)."""
    return ReviewComment.objects.create(
        assessment=assessment, part=part, author=reviewer, text=text, review_round=1
    )


def comment_url(assessment, part="evidence"):
    return reverse("assessments:comment", args=[assessment.pk, part])


@pytest.mark.django_db
def test_reviewers_comments_appear_on_their_part_with_a_reply_box_in_the_parts_form(
    client, owner, reviewer
):
    assessment = make_assessment(by=owner, complete=True, state=S.CHANGES_REQUESTED)
    reviewer_comment(assessment, reviewer)
    client.force_login(owner)
    page = parse(client.get(part_url(assessment, "evidence")))
    comments = page.find(id="comments")
    (comment,) = comments.find_all(class_="govuk-inset-text")
    assert comment.text.startswith("Erin Reid (EDI reviewer), ")
    assert " review round 1 · Open Please add complaints data. Mark as resolved" in comment.text
    # The section, its reply box and its tick box are inside the part's form.
    form = page.find("form", id="part-form")
    assert form.find_all(id="comments")
    assert form.find("label", **{"for": "id_reply-text"}).text == "Your reply"
    assert form.find("input", type="checkbox", name="resolve").attrs["value"] == str(
        assessment.comments.get().pk
    )
    assert not page.find_all("form", action=comment_url(assessment))
    assert "Please add complaints data." not in text_of(client.get(part_url(assessment, "aims")))


@pytest.mark.django_db
def test_the_reply_is_saved_with_the_part_in_one_save(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.CHANGES_REQUESTED)
    reviewer_comment(assessment, reviewer)
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "evidence"),
        {**EVIDENCE, "reply-text": "Added complaints for 2024-25.", "then": "next"},
        follow=True,
    )
    assert response.redirect_chain == [(part_url(assessment, "impacts"), 302)]
    assert banners(response) == [
        "\u201cEvidence and engagement\u201d saved and marked as completed, with your reply."
    ]
    assessment.refresh_from_db()
    assert assessment.data_sources == EVIDENCE["data_sources"]
    reply = assessment.comments.get(author=owner)
    assert (reply.part, reply.text) == ("evidence", "Added complaints for 2024-25.")
    kinds = list(assessment.audit_entries.order_by("-sequence").values_list("kind", flat=True)[:2])
    assert kinds == [AuditKind.COMMENT, AuditKind.CONTENT]


@pytest.mark.django_db
def test_a_part_refused_as_a_whole_keeps_the_reply_typed_and_saves_neither(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.CHANGES_REQUESTED)
    reviewer_comment(assessment, reviewer)
    other = make_assessment(by=owner, complete=True, state=S.CHANGES_REQUESTED)
    stranger = reviewer_comment(other, reviewer)
    trail = assessment.audit_length
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "evidence"),
        {**EVIDENCE, "reply-text": "Done: see the data sources.", "resolve": [str(stranger.pk)]},
    )
    assert response.status_code == 200
    assert error_summary(response) == ["That comment is not one of this assessment's"]
    box = parse(response).find("textarea", name="reply-text")
    assert box.text == "Done: see the data sources."
    assessment.refresh_from_db()
    assert assessment.data_sources != EVIDENCE["data_sources"]
    assert not assessment.comments.filter(author=owner).exists()
    assert assessment.audit_length == trail


@pytest.mark.django_db
def test_a_bad_date_keeps_the_reply_typed_and_saves_nothing(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.CHANGES_REQUESTED)
    reviewer_comment(assessment, reviewer, part="review")
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "review"), {"review_date": "31/13/2030", "reply-text": "Moved it."}
    )
    assert response.status_code == 200
    assert parse(response).find("textarea", name="reply-text").text == "Moved it."
    assert not assessment.comments.filter(author=owner).exists()


@pytest.mark.django_db
def test_the_author_ticks_a_point_resolved_and_it_is_kept_marked_on_the_trail(
    client, owner, reviewer
):
    assessment = make_assessment(by=owner, complete=True, state=S.CHANGES_REQUESTED)
    point = reviewer_comment(assessment, reviewer)
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "evidence"), {**EVIDENCE, "resolve": [str(point.pk)]}
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert (point.resolved_by, point.is_open) == (owner, False)
    entry = assessment.audit_entries.filter(kind=AuditKind.COMMENT).get()
    assert entry.details == {"comment": point.pk, "resolved": True, "review_round": 1}
    page = parse(client.get(part_url(assessment, "evidence")))
    assert "Resolved by Alice Owen" in page.find(id=f"comment-{point.pk}").text
    assert not page.find_all("input", name="resolve")


@pytest.mark.django_db
def test_in_review_the_author_answers_with_a_form_of_its_own(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    reviewer_comment(assessment, reviewer)
    client.force_login(owner)
    page = parse(client.get(part_url(assessment, "evidence")))
    (form,) = page.find_all("form", action=comment_url(assessment))
    assert form.find("label", **{"for": "id_text"}).text == "Your reply"
    assert [b.text for b in form.find_all("button")] == ["Save your reply"]
    response = client.post(comment_url(assessment), {"text": "Added complaints for 2024-25."})
    assert response["Location"].endswith("/parts/evidence/#comments")
    assert assessment.comments.filter(author=owner).get().text == "Added complaints for 2024-25."
    assert AuditEntry.objects.filter(assessment=assessment, kind=AuditKind.COMMENT).exists()


@pytest.mark.django_db
def test_an_empty_reply_is_refused_at_its_field(client, owner):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(owner)
    response = client.post(comment_url(assessment), {"text": ""})
    assert response.status_code == 200
    assertContains(response, '<a href="#id_text">Enter your reply</a>', html=True)
    assert field_error(response, "id_text") == "Enter your reply"
    assert not ReviewComment.objects.exists()


@pytest.mark.django_db
def test_a_reviewer_withdraws_a_mistaken_comment_before_the_round_closes(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    mistake = comment_add(assessment=assessment, by=reviewer, part=Part.EVIDENCE, text="Wrong part")
    client.force_login(reviewer)
    page = parse(client.get(part_url(assessment, "evidence")))
    assert page.find("input", name="withdraw").attrs["value"] == str(mistake.pk)
    response = client.post(comment_url(assessment), {"text": "", "withdraw": [str(mistake.pk)]})
    assert response.status_code == 302
    mistake.refresh_from_db()
    assert mistake.is_withdrawn
    page = parse(client.get(part_url(assessment, "evidence")))
    assert "Withdrawn by its author" in page.find(id=f"comment-{mistake.pk}").text
    assert not page.find_all("input", name="withdraw")


@pytest.mark.django_db
def test_there_is_no_reply_box_while_the_state_does_not_allow_comments(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    page = client.get(part_url(assessment, "evidence"))
    assert parse(page).find_all("form", action=comment_url(assessment)) == []
    assert not parse(page).find_all("textarea", name="reply-text")
    assert "Your reply" not in text_of(page)
    response = client.post(comment_url(assessment), {"text": "Hello"}, follow=True)
    assert banners(response) == [
        "You can answer on a part while the assessment is in review or changes are requested:"
        " it is a draft."
    ]
    assert not ReviewComment.objects.exists()


@pytest.mark.django_db
def test_readers_without_a_part_in_review_cannot_comment(client, owner, auditor):
    assessment = make_assessment(by=owner, complete=True, state=S.SIGNED_OFF)
    client.force_login(auditor)
    assert client.post(comment_url(assessment), {"text": "Hello"}).status_code == 403
