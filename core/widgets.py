"""How a Django form field maps onto the GOV.UK Design System's patterns."""

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import BaseRenderer
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

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


def html_attrs(attrs: dict[str, Any]) -> str:
    """Attributes as Django's widget template writes them: in order, True as the bare name,
    False left out."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    """A select list written in Python: the same markup as Django's select templates, without
    two template includes per option. For long lists on pages everybody loads (the register's
    owner filter offers some 300 people: their options were most of the page's time)."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        name_html = conditional_escape(widget["name"])
        parts = [f'<select name="{name_html}"{html_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts.extend(
                f'\n  <option value="{escape(option["value"])}"'
                f"{html_attrs(option['attrs']) if option['attrs'] else ''}>"
                f"{conditional_escape(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308  # every value above is escaped
