import datetime
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Lower

from core.dates import today
from core.forms import TEXT_MAX_LENGTH, DateField, field_of, too_long
from core.people import PersonChoiceField, people
from core.widgets import QuickSelect
from policies.import_values import ValueProblem, parse_date
from policies.models import (
    MAX_REVIEW_FREQUENCY_MONTHS,
    CovenantFunction,
    Policy,
    PolicyStatus,
    Relevance,
    ReviewState,
    ServiceArea,
    normalise_reference,
)
from policies.selectors import RegisterFilters
from policies.services import REASON_FIELD, fixed_details


class RegisterDateField(DateField):
    """A date as the register's spreadsheet import reads one (policies.import_values.parse_date):
    31/03/2027, 2027-03-31, 31 March 2027, or a month and year (March 2027: the 1st). One rule
    for the import and the forms."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        year = today().year + 1
        self.example = f"31/03/{year} or March {year}"
        hint = f"For example, {self.example}."
        given = kwargs.get("help_text", "")
        self.help_text = f"{given} {hint}".strip()

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(str(value).strip())
        except ValueProblem as problem:
            raise ValidationError(self.problem_message(problem), code="invalid") from None

    def problem_message(self, problem: ValueProblem) -> str:
        label = str(self.label or "The date")
        if problem.kind == "not_real":
            detail = str(problem).removeprefix("not a real date").strip()
            return f"{label} must be a real date {detail}".strip()
        if problem.kind == "year":
            return f"{label} must have a four-digit year, for example {self.example}"
        return f"Enter {label[:1].lower()}{label[1:]} as a date, for example {self.example}"


def column_limit(name: str) -> int:
    field = Policy._meta.get_field(name)
    return getattr(field, "max_length", None) or TEXT_MAX_LENGTH


class PolicyForm(forms.ModelForm):
    """The administrator's form: every field of a policy."""

    owner = PersonChoiceField(queryset=None, required=False, empty_label="No owner")
    covenant_functions = forms.MultipleChoiceField(
        label="Armed Forces Covenant functions",
        choices=CovenantFunction.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select every function of the Armed Forces Act 2021 the policy touches.",
    )
    document_url = forms.URLField(
        label="Document link", required=False, max_length=500, assume_scheme="https"
    )
    last_reviewed = RegisterDateField(
        label="Last reviewed", called="the date of the last review", required=False
    )
    review_frequency_months = forms.IntegerField(
        label="Review frequency (months)",
        required=False,
        min_value=1,
        max_value=MAX_REVIEW_FREQUENCY_MONTHS,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages=dict.fromkeys(
            ["invalid", "min_value", "max_value"],
            "Enter the review frequency as a whole number of months from 1 to "
            f"{MAX_REVIEW_FREQUENCY_MONTHS}, for example 12",
        ),
    )
    next_review = RegisterDateField(
        label="Next review",
        called="the next review date",
        required=False,
        help_text="Leave blank to work it out from the last review and frequency.",
    )
    # Not a field of the policy: kept with the change in the policy's history.
    change_reason = forms.CharField(
        label="Reason for the change",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the policy's history. Needed when you lower the equality relevance "
        "or move the next review more than one review cycle away: the EDI group is told.",
    )

    class Meta:
        model = Policy
        fields = [
            "reference",
            "title",
            "service_area",
            "owner",
            "policy_type",
            "status",
            "equality_relevance",
            "covenant_functions",
            "last_reviewed",
            "review_frequency_months",
            "next_review",
            "document_url",
            "notes",
        ]
        widgets = {
            "reference": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        # Each limit is its column's (the notes': TEXT_MAX_LENGTH), said naming the field.
        error_messages = {
            name: too_long(label, column_limit(name))
            for name, label in [
                ("reference", "Reference"),
                ("title", "Title"),
                ("policy_type", "Type"),
                ("notes", "Notes"),
            ]
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "owner" in self.fields:
            field_of(self, "owner", forms.ModelChoiceField).queryset = people()
        field_of(self, "equality_relevance", forms.ChoiceField).choices = [
            ("", "Not rated"),
            *Relevance.choices,
        ]
        field_of(self, "service_area", forms.ModelChoiceField).empty_label = "No service area"
        if self.instance.pk and self.instance.next_review and not self.is_bound:
            self.initial["next_review"] = self.instance.next_review
        if not self.instance.pk:
            del self.fields[REASON_FIELD]  # a new policy has no change to explain

    @property
    def reason_given(self) -> str:
        return (self.cleaned_data.get(REASON_FIELD) or "").strip()

    def clean_reference(self) -> str:
        return normalise_reference(self.cleaned_data["reference"])


class PolicyOwnerForm(PolicyForm):
    """What an owner may change on their own policy: everything but the reference and owner."""

    class Meta(PolicyForm.Meta):
        fields = [f for f in PolicyForm.Meta.fields if f not in {"reference", "owner"}]

    owner = None  # type: ignore[assignment]  # Django's way to leave out an inherited field

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # Said before the owner tries (policies.services refuses the change itself); a
            # refused change shows the same words as its error instead.
            for name, why in fixed_details(self.instance).items():
                if name in self.fields:
                    self.fields[name].help_text = f"{why}."


SORT_CHOICES = [
    ("reference", "Reference"),
    ("title", "Title"),
    ("service_area", "Service area"),
    ("owner", "Owner"),
    ("next_review", "Next review (soonest first)"),
    ("-next_review", "Next review (latest first)"),
    ("relevance", "Equality relevance (highest first)"),
]


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label="Search by reference or title", required=False, max_length=200)
    # Every list is written by QuickSelect: some 300 owners took most of the page's time
    # through Django's template for each option.
    service_area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.all(),
        required=False,
        empty_label="All service areas",
        widget=QuickSelect,
    )
    owner = PersonChoiceField(
        queryset=None, required=False, empty_label="All owners", widget=QuickSelect
    )
    relevance = forms.ChoiceField(
        label="Equality relevance",
        choices=[("", "Any relevance"), *Relevance.choices, ("unrated", "Not rated")],
        required=False,
        widget=QuickSelect,
    )
    review_state = forms.ChoiceField(
        label="Review",
        choices=[
            ("", "Any review date"),
            (ReviewState.OVERDUE, "Overdue"),
            (ReviewState.DUE_SOON, "Due within the due-soon window"),
            (ReviewState.LATER, "Later"),
            (ReviewState.UNKNOWN, "Review date unknown"),
        ],
        required=False,
        widget=QuickSelect,
    )
    status = forms.ChoiceField(
        choices=[("active", "Active"), ("archived", "Archived"), ("all", "All")],
        required=False,
        widget=QuickSelect,
    )
    sort = forms.ChoiceField(
        label="Sort by", choices=SORT_CHOICES, required=False, widget=QuickSelect
    )

    def filters(self) -> RegisterFilters:
        """The chosen filters; the defaults when the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return RegisterFilters()
        data = self.cleaned_data
        return RegisterFilters(
            q=data["q"].strip(),
            service_area_id=data["service_area"].pk if data["service_area"] else None,
            owner_id=data["owner"].pk if data["owner"] else None,
            relevance=data["relevance"],
            review_state=data["review_state"],
            status=data["status"] or PolicyStatus.ACTIVE,
            sort=data["sort"] or "reference",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only people who own a policy are worth offering as a filter.
        field_of(self, "owner", forms.ModelChoiceField).queryset = owners_by_name()


def owners_by_name() -> Any:
    """People who own a policy, by name as the lists show it: those with a name first, by first
    and last name; then those known only by their e-mail address (accounts the import made), by
    address; letter case ignored."""
    nameless = Q(first_name="") & Q(last_name="")
    return (
        get_user_model()
        # A semi-join: DISTINCT over a join with every policy took ten times as long.
        .objects.filter(pk__in=Policy.objects.values("owner_id"))
        .only("first_name", "last_name", "email", "username")
        .annotate(
            nameless=Case(
                When(nameless, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
            first_lower=Lower("first_name"),
            last_lower=Lower("last_name"),
            email_lower=Lower("email"),
        )
        .order_by("nameless", "first_lower", "last_lower", "email_lower", "username")
    )
