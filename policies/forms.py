from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from core.forms import DateField, field_of
from core.people import PersonChoiceField, people
from policies.models import (
    CovenantFunction,
    Policy,
    PolicyStatus,
    Relevance,
    ReviewState,
    ServiceArea,
    normalise_reference,
)
from policies.selectors import RegisterFilters


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
    last_reviewed = DateField(label="Last reviewed", required=False)
    next_review = DateField(
        label="Next review",
        required=False,
        help_text="Leave blank to work it out from the last review and frequency.",
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
            "review_frequency_months": forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
            "notes": forms.Textarea(attrs={"rows": 4}),
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

    def clean_reference(self) -> str:
        return normalise_reference(self.cleaned_data["reference"])


class PolicyOwnerForm(PolicyForm):
    """What an owner may change on their own policy: everything but the reference and owner."""

    class Meta(PolicyForm.Meta):
        fields = [f for f in PolicyForm.Meta.fields if f not in {"reference", "owner"}]

    owner = None  # type: ignore[assignment]  # Django's way to leave out an inherited field


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
    service_area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.all(), required=False, empty_label="All service areas"
    )
    owner = PersonChoiceField(queryset=None, required=False, empty_label="All owners")
    relevance = forms.ChoiceField(
        label="Equality relevance",
        choices=[("", "Any relevance"), *Relevance.choices, ("unrated", "Not rated")],
        required=False,
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
    )
    status = forms.ChoiceField(
        choices=[("active", "Active"), ("archived", "Archived"), ("all", "All")],
        required=False,
    )
    sort = forms.ChoiceField(label="Sort by", choices=SORT_CHOICES, required=False)

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
        field_of(self, "owner", forms.ModelChoiceField).queryset = (
            get_user_model()
            .objects.filter(owned_policies__isnull=False)
            .distinct()
            .order_by("first_name", "last_name", "email", "username")
        )
