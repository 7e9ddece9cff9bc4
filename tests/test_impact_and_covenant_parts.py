"""The impact grid and the Armed Forces Covenant part."""

import pytest
from django.urls import reverse

from core.refusals import Reason
from eqia.completeness import reason_url
from eqia.models import Characteristic, Impact, Part, PartStatus
from tests.assessment_factories import add_action, make_assessment
from tests.page import field_error, parse
from tests.parts import part_url


def impact_data(assessment, **per_characteristic):
    """The impact grid as posted: every row neutral with evidence, unless given otherwise."""
    data = {"intersectionality": "Older disabled people.", "cumulative_impact": "Rent rises."}
    for row in assessment.impacts.select_related("characteristic"):
        values = {"impact": "neutral", "evidence": "Register data.", "mitigation": ""}
        values.update(per_characteristic.get(row.characteristic.name, {}))
        for name, value in values.items():
            data[f"impact-{row.pk}-{name}"] = value
    return data


# --- The impact grid ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_impact_grid_has_a_fieldset_for_every_characteristic(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.get(part_url(assessment, "impacts"))
    page = parse(response)
    rows = {
        row.find("h2", class_="govuk-fieldset__heading").text: row
        for row in page.find_all("fieldset", class_="eqia-impact-row")
    }
    assert list(rows) == [characteristic.name for characteristic in Characteristic.objects.all()]
    assert len(rows) == 11
    hints = {name: row.find(id=f"{row.attrs['id']}-hint").text for name, row in rows.items()}
    poverty = hints["Poverty (socio-economic disadvantage)"]
    assert "living in a deprived area" in poverty  # its description, as its hint
    assert "veterans, their families and the bereaved" in hints["Armed Forces community"]
    aim_one_only = [name for name, row in rows.items() if "aim 1" in row.text]
    assert aim_one_only == ["Marriage and civil partnership"]
    assert rows["Marriage and civil partnership"].text.count("aim 1") == 1  # said once
    labels = [label.text for label in rows["Age"].find_all("label")]
    assert "Not yet known" in labels
    assert "Cumulative impact" in [label.text for label in page.find_all("label")]


@pytest.mark.django_db
def test_the_impact_grid_saves_every_row(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    data = impact_data(
        assessment,
        Disability={"impact": "negative", "evidence": "Stairs", "mitigation": "Lift access"},
    )
    response = client.post(part_url(assessment, "impacts"), {**data, "completed": "yes"})
    assert response.status_code == 302
    rows = {row.characteristic.name: row for row in assessment.impacts.all()}
    assert rows["Disability"].mitigation == "Lift access"
    assert rows["Age"].impact == Impact.NEUTRAL
    assessment.refresh_from_db()
    assert assessment.status_of(Part.IMPACTS) == PartStatus.COMPLETED


@pytest.mark.django_db
def test_a_negative_impact_without_mitigation_is_shown_at_its_row(client, owner):
    assessment = make_assessment(by=owner)
    race = assessment.impacts.get(characteristic__name="Race")
    client.force_login(owner)
    data = impact_data(assessment, Race={"impact": "negative", "evidence": "Letters in English"})
    response = client.post(part_url(assessment, "impacts"), {**data, "completed": "yes"})
    assert response.status_code == 200
    summary_link = parse(response).find("a", href=f"#id_impact-{race.pk}-mitigation")
    assert summary_link.text.startswith("The impact on Race is negative")
    assert field_error(response, f"id_impact-{race.pk}-mitigation") == summary_link.text


@pytest.mark.django_db
def test_not_yet_known_without_an_action_is_shown_at_its_row(client, owner):
    assessment = make_assessment(by=owner)
    sex = assessment.impacts.get(characteristic__name="Sex")
    client.force_login(owner)
    data = impact_data(assessment, Sex={"impact": "unknown"})
    response = client.post(part_url(assessment, "impacts"), {**data, "completed": "yes"})
    page = parse(response)
    summary_link = page.find("a", href=f"#impact-{sex.pk}-add-action")
    assert page.find("button", id=f"impact-{sex.pk}-add-action")
    assert summary_link.text.startswith("The impact on Sex is not yet known")
    add_action(assessment, owner=owner, characteristics=[sex.characteristic])
    response = client.post(part_url(assessment, "impacts"), {**data, "completed": "yes"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_mitigation_and_justification_are_revealed_under_negative_only(client, owner):
    assessment = make_assessment(by=owner)
    race = assessment.impacts.get(characteristic__name="Race")
    age = assessment.impacts.get(characteristic__name="Age")
    race.impact = Impact.NEGATIVE
    race.save()
    client.force_login(owner)
    page = parse(client.get(part_url(assessment, "impacts")))
    for row, hidden in [(race, False), (age, True)]:
        negative = page.find("input", id=f"id_impact-{row.pk}-impact_2")
        assert negative.attrs["value"] == "negative"
        revealed = page.find(id=negative.attrs["data-eqia-reveals"])
        assert "govuk-radios__conditional" in revealed.classes
        assert ("govuk-radios__conditional--hidden" in revealed.classes) is hidden
        assert [area.attrs["name"] for area in revealed.find_all("textarea")] == [
            f"impact-{row.pk}-mitigation",
            f"impact-{row.pk}-justification",
        ]
        # The evidence is asked whatever the impact.
        assert not revealed.find_all("textarea", name=f"impact-{row.pk}-evidence")
    # Radios with a conditional reveal are stacked, never inline (GOV.UK).
    assert not page.find_all(class_="govuk-radios--inline")


@pytest.mark.django_db
def test_not_yet_known_reveals_a_button_that_saves_and_goes_to_add_an_action(client, owner):
    assessment = make_assessment(by=owner)
    sex = assessment.impacts.get(characteristic__name="Sex")
    client.force_login(owner)
    page = parse(client.get(part_url(assessment, "impacts")))
    unknown = page.find("input", id=f"id_impact-{sex.pk}-impact_3")
    button = page.find(id=unknown.attrs["data-eqia-reveals"]).find("button")
    assert button.attrs["id"] == f"impact-{sex.pk}-add-action"
    assert (button.attrs["name"], button.attrs["value"]) == ("then", "add_action")
    data = impact_data(assessment, Sex={"impact": "unknown", "evidence": "No data yet"})
    response = client.post(part_url(assessment, "impacts"), {**data, "then": "add_action"})
    assert response["Location"] == reverse("assessments:action_add", args=[assessment.pk])
    assert assessment.impacts.get(pk=sex.pk).evidence == "No data yet"  # saved first


@pytest.mark.django_db
def test_a_missing_action_for_a_row_links_to_its_add_an_action_button(owner):
    assessment = make_assessment(by=owner)
    sex = assessment.impacts.get(characteristic__name="Sex")
    reason = Reason("Impact on people: add an action", "impacts", f"impact-{sex.pk}-action")
    assert reason_url(assessment, reason) == (
        part_url(assessment, "impacts") + f"#impact-{sex.pk}-add-action"
    )


# --- The Covenant part --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_covenant_page_lists_every_function_in_scope_grouped(client, owner):
    assessment = make_assessment(by=owner)  # a housing policy
    client.force_login(owner)
    page = parse(client.get(part_url(assessment, "covenant")))
    groups = [h3.text for h3 in page.find_all("h3", class_="govuk-heading-s")]
    assert groups == ["Housing This policy", "Education", "Healthcare"]
    assert [tag.text for tag in page.find_all("strong", class_="govuk-tag")][-1] == "This policy"
    labels = [label.text for label in page.find_all("label", class_="govuk-checkboxes__label")]
    for label in ["Allocations", "Home-to-school transport", "Disabled facilities grants"]:
        assert label in labels


@pytest.mark.django_db
def test_the_covenant_functions_and_principles_are_saved(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "covenant"),
        {
            "covenant_functions_in_scope": ["housing_allocations", "housing_homelessness"],
            "covenant_unique_obligations": "Frequent moves.",
            "covenant_removing_disadvantage": "Local connection waived.",
            "covenant_special_provision": "Priority for injured veterans.",
            "completed": "yes",
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.covenant_functions_in_scope == ["housing_allocations", "housing_homelessness"]
    assert assessment.status_of(Part.COVENANT) == PartStatus.COMPLETED


@pytest.mark.django_db
def test_a_function_outside_the_scope_is_refused(client, owner):
    assessment = make_assessment(by=owner)
    client.force_login(owner)
    response = client.post(
        part_url(assessment, "covenant"),
        {"covenant_functions_in_scope": ["social_care"], "completed": "no"},
    )
    assert response.status_code == 200
    assert field_error(response, "id_covenant_functions_in_scope").startswith(
        "Select a valid choice"
    )
