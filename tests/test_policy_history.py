"""Every change to a policy's details is kept (who, when, where, old to new, why) and shown on
the policy's page, newest first; lowering the equality relevance or moving the next review far
away needs a reason and tells the EDI group."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.dates import add_months, long_date, today
from core.refusals import Refused
from policies.models import ChangeSource, Policy, PolicyChange, Relevance
from policies.services import policy_save
from tests.factories import make_policy, make_service_area
from tests.page import parse, table_rows, text_of

HISTORY = "History of HOU-001's details, newest first"


def history_rows(response) -> list[list[str]]:
    return table_rows(response, caption=HISTORY)[1:]


def changed(policy, **values):
    for name, value in values.items():
        setattr(policy, name, value)
    return policy


@pytest.fixture
def policy(owner):
    return make_policy(
        reference="HOU-001",
        title="Allocations",
        owner=owner,
        equality_relevance=Relevance.HIGH,
        review_frequency_months=24,
        next_review=add_months(today(), 6),
    )


@pytest.mark.django_db
def test_each_changed_field_is_kept_with_who_where_old_new_and_why(policy, owner):
    policy_save(
        policy=changed(policy, title="Housing allocations", notes="Scheme revised"),
        by=owner,
        reason="New scheme",
    )
    rows = PolicyChange.objects.filter(policy=policy).order_by("field")
    assert [(row.field_label, row.old_value, row.new_value) for row in rows] == [
        ("Notes", "", "Scheme revised"),
        ("Title", "Allocations", "Housing allocations"),
    ]
    assert {(row.by, row.by_name, row.source, row.reason) for row in rows} == {
        (owner, "Alice Owen", ChangeSource.FORM, "New scheme")
    }


@pytest.mark.django_db
def test_a_save_that_changes_nothing_keeps_nothing(policy, owner):
    policy_save(policy=policy, by=owner)
    assert not PolicyChange.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"equality_relevance": Relevance.NONE}, "equality relevance lowered from High to None"),
        ({"equality_relevance": ""}, "equality relevance lowered from High to not rated"),
        (
            {"next_review": datetime.date(2035, 1, 1)},
            "next review moved to 1 January 2035, more than 24 months away",
        ),
    ],
)
def test_a_lowering_or_a_far_review_needs_a_reason(policy, owner, change, words):
    with pytest.raises(Refused) as refused:
        policy_save(policy=changed(policy, **change), by=owner)
    (reason,) = refused.value.reasons
    assert reason.field == "change_reason"
    assert reason.message == f"Enter a reason for the change ({words}): the EDI group is told of it"
    assert not PolicyChange.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_with_a_reason_it_is_saved_and_the_edi_group_told_once_committed(
    policy, owner, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        policy_save(
            policy=changed(policy, equality_relevance=Relevance.NONE),
            by=owner,
            reason="Replaced by the county's scheme",
        )
    (message,) = mail.outbox
    assert message.to == ["erin@example.gov.uk"]
    assert message.subject == "HOU-001: equality relevance lowered from High to None"
    assert "Alice Owen changed HOU-001 Allocations in the policy register:" in message.body
    assert "Their reason: Replaced by the county's scheme" in message.body
    assert PolicyChange.objects.get().reason == "Replaced by the county's scheme"


@pytest.mark.django_db
def test_raising_relevance_or_a_review_within_a_cycle_needs_no_reason(policy, owner):
    policy.equality_relevance = Relevance.MEDIUM
    policy.save()
    policy_save(
        policy=changed(
            policy, equality_relevance=Relevance.HIGH, next_review=add_months(today(), 20)
        ),
        by=owner,
    )
    assert PolicyChange.objects.count() == 2
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_policy_page_shows_the_history_newest_first_grouped_by_save(
    client, policy, owner, administrator
):
    first = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 15))
    PolicyChange.objects.create(
        policy=policy,
        field="equality_relevance",
        field_label="Equality relevance",
        old_value="Medium",
        new_value="High",
        source=ChangeSource.FORM,
        by=owner,
        by_name="Alice Owen",
        at=first,
    )
    housing = make_service_area("Housing")
    policy_save(
        policy=changed(policy, service_area=housing, notes="", next_review=None),
        by=administrator,
        source=ChangeSource.ADMIN,
        reason="Date to be agreed with the cabinet member",
    )
    client.force_login(owner)
    response = client.get(reverse("policies:detail", args=["HOU-001"]))
    rows = history_rows(response)
    assert [row[1:] for row in rows] == [
        [
            "Ada Admin Django admin",
            "Service area set to Housing "
            f"Next review removed (was {long_date(add_months(today(), 6))})",
            "Date to be agreed with the cabinet member",
        ],
        ["Alice Owen Policy page", "Equality relevance changed from Medium to High", "None given"],
    ]
    assert rows[1][0] == "2 Mar 2026, 09:15"
    assert "Times are UK time." in text_of(response)


@pytest.mark.django_db
def test_a_policy_added_shows_as_added_with_its_details(client, administrator, owner):
    added = Policy(reference="HOU-001", title="Allocations", equality_relevance=Relevance.LOW)
    policy_save(policy=added, by=administrator)
    client.force_login(owner)
    (row,) = history_rows(client.get(reverse("policies:detail", args=["HOU-001"])))
    assert row[2] == (
        "Added to the register Reference: HOU-001 Title: Allocations Status: Active "
        "Equality relevance: Low"
    )


@pytest.mark.django_db
def test_a_policy_with_no_history_says_so(client, owner):
    make_policy(reference="HOU-001")
    client.force_login(owner)
    response = client.get(reverse("policies:detail", args=["HOU-001"]))
    assert "No change to this policy's details has been recorded yet." in text_of(response)
    assert not parse(response).find_all("table", class_="eqia-stacked")


@pytest.mark.django_db
def test_a_change_made_by_no_person_names_where_it_came_from_once(client, administrator, owner):
    added = Policy(reference="HOU-001", title="Allocations", equality_relevance=Relevance.LOW)
    policy_save(policy=added, by=None, source=ChangeSource.IMPORT)  # the command line
    policy_save(
        policy=changed(added, title="Allocations scheme"),
        by=administrator,
        source=ChangeSource.IMPORT,
    )
    client.force_login(owner)
    later, first = history_rows(client.get(reverse("policies:detail", args=["HOU-001"])))
    assert first[1] == "Spreadsheet import"
    assert later[1] == "Ada Admin Spreadsheet import"
