"""The import service: errors in rows, and review dates given or derived."""

import datetime

import pytest
from django.contrib.auth.models import User

from policies.importing import Action, RowError, RowOutcome
from policies.models import Policy, ServiceArea
from tests.factories import make_policy
from tests.import_files import FULL_HEADERS, full_row, run_csv

pytestmark = pytest.mark.django_db


# --- Row errors ------------------------------------------------------------------------------


def test_every_error_names_row_column_value_and_why_one_line_each():
    rows = [
        full_row("A-1", next_review="30/02/2023"),
        full_row("A-2", last_reviewed="13/13/2022", equality_relevance="Very high"),
        full_row("A-3", **{"review_frequency_(months)": "0", "last_reviewed": "1/4/23"}),
        full_row("A-4", covenant_function="Social care", document_url="www.example.gov.uk"),
        full_row("A-5", owner_email="alice@", status="Retired"),
        full_row(" ", title=""),
    ]

    result = run_csv(FULL_HEADERS, rows)

    assert [str(error) for error in result.errors] == [
        'Row 2, Next review, "30/02/2023": not a real date (February 2023 has 28 days)',
        'Row 3, Last reviewed, "13/13/2022": not a real date (there is no month 13)',
        'Row 3, Equality relevance, "Very high": not an equality relevance; use High, Medium, '
        "Low or None",
        'Row 4, Last reviewed, "1/4/23": two-digit year; use four digits for the year, '
        "for example 1/4/2023",
        'Row 4, Review frequency (months), "0": not a review frequency; write a whole number '
        "of months from 1 to 120, for example 12 or 12 months",
        'Row 5, Covenant function, "Social care": "Social care" is not a Covenant function; use '
        "Housing, Education or Healthcare, several separated by semicolons, or None",
        'Row 5, Document URL, "www.example.gov.uk": not a web address starting with http:// or '
        "https://",
        'Row 6, Owner email, "alice@": not a valid email address',
        'Row 6, Status, "Retired": not a status; use Active or Archived',
        'Row 7, Reference, "": missing: every policy needs a reference',
        'Row 7, Title, "": missing: every policy needs a title',
    ]
    assert result.error_rows == 6
    assert result.errors[0] == RowError(
        2, "Next review", "30/02/2023", "not a real date (February 2023 has 28 days)"
    )


def test_impossible_dates_are_errors_naming_row_column_and_value():
    result = run_csv(
        ["Reference", "Title", "Last reviewed"],
        [["A-1", "Alpha", "29/02/2023"], ["A-2", "Beta", "29/02/2024"]],
    )

    assert [str(error) for error in result.errors] == [
        'Row 2, Last reviewed, "29/02/2023": not a real date (February 2023 has 28 days)'
    ]


def test_the_same_reference_twice_is_an_error_on_the_later_row_naming_the_earlier():
    result = run_csv(
        ["Reference", "Title"], [["HOU-1", "First"], ["A-2", "Other"], [" hou-1 ", "Second"]]
    )

    assert [str(error) for error in result.errors] == [
        'Row 4, Reference, "HOU-1": the same reference as row 2; each policy may appear only once'
    ]


def test_without_skip_invalid_a_file_with_any_error_writes_nothing():
    accounts_before = User.objects.count()
    result = run_csv(
        FULL_HEADERS,
        [
            full_row("A-1", owner_email="new.officer@example.gov.uk"),
            full_row("A-2", last_reviewed="31/09/2024"),
        ],
    )

    assert result.written is False
    assert not Policy.objects.exists()
    assert not ServiceArea.objects.exists()
    assert User.objects.count() == accounts_before
    assert result.summary_lines()[-1] == "Nothing was written because of the errors in 1 row."


def test_with_skip_invalid_the_valid_rows_are_written_and_error_rows_skipped():
    rows = [full_row("A-1"), full_row("A-2", last_reviewed="31/09/2024"), full_row("A-3")]

    result = run_csv(FULL_HEADERS, rows, skip_invalid=True)

    assert result.written is True
    assert sorted(Policy.objects.values_list("reference", flat=True)) == ["A-1", "A-3"]
    assert result.summary_line() == "Rows read: 3, created: 2, updated: 0, unchanged: 0, errors: 1"
    assert result.row_outcomes == [
        RowOutcome(2, "A-1", "Housing Allocations Policy", Action.CREATE),
        RowOutcome(3, "A-2", "Housing Allocations Policy", Action.ERROR),
        RowOutcome(4, "A-3", "Housing Allocations Policy", Action.CREATE),
    ]


def test_text_too_long_for_the_register_is_an_error_not_a_database_failure():
    result = run_csv(["Reference", "Title"], [["A-" + "9" * 60, "x" * 301]])

    assert [error.message for error in result.errors] == [
        "too long: at most 50 characters, this has 62",
        "too long: at most 300 characters, this has 301",
    ]


# --- Review dates ----------------------------------------------------------------------------


def test_next_review_is_derived_from_last_review_and_frequency_when_not_given():
    headers = ["Reference", "Title", "Last reviewed", "Review frequency (months)", "Next review"]
    result = run_csv(
        headers,
        [
            ["A-1", "Derived", "31/01/2024", "1", ""],
            ["A-2", "Given", "31/01/2024", "12", "01/06/2024"],
            ["A-3", "No frequency", "31/01/2024", "TBC", "TBC"],
            ["A-4", "Nothing known", "Unknown", "", "-"],
        ],
    )

    assert result.errors == []
    next_reviews = dict(Policy.objects.values_list("reference", "next_review"))
    assert next_reviews == {
        "A-1": datetime.date(2024, 2, 29),
        "A-2": datetime.date(2024, 6, 1),
        "A-3": None,
        "A-4": None,
    }


def test_without_a_next_review_column_a_new_policy_gets_the_derived_date():
    run_csv(
        ["Reference", "Title", "Last reviewed", "Review frequency (months)"],
        [["A-1", "x", "Mar 2024", "12 months"]],
    )

    assert Policy.objects.get().next_review == datetime.date(2025, 3, 1)


def test_without_a_next_review_column_an_existing_date_stays_unless_its_basis_changes():
    kept = make_policy(
        reference="A-1",
        title="Kept",
        next_review=datetime.date(2030, 1, 1),
        review_frequency_months=12,
    )
    rederived = make_policy(
        reference="A-2",
        title="Rederived",
        last_reviewed=datetime.date(2020, 1, 1),
        review_frequency_months=12,
    )

    run_csv(
        ["Reference", "Title", "Last reviewed"],
        [["A-1", "Kept", ""], ["A-2", "Rederived", "01/01/2024"]],
    )

    kept.refresh_from_db()
    rederived.refresh_from_db()
    assert kept.next_review == datetime.date(2030, 1, 1)
    assert rederived.next_review == datetime.date(2025, 1, 1)
