"""No input to the plan pages gives a server error: keys too large for the database, words
where numbers go, files that are not spreadsheets; each gets a clear answer."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.page import error_summary, field_error
from tests.plans_factories import adopted, open_round, small_plan

HUGE = str(10**30)


@pytest.fixture
def plan(reviewer, colleague):
    small = adopted(small_plan(reviewer, colleague), reviewer)
    open_round(small, reviewer)
    return small


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/plans/{slug}/objectives/{huge}/",
        "/plans/{slug}/rounds/{huge}/",
        "/plans/{slug}/action/{huge}/remove/",
        "/plans/{slug}/rounds/2026/actions/{huge}/",
        "/plans/{slug}/plan.exe",
        "/equality-plans/{slug}/{huge}/",
        "/plans/no-such-plan/",
    ],
)
def test_addresses_that_name_nothing_answer_not_found(client, plan, reviewer, path):
    client.force_login(reviewer)
    assert client.get(path.format(slug=plan.plan.slug, huge=HUGE)).status_code == 404


@pytest.mark.django_db
def test_a_status_or_actions_that_are_not_there_are_refused_beside_their_field(
    client, plan, reviewer
):
    client.force_login(reviewer)
    for wrong in (HUGE, "abc"):
        response = client.post(
            reverse("plans:progress", args=[plan.plan.slug, 2026, plan.led.pk]),
            {"text": "Done", "status": wrong},
        )
        assert field_error(response, "id_status").startswith("Select a valid choice")
        response = client.post(
            reverse("plans:next", args=[plan.plan.slug]),
            {"title": "Next", "period_start": "2030", "period_end": "2031", "carry": [wrong]},
        )
        assert field_error(response, "id_carry").startswith("Select a valid choice")


@pytest.mark.django_db
def test_a_year_past_the_plans_range_is_refused_beside_it(client, plan, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("plans:round_open", args=[plan.plan.slug]), {"year": HUGE, "deadline": "x"}
    )

    assert field_error(response, "id_year") == "The year must be 2100 or earlier"
    assert field_error(response, "id_deadline").startswith("Enter a real date")


@pytest.mark.django_db
def test_a_file_that_is_not_a_spreadsheet_is_refused_beside_the_upload(client, plan, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("plans:progress_import", args=[plan.plan.slug, 2026]),
        {"file": SimpleUploadedFile("progress.csv", b"\x00\x01\x02 binary", "text/csv")},
    )

    assert error_summary(response) == ["progress.csv is not a text CSV file."]


@pytest.mark.django_db
def test_a_plan_file_without_the_needed_headings_names_them(client, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("plans:import"),
        {
            "title": "New plan",
            "period_start": "2026",
            "period_end": "2029",
            "file": SimpleUploadedFile("plan.csv", b"Reference,Title\r\nA,B\r\n", "text/csv"),
        },
    )

    assert error_summary(response) == [
        "plan.csv has no Theme, Aim, Objective, Action, Lead, Target or Connections column. "
        'The headings in its first row are "Reference", "Title". The first row must '
        "hold the column headings: Theme, Aim, Objective, Action, Lead, Target and Connections."
    ]
