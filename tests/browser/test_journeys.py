"""End-to-end journeys in Chromium, driven the way a person sees the pages: by role, label and
text. Each test builds its own data and saves a screenshot at every step.

serialized_rollback: a transactional test empties the database when it ends, taking the
characteristics the migrations load with it; this puts them back for each journey."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from core.dates import add_months
from tests.browser.conftest import sign_in
from tests.factories import make_policy, make_service_area
from workflow.services import make_move

TODAY = datetime.date.today()
YES_COMPLETED = re.compile(r"^Yes, I.ve completed this section$")
SAVE_PART = "Save and return to the assessment"


def as_typed(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def sign_out(page: Page) -> None:
    page.context.clear_cookies()


# --- 1. Importing the register ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_administrator_imports_the_good_rows_of_a_spreadsheet_with_bad_ones(
    page, administrator, owner, shot, tmp_path
):
    register = tmp_path / "register.csv"
    register.write_text(
        "Reference,Title,Service area,Owner email,Next review,Equality relevance,"
        "Covenant function\n"
        "IMP-001,Allocations policy,Housing,alice@example.gov.uk,31/03/2027,High,Housing\n"
        "IMP-002,Tenancy strategy,Housing,alice@example.gov.uk,2027-06-30,Medium,\n"
        "IMP-003,Leave policy,HR,,30/02/2027,Low,\n"
        "IMP-004,Grants policy,Finance,,01/01/2028,Very high,\n"
        "IMP-005,Council tax support,Revenues,,March 2027,None,\n",
        encoding="utf-8",
    )

    sign_in(page, "ada")
    page.goto("/policies/")
    shot(page, "register-before")
    page.get_by_role("link", name=re.compile("Import", re.I)).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import policies from a spreadsheet")
    page.get_by_label("Upload a spreadsheet").set_input_files(str(register))
    shot(page, "file-chosen")
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    expect(page.get_by_role("alert")).to_contain_text("2 rows have errors")
    errors = page.get_by_role("table", name="Rows with errors")
    expect(errors).to_be_visible()
    impossible_date = errors.get_by_role("row").filter(has_text="30/02/2027")
    expect(impossible_date.get_by_role("cell").nth(0)).to_have_text("4")
    expect(impossible_date).to_contain_text("Next review")
    expect(impossible_date).to_contain_text("Not a real date (February 2027 has 28 days)")
    bad_relevance = errors.get_by_role("row").filter(has_text="Very high")
    expect(bad_relevance.get_by_role("cell").nth(0)).to_have_text("5")
    expect(bad_relevance).to_contain_text("Equality relevance")
    expect(bad_relevance.get_by_role("cell").nth(3)).not_to_be_empty()
    changes = page.get_by_role("table", name="Policies that will be added or updated")
    for reference in ("IMP-001", "IMP-002", "IMP-005"):
        expect(changes).to_contain_text(reference)
    expect(changes).not_to_contain_text("IMP-003")
    shot(page, "preview-with-row-errors")

    page.get_by_label("Skip rows with errors and import the valid rows").check()
    shot(page, "skip-ticked")
    page.get_by_role("button", name="Confirm and import").click()

    page.wait_for_url(re.compile(r"/policies/(\?.*)?$"))
    shot(page, "register-after-import")
    main = page.get_by_role("main")
    for reference in ("IMP-001", "IMP-002", "IMP-005"):
        expect(main.get_by_role("link", name=reference, exact=True)).to_be_visible()
    expect(main.get_by_role("link", name="IMP-003", exact=True)).to_have_count(0)
    expect(main.get_by_role("link", name="IMP-004", exact=True)).to_have_count(0)


# --- 2. Writing and submitting an EqIA --------------------------------------------------------


def housing_policy_on_top_of_the_queue(owner):
    housing = make_service_area("Housing")
    policy = make_policy(
        reference="HOU-101",
        title="Housing allocations policy",
        owner=owner,
        service_area=housing,
        equality_relevance="high",
        covenant_functions=["housing"],
        next_review=TODAY - datetime.timedelta(days=200),
    )
    make_policy(
        reference="HOU-102",
        title="Garage lettings",
        owner=owner,
        service_area=housing,
        equality_relevance="low",
        next_review=add_months(TODAY, 5),
    )
    make_policy(
        reference="HR-103",
        title="Flexible working",
        service_area=make_service_area("HR"),
        equality_relevance="medium",
        next_review=add_months(TODAY, 2),
    )
    return policy


def fill_about(page: Page) -> None:
    page.get_by_label("Purpose and aims of the policy").fill(
        "To allocate social housing fairly to those in most need."
    )
    page.get_by_label("Who the policy affects").fill("Housing register applicants and tenants.")
    page.get_by_role("radio", name="A review of an existing policy").check()
    page.get_by_label("Lead officer's name").fill("Alice Owen")
    page.get_by_label("Lead officer's role").fill("Housing Needs Manager")
    page.get_by_label("Others involved").fill("Bob Baker, Allocations Officer")
    page.get_by_label("When consideration of equality began").fill(
        as_typed(TODAY - datetime.timedelta(days=60))
    )
    page.get_by_label("Decision-maker").fill("Cabinet Member for Housing")
    page.get_by_label("Planned decision date").fill(as_typed(add_months(TODAY, 6)))
    page.get_by_label("Meeting or body").fill("Cabinet")
    page.get_by_label("Date of the meeting").fill(as_typed(add_months(TODAY, 6)))
    page.get_by_label("What the previous assessment planned, and what came of it").fill(
        "Monitor lettings by ethnicity: done in 2025."
    )
    page.get_by_label("What has changed since the last assessment").fill(
        "New banding for care leavers."
    )


def fill_impact_grid(page: Page, names: list[str]) -> None:
    for name in names:
        row = page.get_by_role("group", name=name, exact=True)
        rating = "Positive" if name == "Armed Forces community" else "Neutral"
        row.get_by_role("radio", name=rating, exact=True).check()
        row.get_by_label("Evidence", exact=True).fill(f"Register data for {name}, 2024-25.")
    page.get_by_label("People affected through more than one characteristic").fill(
        "Disabled older people in temporary accommodation."
    )
    page.get_by_label("Cumulative impact").fill("Rising rents bear on the same households.")


def save_completed(page: Page) -> None:
    page.get_by_role("radio", name=YES_COMPLETED).check()
    page.get_by_role("button", name=SAVE_PART).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Equality impact assessment, version 1"
    )


def open_part(page: Page, label: str) -> None:
    page.get_by_role("link", name=re.compile(rf"^\d\. {re.escape(label)}")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(label)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_owner_writes_an_eqia_from_the_queue_is_refused_then_submits(page, owner, shot):
    from eqia.models import Characteristic

    housing_policy_on_top_of_the_queue(owner)
    characteristics = list(
        Characteristic.objects.filter(is_active=True)
        .order_by("position", "name")
        .values_list("name", flat=True)
    )
    assert "Poverty (socio-economic disadvantage)" in characteristics
    assert "Armed Forces community" in characteristics

    sign_in(page, "alice")
    page.get_by_role("link", name="Review queue", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    top = page.get_by_role("table").get_by_role("row").nth(1)
    expect(top).to_contain_text("HOU-101")
    expect(top).to_contain_text(re.compile("Overdue by", re.I))
    expect(top).to_contain_text(re.compile("high equality relevance", re.I))
    expect(top).to_contain_text(re.compile("Covenant function: housing", re.I))
    shot(page, "queue-housing-policy-on-top")
    top.get_by_role("button", name="Start EqIA for HOU-101").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Equality impact assessment, version 1"
    )
    detail_url = page.url
    shot(page, "new-assessment-task-list")

    # Nothing written yet: submitting is not offered.
    expect(page.get_by_role("button", name="Submit for review")).to_have_count(0)
    # Once a part is started, a first submit is refused with every missing item linked.
    open_part(page, "Review date")
    page.get_by_role("button", name=SAVE_PART).click()
    page.get_by_role("button", name="Submit for review").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    reasons = summary.get_by_role("link")
    assert reasons.count() >= 9, reasons.all_inner_texts()
    texts = "\n".join(reasons.all_inner_texts())
    for expected in (
        "About the policy:",
        "Impact on people: rate the impact on Poverty",
        "Impact on people: rate the impact on Armed Forces community",
        "Armed Forces Covenant duty:",
        "Review date: enter when this assessment will be reviewed",
        "Mark Outcome as completed",
    ):
        assert expected in texts, texts
    expect(
        page.get_by_role("main").locator("form").get_by_role("button", name="Submit for review")
    ).to_have_count(0)
    shot(page, "submit-refused-with-reasons")
    summary.get_by_role(
        "link", name="Review date: enter when this assessment will be reviewed"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("9. Review date")
    expect(page).to_have_url(re.compile(r"/parts/review/#id_review_date$"))
    shot(page, "landed-on-review-date-part")
    page.get_by_label("When will this assessment be reviewed?").fill(
        as_typed(add_months(TODAY, 36))
    )
    save_completed(page)

    open_part(page, "About the policy")
    fill_about(page)
    shot(page, "about-filled")
    save_completed(page)

    open_part(page, "Screening")
    page.get_by_role("group", name="Is the policy relevant to equality?").get_by_role(
        "radio", name="Yes"
    ).check()
    page.get_by_label("Why", exact=True).fill("It decides who gets scarce housing.")
    page.get_by_role("radio", name="A full assessment is needed").check()
    shot(page, "screening-filled")
    save_completed(page)

    open_part(page, "Evidence and engagement")
    page.get_by_label("Data and evidence used").fill("Census 2021; housing register data.")
    page.get_by_label("Consultation and engagement").fill("Tenant panel, March 2026.")
    save_completed(page)

    open_part(page, "Impact on people")
    fill_impact_grid(page, characteristics)
    shot(page, "impact-grid-filled")
    save_completed(page)

    open_part(page, "Armed Forces Covenant duty")
    page.get_by_role("checkbox", name="Allocations").check()
    page.get_by_label("The unique obligations and sacrifices made by the Armed Forces").fill(
        "Service families move often and lose local connection."
    )
    page.get_by_label("Removing disadvantages arising from service").fill(
        "Local connection waived for service leavers."
    )
    page.get_by_label("Whether special provision may be justified").fill(
        "Additional preference for seriously injured veterans."
    )
    shot(page, "covenant-filled")
    save_completed(page)

    open_part(page, "The three aims of the equality duty")
    page.get_by_label("Aim 1: eliminate discrimination").fill("Banding checked for bias.")
    page.get_by_label("Aim 2: advance equality of opportunity").fill(
        "Accessible homes matched to disabled applicants first."
    )
    page.get_by_label("Aim 3: foster good relations").fill("Local lettings plans agreed.")
    save_completed(page)

    open_part(page, "Outcome")
    page.get_by_role("radio", name="No major change needed").check()
    page.get_by_role("group", name="Overall adverse impact").get_by_role(
        "radio", name="Low"
    ).check()
    page.get_by_label("Why the evidence is sufficient").fill("Three years of register data.")
    save_completed(page)

    open_part(page, "Action plan")
    save_completed(page)
    shot(page, "every-part-completed")

    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your assessment before you submit it"
    )
    expect(page.get_by_role("alert")).to_have_count(0)
    shot(page, "check-before-submit")
    page.get_by_role("main").get_by_role("button", name="Submit for review").click()

    page.wait_for_url(detail_url)
    state = page.get_by_role("definition").filter(has_text="Submitted for review")
    expect(state).to_be_visible()
    shot(page, "submitted")


# --- 3. Review: comments, changes requested, answer, approval ---------------------------------


def submitted_assessment(owner):
    from tests.assessment_factories import make_assessment

    policy = housing_policy_on_top_of_the_queue(owner)
    assessment = make_assessment(policy, by=owner, complete=True)
    return make_move("submit", assessment=assessment, by=owner)


def confirm_move(page: Page, name: str) -> None:
    """Press a move on the assessment page, then the button of the same name that confirms it."""
    page.get_by_role("main").get_by_role("button", name=name, exact=True).click()
    confirm = page.get_by_role("main").locator("form").get_by_role("button", name=name, exact=True)
    with page.expect_navigation():
        confirm.click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reviewer_requests_changes_the_owner_answers_and_the_reviewer_approves(
    page, owner, reviewer, shot
):
    assessment = submitted_assessment(owner)
    detail = f"/assessments/{assessment.pk}/"
    comment = "Say how the banding affects disabled applicants waiting for adapted homes."

    sign_in(page, "erin")
    waiting = page.get_by_role("table", name="Assessments waiting for review")
    expect(waiting).to_contain_text("HOU-101")
    shot(page, "reviewer-my-work")
    waiting.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(rf"{detail}$"))
    confirm_move(page, "Start the review")
    if "/review/" not in page.url:
        page.get_by_role("link", name="Review comments on each part").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review of the assessment")
    expect(page.get_by_role("main")).to_contain_text("State: In review")
    shot(page, "review-started")

    about = page.get_by_role("region", name="1. About the policy")
    about.get_by_label("Your comment on About the policy").fill(comment)
    page.get_by_role("main").get_by_role("button", name="Save comments").click()
    about = page.get_by_role("region", name="1. About the policy")
    expect(about).to_contain_text(comment)
    expect(about).to_contain_text("Erin Reid")
    shot(page, "comment-added")
    page.get_by_label("Comment on your decision").fill("Please answer the comment on part 1.")
    page.get_by_role("main").get_by_role("button", name="Request changes", exact=True).click()
    page.goto(detail)
    expect(page.get_by_role("definition").filter(has_text="Changes requested")).to_be_visible()
    shot(page, "changes-requested")

    sign_out(page)
    sign_in(page, "alice")
    page.goto(detail)
    task = page.get_by_role("listitem").filter(has_text="1. About the policy")
    expect(task).to_contain_text("1 comment from reviewers")
    shot(page, "owner-sees-comment-count")
    page.get_by_role("link", name="1. About the policy").click()
    comments = page.get_by_role("region", name=re.compile("^Comments on this part"))
    expect(comments).to_contain_text(comment)
    expect(comments).to_contain_text("Erin Reid")
    comments.get_by_label("Your reply").fill(
        "Added: adapted homes go to disabled applicants first (part 6, aim 2)."
    )
    comments.get_by_role("checkbox", name=re.compile("^Mark as resolved")).check()
    # The reply is saved with the part, by the part's own buttons.
    page.get_by_role("button", name=SAVE_PART).click()
    page.get_by_role("link", name="1. About the policy").click()
    comments = page.get_by_role("region", name=re.compile("^Comments on this part"))
    expect(comments).to_contain_text("adapted homes go to disabled applicants first")
    expect(comments).to_contain_text("Resolved by Alice Owen")
    shot(page, "owner-answered-beside-the-part")

    page.goto(detail)
    confirm_move(page, "Submit for review")
    page.wait_for_url(re.compile(rf"{detail}$"))
    expect(page.get_by_role("definition").filter(has_text="Submitted for review")).to_be_visible()
    shot(page, "resubmitted")

    sign_out(page)
    sign_in(page, "erin")
    page.goto(detail)
    confirm_move(page, "Start the review")
    if "/review/" not in page.url:
        page.get_by_role("link", name="Review comments on each part").click()
    expect(page.get_by_role("region", name="1. About the policy")).to_contain_text(
        "adapted homes go to disabled applicants first"
    )
    shot(page, "second-round")
    page.get_by_role("main").get_by_role("button", name="Approve", exact=True).click()
    page.goto(detail)
    expect(
        page.get_by_role("definition").filter(has_text="Approved by the EDI group")
    ).to_be_visible()
    shot(page, "approved")


# --- 4. Sign-off, the signed PDF and checking it ----------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_signed_pdf_checks_valid_and_a_changed_copy_does_not(
    page, owner, reviewer, signoff_officer, auditor, shot, tmp_path
):

    assessment = submitted_assessment(owner)
    assessment = make_move("start_review", assessment=assessment, by=reviewer)
    assessment = make_move("approve", assessment=assessment, by=reviewer)
    detail = f"/assessments/{assessment.pk}/"

    sign_in(page, "sam")
    waiting = page.get_by_role("table", name="Assessments waiting for sign-off")
    expect(waiting).to_contain_text("HOU-101")
    shot(page, "signoff-my-work")
    waiting.get_by_role("link").first.click()
    page.get_by_role("main").get_by_role("button", name="Sign off", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign off the assessment")
    # The sign-off officer reads the whole assessment first.
    page.get_by_role("link", name=re.compile("^Read it in full")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The assessment in full")
    expect(page.get_by_role("heading", name="Summary")).to_be_visible()
    shot(page, "read-in-full")
    page.go_back()
    page.get_by_label("Your job title").fill("Head of Housing")
    page.get_by_role("checkbox", name="I confirm").check()
    shot(page, "attestation-ticked")
    page.get_by_role("main").locator("form").get_by_role("button", name="Sign off").click()
    page.wait_for_url(re.compile(rf"{detail}$"))
    expect(page.get_by_role("definition").filter(has_text="Signed off")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(
        "Sam Sinclair, Head of Housing, sign-off officer"
    )
    shot(page, "signed-off")

    sign_out(page)
    sign_in(page, "audrey")
    page.goto(detail)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Download the signed PDF")).click()
    download = download_info.value
    assert download.suggested_filename == "HOU-101_EqIA_v1_signed.pdf"
    signed = tmp_path / download.suggested_filename
    download.save_as(signed)
    data = bytearray(signed.read_bytes())
    assert data.startswith(b"%PDF")
    shot(page, "auditor-on-the-signed-assessment")

    page.get_by_role("link", name="Check a PDF", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check a signed EqIA")
    page.get_by_label("Upload the signed PDF").set_input_files(str(signed))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="This is a valid signed EqIA")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("HOU-101")
    shot(page, "valid")

    data[len(data) // 3] ^= 1
    changed = tmp_path / "HOU-101_EqIA_v1_changed.pdf"
    changed.write_bytes(bytes(data))
    page.get_by_label("Upload the signed PDF").set_input_files(str(changed))
    page.get_by_role("button", name="Check the file").click()
    verdict = page.get_by_role("alert").filter(has_text="This is not a valid signed EqIA")
    expect(verdict).to_be_visible()
    expect(verdict).to_contain_text("The signed content has been changed since it was signed")
    expect(page.get_by_role("heading", name="This is a valid signed EqIA")).to_have_count(0)
    shot(page, "modified-not-valid")


# --- 5. Someone who may not see an assessment -------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_outsider_gets_page_not_found_on_someone_elses_assessment(page, owner, outsider, shot):
    from tests.assessment_factories import make_assessment

    assessment = make_assessment(by=owner)

    sign_in(page, "charlie")
    for path in (
        f"/assessments/{assessment.pk}/",
        f"/assessments/{assessment.pk}/parts/about/",
        f"/assessments/{assessment.pk}/submit/",
    ):
        response = page.goto(path)
        assert response is not None and response.status == 404, path
        expect(page.get_by_role("heading", name=re.compile("not found", re.I))).to_be_visible()
        expect(page.get_by_text("Equality impact assessment, version 1")).to_have_count(0)
    shot(page, "page-not-found")
