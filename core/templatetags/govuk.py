"""GOV.UK Design System template helpers: classes and ARIA links on Django form widgets, the
error summary's links, and status tags."""

from typing import Any

from django import template
from django.forms import BaseForm
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from core import widgets
from core.errors import ErrorLink, form_error_links
from core.people import display_name

register = template.Library()
register.filter("govuk_kind", widgets.govuk_kind)
register.filter("govuk_widget", widgets.govuk_widget)
register.filter("govuk_describedby", widgets.describedby)
register.filter("error_anchor", widgets.error_anchor)


@register.filter
def error_links(form: BaseForm | None) -> list[ErrorLink]:
    """A form's errors for templates/includes/error_summary.html."""
    return form_error_links(form)


@register.simple_tag
def govuk_tag(value: Any) -> SafeString:
    """One status as a GOV.UK tag: anything with a ``label`` and a ``colour`` (every status
    TextChoices of the service has both); an empty colour reads as plain text."""
    if value is None or value == "":
        return mark_safe("")
    colour = getattr(value, "colour", "grey")
    if not colour:
        return format_html("{}", value.label)
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, value.label)


@register.filter
def filters_set(form: BaseForm | None) -> bool:
    """Whether the address sets any of a filter form's fields (a page number alone is none)."""
    if form is None or not form.is_bound:
        return False
    return any(form.data.get(form.add_prefix(name)) for name in form.fields)


@register.filter
def person(user: Any) -> str:
    """A person's name as the whole service writes it (core.people.display_name)."""
    return display_name(user)
