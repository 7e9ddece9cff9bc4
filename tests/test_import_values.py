"""How a spreadsheet cell becomes a policy field (no database needed)."""

import datetime

import pytest

from policies.import_values import (
    Column,
    ValueProblem,
    add_formula_guard,
    cell_text,
    normalise_header,
    parse_covenant_functions,
    parse_date,
    parse_document_url,
    parse_email,
    parse_reference,
    parse_relevance,
    parse_required_text,
    parse_review_frequency,
    parse_service_area,
    parse_status,
    parse_text,
    remove_formula_guard,
)


def problem(parse, value) -> str:
    with pytest.raises(ValueProblem) as caught:
        parse(value)
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/03/2024", datetime.date(2024, 3, 31)),
        ("1/4/2024", datetime.date(2024, 4, 1)),
        ("01/04/2024", datetime.date(2024, 4, 1)),
        ("2024-03-31", datetime.date(2024, 3, 31)),
        ("2024-3-1", datetime.date(2024, 3, 1)),
        ("March 2024", datetime.date(2024, 3, 1)),
        ("Mar 2024", datetime.date(2024, 3, 1)),
        ("mar 2024", datetime.date(2024, 3, 1)),
        ("Sept 2024", datetime.date(2024, 9, 1)),
        ("Sep 2024", datetime.date(2024, 9, 1)),
        ("  June   2025 ", datetime.date(2025, 6, 1)),
        ("31 March 2024", datetime.date(2024, 3, 31)),
        ("31-Mar-2024", datetime.date(2024, 3, 31)),
        ("2024-03-31 00:00:00", datetime.date(2024, 3, 31)),
        ("29/02/2024", datetime.date(2024, 2, 29)),
    ],
)
def test_dates_are_read_in_the_formats_councils_write(text, expected):
    assert parse_date(text) == expected


def test_excel_date_cells_are_read_as_dates():
    assert parse_date(datetime.datetime(2024, 3, 31, 0, 0)) == datetime.date(2024, 3, 31)
    assert parse_date(datetime.date(2024, 3, 31)) == datetime.date(2024, 3, 31)


@pytest.mark.parametrize("text", ["", "  ", "TBC", "tbc", "N/A", "n/a", "Unknown", "UNKNOWN", "-"])
def test_blank_and_placeholder_dates_mean_not_given(text):
    assert parse_date(text) is None
    assert parse_date(None) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("30/02/2023", "not a real date (February 2023 has 28 days)"),
        ("29/02/2023", "not a real date (February 2023 has 28 days)"),
        ("31/04/2024", "not a real date (April 2024 has 30 days)"),
        ("13/13/2022", "not a real date (there is no month 13)"),
        ("2024-02-30", "not a real date (February 2024 has 29 days)"),
        ("00/01/2024", "not a real date (there is no day 0)"),
    ],
)
def test_impossible_dates_are_problems_saying_why(text, message):
    assert problem(parse_date, text) == message


@pytest.mark.parametrize(
    ("text", "example"),
    [("01/04/23", "01/04/2023"), ("1/4/23", "1/4/2023"), ("Mar 24", "Mar 2024")],
)
def test_two_digit_years_are_problems_asking_for_four_digits(text, example):
    assert problem(parse_date, text) == (
        f"two-digit year; use four digits for the year, for example {example}"
    )


@pytest.mark.parametrize("value", ["next year", "31st of never", "Smarch 2024", 45383, 1.5])
def test_text_and_numbers_that_are_not_dates_are_problems(value):
    assert "not a" in problem(parse_date, value)


@pytest.mark.parametrize(
    ("value", "months"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("12 months", 12),
        ("1 Month", 1),
        (12, 12),
        (12.0, 12),
        ("120", 120),
    ],
)
def test_review_frequency_is_a_whole_number_of_months(value, months):
    assert parse_review_frequency(value) == months


@pytest.mark.parametrize("value", ["", None, "TBC", "unknown"])
def test_blank_review_frequency_means_not_given(value):
    assert parse_review_frequency(value) is None


@pytest.mark.parametrize("value", ["0", "121", "-3", "12.5", 12.5, "annually", "1 year", True, 0])
def test_review_frequency_outside_1_to_120_whole_months_is_a_problem(value):
    assert problem(parse_review_frequency, value).startswith(
        "not a review frequency; write a whole number of months from 1 to 120"
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [("High", "high"), (" medium ", "medium"), ("LOW", "low"), ("None", "none"), ("", "")],
)
def test_equality_relevance_is_read_ignoring_case(text, value):
    assert parse_relevance(text) == value


def test_unknown_equality_relevance_names_the_allowed_values():
    assert problem(parse_relevance, "Very high") == (
        "not an equality relevance; use High, Medium, Low or None"
    )


@pytest.mark.parametrize(
    ("text", "functions"),
    [
        ("Housing", ["housing"]),
        ("housing; education", ["housing", "education"]),
        ("Healthcare, Housing", ["housing", "healthcare"]),
        ("Housing/Education", ["housing", "education"]),
        ("Housing and Healthcare", ["housing", "healthcare"]),
        ("Housing; Education; Healthcare", ["housing", "education", "healthcare"]),
        ("Housing; housing", ["housing"]),
        ("", []),
        ("None", []),
        (" none ", []),
    ],
)
def test_covenant_functions_are_read_from_a_list_in_any_separator(text, functions):
    assert parse_covenant_functions(text) == functions


def test_unknown_covenant_function_names_it_and_the_allowed_values():
    assert problem(parse_covenant_functions, "Housing; Social care") == (
        '"Social care" is not a Covenant function; use Housing, Education or Healthcare, '
        "several separated by semicolons, or None"
    )


def test_status_is_active_or_archived_and_blank_means_active():
    assert parse_status("Archived") == "archived"
    assert parse_status(" active ") == "active"
    assert parse_status("") == "active"
    assert problem(parse_status, "Retired") == "not a status; use Active or Archived"


def test_reference_is_trimmed_and_upper_cased():
    assert parse_reference("  hou-012 ") == "HOU-012"


def test_blank_reference_and_title_are_problems():
    assert problem(parse_reference, "  ") == "missing: every policy needs a reference"
    assert problem(lambda v: parse_required_text(v, Column.TITLE), "") == (
        "missing: every policy needs a title"
    )


def test_a_reference_with_a_slash_is_a_problem_because_it_cannot_be_a_web_address():
    assert "cannot contain" in problem(parse_reference, "HR/POL/01")


def test_text_longer_than_the_field_is_a_problem():
    assert parse_text("x" * 100, Column.TYPE) == "x" * 100
    assert problem(lambda v: parse_text(v, Column.TYPE), "x" * 101) == (
        "too long: at most 100 characters, this has 101"
    )


def test_document_url_must_be_an_http_or_https_address():
    assert parse_document_url(" https://example.gov.uk/p.pdf ") == "https://example.gov.uk/p.pdf"
    assert parse_document_url("") == ""
    for value in ["www.example.gov.uk/p.pdf", "ftp://example.gov.uk/p", "not a link"]:
        assert problem(parse_document_url, value) == (
            "not a web address starting with http:// or https://"
        )


def test_owner_email_is_lower_cased_and_malformed_addresses_are_problems():
    assert parse_email(" Priya.Patel@Example.GOV.uk ") == "priya.patel@example.gov.uk"
    assert parse_email("") == ""
    assert problem(parse_email, "priya.patel@") == "not a valid email address"


def test_service_area_spacing_is_tidied():
    assert parse_service_area("  Revenues   and Benefits ") == "Revenues and Benefits"


def test_headers_match_ignoring_case_and_runs_of_spaces():
    assert normalise_header("  Review   FREQUENCY\n(months) ") == "review frequency (months)"
    assert normalise_header("Owner\u00a0email") == normalise_header(Column.OWNER_EMAIL)


def test_cell_text_shows_spreadsheet_numbers_and_dates_as_written():
    assert cell_text(12.0) == "12"
    assert cell_text(12.5) == "12.5"
    assert cell_text(None) == ""
    assert cell_text(datetime.datetime(2024, 3, 1)) == "2024-03-01"
    assert cell_text("  HOU-1 ") == "HOU-1"


@pytest.mark.parametrize(
    "text",
    ["=SUM(A1)", "+44 1234", "-see appendix", "@user", "'=already quoted", "''=x", "plain", "'a"],
)
def test_formula_guard_is_undone_exactly_by_the_import(text):
    guarded = add_formula_guard(text)
    if text[:1] in "=+-@" or text.lstrip("'")[:1] in "=+-@":
        assert guarded.startswith("'")
    assert remove_formula_guard(guarded) == text
