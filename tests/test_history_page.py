"""The full history of an assessment (workflow/views/assessment.py: history), read from its
audit trail (workflow/timeline.py): a person's run of saves on one part told once, the
decisions first. Who may open it: tests/test_permission_matrix.py."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from eqia.content import part_save
from eqia.models import Part
from tests.assessment_factories import make_assessment
from tests.page import h1, parse, table_rows, text_of
from workflow.services import make_move
from workflow.timeline import TimelineEntry, grouped


def history(client, assessment):
    return client.get(reverse("workflow:history", args=[assessment.pk]))


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
    response = history(client, assessment)
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
        "Decision",
        f"Erin Reid (EDI reviewer), {at.day} {at:%B %Y, %H:%M}",
        "In review → Changes requested",
        "Evidence is thin",
    ]


@pytest.mark.django_db
def test_the_decisions_come_first_and_times_are_said_once_to_be_uk_time(client, owner, reviewer):
    assessment = make_assessment(by=owner, complete=True)
    make_move("submit", assessment=assessment, by=owner)
    make_move("start_review", assessment=assessment, by=reviewer)
    client.force_login(owner)
    response = history(client, assessment)
    rows = table_rows(response, "Decisions")
    assert [row[1] for row in rows[1:]] == ["Submitted for review", "Review started"]
    assert rows[1][2] == "Alice Owen (Policy owner)"
    text = text_of(response)
    assert text.count("Times are UK time.") == 1
    assert "UTC" not in text and "GMT" not in text
    headings = [h2.text for h2 in parse(response).find_all("h2")]
    assert headings.index("Decisions") < headings.index("Everything that happened")


@pytest.mark.django_db
def test_saves_of_one_part_in_one_sitting_read_as_one_line(client, owner):
    assessment = make_assessment(by=owner)
    for text in ["Census", "Census 2021", "Census 2021; complaints"]:
        part_save(
            assessment=assessment,
            by=owner,
            part=Part.EVIDENCE,
            values={"data_sources": text},
            completed=False,
        )
    part_save(assessment=assessment, by=owner, part=Part.AIMS, values={}, completed=False)
    client.force_login(owner)
    page = parse(history(client, assessment))
    what = [h3.text for h3 in page.find_all("h3")]
    first = assessment.audit_entries.get(sequence=2).at
    last = assessment.audit_entries.get(sequence=4).at
    clock = f"{timezone.localtime(first):%H:%M}\u2013{timezone.localtime(last):%H:%M}"
    assert what == [
        "Assessment started",
        f"Content saved: Evidence and engagement (3 saves, {clock})",
        "Content saved: The three aims of the equality duty",
    ]
    assert "Oldest first: 5 entries" in text_of(page)


def line(sequence: int, minute: int, *, actor: int = 1, part: str = "impacts") -> TimelineEntry:
    return TimelineEntry(
        sequence=sequence,
        at=datetime.datetime(2026, 11, 3, 10, 0, tzinfo=datetime.UTC)
        + datetime.timedelta(minutes=minute),
        actor_name="Alice Owen",
        actor_role="Policy owner",
        what="Content saved: Impact on people",
        from_state="",
        to_state="",
        comment="",
        kind="content",
        actor_id=actor,
        part=part,
    )


def test_a_run_of_saves_ends_at_another_person_another_part_or_a_pause():
    lines = grouped(
        [
            line(1, 2),
            line(2, 10),
            line(3, 24),  # each within half an hour of the one before: one line
            line(4, 60),  # a pause of 36 minutes
            line(5, 61, actor=2),  # another person
            line(6, 62, actor=2, part="aims"),  # another part
        ]
    )
    assert [(entry.sequence, entry.saves) for entry in lines] == [(1, 3), (4, 1), (5, 1), (6, 1)]
    assert lines[0].what == "Content saved: Impact on people (3 saves, 10:02\u201310:24)"
