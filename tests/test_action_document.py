"""The action plan in the signed PDF: each action once, with its lead (a person, a team or
partner, or both), success measure and, for one a later version inherited, where it was
planned."""

import datetime

import pytest

from eqia.actions import action_add
from eqia.services import assessment_start
from tests.assessment_factories import fill_complete
from tests.rendered_pdfs import make_complete, needs_poppler, page_texts, sign_off
from workflow.documents.document_context import ActionLine, action_lines

pytestmark = pytest.mark.django_db


def test_a_snapshot_from_before_leads_reads_its_owner_as_the_lead():
    schema_one = {
        "assessment": {"version": 1},
        "actions": [
            {
                "description": "Survey households",
                "owner": "Bob Baker",
                "due_date": "2027-03-31",
                "status": "open",
                "characteristics": ["Age"],
            }
        ],
    }
    assert action_lines(schema_one) == [
        ActionLine(
            number=1,
            description="Survey households",
            lead="Bob Baker",
            success_measure="",
            due="31 Mar 2027",
            status="Open",
            characteristics="Age",
            planned_in="",
        )
    ]


@needs_poppler
def test_the_pdf_of_a_second_version_lists_its_inherited_action_once_with_its_lead(
    owner, colleague, reviewer, signoff_officer, monkeypatch, tmp_path
):
    first, _ = make_complete(owner, reference="HOU-001")
    action_add(
        assessment=first,
        by=owner,
        description="Publish the policy in easy read",
        owner=colleague,
        lead_team="Communities team",
        success_measure="Easy read version on the website",
        due_date=datetime.date(2027, 3, 31),
    )
    sign_off(
        first, owner=owner, reviewer=reviewer, signoff=signoff_officer, monkeypatch=monkeypatch
    )
    second = assessment_start(policy=first.policy, by=owner)
    fill_complete(second, by=owner)
    action_add(
        assessment=second,
        by=owner,
        description="Ask the occupational therapists about adaptations",
        lead_team="KCC occupational therapist",
        due_date=datetime.date(2027, 6, 30),
    )
    _, pdf = sign_off(
        second, owner=owner, reviewer=reviewer, signoff=signoff_officer, monkeypatch=monkeypatch
    )
    text = " ".join(page_texts(pdf, tmp_path))
    plan = text[text.index("8. Action plan") : text.index("9. Review date")]
    assert plan.count("Publish the policy in easy read") == 1
    assert (
        "1. Publish the policy in easy read Success measure: Easy read version on the website "
        "Planned in EqIA v1. Bob Baker and Communities team 31 Mar 2027 Open"
    ) in text
    assert "2. Ask the occupational therapists about adaptations KCC occupational therapist" in (
        text
    )
