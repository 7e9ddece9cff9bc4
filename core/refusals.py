"""Why something cannot be done: the one exception every service raises to refuse, with every
reason at once, each naming the field (and assessment part) where it is put right."""

from dataclasses import dataclass

from django.forms import BaseForm


@dataclass(frozen=True)
class Reason:
    """Why something cannot be done, in words, and where to put it right.

    ``part`` is an assessment Part value (the part page to fix it on) and ``field`` the form
    field, so a page can show the reason beside its field and link to it from the summary.
    """

    message: str
    part: str = ""
    field: str = ""

    def __str__(self) -> str:
        return self.message


class Refused(Exception):
    """A refused change. ``reasons`` lists every reason, not just the first."""

    def __init__(self, reasons: "list[Reason] | Reason | str") -> None:
        if isinstance(reasons, str):
            reasons = [Reason(reasons)]
        elif isinstance(reasons, Reason):
            reasons = [reasons]
        self.reasons = list(reasons)
        super().__init__("; ".join(str(reason) for reason in self.reasons))


def refuse_if_any(reasons: list[Reason]) -> None:
    if reasons:
        raise Refused(reasons)


def add_to_form(form: BaseForm, reasons: list[Reason]) -> None:
    """Each reason beside its field on the form (Django's own add_error), or at the top of the
    form when the form has no such field."""
    for reason in reasons:
        form.add_error(reason.field if reason.field in form.fields else None, reason.message)
