"""The panel of moves on the assessment page: each person is offered only the moves they may
make now (workflow.services.available_moves), as buttons to each move's page."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from eqia.access import Rights
from eqia.models import Assessment, AssessmentState
from tests.assessment_factories import add_content_entry, make_assessment, set_state
from tests.page import links, parse
from workflow.services import available_moves, make_move

S = AssessmentState


def url(name: str, assessment: Assessment) -> str:
    return reverse(f"workflow:{name}", args=[assessment.pk])


def move_names(user: User, assessment: Assessment) -> list[str]:
    return [m.name for m in available_moves(Rights(user, assessment))]


@pytest.mark.django_db
def test_the_panel_offers_each_person_only_the_moves_they_may_make_now(
    owner, colleague, outsider, reviewer, signoff_officer, administrator
):
    assessment = make_assessment(by=owner, complete=True)
    assert move_names(owner, assessment) == ["submit", "withdraw"]
    assert move_names(reviewer, assessment) == []
    assert move_names(outsider, assessment) == []
    assert move_names(administrator, assessment) == ["withdraw"]
    set_state(assessment, S.SUBMITTED)
    assert move_names(owner, assessment) == ["recall", "withdraw"]
    assert move_names(reviewer, assessment) == ["start_review"]
    set_state(assessment, S.IN_REVIEW)
    assert move_names(reviewer, assessment) == ["approve", "request_changes"]
    assert move_names(signoff_officer, assessment) == []
    set_state(assessment, S.APPROVED)
    assert move_names(signoff_officer, assessment) == ["sign_off", "return_to_author"]
    assert move_names(reviewer, assessment) == []
    set_state(assessment, S.SIGNED_OFF)
    assert move_names(owner, assessment) == []


@pytest.mark.django_db
def test_the_panel_hides_what_separation_of_duties_forbids(owner, reviewer):
    assessment = make_assessment(by=owner, complete=True, state=S.SUBMITTED)
    add_content_entry(assessment, by=reviewer)
    assert move_names(reviewer, assessment) == []


@pytest.mark.django_db
def test_the_assessment_page_shows_the_panel_and_timeline(client, owner, reviewer, settings):
    settings.EQIA_APPROVALS_REQUIRED = 2
    assessment = make_assessment(by=owner, complete=True, state=S.IN_REVIEW)
    make_move("approve", assessment=assessment, by=reviewer)
    client.force_login(reviewer)
    page = parse(client.get(assessment.get_absolute_url()))
    panel = page.find("section", **{"aria-labelledby": "workflow-panel-title"})
    assert "Approvals: 1 of 2" in [p.text for p in panel.find_all("p")]
    # erin has approved already: she may only request changes.
    assert links(panel) == {
        "Request changes": url("request_changes", assessment),
        "Review comments on each part": url("review", assessment),
    }
    assert url("history", assessment) in links(page).values()
    assert "Approved (1 of 2 approvals)" in [h3.text for h3 in page.find_all("h3")]
