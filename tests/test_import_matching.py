"""The import service: matching policies, owners and service areas; writing only changes."""

import pytest
from django.contrib.auth.models import User

from core.roles import Role
from policies.importing import Action, RowOutcome, import_policies
from policies.models import Policy, ServiceArea
from tests.factories import make_policy, make_service_area, make_user
from tests.import_files import FULL_HEADERS, csv_bytes, full_row, run_csv

pytestmark = pytest.mark.django_db


# --- Matching and updating -------------------------------------------------------------------


def test_existing_policies_are_matched_by_normalised_reference_and_updated():
    policy = make_policy(reference="HOU-001", title="Old title", notes="Kept as it was")

    result = run_csv(["Reference", "Title"], [[" hou-001 ", "New title"]])

    policy.refresh_from_db()
    assert policy.title == "New title"
    assert policy.notes == "Kept as it was"
    assert Policy.objects.count() == 1
    assert result.row_outcomes == [RowOutcome(2, "HOU-001", "New title", Action.UPDATE)]
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)


def test_a_column_missing_from_the_file_leaves_the_field_but_a_blank_cell_clears_it(owner):
    area = make_service_area("Housing")
    policy = make_policy(
        reference="A-1",
        title="Alpha",
        owner=owner,
        service_area=area,
        notes="Old notes",
        policy_type="Policy",
        equality_relevance="high",
        covenant_functions=["housing"],
        document_url="https://example.gov.uk/a",
    )

    run_csv(
        ["Reference", "Title", "Notes", "Owner email", "Equality relevance", "Covenant function"],
        [["A-1", "Alpha", "", "", "", ""]],
    )

    policy.refresh_from_db()
    assert (policy.notes, policy.owner, policy.equality_relevance) == ("", None, "")
    assert policy.covenant_functions == []
    assert (policy.service_area, policy.policy_type) == (area, "Policy")
    assert policy.document_url == "https://example.gov.uk/a"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(owner):
    content = csv_bytes(
        FULL_HEADERS, [full_row("A-1"), full_row("A-2", owner_email="new@x.gov.uk")]
    )
    import_policies(content=content, filename="register.csv")
    before = list(Policy.objects.order_by("pk").values())

    again = import_policies(content=content, filename="register.csv")

    assert again.summary_line() == "Rows read: 2, created: 0, updated: 0, unchanged: 2, errors: 0"
    assert again.accounts_created == []
    assert again.service_areas_created == []
    assert list(Policy.objects.order_by("pk").values()) == before


def test_covenant_functions_in_a_different_order_are_unchanged():
    make_policy(reference="A-1", title="Alpha", covenant_functions=["healthcare", "housing"])

    result = run_csv(
        ["Reference", "Title", "Covenant function"], [["A-1", "Alpha", "Housing and Healthcare"]]
    )

    assert result.unchanged == 1


def test_an_update_touches_updated_at_and_an_unchanged_row_does_not():
    changed = make_policy(reference="A-1", title="Alpha")
    same = make_policy(reference="A-2", title="Beta")
    stamps = dict(Policy.objects.values_list("reference", "updated_at"))

    run_csv(["Reference", "Title"], [["A-1", "Alpha revised"], ["A-2", "Beta"]])

    changed.refresh_from_db()
    same.refresh_from_db()
    assert changed.updated_at > stamps["A-1"]
    assert same.updated_at == stamps["A-2"]


# --- Owners and service areas ----------------------------------------------------------------


def test_owner_email_matches_an_account_ignoring_case(owner):
    run_csv(["Reference", "Title", "Owner email"], [["A-1", "Alpha", "ALICE@Example.gov.uk"]])

    assert Policy.objects.get().owner == owner


def test_an_unknown_owner_email_creates_a_policy_owner_account_without_a_password():
    result = run_csv(
        ["Reference", "Title", "Owner email"],
        [
            ["A-1", "Alpha", "Priya.Patel@Example.gov.uk"],
            ["A-2", "Beta", "priya.patel@example.gov.uk"],
        ],
    )

    user = User.objects.get(email="priya.patel@example.gov.uk")
    assert user.username == "priya.patel@example.gov.uk"
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [Role.POLICY_OWNER.value]
    assert set(Policy.objects.values_list("owner", flat=True)) == {user.pk}
    assert result.accounts_created == ["priya.patel@example.gov.uk"]
    assert "Accounts created: priya.patel@example.gov.uk" in result.summary_lines()


def test_an_existing_owner_sharing_an_address_with_another_account_is_kept():
    first = make_user("first", email="shared@example.gov.uk")
    second = make_user("second", email="Shared@example.gov.uk")
    make_policy(reference="A-1", title="Alpha", owner=second)

    result = run_csv(
        ["Reference", "Title", "Owner email"],
        [["A-1", "Alpha", "shared@example.gov.uk"], ["A-2", "Beta", "shared@example.gov.uk"]],
    )

    assert result.unchanged == 1
    owners = dict(Policy.objects.values_list("reference", "owner"))
    assert owners == {"A-1": second.pk, "A-2": first.pk}


def test_unknown_service_areas_are_created_once_and_known_ones_matched_ignoring_case():
    housing = make_service_area("Housing")

    result = run_csv(
        ["Reference", "Title", "Service area"],
        [
            ["A-1", "a", "housing"],
            ["A-2", "b", "Waste  and Recycling"],
            ["A-3", "c", "WASTE and recycling"],
        ],
    )

    areas = dict(Policy.objects.values_list("reference", "service_area__name"))
    assert areas == {"A-1": "Housing", "A-2": "Waste and Recycling", "A-3": "Waste and Recycling"}
    assert ServiceArea.objects.count() == 2
    assert Policy.objects.get(reference="A-1").service_area == housing
    assert result.service_areas_created == ["Waste and Recycling"]


def test_a_dry_run_reports_what_it_would_do_and_creates_nothing():
    make_policy(reference="A-1", title="Old")

    result = run_csv(
        ["Reference", "Title", "Owner email", "Service area"],
        [["A-1", "New", "new.owner@example.gov.uk", "Planning"], ["A-2", "Beta", "", ""]],
        dry_run=True,
    )

    assert (result.created, result.updated, result.written) == (1, 1, False)
    assert result.accounts_created == ["new.owner@example.gov.uk"]
    assert result.service_areas_created == ["Planning"]
    assert result.summary_lines()[-3:] == [
        "Accounts to create: new.owner@example.gov.uk",
        "Service areas to create: Planning",
        "Dry run: nothing was written.",
    ]
    assert list(Policy.objects.values_list("reference", "title")) == [("A-1", "Old")]
    assert not User.objects.filter(email="new.owner@example.gov.uk").exists()
    assert not ServiceArea.objects.exists()


def test_accounts_and_areas_needed_only_by_rows_with_errors_are_not_created():
    result = run_csv(
        ["Reference", "Title", "Owner email", "Service area", "Last reviewed"],
        [["A-1", "a", "bad.row@example.gov.uk", "Planning", "32/01/2024"], ["A-2", "b", "", ""]],
        skip_invalid=True,
    )

    assert result.accounts_created == []
    assert not User.objects.filter(email="bad.row@example.gov.uk").exists()
    assert not ServiceArea.objects.exists()


# --- Speed -----------------------------------------------------------------------------------


def test_a_large_file_is_written_in_bulk_with_few_queries(django_assert_max_num_queries):
    make_policy(reference="P-00001", title="Before")
    rows = [
        [
            f"P-{n:05d}",
            f"Policy {n}",
            f"Area {n % 7}",
            f"owner{n % 20}@example.gov.uk",
            "01/04/2024",
            "12",
        ]
        for n in range(1, 2001)
    ]
    headers = [
        "Reference",
        "Title",
        "Service area",
        "Owner email",
        "Last reviewed",
        "Review frequency (months)",
    ]

    owners_before = User.objects.filter(groups__name=Role.POLICY_OWNER).count()
    # One query per row would be thousands. SQLite allows 999 parameters a statement, so
    # there it inserts about 66 policies at a time; PostgreSQL takes 500.
    with django_assert_max_num_queries(50):
        result = run_csv(headers, rows)

    assert result.summary_line() == (
        "Rows read: 2000, created: 1999, updated: 1, unchanged: 0, errors: 0"
    )
    assert Policy.objects.count() == 2000
    assert User.objects.filter(groups__name=Role.POLICY_OWNER).count() == owners_before + 20
