"""The full history of an assessment (workflow/views/assessment.py: history), read from its
audit trail. Who may open it: tests/test_permission_matrix.py."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.assessment_factories import make_assessment
from tests.page import h1, parse
from workflow.services import make_move


@pytest.mark.django_db
def test_the_history_lists_who_in_which_role_when_and_what(client, owner, reviewer, settings):
    settings.TIME_ZONE = "Europe/London"
    assessment = make_assessment(by=owner, complete=True)
    make_move("submit", assessment=assessment, by=owner)
    make_move("start_review", assessment=assessment, by=reviewer)
    make_move(
        "request_changes", assessment=assessment, by=reviewer, data={"comment": "Evidence is thin"}
    )
    client.force_login(owner)
    response = client.get(reverse("workflow:history", args=[assessment.pk]))
    assert h1(response) == "History of the assessment"
    entries = [
        parse(response).find("li", id=f"entry-{entry.sequence}")
        for entry in assessment.audit_entries.order_by("sequence")
    ]
    what = [entry.find("h3").text for entry in entries]
    assert what[0] == "Assessment started"
    assert what[-3:] == ["Submitted for review", "Review started", "Changes requested"]
    started, *_, changes = entries
    assert started.find_all("p")[0].text.startswith("Alice Owen (Policy owner), ")
    at = timezone.localtime(assessment.audit_entries.latest("sequence").at)
    assert [p.text for p in changes.find_all("p")] == [
        f"Erin Reid (EDI reviewer), {at.day} {at:%B %Y, %H:%M}",
        "In review → Changes requested",
        "Evidence is thin",
    ]
