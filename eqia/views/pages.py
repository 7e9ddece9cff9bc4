"""What the assessment pages share: the forms of a part page bound together, the errors they
show, and the read-only view of a part."""

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count
from django.forms import BaseFormSet, Form
from django.forms.boundfield import BoundField
from django.urls import reverse
from django.utils import dateformat

from core.errors import ErrorLink, form_error_links
from core.refusals import Reason
from eqia.access import action_refusals, author_side_ids, is_author_side
from eqia.completeness import (
    MEETINGS_PREFIX,
    impact_prefix,
    part_is_required,
    part_status_tag,
    reason_anchor,
)
from eqia.forms import PART_FORMS, CompletedForm, ImpactRowForm, PartForm
from eqia.forms.parts import meeting_formset
from eqia.models import (
    PART_FIELDS,
    Action,
    Assessment,
    Part,
    PartStatus,
)


def field_message(reason: Reason) -> str:
    """A reason as it reads beside its field: without the part's name in front."""
    label = f"{Part(reason.part).label}: " if reason.part else ""
    message = reason.message.removeprefix(label)
    return message[:1].upper() + message[1:]


def not_editable_message(assessment: Assessment) -> str:
    return (
        f"Nothing was saved: this assessment is {assessment.get_state_display().lower()}, and its "
        "content can be changed only while it is a draft or changes are requested."
    )


class PartPage:
    """Every form on one part's page, bound to the same request data."""

    def __init__(self, assessment: Assessment, part: Part, data: Any = None) -> None:
        self.assessment = assessment
        self.part = part
        self.form: PartForm = PART_FORMS[part](data, assessment=assessment)
        self.rows: list[ImpactRowForm] = []
        self.meetings: BaseFormSet | None = None
        if part == Part.IMPACTS:
            self.rows = [
                ImpactRowForm(data, row=row)
                for row in assessment.impacts.select_related("characteristic")
            ]
        if part == Part.ABOUT:
            self.meetings = meeting_formset(assessment, data)
        status = assessment.status_of(part)
        self.completed = CompletedForm(
            data, initial={"completed": "yes" if status == PartStatus.COMPLETED else "no"}
        )
        # Problems with no field of their own on this page (an action in the plan).
        self.page_errors: list[ErrorLink] = []

    def forms(self) -> list[Form]:
        """In the order they appear on the page: the grid's rows come above its summaries."""
        meeting_forms = list(self.meetings) if self.meetings is not None else []
        return [*self.rows, self.form, *meeting_forms, self.completed]

    def is_valid(self) -> bool:
        valid = [form.is_valid() for form in self.forms()]
        if self.meetings is not None:
            valid.append(self.meetings.is_valid())
        return all(valid)

    def save_arguments(self) -> dict[str, Any]:
        arguments: dict[str, Any] = {
            "values": self.form.values(),
            "completed": self.completed.is_completed(),
        }
        if self.rows:
            arguments["impacts"] = {form.row.pk: form.values() for form in self.rows}
        if self.meetings is not None:
            arguments["meetings"] = [
                (form.cleaned_data["body"], form.cleaned_data["date"])
                for form in self.meetings
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
        return arguments

    def show_problems(self, reasons: list[Reason]) -> None:
        """Put each problem at its field, as a form error."""
        rows = {impact_prefix(form.row): form for form in self.rows}
        for reason in reasons:
            message = field_message(reason)
            prefix, _, name = reason.field.rpartition("-")
            if reason.field in self.form.fields:
                self.form.add_error(reason.field, message)
            elif prefix in rows and name in rows[prefix].fields:
                rows[prefix].add_error(name, message)
            elif reason.field.startswith(MEETINGS_PREFIX) and self.meetings is not None:
                self.meetings.forms[0].add_error("body", message)
            else:
                self.page_errors.append(ErrorLink(message, f"#{reason_anchor(reason)}"))

    def errors(self) -> list[ErrorLink]:
        """Every error on the page, in the order they appear."""
        errors = list(self.page_errors)
        if self.meetings is not None:
            errors += [ErrorLink(str(e), "#meetings") for e in self.meetings.non_form_errors()]
        return errors + form_error_links(*self.forms())


def _display(field: BoundField | None, value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "isoformat"):
        return dateformat.format(value, "j F Y")
    choices = getattr(field.field, "choices", None) if field is not None else None
    if choices:
        flat = {}
        for key, label in choices:
            if isinstance(label, list | tuple):
                flat.update({str(k): v for k, v in label})
            else:
                flat[str(key)] = label
        if isinstance(value, list):
            return ", ".join(str(flat.get(str(item), item)) for item in value)
        return str(flat.get(str(value), value))
    return str(value)


def part_summary(assessment: Assessment, part: Part) -> list[dict[str, str]]:
    """The part's fields as a read-only list: label and value in words."""
    form = PART_FORMS[part](assessment=assessment)
    return [
        {
            "name": name,
            "label": str(form.fields[name].label),
            "value": _display(form[name], getattr(assessment, name)),
        }
        for name in PART_FIELDS[part]
    ]


def reviewer_comment_counts(assessment: Assessment) -> dict[str, int]:
    """Comments per part from anyone but the author side: the reviewers' points."""
    counts = (
        assessment.comments.exclude(author_id__in=author_side_ids(assessment.policy))
        .values("part")
        .annotate(count=Count("pk"))
    )
    return {row["part"]: row["count"] for row in counts}


def task_list(assessment: Assessment) -> list[dict[str, Any]]:
    counts = reviewer_comment_counts(assessment)
    items = []
    for number, part in enumerate(Part, start=1):
        required = part_is_required(assessment, part)
        items.append(
            {
                "number": number,
                "part": part.value,
                "label": part.label,
                "status": part_status_tag(assessment, part),
                "required": required,
                "url": reverse("assessments:part", args=[assessment.pk, part.value]),
                "comment_count": counts.get(part.value, 0),
            }
        )
    return items


def actions_with_rights(assessment: Assessment, user: User | AnonymousUser) -> list[Action]:
    """The action plan with each action's history, and whether the user may move it on."""
    actions = list(
        assessment.actions.select_related("owner", "carried_from__assessment").prefetch_related(
            "characteristics", "updates__by"
        )
    )
    author_side = is_author_side(user, assessment.policy)
    for action in actions:
        action.assessment = assessment
        action.may_update = not action_refusals(user, action, author_side=author_side)
    return actions
