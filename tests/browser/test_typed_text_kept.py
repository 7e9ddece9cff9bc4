"""Nothing typed is lost, in Chromium: every way off a part's form saves what was typed ("Save
and continue", "Previous", "Next", "Save and return to the assessment"), the author's reply
is saved with the part, and the review page's one form carries every comment typed on every
part with the reviewer's decision, keeping all of it when the decision is refused."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from core.dates import add_months
from eqia.models import Assessment, AssessmentState, Impact, Part, ReviewComment
from tests.assessment_factories import make_assessment, set_state
from tests.browser.conftest import sign_in
from workflow.services import make_move

pytestmark = pytest.mark.browser

TODAY = datetime.date.today()
SAVE_AND_RETURN = "Save and return to the assessment"


def typed(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def part_path(assessment: Assessment, part: str) -> str:
    return f"/assessments/{assessment.pk}/parts/{part}/"


def stored(assessment: Assessment) -> Assessment:
    return Assessment.objects.get(pk=assessment.pk)


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_way_off_a_part_saves_what_was_typed(page, owner, shot):
    assessment = make_assessment(by=owner)
    sign_in(page, "alice")

    # About: every field typed, then "Next" in the pagination, which saves first.
    page.goto(part_path(assessment, "about"))
    page.get_by_label("Purpose and aims of the policy").fill("Allocate homes fairly.")
    page.get_by_label("Who the policy affects").fill("Applicants and tenants.")
    page.get_by_role("radio", name="A revised policy").check()
    page.get_by_label("Lead officer's name").fill("Alice Owen")
    page.get_by_label("Lead officer's role").fill("Housing Needs Manager")
    page.get_by_label("Others involved").fill("Bob Baker, Allocations Officer")
    page.get_by_label("When consideration of equality began").fill(
        typed(TODAY - datetime.timedelta(days=30))
    )
    page.get_by_label("Decision-maker").fill("Cabinet")
    page.get_by_label("Planned decision date").fill(typed(add_months(TODAY, 4)))
    page.get_by_label("Meeting or body").fill("Cabinet")
    page.get_by_label("Date of the meeting").fill(typed(add_months(TODAY, 4)))
    page.get_by_label("Data protection impact assessment (link)").fill("dpia.example.gov.uk/7")
    page.get_by_label("What the previous assessment planned, and what came of it").fill(
        "Monitoring by ethnicity: done."
    )
    page.get_by_label("What has changed since the last assessment").fill("New banding.")
    shot(page, "about-typed")
    page.get_by_role("button", name=re.compile(r"^Save and go to the Next part")).click()
    heading(page, "2. Screening")
    about = stored(assessment)
    assert (about.purpose, about.lead_officer_role, about.changes_since) == (
        "Allocate homes fairly.",
        "Housing Needs Manager",
        "New banding.",
    )
    assert about.planned_decision_date == add_months(TODAY, 4)
    assert about.dpia_url == "https://dpia.example.gov.uk/7"
    assert list(about.decision_meetings.values_list("body", flat=True)) == ["Cabinet"]

    # Screening: "Previous" saves it and goes back.
    page.get_by_role("group", name="Is the policy relevant to equality?").get_by_role(
        "radio", name="Yes"
    ).check()
    page.get_by_label("Why", exact=True).fill("It decides who gets a home.")
    page.get_by_role("radio", name="A full assessment is needed").check()
    page.get_by_label("Why no full assessment is needed").fill("Not applicable.")
    page.get_by_role("button", name=re.compile(r"^Save and go to the Previous part")).click()
    heading(page, "1. About the policy")
    screening = stored(assessment)
    assert (screening.relevant_to_equality, screening.relevance_reasons) == (
        True,
        "It decides who gets a home.",
    )

    # Evidence: "Save and continue".
    page.goto(part_path(assessment, "evidence"))
    page.get_by_label("Data and evidence used").fill("Census 2021.")
    page.get_by_label("Consultation and engagement").fill("Tenant panel, March.")
    page.get_by_role("button", name="Save and continue").click()
    heading(page, "4. Impact on people")
    assert stored(assessment).engagement == "Tenant panel, March."

    # Impacts: "Negative" reveals the mitigation and the justification; both are saved.
    disability = page.get_by_role("group", name="Disability", exact=True)
    expect(disability.get_by_label("Mitigation")).to_be_hidden()
    disability.get_by_role("radio", name="Negative").check()
    expect(disability.get_by_label("Mitigation")).to_be_visible()
    disability.get_by_label("Evidence").fill("Few adapted homes.")
    disability.get_by_label("Mitigation").fill("Adapted homes offered first.")
    disability.get_by_label("Justification").fill("Stock is limited.")
    page.get_by_label("People affected through more than one characteristic").fill("Older.")
    page.get_by_label("Cumulative impact").fill("Rent rises.")
    shot(page, "impact-negative-revealed")
    page.get_by_role("button", name=SAVE_AND_RETURN).click()
    heading(page, "Equality impact assessment, version 1")
    row = stored(assessment).impacts.get(characteristic__name="Disability")
    assert (row.impact, row.evidence, row.mitigation, row.justification) == (
        Impact.NEGATIVE,
        "Few adapted homes.",
        "Adapted homes offered first.",
        "Stock is limited.",
    )

    # A date that is not a date: nothing saved, everything typed still in the boxes.
    page.goto(part_path(assessment, "review"))
    page.get_by_label("When will this assessment be reviewed?").fill("31/02/2030")
    page.get_by_role("button", name=SAVE_AND_RETURN).click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a real date for the review date")
    expect(page.get_by_label("When will this assessment be reviewed?")).to_have_value("31/02/2030")
    shot(page, "bad-date-kept")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_authors_reply_is_saved_with_the_part(page, owner, reviewer, shot):
    assessment = make_assessment(by=owner, complete=True)
    set_state(assessment, AssessmentState.CHANGES_REQUESTED)
    point = ReviewComment.objects.create(
        assessment=assessment,
        part="evidence",
        author=reviewer,
        text="Which tables?",
        review_round=1,
    )
    sign_in(page, "alice")
    page.goto(part_path(assessment, "evidence"))
    comments = page.get_by_role("region", name=re.compile("^Comments on this part"))
    comments.get_by_label("Your reply").fill("Census table TS038, now named.")
    comments.get_by_role("checkbox", name=re.compile("^Mark as resolved")).check()
    page.get_by_label("Data and evidence used").fill("Census 2021 table TS038.")
    shot(page, "reply-and-content-typed")
    page.get_by_role("button", name="Save and continue").click()
    heading(page, "4. Impact on people")
    assert stored(assessment).data_sources == "Census 2021 table TS038."
    reply = assessment.comments.get(author=owner)
    assert (reply.part, reply.text) == ("evidence", "Census table TS038, now named.")
    point.refresh_from_db()
    assert point.resolved_by == owner


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_review_page_keeps_every_comment_typed_on_every_way_out(page, owner, reviewer, shot):
    assessment = make_move("submit", assessment=make_assessment(by=owner, complete=True), by=owner)
    sign_in(page, "erin")
    page.goto(f"/assessments/{assessment.pk}/review/")
    page.get_by_role("button", name="Start the review").click()
    heading(page, "Equality impact assessment, version 1")
    page.get_by_role("link", name="Review comments on each part").click()

    # A comment on every part, one "Save comments".
    for part in Part:
        page.get_by_label(f"Your comment on {part.label}").fill(f"Point on {part.label}.")
    shot(page, "every-box-typed")
    page.get_by_role("button", name="Save comments").click()
    expect(page.get_by_role("main")).to_contain_text("9 comments saved.")
    assert sorted(assessment.comments.values_list("text", flat=True)) == sorted(
        f"Point on {part.label}." for part in Part
    )

    # A refused move: nothing saved, every comment typed and every reason on the page.
    page.get_by_label("Your comment on Outcome").fill("Say why low.")
    page.get_by_label("Your comment on Review date").fill("Three years is fine.")
    page.get_by_role("button", name="Request changes", exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter what needs to change")
    expect(page.get_by_label("Your comment on Outcome")).to_have_value("Say why low.")
    expect(page.get_by_label("Your comment on Review date")).to_have_value("Three years is fine.")
    shot(page, "refused-and-kept")
    assert assessment.comments.count() == len(Part)
    assert stored(assessment).state == AssessmentState.IN_REVIEW

    # The same form, with the decision's comment: the comments and the move together.
    page.get_by_label("Comment on your decision").fill("Please answer parts 7 and 9.")
    page.get_by_role("button", name="Request changes", exact=True).click()
    heading(page, "Equality impact assessment, version 1")
    assert stored(assessment).state == AssessmentState.CHANGES_REQUESTED
    assert set(assessment.comments.values_list("text", flat=True)) >= {
        "Say why low.",
        "Three years is fine.",
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_approving_saves_the_comments_typed_with_it(page, owner, reviewer, shot):
    assessment = make_assessment(by=owner, complete=True)
    assessment = make_move("submit", assessment=assessment, by=owner)
    assessment = make_move("start_review", assessment=assessment, by=reviewer)
    sign_in(page, "erin")
    page.goto(f"/assessments/{assessment.pk}/review/")
    page.get_by_label("Your comment on The three aims of the equality duty").fill("Well argued.")
    page.get_by_label("Comment on your decision").fill("Clear and complete.")
    page.get_by_role("button", name="Approve", exact=True).click()
    heading(page, "Equality impact assessment, version 1")
    assert stored(assessment).state == AssessmentState.APPROVED
    assert assessment.comments.get().text == "Well argued."
    shot(page, "approved-with-comment")
