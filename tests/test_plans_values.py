"""How a plan's words become data: the date a target implies, a lead's people and teams, the
other plans a theme connects to, progress in paragraphs and bullet lists."""

import datetime

import pytest

from plans.values import Block, progress_blocks, split_connections, split_lead, target_date
from policies.import_values import ValueProblem


@pytest.mark.parametrize(
    ("target", "date"),
    [
        ("April 2023", datetime.date(2023, 4, 30)),
        ("Review Jan 2023", datetime.date(2023, 1, 31)),
        ("Dec 2023 (ongoing release)", datetime.date(2023, 12, 31)),
        ("Review Feb 2024", datetime.date(2024, 2, 29)),
        ("Sept. 2025", datetime.date(2025, 9, 30)),
        ("By 31/03/2027", datetime.date(2027, 3, 31)),
        ("15 March 2027 at the latest", datetime.date(2027, 3, 15)),
        ("ongoing", None),
        ("Spring 2023", None),
        ("2023/24", None),
        ("", None),
    ],
)
def test_a_target_implies_the_last_day_of_the_month_it_names(target, date):
    assert target_date(target) == date


def test_a_lead_keeps_teams_as_written_and_takes_out_the_people_by_address():
    assert split_lead("Housing/Revs and Bens").teams == "Housing/Revs and Bens"
    both = split_lead("Equality, Diversity and Inclusion Officer Group / Alice@Example.gov.uk")
    assert (both.emails, both.teams) == (
        ["alice@example.gov.uk"],
        "Equality, Diversity and Inclusion Officer Group",
    )
    several = split_lead("a@example.gov.uk and HR team; b@example.gov.uk / Housing")
    assert (several.emails, several.teams) == (
        ["a@example.gov.uk", "b@example.gov.uk"],
        "HR team / Housing",
    )
    with pytest.raises(ValueProblem, match='"bob@" is not a valid e-mail address'):
        split_lead("HR; bob@")


def test_connections_are_split_on_lines_or_semicolons_without_bullets_or_repeats():
    assert split_connections("·  Strategic Plan\n• Digital Strategy; strategic plan\n\n") == [
        "Strategic Plan",
        "Digital Strategy",
    ]


def test_progress_is_paragraphs_and_bullet_lists():
    text = (
        "Work was paused.\nIt resumed in May.\n\n"
        "·         Newsletters sent\n- Inboxes set up\n\n"
        "Online assistance also remains in place"
    )
    assert progress_blocks(text) == [
        Block(text="Work was paused. It resumed in May."),
        Block(items=("Newsletters sent", "Inboxes set up")),
        Block(text="Online assistance also remains in place"),
    ]
