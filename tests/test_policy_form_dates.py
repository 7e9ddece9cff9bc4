"""The policy forms read dates as the spreadsheet import does: one rule, two users."""

import datetime

import pytest
from django.urls import reverse

from core.dates import today
from policies.forms import PolicyForm
from policies.import_values import parse_date
from policies.models import Policy
from tests.page import error_summary, field_error, parse

NEXT_YEAR = today().year + 1
EXAMPLE = f"for example 31/03/{NEXT_YEAR} or March {NEXT_YEAR}"


def form_with(**dates: str) -> PolicyForm:
    return PolicyForm(
        data={"reference": "HOU-1", "title": "Allocations", "status": "active", **dates}
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("January 2028", datetime.date(2028, 1, 1)),
        ("Jan 2028", datetime.date(2028, 1, 1)),
        ("31/03/2028", datetime.date(2028, 3, 31)),
        ("1/4/2028", datetime.date(2028, 4, 1)),
        ("2028-03-31", datetime.date(2028, 3, 31)),
        ("31 March 2028", datetime.date(2028, 3, 31)),
        ("1st Mar 2028", datetime.date(2028, 3, 1)),
    ],
)
def test_the_form_reads_every_date_the_import_reads(typed, read):
    form = form_with(next_review=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["next_review"] == read == parse_date(typed)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("30/02/2027", "Next review must be a real date (February 2027 has 28 days)"),
        ("Smarch 2028", f"Enter next review as a date, {EXAMPLE}"),
        ("soon", f"Enter next review as a date, {EXAMPLE}"),
        ("March 28", f"Next review must have a four-digit year, {EXAMPLE}"),
    ],
)
def test_a_date_the_import_would_refuse_is_refused_naming_the_field(typed, message):
    form = form_with(next_review=typed)
    assert not form.is_valid()
    assert form.errors["next_review"] == [message]


@pytest.mark.django_db
def test_the_hint_gives_a_future_example_of_both_forms():
    form = PolicyForm()
    assert form.fields["last_reviewed"].help_text == (
        f"For example, 31/03/{NEXT_YEAR} or March {NEXT_YEAR}."
    )
    assert form.fields["next_review"].help_text == (
        "Leave blank to work it out from the last review and frequency. "
        f"For example, 31/03/{NEXT_YEAR} or March {NEXT_YEAR}."
    )


@pytest.mark.django_db
def test_an_owner_types_a_month_and_year_on_the_page(client, owner):
    policy = Policy.objects.create(reference="HOU-001", title="Allocations", owner=owner)
    client.force_login(owner)
    url = reverse("policies:edit", args=["HOU-001"])
    data = {
        "title": "Allocations",
        "status": "active",
        "last_reviewed": "March 2026",
        "review_frequency_months": "24",
    }
    bad = client.post(url, {**data, "next_review": "31 Febuary 2028"})
    assert error_summary(bad) == [field_error(bad, "id_next_review")]
    assert parse(bad).find("input", name="next_review").attrs["value"] == "31 Febuary 2028"
    assert client.post(url, {**data, "next_review": "January 2028"}).status_code == 302
    policy.refresh_from_db()
    assert (policy.last_reviewed, policy.next_review) == (
        datetime.date(2026, 3, 1),
        datetime.date(2028, 1, 1),
    )
    page = parse(client.get(url))
    assert page.find("input", name="next_review").attrs["value"] == "01/01/2028"
