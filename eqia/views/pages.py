"""What the assessment pages share: the forms of a part page bound together, the errors they
show, the task list, and the read-only view of a part (its answers: eqia/summary.py)."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count
from django.forms import BaseFormSet, Form
from django.template.defaultfilters import pluralize
from django.urls import reverse

from core.errors import ErrorLink, form_error_links
from core.refusals import Reason
from eqia.access import Rights, author_side_ids
from eqia.completeness import (
    COMMENTS_TO_ANSWER,
    MEETINGS_PREFIX,
    impact_prefix,
    part_is_required,
    reason_anchor,
)
from eqia.content import resolve_refusals, withdraw_refusals
from eqia.cumulative import LINKS_PREFIX
from eqia.forms import PART_FORMS, CompletedForm, ImpactRowForm, PartForm, ReplyForm
from eqia.forms.parts import link_formset, meeting_formset
from eqia.models import Assessment, Part, PartStatus
from eqia.selectors import PlannedAction, plan_with_rights
from eqia.summary import DialogueEntry, part_answers, part_tags, reviewer_comments


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
    """Every form on one part's page, bound to the same request data: the part's fields, the
    impact grid's rows and cumulative-impact links, the decision pathway, "Have you completed
    this section?" and, while the author may answer the reviewers too, their reply."""

    def __init__(
        self, assessment: Assessment, part: Part, data: Any = None, *, with_reply: bool = False
    ) -> None:
        self.assessment = assessment
        self.part = part
        self.form: PartForm = PART_FORMS[part](data, assessment=assessment)
        self.rows: list[ImpactRowForm] = []
        self.meetings: BaseFormSet | None = None
        self.links: BaseFormSet | None = None
        if part == Part.IMPACTS:
            self.rows = [
                ImpactRowForm(data, row=row)
                for row in assessment.impacts.select_related("characteristic")
            ]
            self.links = link_formset(assessment, data)
        if part == Part.ABOUT:
            self.meetings = meeting_formset(assessment, data)
        self.completed = CompletedForm(data, status=assessment.status_of(part))
        self.reply = ReplyForm(data) if with_reply else None
        # Problems with no field of their own on this page (an action in the plan).
        self.page_errors: list[ErrorLink] = []

    def forms(self) -> list[Form]:
        """In the order they appear on the page: the grid's rows come above its summaries."""
        meeting_forms = list(self.meetings) if self.meetings is not None else []
        # Unbound links (posted without their management fields) are left as they are.
        link_forms = list(self.links) if self.links is not None and self.links.is_bound else []
        reply = [self.reply] if self.reply is not None else []
        return [*reply, *self.rows, self.form, *link_forms, *meeting_forms, self.completed]

    def is_valid(self) -> bool:
        valid = [form.is_valid() for form in self.forms()]
        for formset in (self.meetings, self.links):
            if formset is not None and formset.is_bound:
                valid.append(formset.is_valid())
        return all(valid)

    def save_arguments(self) -> dict[str, Any]:
        arguments: dict[str, Any] = {
            "values": self.form.values(),
            "completed": self.completed.is_completed(),
        }
        if self.rows:
            arguments["impacts"] = {form.row.pk: form.values() for form in self.rows}
        if self.reply is not None:
            arguments["reply"] = self.reply.reply()
        if self.meetings is not None:
            arguments["meetings"] = [
                (form.cleaned_data["body"], form.cleaned_data["date"])
                for form in self.meetings
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
        if self.links is not None and self.links.is_bound:
            # A row emptied of everything, or ticked to remove, is taken off.
            arguments["links"] = [
                form.link(row)
                for row, form in enumerate(self.links)
                if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.is_blank()
            ]
        return arguments

    def _link_error(self, reason: Reason, message: str) -> bool:
        """Put a reason about a cumulative-impact link at its row's field; whether it was."""
        if self.links is None or not reason.field.startswith(f"{LINKS_PREFIX}-"):
            return False
        _, row, name = reason.field.split("-", 2)
        forms = list(self.links)
        if not row.isdigit() or int(row) >= len(forms) or name not in forms[int(row)].fields:
            return False
        forms[int(row)].add_error(name, message)
        return True

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
            elif (
                reason.field.startswith(MEETINGS_PREFIX)
                and self.meetings is not None
                and self.meetings.forms  # none when the formset's counts were tampered with
            ):
                self.meetings.forms[0].add_error("body", message)
            elif self._link_error(reason, message):
                pass
            else:
                self.page_errors.append(ErrorLink(message, f"#{reason_anchor(reason)}"))

    def refuse(self, reasons: list[Reason]) -> None:
        """Nothing was saved: a reason about the reply at the reply box, any other listed."""
        for reason in reasons:
            if self.reply is not None and reason.field.endswith("-text"):
                self.reply.add_error("text", reason.message)
            elif self._link_error(reason, reason.message):
                continue
            else:
                self.page_errors.append(ErrorLink(reason.message, "#comments"))

    def clear_reply(self) -> None:
        if self.reply is not None:
            self.reply = ReplyForm()

    def errors(self) -> list[ErrorLink]:
        """Every error on the page, in the order they appear, each once."""
        errors = list(self.page_errors)
        if self.meetings is not None:
            errors += [ErrorLink(str(e), "#meetings") for e in self.meetings.non_form_errors()]
        if self.links is not None and self.links.is_bound:
            errors += [ErrorLink(str(e), "#cumulative") for e in self.links.non_form_errors()]
        return list(dict.fromkeys(errors + form_error_links(*self.forms())))


def reviewer_comment_counts(assessment: Assessment) -> dict[str, int]:
    """Comments per part from anyone but the author side: the reviewers' points."""
    counts = reviewer_comments(assessment).values("part").annotate(count=Count("pk"))
    return {row["part"]: row["count"] for row in counts}


def task_list(assessment: Assessment) -> list[dict[str, Any]]:
    counts = reviewer_comment_counts(assessment)
    tags = part_tags(assessment)
    items = []
    for number, part in enumerate(Part, start=1):
        required = part_is_required(assessment, part)
        items.append(
            {
                "number": number,
                "part": part.value,
                "label": part.label,
                "status": tags[part],
                "required": required,
                "url": reverse("assessments:part", args=[assessment.pk, part.value]),
                "comment_count": counts.get(part.value, 0),
            }
        )
    return items


@dataclass(frozen=True)
class Progress:
    """The task list in numbers, counted from what its tags say (a completed part with a
    reviewer's point open reads "Comments to answer", so it is not counted completed)."""

    completed: int
    required: int
    to_answer: int
    optional: int

    @property
    def words(self) -> str:
        said = f"{self.completed} of {self.required} required part{pluralize(self.required)} "
        said += "completed"
        if self.to_answer:
            said += f"; {self.to_answer} with reviewers' comments to answer"
        if self.optional:
            said += f"; {self.optional} more part{pluralize(self.optional)} optional"
        return said + "."


def progress(tasks: list[dict[str, Any]]) -> Progress:
    required = [task for task in tasks if task["required"]]
    return Progress(
        completed=sum(1 for task in required if task["status"] == PartStatus.COMPLETED),
        required=len(required),
        to_answer=sum(1 for task in tasks if task["status"] == COMMENTS_TO_ANSWER),
        optional=len(tasks) - len(required),
    )


def actions_with_rights(assessment: Assessment, user: User | AnonymousUser) -> list[PlannedAction]:
    """The action plan (its own actions and those it inherited), each with its history and
    what the user may do with it: eqia.selectors.plan_with_rights."""
    return plan_with_rights(assessment, user)


part_summary = part_answers  # a part's answers, read-only: label and value in words


@dataclass(frozen=True)
class CommentOnPage:
    """A comment as a page shows it to one person: whether they may tick it resolved or
    withdrawn (the rules of eqia.content.comment_resolve and comment_withdraw)."""

    entry: DialogueEntry
    may_resolve: bool
    may_withdraw: bool


def comments_on_page(
    rights: Rights, entries: list[DialogueEntry], *, tickable: bool = True
) -> list[CommentOnPage]:
    """The comments with what the person may tick on this page (nothing on a read-only one)."""
    if not tickable:
        return [CommentOnPage(entry, may_resolve=False, may_withdraw=False) for entry in entries]
    author_side = author_side_ids(rights.assessment.policy) if entries else set()
    return [
        CommentOnPage(
            entry,
            may_resolve=not resolve_refusals(rights, entry.comment, author_side=author_side),
            may_withdraw=not withdraw_refusals(rights, entry.comment),
        )
        for entry in entries
    ]
