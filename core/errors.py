"""The error summary every page shows (templates/includes/error_summary.html): one list of
messages, each linked to the place to put it right."""

from dataclasses import dataclass

from django.forms import BaseForm

from core.refusals import Reason
from core.widgets import error_anchor


@dataclass(frozen=True)
class ErrorLink:
    """One line of an error summary: the message, and where to put it right ("" for nowhere)."""

    message: str
    href: str = ""


def form_error_links(*forms: BaseForm | None) -> list[ErrorLink]:
    """Every error of the bound forms, in page order, each linked to its field."""
    links: list[ErrorLink] = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        links += [ErrorLink(str(error)) for error in form.non_field_errors()]
        for field in form:
            links += [ErrorLink(str(error), f"#{error_anchor(field)}") for error in field.errors]
    return links


def reason_links(reasons: list[Reason]) -> list[ErrorLink]:
    """Reasons with no field on this page: listed, linked to nothing."""
    return [ErrorLink(reason.message) for reason in reasons]
