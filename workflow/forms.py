"""The forms of the workflow pages. They only read what was typed: every rule (a comment is
required, the attestation must be confirmed) is the service's, whose reasons the page puts
back beside these fields by name."""

from django import forms


class ConfirmForm(forms.Form):
    """A move with nothing to type: submit, recall, start the review."""


class CommentForm(forms.Form):
    """A move with a comment; whether it is required is the service's rule."""

    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(
        self, *args: object, label: str = "Comment", help_text: str = "", **kwargs: object
    ):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["comment"].label = label
        self.fields["comment"].help_text = help_text


class SignOffForm(forms.Form):
    attestation = forms.BooleanField(label="I confirm", required=False)
    comment = forms.CharField(
        label="Comment (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the record with your sign-off.",
    )
    late_explanation = forms.CharField(
        label="Why is the assessment signed off after the planned decision date?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Regard to the equality duty must come before the decision. Your explanation "
        "is shown on the record.",
    )

    def __init__(self, *args: object, decision_date_passed: bool = False, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not decision_date_passed:
            del self.fields["late_explanation"]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is the assessment withdrawn?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the policy was dropped before a decision. Shown on the record.",
    )


class PartCommentForm(forms.Form):
    """A comment on one part; each part's form on the review page has ids of its own."""

    part = forms.CharField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label="Add a comment on this part",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, part: str = "", **kwargs: object):
        kwargs.setdefault("auto_id", f"id_{part}_%s" if part else "id_%s")
        kwargs.setdefault("initial", {"part": part})
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
