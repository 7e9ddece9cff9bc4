"""What the rendered PDF shows: the cover, every part, the action plan, the sign-off and the
audit trail."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from eqia.models import AuditEntry
from tests.assessment_factories import (
    CONSIDERATION_BEGAN,
    PLANNED_DECISION_DATE,
    REVIEW_DATE,
    add_action,
    long_date,
)
from tests.rendered_pdfs import (
    attached_json,
    make_complete,
    needs_poppler,
    page_texts,
    sign_off,
    signed_with_an_action,
)
from workflow.documents.render import render_assessment_pdf
from workflow.timeline import describe

LATE_EXPLANATION = "The Cabinet met three weeks early to meet a statutory deadline."
LONG_EVIDENCE = (
    "Service data for 2024-25 was analysed by age, disability, sex, ethnicity, religion, "
    "sexual orientation and household income, and compared with the Census 2021 profile of "
    "the district. Differences of more than five percentage points were followed up with the "
    "service managers and, where the reason was not clear, raised with the equality forum. "
) * 4


@pytest.fixture
def signed(owner, colleague, reviewer, signoff_officer, monkeypatch):
    return signed_with_an_action(owner, colleague, reviewer, signoff_officer, monkeypatch)


@pytest.fixture
def long_signed(owner, colleague, reviewer, signoff_officer, monkeypatch):
    """Several paragraphs for every characteristic and twenty actions: many pages."""
    assessment, poverty = make_complete(owner, reference="HOU-001")
    assessment.impacts.exclude(characteristic=poverty).update(evidence=LONG_EVIDENCE)
    for number in range(20):
        add_action(
            assessment,
            owner=colleague if number % 2 else owner,
            description=f"Action {number + 1}: report outcomes by income band to the EDI group",
            due_date=datetime.date(2027, 1, 1) + datetime.timedelta(days=30 * number),
            characteristics=[poverty] if number % 2 else [],
        )
    return sign_off(
        assessment,
        owner=owner,
        reviewer=reviewer,
        signoff=signoff_officer,
        monkeypatch=monkeypatch,
    )


@needs_poppler
@pytest.mark.django_db
def test_every_page_shows_the_policy_reference_and_page_x_of_n(long_signed, tmp_path):
    _, pdf = long_signed
    pages = page_texts(pdf, tmp_path)
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert "HOU-001 Equality impact assessment v1" in text, f"page {number}: no reference"
        assert f"Page {number} of {len(pages)}" in text


@needs_poppler
@pytest.mark.django_db
def test_the_cover_names_the_policy_people_and_dates(signed, tmp_path):
    assessment, pdf = signed
    cover = page_texts(pdf, tmp_path)[0]
    today = timezone.localdate()
    signed_on = f"{today.day} {today:%B %Y}"
    planned = assessment.planned_decision_date
    for expected in [
        settings.EQIA_COUNCIL_NAME,
        "Housing allocations",
        "Policy POL-001 · EqIA version 1",
        "Service area Housing",
        "Policy owner Alice Owen",
        f"EDI approval Erin Reid, {signed_on}",
        "Signed off by Sam Sinclair, Sign-off officer",
        f"Started {signed_on} Submitted {signed_on} Approved {signed_on} Signed off {signed_on}",
        "Page 1 of",
    ]:
        assert expected in cover
    assert "Signed off after the planned decision date" not in cover
    # The decision-maker and the planned date are told once, in part 1 (the summary's timing
    # gives the date again, in words).
    text = " ".join(page_texts(pdf, tmp_path))
    assert text.count("Cabinet Member for Housing") == 1
    assert text.count("Decision-maker") == 1
    assert f"Planned decision date {planned.day} {planned:%B %Y}" in text


@needs_poppler
@pytest.mark.django_db
def test_every_part_is_shown_in_order_with_readable_labels_and_values(signed, tmp_path):
    _, pdf = signed
    text = " ".join(page_texts(pdf, tmp_path))
    titles = [
        "1. About the policy",
        "2. Screening",
        "3. Evidence and engagement",
        "4. Impact on people",
        "5. Armed Forces Covenant duty",
        "6. The three aims of the equality duty",
        "7. Outcome",
        "8. Action plan",
        "9. Review date",
        "Sign-off The signing officer attested",
        "Appendix: audit trail",
    ]
    position = 0
    for title in titles:  # each after the one before
        position = text.index(title, position) + len(title)
    for expected in [
        "New, revised or existing policy A review of an existing policy",
        f"When consideration of equality began {long_date(CONSIDERATION_BEGAN)}",
        f"Decision pathway Cabinet, {long_date(PLANNED_DECISION_DATE)}",
        "Relevant to equality Yes",
        "Screening outcome A full assessment is needed",
        "Covenant functions in scope Housing: Allocations",
        "Aim 3: foster good relations Local lettings plans agreed with residents.",
        "Outcome No major change needed",
        "Overall adverse impact Low",
        f"When this assessment will be reviewed {long_date(REVIEW_DATE)}",
        "Data protection impact assessment (link) None",
    ]:
        assert expected in text


@needs_poppler
@pytest.mark.django_db
def test_the_impact_grid_has_every_characteristic_with_its_kind_impact_and_evidence(
    signed, tmp_path
):
    assessment, pdf = signed
    text = " ".join(page_texts(pdf, tmp_path))
    assert "Characteristic Impact Evidence, and mitigation or justification" in text
    for row in assessment.frozen_content["impact_grid"]:
        kind = "Statutory" if row["kind"] == "statutory" else "Local"
        assert f"{row['characteristic']} {kind}" in text
        assert row["evidence"] in text
    assert "Poverty (socio-economic disadvantage) Local Negative" in text
    assert "Armed Forces community Local" in text
    assert "Mitigation: A hardship fund covers deposits and removal costs." in text


@needs_poppler
@pytest.mark.django_db
def test_the_action_plan_shows_owner_due_date_status_and_who_it_serves(signed, tmp_path):
    _, pdf = signed
    text = " ".join(page_texts(pdf, tmp_path))
    assert (
        "1. Survey households in temporary accommodation Bob Baker 31 Mar 2027 Open "
        "Poverty (socio-economic disadvantage)"
    ) in text


@needs_poppler
@pytest.mark.django_db
def test_the_attestation_and_sign_off_are_shown(signed, tmp_path):
    assessment, pdf = signed
    text = " ".join(page_texts(pdf, tmp_path))
    assert settings.EQIA_ATTESTATION in text
    assert "Signed off by Sam Sinclair Role Sign-off officer Signed off at" in text
    assert "Comment Agreed at the directorate meeting." in text
    assert f"Content SHA-256 {assessment.content_sha256}" in text
    assert "After the planned decision date No" in text


@needs_poppler
@pytest.mark.django_db
def test_the_appendix_lists_every_audit_entry_up_to_the_sign_off(signed, tmp_path):
    assessment, pdf = signed
    pages = page_texts(pdf, tmp_path)
    appendix = " ".join(pages)[" ".join(pages).index("Appendix: audit trail") :]
    entries = list(AuditEntry.objects.filter(assessment=assessment).order_by("sequence"))
    assert entries[-1].details["move"] == "sign_off"
    for entry in entries:
        when = timezone.localtime(entry.at)
        assert f"{entry.sequence}. {when.day} {when:%b %Y, %H:%M %Z}" in appendix
        assert f"{entry.actor_name} {entry.actor_role} {describe(entry)}" in appendix
    assert "Approved by the EDI group → Signed off" in appendix
    assert "“Agreed at the directorate meeting.”" in appendix
    assert "Times are UK time, GMT or BST as shown." in appendix
    assert entries[-1].entry_hash in appendix


@needs_poppler
@pytest.mark.django_db
def test_a_late_sign_off_is_announced_on_the_cover_with_its_explanation(
    owner, reviewer, signoff_officer, monkeypatch, tmp_path
):
    assessment, _ = make_complete(owner)
    assessment, pdf = sign_off(
        assessment,
        owner=owner,
        reviewer=reviewer,
        signoff=signoff_officer,
        late_explanation=LATE_EXPLANATION,
        monkeypatch=monkeypatch,
    )
    assert assessment.signed_after_decision_date
    cover = page_texts(pdf, tmp_path)[0]
    planned = assessment.planned_decision_date
    assert "Signed off after the planned decision date" in cover
    assert f"The decision was planned for {planned.day} {planned:%B %Y}" in cover
    assert LATE_EXPLANATION in cover


@needs_poppler
@pytest.mark.django_db
def test_the_covenant_part_is_not_required_without_a_covenant_function(
    owner, reviewer, signoff_officer, monkeypatch, tmp_path
):
    assessment, _ = make_complete(owner, covenant=False)
    _, pdf = sign_off(
        assessment,
        owner=owner,
        reviewer=reviewer,
        signoff=signoff_officer,
        monkeypatch=monkeypatch,
    )
    text = " ".join(page_texts(pdf, tmp_path))
    assert (
        "5. Armed Forces Covenant duty Not required: the policy has no Covenant function. "
        "6. The three aims"
    ) in text


@needs_poppler
@pytest.mark.django_db
def test_an_assessment_not_yet_signed_renders_from_its_rows_marked_not_signed_off(owner, tmp_path):
    assessment, _ = make_complete(owner)
    assert assessment.frozen_content is None
    pdf = render_assessment_pdf(assessment)
    assert attached_json(pdf, "POL-001_EqIA_v1.json")["sign_off"] is None
    cover = page_texts(pdf, tmp_path)[0]
    assert "Not signed off This copy shows the assessment while it is a draft." in cover
