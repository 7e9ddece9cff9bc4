"""The GOV.UK way every form renders, and the fields the service's forms share."""

from typing import Any, TypeVar

from django import forms
from django.forms.renderers import TemplatesSetting

from core.dates import DATE_INPUT_FORMATS, date_hint


class GovUKFormRenderer(TemplatesSetting):
    """Renders every form and field with the GOV.UK Design System markup in templates/forms/."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class DateField(forms.DateField):
    """A date typed as 31/03/2027 (or 2027-03-31), with a hint whose example is ahead."""

    widget = forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10"})

    def __init__(self, *, label: str = "", help_text: str = "", **kwargs: Any) -> None:
        hint = date_hint()
        super().__init__(
            label=label or None,
            input_formats=DATE_INPUT_FORMATS,
            help_text=f"{help_text} {hint}".strip() if help_text else hint,
            **kwargs,  # Field's own keyword arguments
        )
        self.error_messages["invalid"] = f"Enter a real date. {hint}"


FieldT = TypeVar("FieldT", bound=forms.Field)


def field_of(form: forms.BaseForm, name: str, kind: type[FieldT]) -> FieldT:
    """The form's field ``name``, as the kind of field it is: for setting what only that kind
    has (a ModelChoiceField's queryset, a ChoiceField's choices)."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"The field {name} is a {type(field).__name__}, not a {kind.__name__}")
    return field
