"""The review page (workflow/views/assessment.py: review): every part with its comments, and one
form that carries every comment typed and the reviewer's decision. Whichever button is pressed
saves every comment and then makes the move, in one transaction. Who may open it:
test_permission_matrix.py."""

import pytest
from django.http import HttpResponse
from django.urls import reverse

from core.roles import Role
from eqia.content import comment_add
from eqia.models import Assessment, AssessmentState, Part, ReviewComment
from tests.assessment_factories import add_content_entry, make_assessment, set_state
from tests.factories import make_user
from tests.page import Element, banners, error_summary, field_error, parse, title

S = AssessmentState


def url(name: str, assessment: Assessment) -> str:
    return reverse(f"workflow:{name}", args=[assessment.pk])


def review_form(response: HttpResponse) -> Element:
    (form,) = parse(response).find_all("form", method="post", id="review-form")
    return form


def buttons(form: Element) -> dict[str, str]:
    return {button.text: button.attrs.get("value", "") for button in form.find_all("button")}


def state_of(assessment: Assessment) -> str:
    return Assessment.objects.get(pk=assessment.pk).state


@pytest.mark.django_db
def test_the_review_page_shows_each_part_its_comments_and_one_form_for_all(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    comment_add(assessment=assessment, by=reviewer, part=Part.AIMS, text="Aim 3 needs an example")
    client.force_login(reviewer)
    response = client.get(url("review", assessment))
    tree = parse(response)
    sections = [tree.find("section", id=f"part-{part.value}") for part in Part]
    assert "Aim 3 needs an example" in sections[list(Part).index(Part.AIMS)].text
    assert assessment.purpose in sections[0].text
    form = review_form(response)
    assert form.attrs["action"] == url("review", assessment)
    boxes = [area.attrs["name"] for area in form.find_all("textarea")]
    assert boxes == [f"{part.value}-text" for part in Part] + ["comment"]
    assert tree.find("label", **{"for": "id_aims-text"}).text == (
        "Your comment on The three aims of the equality duty"
    )
    assert buttons(form) == {
        "Approve": "approve",
        "Request changes": "request_changes",
        "Save comments": "",
    }
    [state_line] = [p.text for p in tree.find_all("p") if p.text.startswith("State:")]
    assert "Approvals: 0 of 1" in state_line


@pytest.mark.django_db
def test_a_parts_status_and_its_link_are_apart(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    card = parse(client.get(url("review", assessment))).find("section", id="part-about")
    actions = card.find("ul", class_="govuk-summary-card__actions")
    assert [item.text for item in actions.find_all("li")] == [
        "Completed",
        "Open this part: About the policy",
    ]


@pytest.mark.django_db
def test_the_author_answers_every_part_from_one_form_without_the_decision(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(owner)
    response = client.get(url("review", assessment))
    form = review_form(response)
    assert buttons(form) == {"Save comments": ""}
    assert len(form.find_all("textarea")) == len(Part)
    assert parse(response).find("label", **{"for": "id_about-text"}).text == (
        "Your reply on About the policy"
    )


@pytest.mark.django_db
def test_a_reviewer_who_edited_it_gets_no_comment_boxes_or_buttons(client, owner):
    editor = make_user("frank", Role.EDI_REVIEWER)
    assessment = make_assessment(by=owner, complete=True)
    add_content_entry(assessment, by=editor)
    set_state(assessment, S.IN_REVIEW)
    client.force_login(editor)
    response = client.get(url("review", assessment))
    assert not parse(response).find_all("form", id="review-form")
    assert not parse(response).find_all("textarea")


@pytest.mark.django_db
def test_save_comments_saves_every_comment_typed_at_once(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    response = client.post(
        url("review", assessment),
        {"about-text": "Name the lead officer's team", "aims-text": "Give an example", "move": ""},
        follow=True,
    )
    assert response.redirect_chain == [(url("review", assessment), 302)]
    assert banners(response) == ["2 comments saved."]
    saved = assessment.comments.order_by("part").values_list("part", "text", "author")
    assert list(saved) == [
        ("about", "Name the lead officer's team", reviewer.pk),
        ("aims", "Give an example", reviewer.pk),
    ]
    assert state_of(assessment) == S.IN_REVIEW


@pytest.mark.django_db
def test_request_changes_saves_every_comment_then_sends_it_back(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    response = client.post(
        url("review", assessment),
        {
            "evidence-text": "Which census tables?",
            "outcome-text": "Say why the evidence is enough",
            "comment": "Please answer the comments on parts 3 and 7.",
            "move": "request_changes",
        },
        follow=True,
    )
    assert response.redirect_chain == [(assessment.get_absolute_url(), 302)]
    assert banners(response)[0].startswith("2 comments saved. Changes requested: ")
    stored = Assessment.objects.get(pk=assessment.pk)
    assert (stored.state, stored.review_round) == (S.CHANGES_REQUESTED, 2)
    # Made in the round that closed.
    assert set(stored.comments.values_list("part", "review_round")) == {
        ("evidence", 1),
        ("outcome", 1),
    }
    move = stored.audit_entries.latest("sequence")
    assert move.comment == "Please answer the comments on parts 3 and 7."


@pytest.mark.django_db
def test_a_refused_move_saves_nothing_and_keeps_everything_typed(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    trail = assessment.audit_length
    client.force_login(reviewer)
    response = client.post(
        url("review", assessment),
        {"about-text": "First point", "impacts-text": "Second point", "move": "request_changes"},
    )
    assert response.status_code == 200
    assert title(response).startswith("Error: ")
    assert error_summary(response) == ["Enter what needs to change"]
    assert field_error(response, "id_comment") == "Enter what needs to change"
    page = parse(response)
    assert page.find("textarea", name="about-text").text == "First point"
    assert page.find("textarea", name="impacts-text").text == "Second point"
    assert not ReviewComment.objects.filter(assessment=assessment).exists()
    assert (state_of(assessment), assessment.audit_entries.count()) == (S.IN_REVIEW, trail)


@pytest.mark.django_db
def test_approve_saves_the_comments_typed_with_the_approval(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    response = client.post(
        url("review", assessment),
        {"review-text": "Fine: three years is right", "comment": "", "move": "approve"},
    )
    assert response.status_code == 302
    assert state_of(assessment) == S.APPROVED
    assert assessment.comments.get().text == "Fine: three years is right"


@pytest.mark.django_db
def test_every_reason_is_listed_when_comments_and_the_move_are_both_refused(
    client, owner, reviewer, settings
):
    settings.EQIA_APPROVALS_REQUIRED = 2
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    client.post(url("review", assessment), {"comment": "", "move": "approve"})
    # Approving twice in one round is refused; an unknown comment to resolve is refused too.
    response = client.post(
        url("review", assessment), {"about-text": "Kept", "resolve": ["999"], "move": "approve"}
    )
    assert error_summary(response) == [
        "That comment is not one of this assessment's",
        "You have already approved this assessment in this review round",
    ]
    assert parse(response).find("textarea", name="about-text").text == "Kept"
    assert not assessment.comments.exists()


@pytest.mark.django_db
def test_the_review_is_started_from_the_review_page(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.SUBMITTED)
    client.force_login(reviewer)
    form = review_form(client.get(url("review", assessment)))
    assert buttons(form) == {"Start the review": "start_review"}
    response = client.post(url("review", assessment), {"move": "start_review"})
    assert response["Location"] == assessment.get_absolute_url()
    assert state_of(assessment) == S.IN_REVIEW


@pytest.mark.django_db
def test_saving_with_nothing_typed_says_so(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    response = client.post(url("review", assessment), {"about-text": "  ", "move": ""})
    assert error_summary(response) == ["Type a comment on a part, or tick one, before you save"]


@pytest.mark.django_db
def test_a_comment_too_long_is_refused_at_its_box_and_nothing_is_saved(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    response = client.post(
        url("review", assessment),
        {"about-text": "Fine", "aims-text": "x" * 20_001, "move": "request_changes"},
    )
    assert response.status_code == 200
    assert field_error(response, "id_aims-text").startswith("Ensure this value has at most")
    assert parse(response).find("textarea", name="about-text").text == "Fine"
    assert not assessment.comments.exists()
    assert state_of(assessment) == S.IN_REVIEW


@pytest.mark.django_db
def test_a_reviewer_resolves_their_point_from_the_review_page(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    point = comment_add(assessment=assessment, by=reviewer, part=Part.AIMS, text="Aim 3?")
    client.force_login(reviewer)
    response = client.post(url("review", assessment), {"resolve": [str(point.pk)], "move": ""})
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.resolved_by == reviewer


@pytest.mark.django_db
def test_a_move_the_review_page_does_not_make_is_refused(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    response = client.post(url("review", assessment), {"move": "sign_off"})
    assert error_summary(response) == ["Choose to save your comments, approve or request changes"]
    assert state_of(assessment) == S.IN_REVIEW


@pytest.mark.django_db
def test_the_action_plan_on_the_review_page_shows_each_lead_and_success_measure(
    client, owner, colleague, reviewer
):
    from tests.assessment_factories import add_action

    assessment = make_assessment(by=owner, complete=True)
    action = add_action(
        assessment,
        owner=colleague,
        lead_team="Communities team",
        success_measure="Easy read version on the website",
        description="Publish the policy in easy read",
    )
    set_state(assessment, S.IN_REVIEW)
    client.force_login(reviewer)
    plan = parse(client.get(url("review", assessment))).find("section", id="part-actions")
    # The part page's own row (templates/assessments/_actions.html), with its lead column.
    row = plan.find("tr", id=f"id_action-{action.pk}")
    cells = [cell.text for cell in row.find_all("td")]
    assert cells[0].startswith("Publish the policy in easy read")
    assert "Success measure: Easy read version on the website" in cells[0]
    assert cells[1] == "Bob Baker and Communities team"
