"""How a Django form field maps onto the GOV.UK Design System's patterns."""

from django import forms
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

WIDGET_CLASSES = {
    "input": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
}


def govuk_kind(field: BoundField) -> str:
    """The GOV.UK pattern a field follows: input, textarea, select, radios, checkboxes, file..."""
    widget = field.field.widget
    # CheckboxSelectMultiple is a subclass of RadioSelect in Django: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


def describedby(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


def govuk_widget(field: BoundField) -> SafeString:
    """The field's own widget with the GOV.UK class, error modifier and aria-describedby."""
    kind = govuk_kind(field)
    base = WIDGET_CLASSES.get(kind, "govuk-input")
    classes = [base, field.field.widget.attrs.get("class", "")]
    if field.errors:
        classes.append(f"{base}--error")
    attrs: dict[str, str | bool] = {"class": " ".join(c for c in classes if c)}
    if described := describedby(field):
        attrs["aria-describedby"] = described
    return field.as_widget(attrs=attrs)


def error_anchor(field: BoundField) -> str:
    """The id the error summary links to: the first option for radios and checkboxes."""
    if govuk_kind(field) in {"radios", "checkboxes"}:
        return f"{field.auto_id}_0"
    return field.auto_id
