"""The action plan's forms: an action of a draft, an action's status after that, and the
filters of the Actions page."""

from typing import Any

from django import forms

from core.forms import DateField, field_of
from core.people import PersonChoiceField, people
from core.widgets import QuickSelect
from eqia.actions import LEAD_TEAM_MAX_LENGTH, lead_refusals
from eqia.extensions import extension_fields
from eqia.models import ActionStatus, Assessment, Characteristic
from eqia.selectors import DUE_SOON, DUE_SOON_DAYS, OVERDUE, ActionFilters
from policies.models import ServiceArea


class CharacteristicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Characteristic) -> str:
        return obj.name


class OneCharacteristicField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Characteristic) -> str:
        return obj.name


class ActionForm(forms.Form):
    description = forms.CharField(
        label="Action",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What will be done, for example to gather missing evidence or to consult.",
        error_messages={
            "required": "Enter the action",
            "max_length": "The action must be 2000 characters or fewer",
        },
    )
    owner = PersonChoiceField(
        label="Lead (person)",
        queryset=None,
        required=False,
        empty_label="No one person: a team or partner leads it",
        help_text="Someone with an account here: they can update the action and get reminders.",
    )
    lead_team = forms.CharField(
        label="Lead team or partner",
        required=False,
        max_length=LEAD_TEAM_MAX_LENGTH,
        help_text="For example, Communities, Policy & Engagement team, or KCC occupational "
        "therapist.",
        error_messages={
            "max_length": f"The lead team or partner must be {LEAD_TEAM_MAX_LENGTH} characters "
            "or fewer"
        },
    )
    due_date = DateField(label="Due date")
    success_measure = forms.CharField(
        label="Success measure",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="How you will know it worked, for example: easy read version published and "
        "take-up by disabled applicants reported to the EDI group.",
        error_messages={"max_length": "The success measure must be 2000 characters or fewer"},
    )
    characteristics = CharacteristicChoiceField(
        label="Who the action serves",
        queryset=Characteristic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select every group it is for. An impact not yet known needs an action for "
        "that group.",
    )

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "owner", forms.ModelChoiceField).queryset = people()
        self.fields["due_date"].error_messages["required"] = "Enter the due date"
        characteristics = field_of(self, "characteristics", forms.ModelMultipleChoiceField)
        characteristics.queryset = Characteristic.objects.filter(
            pk__in=assessment.impacts.values("characteristic_id")
        )
        # Fields the apps above add (eqia.extensions), after the action's own.
        self.extension_names = list(extension_fields(assessment))
        self.fields.update(extension_fields(assessment))

    @property
    def extension_fields(self) -> list[Any]:
        """The bound fields apps above add, for the template to render after the others."""
        return [self[name] for name in self.extension_names]

    def clean(self) -> dict[str, Any]:
        """The service's rule for a lead (eqia.actions.lead_refusals), shown with the other
        errors at once."""
        cleaned = super().clean() or {}
        if "owner" in cleaned and "lead_team" in cleaned:
            for reason in lead_refusals(cleaned["owner"], cleaned["lead_team"]):
                self.add_error(reason.field, reason.message)
        return cleaned


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action's status"},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was done, or why the action was dropped.",
    )


class ActionFilterForm(forms.Form):
    # Every list is written by QuickSelect, as the register's are: Django's template for each
    # option cost the page more than its rows of actions.
    service_area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.order_by("name"),
        required=False,
        empty_label="All service areas",
        widget=QuickSelect,
    )
    characteristic = OneCharacteristicField(
        label="Who it serves",
        queryset=Characteristic.objects.order_by("pk"),
        required=False,
        empty_label="Every characteristic",
        widget=QuickSelect,
    )
    lead = forms.CharField(
        label="Lead",
        required=False,
        max_length=200,
        help_text="A person's name or e-mail address, or a team or partner.",
    )
    due = forms.ChoiceField(
        label="Due",
        choices=[
            ("", "Any due date"),
            (OVERDUE, "Overdue"),
            (DUE_SOON, f"Due within {DUE_SOON_DAYS} days"),
        ],
        required=False,
        widget=QuickSelect,
    )

    def filters(self) -> ActionFilters:
        """The chosen filters; every live action when the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return ActionFilters()
        data = self.cleaned_data
        return ActionFilters(
            service_area_id=data["service_area"].pk if data["service_area"] else None,
            characteristic_id=data["characteristic"].pk if data["characteristic"] else None,
            lead=data["lead"].strip(),
            due=data["due"],
        )
