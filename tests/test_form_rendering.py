import pytest
from django import forms

from policies.forms import PolicyForm


class Sample(forms.Form):
    choice = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    many = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple, required=False
    )
    text = forms.CharField(help_text="A hint")


def test_radios_and_checkboxes_render_as_their_own_gov_uk_patterns():
    html = str(Sample())
    assert 'type="radio" value="a"' in html
    assert 'class="govuk-checkboxes govuk-checkboxes--small"' in html
    assert 'type="checkbox" value="x"' in html


def test_a_field_in_error_is_tied_to_its_hint_and_message():
    html = str(Sample(data={}))
    assert 'aria-describedby="id_text-hint id_text-error"' in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert '<p id="id_text-error" class="govuk-error-message">' in html


@pytest.mark.django_db
def test_covenant_functions_on_the_policy_form_are_checkboxes():
    html = str(PolicyForm())
    assert 'name="covenant_functions" type="checkbox" value="housing"' in html
