"""Headings as councils write them: "Ref", "Policy title", "Lead officer email"..."""

import datetime

import pytest

from policies.import_values import HEADER_SYNONYMS, Column, column_for_header, header_key
from policies.importing import UnreadableFile
from policies.models import Policy
from tests.import_files import run_csv


@pytest.mark.django_db
def test_a_register_with_common_headings_imports_every_column(owner):
    headers = [
        "Ref",
        "Policy title",
        "Directorate",
        "Lead officer email",
        "Document type",
        "Date of next review",
        "Last review date",
        "Review cycle (months)",
        "Relevance",
        "Armed Forces Covenant function(s)",
        "Link",
        "Comments",
    ]
    row = [
        "hr-006",
        "Disciplinary procedure",
        "Human Resources",
        "alice@example.gov.uk",
        "Procedure",
        "January 2028",
        "01/01/2025",
        "36",
        "Medium",
        "None",
        "https://example.gov.uk/hr-006",
        "Agreed with unions",
    ]
    result = run_csv(headers, [row])
    assert result.errors == [] and result.unknown_columns == []
    policy = Policy.objects.get()
    assert (
        policy.reference,
        policy.title,
        policy.service_area.name if policy.service_area else "",
    ) == (
        "HR-006",
        "Disciplinary procedure",
        "Human Resources",
    )
    assert (policy.owner, policy.policy_type, policy.equality_relevance) == (
        owner,
        "Procedure",
        "medium",
    )
    assert (policy.next_review, policy.last_reviewed, policy.review_frequency_months) == (
        datetime.date(2028, 1, 1),
        datetime.date(2025, 1, 1),
        36,
    )
    assert (policy.document_url, policy.notes) == (
        "https://example.gov.uk/hr-006",
        "Agreed with unions",
    )


@pytest.mark.parametrize(
    ("heading", "column"),
    [
        ("REF.", Column.REFERENCE),
        ("Ref no", Column.REFERENCE),
        ("Policy ref", Column.REFERENCE),
        ("Policy reference", Column.REFERENCE),
        ("Name", Column.TITLE),
        ("Policy name", Column.TITLE),
        ("Owner", Column.OWNER_EMAIL),
        ("Owner e-mail", Column.OWNER_EMAIL),
        ("Department", Column.SERVICE_AREA),
        ("Review date", Column.NEXT_REVIEW),
        ("Review frequency (months)", Column.REVIEW_FREQUENCY),
        ("policy_status", Column.STATUS),
        ("Cabinet member", None),
    ],
)
def test_headings_match_by_name_or_synonym_whatever_their_case_and_punctuation(heading, column):
    assert column_for_header(heading) == column


def test_no_synonym_names_two_columns_or_shadows_a_columns_own_name():
    names = [header_key(column) for column in Column]
    synonyms = [key for keys in HEADER_SYNONYMS.values() for key in keys]
    assert len(set(synonyms)) == len(synonyms)
    assert not set(names) & set(synonyms)


@pytest.mark.django_db
def test_a_columns_own_name_wins_over_a_synonym_which_is_then_ignored(owner):
    result = run_csv(
        ["Reference", "Title", "Directorate", "Service area"],
        [["A-1", "Alpha", "Place", "Planning"]],
    )
    policy = Policy.objects.get()
    assert policy.service_area is not None and policy.service_area.name == "Planning"
    assert result.unknown_columns == ["Directorate"]


@pytest.mark.django_db
def test_two_synonyms_for_one_column_are_refused_naming_both():
    with pytest.raises(UnreadableFile) as caught:
        run_csv(["Ref", "Title", "Department", "Directorate"], [["A-1", "x", "y", "z"]])
    assert caught.value.message == (
        'register.csv has two columns for Service area: "Department" and "Directorate". Keep '
        'only one, or head the one to use "Service area".'
    )
    assert not Policy.objects.exists()
