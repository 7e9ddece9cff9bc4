"""The GOV.UK way every form renders, and the fields the service's forms share."""

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

    def __init__(self, *, label: str = "", help_text: str = "", **kwargs: object) -> None:
        hint = date_hint()
        super().__init__(
            label=label or None,
            input_formats=DATE_INPUT_FORMATS,
            help_text=f"{help_text} {hint}".strip() if help_text else hint,
            **kwargs,  # type: ignore[arg-type]  # forwards Field's own keyword arguments
        )
        self.error_messages["invalid"] = f"Enter a real date. {hint}"
