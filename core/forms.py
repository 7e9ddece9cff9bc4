"""The GOV.UK way every form renders, and the fields the service's forms share."""

import datetime
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

from core.dates import DATE_INPUT_FORMATS, date_hint, year_in_range


class GovUKFormRenderer(TemplatesSetting):
    """Renders every form and field with the GOV.UK Design System markup in templates/forms/."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


# Longer than any way of writing a date ("Wednesday 30 September 2026" is 27 characters).
DATE_MAX_LENGTH = 30


class DateField(forms.DateField):
    """A date typed as 31/03/2027 (or 2027-03-31), with a hint whose example is ahead, in a
    year from EARLIEST_YEAR to LATEST_YEAR. Its error names it: "Enter a real date for the due
    date" (``called``, else "the" and its label)."""

    widget = forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10"})

    def __init__(
        self, *, label: str = "", help_text: str = "", called: str = "", **kwargs: Any
    ) -> None:
        hint = date_hint()
        super().__init__(
            label=label or None,
            input_formats=DATE_INPUT_FORMATS,
            help_text=f"{help_text} {hint}".strip() if help_text else hint,
            **kwargs,  # Field's own keyword arguments
        )
        called = called or (f"the {label[:1].lower()}{label[1:]}" if label else "the date")
        self.error_messages["invalid"] = f"Enter a real date for {called}. {hint}"

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "maxlength": str(DATE_MAX_LENGTH)}

    def clean(self, value: Any) -> Any:
        if isinstance(value, str) and len(value) > DATE_MAX_LENGTH:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().clean(value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        # 31/12/9999 is a date, but not one anybody means; a review cycle added to it would
        # pass the last date there is. The message is the field's own "Enter a real date...".
        if isinstance(value, datetime.date) and not year_in_range(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")


# The longest answer a text box takes (some ten pages): a 340 KB answer made sign-off take
# seconds inside its transaction. Every text field has a limit, this or its column's own.
TEXT_MAX_LENGTH = 20_000


def too_long(label: str, limit: int) -> dict[str, str]:
    """A text field's error messages for an answer past its limit, naming the field."""
    return {"max_length": f"{label} must be {limit:,} characters or fewer"}


# The largest key a database integer column holds (PostgreSQL's bigint, SQLite's integer).
LARGEST_KEY = 2**63 - 1
INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing a chosen key that is not a database integer ("abc", 10^30) as a
    choice that is not there, before the database is asked (core.lookups makes the database
    answer "none" too, for any form that uses Django's own field)."""

    def clean(self, value: Any) -> Any:
        if self.keys_are_integers() and isinstance(value, list | tuple):
            for key in value:
                text = str(key).strip()
                if not (text.isdigit() and int(text) <= LARGEST_KEY):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": text if len(text) <= 20 else f"{text[:20]}…"},
                    )
        return super().clean(value)

    def keys_are_integers(self) -> bool:
        if self.to_field_name or self.queryset is None:
            return False
        key = self.queryset.model._meta.pk
        return key is not None and key.get_internal_type() in INTEGER_KEYS


FieldT = TypeVar("FieldT", bound=forms.Field)


def field_of(form: forms.BaseForm, name: str, kind: type[FieldT]) -> FieldT:
    """The form's field ``name``, as the kind of field it is: for setting what only that kind
    has (a ModelChoiceField's queryset, a ChoiceField's choices)."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"The field {name} is a {type(field).__name__}, not a {kind.__name__}")
    return field
