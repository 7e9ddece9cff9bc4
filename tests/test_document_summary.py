"""What the signed PDF adds to the content: the summary on its cover (eqia.summary, from the
frozen content), the policy's document and the version assessed, "Not applicable" apart from
"Not given", the review dialogue as its own section, the signer's job title, and pages that
come only from the frozen content."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from core.people import job_title_set
from eqia.content import comment_add, comment_resolve, comment_withdraw
from eqia.models import (
    Action,
    Assessment,
    Characteristic,
    Impact,
    Part,
    PolicyStage,
)
from eqia.summary import assessment_summary, summary_of
from policies.models import Policy
from tests.assessment_factories import add_action, make_assessment
from tests.rendered_pdfs import make_complete, needs_poppler, page_texts
from workflow.documents.render import render_assessment_pdf
from workflow.services import make_move

COVENANT_ANSWER = "Service families move often at short notice."
POLICY_DOCUMENT = "https://www.example.gov.uk/policies/allocations-v3.pdf"


@pytest.fixture
def signed(owner, colleague, reviewer, signoff_officer, monkeypatch):
    """A new policy with no Covenant function (one Covenant answer given all the same), a
    negative impact with its mitigation, an action, a review dialogue with a point resolved and
    a comment withdrawn, signed off by a Director of Place; its PDF as sign-off rendered it."""
    rendered: list[bytes] = []
    monkeypatch.setattr(
        "workflow.moves.issue_signed_pdf",
        lambda signed: rendered.append(render_assessment_pdf(signed)),
    )
    assessment, poverty = make_complete(
        owner, covenant=False, policy_stage=PolicyStage.NEW, previous_plans="", changes_since=""
    )
    Assessment.objects.filter(pk=assessment.pk).update(covenant_unique_obligations=COVENANT_ANSWER)
    Policy.objects.filter(pk=assessment.policy_id).update(
        document_url=POLICY_DOCUMENT, last_reviewed=datetime.date(2023, 7, 1)
    )
    add_action(
        assessment,
        owner=colleague,
        lead_team="Housing Options team",
        description="Survey households in temporary accommodation",
        due_date=timezone.localdate() + datetime.timedelta(days=60),
        characteristics=[poverty],
    )
    make_move("submit", assessment=assessment, by=owner)
    make_move("start_review", assessment=assessment, by=reviewer)
    point = comment_add(
        assessment=assessment, by=reviewer, part=Part.AIMS, text="How is aim 3 met?"
    )
    mistake = comment_add(
        assessment=assessment, by=reviewer, part=Part.EVIDENCE, text="Wrong part, sorry."
    )
    comment_withdraw(comment=mistake, by=reviewer)
    comment_add(assessment=assessment, by=owner, part=Part.AIMS, text="Local lettings plans.")
    comment_resolve(comment=point, by=owner)
    make_move("approve", assessment=assessment, by=reviewer, data={"comment": "Thorough."})
    job_title_set(user=signoff_officer, title="Director of Place")
    make_move(
        "sign_off",
        assessment=assessment,
        by=signoff_officer,
        data={
            "attestation": True,
            "attestation_text": settings.EQIA_ATTESTATION,
            "comment": "Agreed.",
        },
    )
    (pdf,) = rendered
    return Assessment.objects.get(pk=assessment.pk), pdf


@pytest.mark.django_db
def test_the_summary_of_the_frozen_content_is_the_summary_of_the_assessment_then(owner, colleague):
    assessment = make_assessment(by=owner, complete=True)
    sex = Characteristic.objects.get(name="Sex")
    row = assessment.impacts.get(characteristic=sex)
    row.impact = Impact.UNKNOWN
    row.save()
    add_action(assessment, owner=colleague, description="Ask the refuge", characteristics=[sex])
    from eqia.snapshot import content_snapshot

    live = assessment_summary(assessment)
    assert summary_of(content_snapshot(assessment), as_of=timezone.localdate()) == live
    assert [c.characteristic for c in live.concerns] == ["Sex"]
    assert [a.description for a in live.concerns[0].actions] == ["Ask the refuge"]


@needs_poppler
@pytest.mark.django_db
def test_the_cover_carries_the_summary_the_policy_document_and_the_version_assessed(
    signed, tmp_path
):
    assessment, pdf = signed
    pages = page_texts(pdf, tmp_path)
    text = " ".join(pages)
    cover = text[: text.index("1. About the policy")]
    signed_on = timezone.localtime(assessment.signed_off_at)
    day = f"{signed_on.day} {signed_on:%B %Y}"
    for expected in [
        f"Policy document {POLICY_DOCUMENT}",
        f"Version of the policy assessed A new policy, as it stood when this assessment was "
        f"signed off on {day}; last reviewed on 1 July 2023.",
        "Signed off by Sam Sinclair, Director of Place, sign-off officer",
        "Summary",
        "Outcome No major change needed",
        "Overall adverse impact Low",
        f"Timing On time: signed off on {day}, before the planned decision date",
        # Optional here, but completed: due regard was shown all the same.
        "Armed Forces Covenant duty Due regard shown: the Covenant part is complete.",
        "Review dialogue 3 comments and answers, in full after part 9.",
        "Negative and not yet known impacts",
        "Poverty (socio-economic disadvantage) Negative Mitigation: A hardship fund covers "
        "deposits and removal costs. Action: Survey households in temporary accommodation "
        "(Bob Baker and Housing Options team, by",
        "Open actions at sign-off",
    ]:
        assert expected in cover, expected
    assert pages[0].startswith(settings.EQIA_COUNCIL_NAME)
    assert "Summary" in pages[0]


@needs_poppler
@pytest.mark.django_db
def test_fields_that_do_not_apply_read_not_applicable_and_optional_ones_none(signed, tmp_path):
    _, pdf = signed
    text = " ".join(page_texts(pdf, tmp_path))
    for expected in [
        # A new policy: no previous assessment to report on.
        "What the previous assessment planned, and what came of it Not applicable",
        "What has changed since the last assessment Not applicable",
        # A full assessment: no reason for not doing one is asked.
        "Why no full assessment is needed Not applicable",
        # No Covenant function: the Covenant part is optional, its empty answers do not apply.
        "Optional: the policy has no Covenant function, but this part was completed.",
        f"The unique obligations and sacrifices made by the Armed Forces {COVENANT_ANSWER}",
        "Removing disadvantages arising from service Not applicable",
        # Not "continue despite adverse impact": no justification is asked.
        "Countervailing factors and justification Not applicable",
        "Data protection impact assessment (link) None",
    ]:
        assert expected in text, expected
    assert "Not given" not in text


@needs_poppler
@pytest.mark.django_db
def test_an_answer_due_and_missing_reads_not_given(owner, tmp_path):
    assessment, _ = make_complete(owner)
    row = assessment.impacts.get(characteristic__name="Race")
    row.impact, row.mitigation, row.justification = Impact.NEGATIVE, "", ""
    row.save()
    Assessment.objects.filter(pk=assessment.pk).update(evidence_sufficiency="", engagement="")
    assessment = Assessment.objects.get(pk=assessment.pk)
    text = " ".join(page_texts(render_assessment_pdf(assessment), tmp_path))
    assert "Consultation and engagement Not given" in text
    assert "Why the evidence is sufficient Not given" in text
    assert "Mitigation or justification: Not given" in text
    assert "Race Negative No mitigation or justification given." in text  # the summary


@needs_poppler
@pytest.mark.django_db
def test_the_review_dialogue_is_its_own_section_with_what_became_of_each_point(signed, tmp_path):
    _, pdf = signed
    text = " ".join(page_texts(pdf, tmp_path))
    dialogue = text[text.index("Review dialogue Every comment") : text.index("Sign-off The")]
    assert dialogue.index("Evidence and engagement") < dialogue.index("The three aims")
    for expected in [
        "Erin Reid EDI reviewer Wrong part, sorry. Withdrawn by its author",
        "Erin Reid EDI reviewer How is aim 3 met? Resolved by Alice Owen",
        "Alice Owen Author Local lettings plans.",
        "Review round 1",
    ]:
        assert expected in dialogue, expected
    # The dialogue comes after part 9 and before the sign-off, not among the parts' fields.
    assert text.index("9. Review date") < text.index("Review dialogue Every comment")


@needs_poppler
@pytest.mark.django_db
def test_the_signers_job_title_is_on_the_page_and_the_decision_maker_once(signed, tmp_path):
    _, pdf = signed
    text = " ".join(page_texts(pdf, tmp_path))
    assert "Role Director of Place, sign-off officer" in text
    assert text.count("Decision-maker") == 1


@needs_poppler
@pytest.mark.django_db
def test_renaming_a_characteristic_or_changing_an_action_after_sign_off_changes_no_page(
    signed, tmp_path, signoff_officer
):
    assessment, pdf = signed
    before = page_texts(render_assessment_pdf(assessment), tmp_path)
    assert before == page_texts(pdf, tmp_path)
    Characteristic.objects.filter(name__startswith="Poverty").update(name="Low income")
    Action.objects.update(description="Changed afterwards", lead_team="Another team")
    Policy.objects.update(title="Renamed policy", document_url="https://example.gov.uk/new")
    job_title_set(user=signoff_officer, title="Chief Executive")

    after = page_texts(render_assessment_pdf(Assessment.objects.get(pk=assessment.pk)), tmp_path)

    assert after == before
    assert "Low income" not in " ".join(after)


@needs_poppler
@pytest.mark.django_db
def test_content_frozen_before_schema_3_still_renders_without_what_it_did_not_keep(
    signed, tmp_path
):
    """A snapshot of schema 2 has no policy document, no job title and no review dialogue: its
    PDF says the dialogue was not kept, and names the signer's title from the audit trail."""
    from eqia.snapshot import content_sha256

    assessment, _ = signed
    older = dict(assessment.frozen_content)
    older["schema_version"] = 2
    older["policy"] = {
        k: v for k, v in older["policy"].items() if k not in ("document_url", "last_reviewed")
    }
    older["sign_off"] = {k: v for k, v in older["sign_off"].items() if k != "job_title"}
    del older["review_dialogue"]
    Assessment.objects.filter(pk=assessment.pk).update(
        frozen_content=older, content_sha256=content_sha256(older)
    )

    pdf = render_assessment_pdf(Assessment.objects.get(pk=assessment.pk))

    text = " ".join(page_texts(pdf, tmp_path))
    assert "Policy document" not in text and "Version of the policy assessed" not in text
    assert "Review dialogue Not kept with this record." in text
    assert "This record was made before the review dialogue was kept" in text
    assert "Role Director of Place, sign-off officer" in text  # from the sign-off's entry
