"""The Actions page: every live action, once, for the EDI group, administrators and auditors,
with filters, its download, and the same few queries however many actions there are."""

import csv
import datetime
import io

import openpyxl
import pytest
from django import forms
from django.urls import reverse

from core.dates import today
from core.widgets import QuickSelect
from eqia.actions import action_add, action_update_status
from eqia.context_processors import navigation
from eqia.forms.actions import ActionFilterForm
from eqia.models import Action, ActionStatus, AssessmentState, Characteristic
from eqia.services import assessment_start
from tests.assessment_factories import make_assessment, set_state
from tests.factories import days_from, make_policy, make_service_area
from tests.page import links, table_rows, text_of

pytestmark = pytest.mark.django_db
URL = reverse("actions:list")
EXPORT = reverse("actions:export")


def planned(assessment, description, *, due_in=60, **fields):
    return action_add(
        assessment=assessment,
        by=assessment.created_by,
        description=description,
        due_date=days_from(today(), due_in),
        **fields,
    )


def signed_policy(owner, reference, area, *actions):
    """A policy with a signed v1 whose plan holds ``actions`` ((description, fields) pairs)."""
    policy = make_policy(
        reference=reference,
        title="Housing allocations",
        owner=owner,
        service_area=make_service_area(area),
    )
    assessment = make_assessment(policy, by=owner, complete=True)
    for description, fields in actions:
        planned(assessment, description, **fields)
    return set_state(assessment, AssessmentState.SIGNED_OFF)


@pytest.fixture
def plans(owner, colleague):
    race = Characteristic.objects.get(name="Race")
    housing = signed_policy(
        owner,
        "HOU-001",
        "Housing",
        ("Consult the race equality forum", {"owner": colleague, "characteristics": [race]}),
        ("Publish in easy read", {"lead_team": "Communities team", "due_in": 10}),
        ("Check the letters", {"owner": owner, "due_in": -5}),
        ("Already done", {"owner": owner}),
    )
    action_update_status(
        action=housing.plan_actions.get(description="Already done"),
        by=owner,
        status=ActionStatus.DONE,
    )
    assessment_start(policy=housing.policy, by=owner)  # v2 inherits the three open actions
    signed_policy(
        owner,
        "REV-001",
        "Revenues",
        ("Report take-up by income band", {"lead_team": "Data Analytics team", "due_in": 100}),
    )
    withdrawn = make_assessment(make_policy(reference="HR-001", owner=owner), by=owner)
    planned(withdrawn, "Of a withdrawn draft", owner=owner)
    set_state(withdrawn, AssessmentState.WITHDRAWN)
    return housing


def listed(response):
    return [row[0].split(" Success measure")[0].split(" For:")[0] for row in rows_of(response)]


def rows_of(response):
    return table_rows(response, caption="Live actions")[1:]


@pytest.mark.parametrize(
    ("persona", "answer"),
    [("reviewer", 200), ("auditor", 200), ("administrator", 200), ("owner", 403)],
)
def test_the_edi_group_administrators_and_auditors_see_the_page(client, personas, persona, answer):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == answer
    assert client.get(EXPORT).status_code == answer


def test_visitors_are_asked_to_sign_in(client):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_every_live_action_is_listed_once_soonest_due_first(client, reviewer, plans):
    client.force_login(reviewer)
    response = client.get(URL)
    assert listed(response) == [
        "Check the letters",
        "Publish in easy read",
        "Consult the race equality forum",
        "Report take-up by income band",
    ]
    overdue, soon, forum, _ = rows_of(response)
    assert overdue[3].endswith("Overdue")
    assert soon[2] == "Communities team"
    assert forum[0] == "Consult the race equality forum For: Race"
    assert (
        forum[1]
        == "HOU-001 Housing allocations Housing. In the plans of EqIA v1 of HOU-001, EqIA v2"
    )
    assert forum[2] == "Bob Baker"
    # The reviewer may open the signed v1, not the draft v2 that inherited it.
    assert links(response)["EqIA v1 of HOU-001"].startswith(
        reverse("workflow:detail", args=[plans.pk])
    )
    assert "4 live actions found." in text_of(response)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"service_area": "Revenues"}, ["Report take-up by income band"]),
        ({"characteristic": "Race"}, ["Consult the race equality forum"]),
        ({"lead": "bob baker"}, ["Consult the race equality forum"]),
        ({"lead": "communities"}, ["Publish in easy read"]),
        ({"lead": "alice@example"}, ["Check the letters"]),
        ({"due": "overdue"}, ["Check the letters"]),
        ({"due": "soon"}, ["Publish in easy read"]),
    ],
)
def test_the_filters(client, auditor, plans, filters, expected):
    if "service_area" in filters:
        filters = {"service_area": make_service_area(filters["service_area"]).pk}
    if "characteristic" in filters:
        filters = {"characteristic": Characteristic.objects.get(name=filters["characteristic"]).pk}
    client.force_login(auditor)
    assert listed(client.get(URL, filters)) == expected


def test_the_download_holds_what_the_filters_show(client, administrator, plans):
    client.force_login(administrator)
    response = client.get(EXPORT, {"format": "csv", "lead": "communities"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="live-actions-{today().isoformat()}.csv"'
    )
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    record = dict(zip(header, row, strict=True))
    assert record["Reference"] == "HOU-001"
    assert record["Action"] == "Publish in easy read"
    assert (record["Lead (person)"], record["Lead team or partner"]) == ("", "Communities team")
    assert record["Due date"] == days_from(today(), 10).isoformat()
    assert (record["Status"], record["Overdue"]) == ("Open", "No")
    assert (record["Planned in"], record["In the plans of"]) == ("EqIA v1", "EqIA v1, EqIA v2")


def test_the_download_never_writes_a_formula(client, reviewer, owner):
    signed_policy(
        owner, "FX-1", "Housing", ('=HYPERLINK("https://evil.example")', {"owner": owner})
    )
    client.force_login(reviewer)
    csv_rows = list(csv.reader(io.StringIO(client.get(EXPORT).content.decode("utf-8-sig"))))
    assert csv_rows[1][3] == '\'=HYPERLINK("https://evil.example")'
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(EXPORT, {"format": "xlsx"}).content))
    cell = workbook["Actions"]["D2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("https://evil.example")', "s")
    assert workbook["Actions"]["J2"].value == datetime.datetime.combine(
        days_from(today(), 60), datetime.time()
    )


def test_an_unknown_download_format_is_refused(client, reviewer):
    client.force_login(reviewer)
    assert client.get(EXPORT, {"format": "pdf"}).status_code == 400


def make_many_actions(count, owner, colleague):
    """``count`` live actions over a few policies, each with a characteristic and shown in two
    versions' plans, made in bulk."""
    race = Characteristic.objects.get(name="Race")
    areas = [make_service_area(name) for name in ("Housing", "Planning")]
    versions = []
    for number in range(4):
        policy = make_policy(
            reference=f"MANY-{number}", owner=owner, service_area=areas[number % 2]
        )
        first = make_assessment(policy, by=owner)
        set_state(first, AssessmentState.SIGNED_OFF)
        versions.append((first, assessment_start(policy=policy, by=owner)))
    actions = Action.objects.bulk_create(
        Action(
            assessment=versions[number % 4][0],
            description=f"Action number {number}",
            owner=[owner, colleague, None][number % 3],
            lead_team="Data team" if number % 3 == 2 else "",
            due_date=days_from(today(), number % 90 - 30),
        )
        for number in range(count)
    )
    Through = Action.appears_in.through
    Through.objects.bulk_create(
        Through(action_id=action.pk, assessment_id=version.pk)
        for number, action in enumerate(actions)
        for version in versions[number % 4]
    )
    Action.characteristics.through.objects.bulk_create(
        Action.characteristics.through(action_id=action.pk, characteristic_id=race.pk)
        for action in actions
    )


@pytest.mark.parametrize("count", [10, 500])
@pytest.mark.parametrize(
    "filters", [{}, {"due": "overdue", "lead": "data"}, {"characteristic": "Race", "page": "2"}]
)
def test_the_page_runs_the_same_few_queries_however_many_actions(
    client, reviewer, owner, colleague, django_assert_num_queries, count, filters
):
    make_many_actions(count, owner, colleague)
    if "characteristic" in filters:
        filters = {**filters, "characteristic": Characteristic.objects.get(name="Race").pk}
    client.force_login(reviewer)
    # Session, user, roles, count, the page of actions, who they serve, their plans, which
    # plans the reader may open, the filter's two lists; saving the session (three, in a
    # savepoint: the first request after signing in renews it). A chosen characteristic is
    # looked up once more to validate it.
    with django_assert_num_queries(14 if "characteristic" in filters else 13):
        response = client.get(URL, filters)
    assert rows_of(response)


def test_the_filters_lists_are_written_without_a_template_for_each_option():
    form = ActionFilterForm()
    selects = {
        name for name, field in form.fields.items() if isinstance(field.widget, forms.Select)
    }
    assert selects == {"service_area", "characteristic", "due"}
    assert all(isinstance(form.fields[name].widget, QuickSelect) for name in selects)


def test_the_page_and_its_download_name_who_each_action_serves(client, reviewer, plans):
    client.force_login(reviewer)
    forum = [row for row in rows_of(client.get(URL)) if row[0].startswith("Consult")]
    assert [row[0] for row in forum] == ["Consult the race equality forum For: Race"]
    header, *rows = list(csv.reader(io.StringIO(client.get(EXPORT).content.decode("utf-8-sig"))))
    serves = {row[header.index("Action")]: row[header.index("Who it serves")] for row in rows}
    assert serves["Consult the race equality forum"] == "Race"
    assert serves["Publish in easy read"] == ""


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("reviewer", True), ("auditor", True), ("administrator", True), ("owner", False)],
)
def test_the_header_offers_the_actions_link_to_those_the_gate_lets_see_it(
    rf, personas, persona, shown
):
    request = rf.get("/")
    request.user = personas[persona]
    assert navigation(request) == {"nav_actions": shown}
