import datetime
import json
from dataclasses import dataclass

import pytest
from django.db import connections
from django.utils import timezone

from eqia.management.commands.review_queue import Command
from eqia.models import AssessmentState
from policies.models import Policy
from tests.assessment_factories import make_assessment, set_state
from tests.factories import days_from, make_policy, make_service_area

AS_OF = datetime.date(2026, 6, 1)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def review_queue_cli(capsys, monkeypatch, settings):
    """Runs the command as manage.py does, so exit codes and stderr are the real ones."""
    settings.EQIA_REVIEW_DUE_SOON_DAYS = 90
    # run_from_argv closes every connection when it finishes, which would end the test's
    # transaction on PostgreSQL.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*arguments: str) -> Result:
        capsys.readouterr()
        try:
            Command().run_from_argv(["manage.py", "review_queue", "--skip-checks", *arguments])
            exit_code = 0
        except SystemExit as exit:
            exit_code = exit.code
        captured = capsys.readouterr()
        return Result(exit_code, captured.out, captured.err)

    return run


@pytest.fixture
def register(owner):
    housing = make_service_area("Housing")
    planning = make_service_area("Planning")
    make_policy(
        reference="HOU-001",
        title="Housing allocations",
        service_area=housing,
        owner=owner,
        next_review=days_from(AS_OF, -214),
        equality_relevance="high",
        covenant_functions=["housing"],
    )
    make_policy(
        reference="HOU-002",
        title="Tenancy strategy",
        service_area=housing,
        next_review=days_from(AS_OF, 12),
        equality_relevance="medium",
    )
    make_policy(reference="PLN-001", title="Local plan", service_area=planning, next_review=None)


@pytest.mark.django_db
def test_json_lists_the_ranked_policies_with_their_reasons(review_queue_cli, register):
    result = review_queue_cli("--as-of", "2026-06-01", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {
            "rank": 1,
            "reference": "HOU-001",
            "title": "Housing allocations",
            "next_review": "2025-10-30",
            "score": 218.5,
            "reasons": [
                "overdue by 214 days",
                "high equality relevance",
                "no signed EqIA",
                "Covenant function: housing",
            ],
            "eqia": None,
        },
        {
            "rank": 2,
            "reference": "PLN-001",
            "title": "Local plan",
            "next_review": None,
            "score": 140,
            "reasons": ["review date unknown", "equality relevance not rated", "no signed EqIA"],
            "eqia": None,
        },
        {
            "rank": 3,
            "reference": "HOU-002",
            "title": "Tenancy strategy",
            "next_review": "2026-06-13",
            "score": 83.33,
            "reasons": ["due in 12 days", "medium equality relevance", "no signed EqIA"],
            "eqia": None,
        },
    ]


def cells(column: str) -> list[str]:
    """What each row of the register fixture shows in the column."""
    return {
        "Reference": ["HOU-001", "PLN-001", "HOU-002"],
        "Next review": ["2025-10-30", "unknown", "2026-06-13"],
        "Title": ["Housing allocations", "Local plan", "Tenancy strategy"],
        "Reasons": ["overdue by 214", "review date unknown", "due in 12 days"],
    }[column]


@pytest.mark.django_db
def test_the_table_lines_up_its_columns(review_queue_cli, register):
    result = review_queue_cli("--as-of", "2026-06-01")
    assert result.exit_code == 0
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["Rank", "Reference", "Next", "review", "Score", "Title", "Reasons"]
    assert [row.split()[:4] for row in rows] == [
        ["1", "HOU-001", "2025-10-30", "218.50"],
        ["2", "PLN-001", "unknown", "140.00"],
        ["3", "HOU-002", "2026-06-13", "83.33"],
    ]
    for column in ("Reference", "Next review", "Title", "Reasons"):
        starts = {line.index(word) for line, word in zip(rows, cells(column), strict=True)}
        assert starts == {header.index(column)}, column
    assert rows[0].endswith(
        "overdue by 214 days; high equality relevance; no signed EqIA; Covenant function: housing"
    )


@pytest.mark.django_db
def test_long_titles_are_shortened_in_the_table(review_queue_cli):
    make_policy(reference="LONG-1", title="A very long policy title " * 10)
    row = review_queue_cli().stdout.splitlines()[1]
    assert "A very long policy title" in row
    assert "…" in row
    assert len(row) < 180


@pytest.mark.django_db
def test_limit_shows_only_the_first_policies(review_queue_cli, register):
    result = review_queue_cli("--as-of", "2026-06-01", "--limit", "2", "--format", "json")
    assert [entry["reference"] for entry in json.loads(result.stdout)] == ["HOU-001", "PLN-001"]


@pytest.mark.django_db
@pytest.mark.parametrize("limit", ["0", "-3", "many"])
def test_limit_must_be_a_positive_whole_number(review_queue_cli, limit):
    result = review_queue_cli("--limit", limit)
    assert result.exit_code == 2
    assert "is not a positive whole number" in result.stderr


@pytest.mark.django_db
def test_as_of_moves_the_date_the_queue_is_ranked_on(review_queue_cli, register):
    result = review_queue_cli("--as-of", "2026-06-20", "--format", "json")
    by_reference = {entry["reference"]: entry for entry in json.loads(result.stdout)}
    assert by_reference["HOU-002"]["reasons"][0] == "overdue by 7 days"
    assert by_reference["HOU-002"]["rank"] == 2


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", ["2026-13-01", "tomorrow", "01/06/2026"])
def test_a_bad_as_of_date_is_a_usage_error(review_queue_cli, as_of):
    result = review_queue_cli("--as-of", as_of)
    assert result.exit_code == 2
    assert "is not a date: give it as yyyy-mm-dd" in result.stderr
    assert result.stdout == ""


@pytest.mark.django_db
def test_service_area_is_matched_in_any_letter_case(review_queue_cli, register):
    result = review_queue_cli(
        "--as-of", "2026-06-01", "--service-area", "hOUSING", "--format", "json"
    )
    assert result.exit_code == 0
    entries = json.loads(result.stdout)
    assert [(entry["rank"], entry["reference"]) for entry in entries] == [
        (1, "HOU-001"),
        (2, "HOU-002"),
    ]


@pytest.mark.django_db
def test_an_unknown_service_area_is_a_usage_error_naming_the_known_ones(review_queue_cli, register):
    result = review_queue_cli("--service-area", "Parks")
    assert result.exit_code == 2
    assert "No service area is called 'Parks'" in result.stderr
    assert "Known service areas: Housing, Planning" in result.stderr
    assert result.stdout == ""


@pytest.mark.django_db
def test_an_unknown_format_is_a_usage_error(review_queue_cli):
    result = review_queue_cli("--format", "csv")
    assert result.exit_code == 2
    assert "invalid choice: 'csv'" in result.stderr


@pytest.mark.django_db
def test_an_empty_queue_says_so(review_queue_cli):
    assert review_queue_cli().stdout == "No active policies to review.\n"
    assert json.loads(review_queue_cli("--format", "json").stdout) == []


@pytest.mark.django_db
def test_json_says_where_an_open_eqia_stands(review_queue_cli, register, owner):
    Policy.objects.filter(reference="HOU-002").update(owner=owner)
    started = make_assessment(Policy.objects.get(reference="HOU-002"), by=owner)
    since = timezone.make_aware(datetime.datetime(2026, 5, 3, 12))
    set_state(started, AssessmentState.IN_REVIEW, state_since=since)
    result = review_queue_cli("--as-of", "2026-06-01", "--format", "json")
    by_reference = {entry["reference"]: entry["eqia"] for entry in json.loads(result.stdout)}
    assert by_reference == {
        "HOU-001": None,
        "PLN-001": None,
        "HOU-002": "EqIA v1 in review since 3 May 2026",
    }
