"""The forms the moves ask for. They only read what was typed: every rule (a comment is
required, the attestation must be confirmed) is the move's, whose reasons the page puts back
beside these fields with Django's add_error."""

from typing import Any

from django import forms
from django.conf import settings

from eqia.models import Assessment

TEXT_MAX_LENGTH = 20_000


def text_area(label: str, help_text: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class MoveForm(forms.Form):
    """A move's form: bound to the assessment it moves, read with ``values()``."""

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assessment = assessment

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


class SignOffForm(MoveForm):
    """The attestation in the council's words (the page shows them; ticking attests to exactly
    those), an explanation when the planned decision date has passed, and a comment."""

    attestation = forms.BooleanField(label="I confirm", required=False)
    attestation_text = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    late_explanation = text_area(
        "Why is the assessment signed off after the planned decision date?",
        "Regard to the equality duty must come before the decision. Your explanation is shown "
        "on the record.",
        rows=4,
    )
    comment = text_area("Comment (optional)", "Shown on the record with your sign-off.", rows=3)

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, assessment=assessment, **kwargs)
        self.fields["attestation_text"].initial = settings.EQIA_ATTESTATION
        if not assessment.decision_date_passed():
            del self.fields["late_explanation"]


class PartCommentForm(forms.Form):
    """A comment on one part; each part's form on the review page has ids of its own."""

    part = forms.CharField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label="Add a comment on this part",
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, part: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{part}_%s" if part else "id_%s")
        kwargs.setdefault("initial", {"part": part})
        super().__init__(*args, **kwargs)
