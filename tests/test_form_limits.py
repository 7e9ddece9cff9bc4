"""The bounds every form keeps, each a clear error beside its field and never a server error:
dates in a year from 1900 to 2200 (core.forms.DateField, and the import's dates), a review
frequency from 1 to 120 months, a length limit on every text box, and a chosen key past the
database's integers (core.lookups). tests/test_form_fuzz.py sends every form worse."""

import pytest
from django.urls import reverse

from core.dates import date_hint
from eqia.models import Characteristic
from policies.importing import import_policies
from policies.models import Policy
from tests.assessment_factories import make_assessment
from tests.factories import make_policy
from tests.page import error_summary, field_error

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
FREQUENCY_ERROR = (
    "Enter the review frequency as a whole number of months from 1 to 120, for example 12"
)


def new_policy(client, **fields):
    data = {"reference": "HOU-001", "title": "Allocations", "status": "active", **fields}
    return client.post(reverse("policies:create"), data)


@pytest.mark.parametrize("frequency", ["0", "-1", "121", "1000000", HUGE, "1" + "0" * 30, "1e3"])
def test_a_review_frequency_out_of_range_is_a_field_error(client, administrator, frequency):
    client.force_login(administrator)

    response = new_policy(client, last_reviewed="01/04/2026", review_frequency_months=frequency)

    assert response.status_code == 200
    assert field_error(response, "id_review_frequency_months") == FREQUENCY_ERROR
    assert not Policy.objects.exists()


def test_the_longest_review_frequency_is_taken(client, administrator):
    client.force_login(administrator)

    response = new_policy(client, last_reviewed="01/04/2026", review_frequency_months="120")

    assert response.status_code == 302
    assert str(Policy.objects.get().next_review) == "2036-04-01"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/12/9999", "the year must be from 1900 to 2200"),
        ("01/01/1899", "the year must be from 1900 to 2200"),
        ("31/02/2026", "February 2026 has 28 days"),
        ("01/01/99999", "four-digit year"),
    ],
)
def test_a_policy_date_out_of_range_is_a_field_error_even_with_a_frequency(
    client, administrator, typed, message
):
    client.force_login(administrator)

    response = new_policy(client, last_reviewed=typed, review_frequency_months="12")

    assert response.status_code == 200
    assert message in field_error(response, "id_last_reviewed")
    assert not Policy.objects.exists()


@pytest.mark.parametrize("typed", ["31/12/9999", "01/01/0001", "01/01/1899", "x" * 100_000])
def test_a_date_out_of_range_is_enter_a_real_date_naming_the_field(client, owner, typed):
    assessment = make_assessment(by=owner)
    client.force_login(owner)

    response = client.post(
        reverse("assessments:action_add", args=[assessment.pk]),
        {"description": "Consult the forum", "lead_team": "Housing team", "due_date": typed},
    )

    assert response.status_code == 200
    assert (
        field_error(response, "id_due_date") == f"Enter a real date for the due date. {date_hint()}"
    )


def test_the_import_refuses_a_date_out_of_range_as_a_row_error():
    content = (
        b"Reference,Title,Last reviewed,Review frequency (months)\r\n"
        b"HOU-001,Allocations,31/12/9999,12\r\n"
        b"HOU-002,Tenancy,01/01/0000,12\r\n"
    )

    result = import_policies(content=content, filename="register.csv")

    assert [str(error) for error in result.errors] == [
        'Row 2, Last reviewed, "31/12/9999": not a real date (the year must be from 1900 to 2200)',
        'Row 3, Last reviewed, "01/01/0000": not a real date (the year must be from 1900 to 2200)',
    ]
    assert not Policy.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit", "message"),
    [
        ("title", 300, "Title must be 300 characters or fewer"),
        ("notes", 20_000, "Notes must be 20,000 characters or fewer"),
    ],
)
def test_a_text_past_its_limit_is_refused_naming_the_field(
    client, administrator, field, limit, message
):
    client.force_login(administrator)

    response = new_policy(client, **{field: "x" * 100_000})

    assert response.status_code == 200
    assert field_error(response, f"id_{field}") == message
    assert not Policy.objects.exists()


def test_an_answer_past_the_limit_on_a_part_is_refused_naming_the_field(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)

    response = client.post(
        reverse("assessments:part", args=[assessment.pk, "evidence"]),
        {"data_sources": "x" * 100_000, "engagement": "Tenant panel"},
    )

    assert response.status_code == 200
    assert error_summary(response) == ["Data and evidence used must be 20,000 characters or fewer"]
    assessment.refresh_from_db()
    assert assessment.data_sources == ""


@pytest.mark.parametrize("chosen", [HUGE, "-1", "abc", "1.5"])
def test_a_chosen_group_that_is_no_key_is_a_field_error(client, owner, chosen):
    assessment = make_assessment(by=owner)
    client.force_login(owner)

    response = client.post(
        reverse("assessments:action_add", args=[assessment.pk]),
        {
            "description": "Consult the forum",
            "lead_team": "Housing team",
            "due_date": "31/03/2027",
            "characteristics": chosen,
        },
    )

    assert response.status_code == 200
    assert field_error(response, "id_characteristics") in {
        f"Select a valid choice. {chosen} is not one of the available choices.",
        f"“{chosen}” is not a valid value.",
    }


def test_a_key_past_the_databases_integers_matches_nothing_in_any_list():
    # core.lookups: Django's exact lookup already does; its "in" asked SQLite with the number.
    first = Characteristic.objects.order_by("pk").first()

    assert list(Characteristic.objects.filter(pk__in=[first.pk, int(HUGE)])) == [first]
    assert not Characteristic.objects.filter(pk__in=[int(HUGE), -(2**70)]).exists()


@pytest.mark.parametrize(
    "query",
    ["?q=%00", "?q=" + "x" * 100_000, f"?owner={HUGE}&service_area=abc&sort=%00", "?page=%00"],
)
def test_a_list_page_with_hostile_filters_still_answers(client, owner, query):
    make_policy(reference="HOU-001", owner=owner)
    client.force_login(owner)

    response = client.get(reverse("policies:register") + query)

    assert response.status_code == 200
