"""The forms the moves ask for. They only read what was typed: every rule (a comment is
required, the attestation must be confirmed) is the move's, whose reasons the page puts back
beside these fields with Django's add_error."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import User

from core.forms import TEXT_MAX_LENGTH, too_long
from core.people import job_title
from eqia.content import CommentChanges, comment_field
from eqia.forms.parts import named_date
from eqia.models import Assessment, Part
from eqia.publishing import officer_chooses


def text_area(label: str, help_text: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        error_messages=too_long(label, TEXT_MAX_LENGTH),
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class MoveForm(forms.Form):
    """A move's form: bound to the assessment it moves (and to who makes it, where what it
    asks depends on them), read with ``values()``."""

    def __init__(
        self, *args: Any, assessment: Assessment, by: User | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.by = by

    def values(self) -> dict[str, Any]:
        """What was typed, every field present: text stripped, blank when not valid."""
        cleaned = getattr(self, "cleaned_data", {})
        values: dict[str, Any] = {}
        for name, field in self.fields.items():
            value = cleaned.get(name, False if isinstance(field, forms.BooleanField) else "")
            values[name] = value.strip() if isinstance(value, str) else value
        return values


class ConfirmForm(MoveForm):
    """A move with nothing to type: submit, recall, start the review."""


class ApproveForm(MoveForm):
    comment = text_area("Comment (optional)")


class RequestChangesForm(MoveForm):
    comment = text_area(
        "What needs to change",
        "The author is e-mailed this with a link to the assessment. Your comments on each part "
        "stay with the parts.",
    )


class ReturnForm(MoveForm):
    comment = text_area(
        "Why are you returning it?",
        "The author is e-mailed your reasons. The EDI group reviews it again after the author "
        "submits it again.",
    )


class WithdrawForm(MoveForm):
    reason = text_area(
        "Why is the assessment withdrawn?",
        "For example, the policy was dropped before a decision. Shown on the record.",
        rows=4,
    )


# The sign-off officer's answer to "Publish this assessment?", where the council lets them choose.
PUBLISH, DO_NOT_PUBLISH = "yes", "no"


class SignOffForm(MoveForm):
    """The attestation in the council's words (the page shows them; ticking attests to exactly
    those), an explanation when the planned decision date has passed, a comment, the signer's
    job title when they have given none yet (asked once: it is kept with them) and, where the
    council lets the officer choose (EQIA_PUBLICATION=choose), whether to publish it and why
    not."""

    attestation = forms.BooleanField(label="I confirm", required=False)
    attestation_text = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    late_explanation = text_area(
        "Why is the assessment signed off after the planned decision date?",
        "Regard to the equality duty must come before the decision. Your explanation is shown "
        "on the record.",
        rows=4,
    )
    comment = text_area("Comment (optional)", "Shown on the record with your sign-off.", rows=3)
    publish = forms.ChoiceField(
        label="Publish this assessment on the council's website?",
        choices=[(PUBLISH, "Yes, publish it"), (DO_NOT_PUBLISH, "No, do not publish it")],
        required=False,
        widget=forms.RadioSelect,
        help_text="Residents, councillors and campaigners read published assessments, with "
        "their signed PDF.",
    )
    not_published_reason = text_area(
        "Why is it not published?",
        "For example, it holds exempt information (Local Government Act 1972, Schedule 12A). "
        "Kept on the record with your sign-off.",
        rows=3,
    )

    def __init__(
        self, *args: Any, assessment: Assessment, by: User | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, assessment=assessment, by=by, **kwargs)
        self.fields["attestation_text"].initial = settings.EQIA_ATTESTATION
        if not assessment.decision_date_passed():
            del self.fields["late_explanation"]
        if not officer_chooses():
            del self.fields["publish"], self.fields["not_published_reason"]
        if by is not None and not job_title(by):
            # Only then, so a sign-off made without this page (a command) is not asked.
            self.fields = {
                "job_title": forms.CharField(
                    label="Your job title",
                    required=False,
                    max_length=150,
                    help_text="For example, Head of Housing. Shown with your sign-off on the "
                    "assessment, in the signed PDF and in its signature. You are asked once: "
                    "it is kept for your next sign-offs.",
                ),
                **self.fields,
            }


class ReviewPageForm(forms.Form):
    """The review page's one form: a box on each part for a comment (a reviewer's point, or
    the author's reply) and, for a reviewer who may decide now, the comment on their decision.
    Every box is saved by whichever button is pressed."""

    def __init__(
        self, *args: Any, parts: Iterable[Part], reply: bool, decision: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.parts = list(parts)
        for part in self.parts:
            self.fields[comment_field(part)] = forms.CharField(
                label=f"{'Your reply' if reply else 'Your comment'} on {part.label}",
                required=False,
                max_length=TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        if decision:
            self.fields["comment"] = text_area(
                "Comment on your decision",
                "Needed to request changes: say what needs to change (the author is e-mailed "
                "it with a link). Optional when you approve.",
                rows=4,
            )

    def box(self, part: Part) -> forms.BoundField | None:
        name = comment_field(part)
        return self[name] if name in self.fields else None

    def comment_changes(self, resolve: list[int], withdraw: list[int]) -> CommentChanges:
        cleaned = getattr(self, "cleaned_data", {})
        return CommentChanges(
            new={part: cleaned.get(comment_field(part), "") for part in self.parts},
            resolve=resolve,
            withdraw=withdraw,
        )

    def decision_values(self) -> dict[str, Any]:
        cleaned = getattr(self, "cleaned_data", {})
        return {"comment": str(cleaned.get("comment", "")).strip()}


class DecisionForm(forms.Form):
    """The decision actually taken, recorded after sign-off. Only the shape is checked here:
    what must be given is eqia.content.decision_record's rule."""

    taken_on = named_date("Date of the decision", called="the date of the decision")
    body = forms.CharField(
        label="Who took the decision",
        required=False,
        max_length=200,
        help_text="The meeting, body or person: for example, Cabinet.",
    )
    result = text_area("What was decided", rows=4)
    minutes_url = forms.URLField(
        label="Link to the minutes (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="For example, the page of the meeting on the council's website.",
    )

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "taken_on": assessment.decision_taken_on,
                "body": assessment.decision_body,
                "result": assessment.decision_result,
                "minutes_url": assessment.decision_minutes_url,
            },
        )
        super().__init__(*args, **kwargs)
