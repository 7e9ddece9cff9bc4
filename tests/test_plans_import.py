"""The plan spreadsheet import (plans.importing): the reference plan comes in whole, in order;
blanks fill down; every row error names its row, column and value; nothing is written while a
row is wrong unless told to skip it; the same file twice changes nothing; a fixed plan is not
changed."""

import datetime

import pytest

from plans.importing import import_plan
from plans.models import Objective, Plan, PlanAction, Theme
from tests.factories import make_user
from tests.plans_files import (
    PLAN,
    TITLE,
    csv_bytes,
    import_earlier_plan,
    import_reference_plan,
    rows_of,
    simple_plan_bytes,
)


def run(content: bytes, title: str = "Test plan 2026-2029", **kwargs):
    kwargs.setdefault("period", (2026, 2029))
    return import_plan(content=content, filename="plan.csv", title=title, **kwargs)


@pytest.mark.django_db
def test_the_reference_plan_comes_in_as_three_themes_thirteen_objectives_twenty_actions():
    plan = import_reference_plan()

    assert plan.title == TITLE
    assert plan.slug == "equality-objectives-and-action-plan-2022-2025"
    assert (plan.period_start, plan.period_end) == (2022, 2025)
    assert [theme.role for theme in plan.themes.all()] == [
        "As a Community Leader",
        "As an Employer",
        "As a Service Provider",
    ]
    assert Objective.objects.filter(theme__plan=plan).count() == 13
    assert PlanAction.objects.filter(objective__theme__plan=plan).count() == 20
    employer = plan.themes.get(role="As an Employer")
    assert list(employer.connections.values_list("name", flat=True)) == [
        "Strategic Plan",
        "Workforce Strategy",
    ]


@pytest.mark.django_db
def test_blank_theme_aim_and_objective_cells_mean_the_same_as_the_row_above():
    plan = import_reference_plan()
    first = plan.themes.first().objectives.first()

    assert first.text.startswith("We will work closely with our partners")
    assert [action.text[:30] for action in first.actions.all()] == [
        "Identify opportunities for joi",
        "Increase volunteering opportun",
        "Create join up with Housing As",
        "Implement no wrong door (local",
        "Provide access to digital trai",
    ]


@pytest.mark.django_db
def test_targets_are_kept_as_written_with_the_date_they_imply():
    plan = import_reference_plan()
    actions = PlanAction.objects.filter(objective__theme__plan=plan)

    def target(words: str) -> tuple[str, datetime.date | None]:
        action = actions.get(text__startswith=words)
        return action.target, action.target_date

    assert target("Create join up") == ("April 2023", datetime.date(2023, 4, 30))
    assert target("Provide access to digital") == ("Review Jan 2023", datetime.date(2023, 1, 31))
    assert target("Identify emerging needs") == (
        "Dec 2023 (ongoing release)",
        datetime.date(2023, 12, 31),
    )
    assert target("Provide training and support for Mental") == ("", None)


@pytest.mark.django_db
def test_several_teams_in_one_lead_are_kept_as_written():
    plan = import_reference_plan()
    spaces = PlanAction.objects.get(objective__theme__plan=plan, text__contains="neutral spaces")

    assert spaces.lead_teams == "Equality, Diversity and Inclusion Officer Group / All Services"
    assert not spaces.lead_people.exists()


@pytest.mark.django_db
def test_an_email_address_in_the_lead_makes_that_person_a_lead_and_the_rest_stays_teams():
    bob = make_user("bob.lead", email="Bob.Lead@example.gov.uk")
    result = run(simple_plan_bytes(Lead="HR team and bob.lead@example.gov.uk"))

    assert result.written, result.errors
    action = PlanAction.objects.get()
    assert list(action.lead_people.all()) == [bob]
    assert action.lead_teams == "HR team"


@pytest.mark.django_db
def test_an_unknown_email_address_is_a_row_error_naming_row_column_and_value():
    result = run(simple_plan_bytes(Lead="nobody@example.gov.uk; HR team"))

    assert not result.written
    assert [str(error) for error in result.errors] == [
        'Row 2, Lead, "nobody@example.gov.uk": no one has an account with this e-mail address: '
        "write the team's name instead, or give them an account first"
    ]
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_a_file_with_errors_writes_nothing_unless_told_to_skip_the_bad_rows():
    headers, rows = list(PLAN_ROWS[0]), [list(PLAN_ROWS[1]), list(PLAN_ROWS[2])]
    rows[1][3] = ""  # no action
    content = csv_bytes(headers, rows)

    refused = run(content)
    assert (refused.written, refused.error_rows) == (False, 1)
    assert str(refused.errors[0]) == 'Row 3, Action, "": missing: each row is one action'
    assert not Plan.objects.exists()

    skipped = run(content, skip_invalid=True)
    assert (skipped.written, skipped.created, skipped.error_rows) == (True, 1, 1)
    assert PlanAction.objects.count() == 1


PLAN_ROWS = [
    ["Theme", "Aim", "Objective", "Action", "Lead", "Target", "Connections"],
    ["As an Employer", "A diverse workforce.", "We will train staff.", "Cultural competence",
     "HR", "May 2027", ""],
    ["", "", "", "Champions", "HR", "June 2027", ""],
]  # fmt: skip


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing():
    earlier = import_earlier_plan()
    import_reference_plan(follows=earlier)
    again = import_plan(
        content=PLAN.read_bytes(), filename=PLAN.name, title=TITLE, period=(2022, 2025)
    )

    assert (again.created, again.updated, again.unchanged) == (0, 0, 20)
    assert again.written and not again.has_errors
    assert Theme.objects.filter(plan__slug=again.slug).count() == 3


@pytest.mark.django_db
def test_a_dry_run_reports_what_would_be_made_and_writes_nothing():
    result = run(simple_plan_bytes(), dry_run=True)

    assert (result.created, result.themes_created, result.objectives_created) == (1, 1, 1)
    assert not result.written
    assert "Dry run: nothing was written." in result.summary_lines()
    assert "Plan to be created: test-plan-2026-2029" in result.summary_lines()
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_an_adopted_plan_is_not_changed_by_a_file_that_would_change_it():
    run(simple_plan_bytes())
    Plan.objects.update(state="adopted")

    result = run(simple_plan_bytes(Target="May 2027"))

    assert not result.written
    assert result.problems[0].startswith(
        "Test plan 2026-2029 is adopted: its content can no longer"
    )
    assert PlanAction.objects.get().target == "April 2027"
    same = run(simple_plan_bytes())
    assert same.written and not same.has_errors and same.unchanged == 1


@pytest.mark.django_db
def test_a_new_plan_needs_its_period():
    result = run(simple_plan_bytes(), period=None)

    assert result.problems == [
        'There is no plan called "Test plan 2026-2029" yet: give its period to create it'
    ]
    assert not result.written


@pytest.mark.django_db
def test_carried_from_names_an_action_of_the_plan_this_one_follows():
    earlier = import_earlier_plan()
    plan = import_reference_plan(follows=earlier)

    poverty = PlanAction.objects.get(objective__theme__plan=plan, text__contains="Poverty")
    assert poverty.carried_from.reference == "EAP-SP-7"
    assert poverty.carried_from.objective.theme.plan == earlier
    assert plan.carried_from == earlier


@pytest.mark.django_db
def test_carried_from_without_an_earlier_plan_is_a_row_error():
    result = run(
        csv_bytes(
            [*PLAN_ROWS[0], "Carried from"],
            [[*PLAN_ROWS[1], "EAP-CL-1"]],
        )
    )

    assert [error.column for error in result.errors] == ["Carried from"]
    assert "follows no earlier plan" in result.errors[0].message


@pytest.mark.django_db
def test_characteristics_are_matched_by_name_and_an_unknown_one_names_the_allowed():
    result = run(simple_plan_bytes(**{"Characteristics": "Poverty; Age"}))
    assert result.written
    names = [c.name for c in Objective.objects.get().characteristics.order_by("position")]
    assert names == ["Age", "Poverty (socio-economic disadvantage)"]

    wrong = run(simple_plan_bytes(**{"Characteristics": "Hair colour"}), title="Other plan")
    assert wrong.errors[0].column == "Characteristics"
    assert wrong.errors[0].message.startswith('"Hair colour" is not a characteristic; use Age')


@pytest.mark.django_db
def test_headings_match_in_any_order_and_case_and_a_missing_one_is_named():
    headers, rows = rows_of(PLAN)
    headers, rows = headers[:-1], [row[:-1] for row in rows]  # no "Carried from"
    shuffled = [header.upper() for header in reversed(headers)]
    result = run(csv_bytes(shuffled, [list(reversed(row)) for row in rows[:1]]))
    assert result.written, result.errors

    from plans.importing import UnreadableFile

    with pytest.raises(UnreadableFile, match="has no Target column"):
        run(csv_bytes(["Theme", "Aim", "Objective", "Action", "Lead", "Connections"], []))
