import pytest
from django import forms

from policies.forms import PolicyForm
from tests.page import field_error, parse


class Sample(forms.Form):
    choice = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    many = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple, required=False
    )
    text = forms.CharField(help_text="A hint")


def test_radios_and_checkboxes_render_as_their_own_gov_uk_patterns():
    page = parse(str(Sample()))
    radios = page.find("div", class_="govuk-radios")
    assert [(i.attrs["type"], i.attrs["value"]) for i in radios.find_all("input")] == [
        ("radio", "a"),
        ("radio", "b"),
    ]
    checkboxes = page.find("div", class_="govuk-checkboxes")
    assert checkboxes.classes == {"govuk-checkboxes", "govuk-checkboxes--small"}
    assert [(i.attrs["type"], i.attrs["value"]) for i in checkboxes.find_all("input")] == [
        ("checkbox", "x"),
        ("checkbox", "y"),
    ]


def test_a_field_in_error_is_tied_to_its_hint_and_message():
    page = parse(str(Sample(data={})))
    field = page.find("input", id="id_text")
    assert field.attrs["aria-describedby"] == "id_text-hint id_text-error"
    assert field.classes == {"govuk-input", "govuk-input--error"}
    message = page.find(id="id_text-error")
    assert (message.tag, message.classes) == ("p", {"govuk-error-message"})
    assert field_error(page, "id_text") == "This field is required."


@pytest.mark.django_db
def test_covenant_functions_on_the_policy_form_are_checkboxes():
    page = parse(str(PolicyForm()))
    functions = page.find_all("input", name="covenant_functions")
    assert {i.attrs["type"] for i in functions} == {"checkbox"}
    assert "housing" in [i.attrs["value"] for i in functions]
