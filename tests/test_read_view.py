"""The read view (workflow/views/assessment.py: read): the whole assessment, read-only, for every
role that may see it, the summary first. Who may open it: tests/test_permission_matrix.py."""

import pytest
from django.urls import reverse

from core.people import job_title_set
from eqia.content import comment_add
from eqia.models import Assessment, AssessmentState, Impact, Part
from tests.assessment_factories import make_assessment, sign_through_workflow
from tests.page import h1, parse, summary_list, text_of

S = AssessmentState


def url(assessment: Assessment) -> str:
    return reverse("workflow:read", args=[assessment.pk])


@pytest.mark.django_db
def test_the_sign_off_officer_reads_the_whole_assessment_summary_first(
    client, owner, reviewer, signoff_officer
):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    comment_add(assessment=assessment, by=reviewer, part=Part.EVIDENCE, text="Which tables?")
    comment_add(assessment=assessment, by=owner, part=Part.EVIDENCE, text="Census table TS038.")
    race = assessment.impacts.get(characteristic__name="Race")
    race.impact, race.justification = Impact.NEGATIVE, "Needed to meet the duty to house."
    race.save()
    Assessment.objects.filter(pk=assessment.pk).update(state=S.APPROVED)
    client.force_login(signoff_officer)
    response = client.get(url(assessment))
    assert response.status_code == 200
    assert h1(response) == "The assessment in full"
    page = parse(response)
    headings = [h2.text for h2 in page.find_all("h2")]
    assert headings.index("Summary") < headings.index("Every part in full")
    summary = page.find("section", id="summary")
    assert "Race Negative Justification: Needed to meet the duty to house." in summary.text
    dialogue = summary.text[summary.text.index("The review dialogue") :]
    assert "Erin Reid (EDI reviewer)" in dialogue and "review round 1" in dialogue
    assert "Census table TS038." in dialogue
    # Then every part in full, without boxes to type in.
    for part in Part:
        assert page.find("section", id=f"part-{part.value}")
    assert not page.find("main").find_all("form")
    assert not page.find_all("textarea")
    assert text_of(response).count("Times are UK time.") == 1


@pytest.mark.django_db
def test_every_part_is_shown_in_full(client, owner):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(owner)
    page = parse(client.get(url(assessment)))
    about = summary_list(page.find("section", id="part-about"))
    assert about["Purpose and aims of the policy"] == assessment.purpose
    assert about["Decision pathway"].startswith("Cabinet, ")
    aims = summary_list(page.find("section", id="part-aims"))
    assert aims["Aim 3: foster good relations"] == "Local lettings plans agreed with residents."


@pytest.mark.django_db
def test_a_signed_assessment_reads_with_its_signer_and_title_and_the_decision_taken(
    client, owner, reviewer, signoff_officer, auditor
):
    job_title_set(user=signoff_officer, title="Head of Housing")
    assessment = sign_through_workflow(
        make_assessment(by=owner, complete=True),
        owner=owner,
        reviewer=reviewer,
        signoff=signoff_officer,
    )
    client.force_login(auditor)
    response = client.get(url(assessment))
    rows = summary_list(response)
    assert rows["Signed off by"].startswith("Sam Sinclair, Head of Housing, sign-off officer, ")
    assert rows["Timing"].startswith("On time: signed off on ")
    assert "Not recorded yet." in parse(response).find(id="decision").parent.text


@pytest.mark.django_db
def test_the_assessment_page_and_the_review_page_link_the_read_view(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    client.force_login(reviewer)
    for page in (assessment.get_absolute_url(), reverse("workflow:review", args=[assessment.pk])):
        assert url(assessment) in [a.attrs["href"] for a in parse(client.get(page)).find_all("a")]


@pytest.mark.django_db
def test_whoever_may_not_see_the_assessment_is_not_told_it_exists(client, owner, outsider):
    assessment = make_assessment(by=owner, complete=True)
    client.force_login(outsider)
    assert client.get(url(assessment)).status_code == 404
