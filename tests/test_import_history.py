"""The import keeps every created and updated policy's changes in its history, and tells the
EDI group, in one e-mail, of the changes it hears of."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.dates import add_months, today
from policies.models import ChangeSource, PolicyChange, Relevance
from tests.factories import make_policy
from tests.import_files import csv_bytes, run_csv
from tests.test_import_page import listed_under

HEADERS = ["Reference", "Title", "Equality relevance", "Next review"]


def far_away() -> str:
    return add_months(today(), 60).strftime("%d/%m/%Y")


@pytest.mark.django_db
def test_a_new_policy_is_kept_as_added_by_the_import():
    run_csv(HEADERS, [["HOU-001", "Allocations", "High", "31/03/2027"]])
    rows = PolicyChange.objects.order_by("pk")
    assert [(row.field, row.old_value, row.new_value) for row in rows] == [
        ("reference", "", "HOU-001"),
        ("title", "", "Allocations"),
        ("status", "", "Active"),
        ("equality_relevance", "", "High"),
        ("next_review", "", "31 March 2027"),
    ]
    assert {(row.by, row.by_name, row.source, row.reason) for row in rows} == {
        (None, "Spreadsheet import", ChangeSource.IMPORT, "Imported from register.csv")
    }


@pytest.mark.django_db
def test_an_update_keeps_only_what_changed_with_who_imported_it(administrator):
    make_policy(reference="HOU-001", title="Allocations", equality_relevance=Relevance.HIGH)
    make_policy(reference="HOU-002", title="Tenancy", equality_relevance=Relevance.LOW)
    run_csv(
        ["Reference", "Title", "Equality relevance"],
        [["HOU-001", "Housing allocations", "High"], ["HOU-002", "Tenancy", "Low"]],
        by=administrator,
    )
    change = PolicyChange.objects.get()
    assert (change.policy.reference, change.field, change.old_value, change.new_value) == (
        "HOU-001",
        "title",
        "Allocations",
        "Housing allocations",
    )
    assert (change.by, change.by_name) == (administrator, "Ada Admin")


@pytest.mark.django_db
def test_a_dry_run_or_a_file_with_errors_keeps_nothing():
    run_csv(HEADERS, [["HOU-001", "Allocations", "High", ""]], dry_run=True)
    run_csv(HEADERS, [["HOU-001", "Allocations", "Very high", ""]])
    assert not PolicyChange.objects.exists()


@pytest.mark.django_db
def test_the_edi_group_gets_one_email_listing_the_changes_it_hears_of(
    reviewer, django_capture_on_commit_callbacks
):
    make_policy(reference="HOU-001", title="Allocations", equality_relevance=Relevance.HIGH)
    make_policy(reference="HOU-002", title="Tenancy", equality_relevance=Relevance.HIGH,
                review_frequency_months=12, next_review=add_months(today(), 3))  # fmt: skip
    make_policy(reference="HOU-003", title="Homelessness", equality_relevance=Relevance.LOW)
    with django_capture_on_commit_callbacks(execute=True):
        result = run_csv(
            HEADERS,
            [
                ["HOU-001", "Allocations", "None", ""],
                ["HOU-002", "Tenancy", "High", far_away()],
                ["HOU-003", "Homelessness", "High", ""],
            ],
        )
    far = add_months(today(), 60)
    expected = [
        "HOU-001: equality relevance lowered from High to None",
        f"HOU-002: next review moved to {far.day} {far:%B %Y}, more than 12 months away",
    ]
    assert result.flagged == expected
    (message,) = mail.outbox
    assert message.to == ["erin@example.gov.uk"]
    assert message.subject == ("register.csv: 2 policies changed in ways the EDI group is told of")
    body = message.body
    assert "The import_policies command imported register.csv into the policy register." in body
    assert "HOU-001: Allocations\n- Equality relevance lowered from High to None\n" in body
    assert "HOU-003" not in body
    assert PolicyChange.objects.get(policy__reference="HOU-001").reason == (
        "Imported from register.csv"
    )


@pytest.mark.django_db
def test_the_preview_lists_the_changes_the_edi_group_will_be_told_of(admin_client):
    make_policy(reference="HOU-001", title="Allocations", equality_relevance=Relevance.HIGH)
    content = csv_bytes(HEADERS, [["HOU-001", "Allocations", "Low", ""]])
    upload = SimpleUploadedFile("register.csv", content, content_type="text/csv")
    preview = admin_client.post(reverse("policies:import"), {"file": upload})
    assert listed_under(preview, "Changes the EDI group will be told of") == [
        "HOU-001: equality relevance lowered from High to Low"
    ]
    assert mail.outbox == []
    assert not PolicyChange.objects.exists()
