"""The action plan's forms: an action of a draft, and an action's status after that."""

from typing import Any

from django import forms

from core.forms import DateField, field_of
from core.people import PersonChoiceField, people
from eqia.models import ActionStatus, Assessment, Characteristic


class CharacteristicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Characteristic) -> str:
        return obj.name


class ActionForm(forms.Form):
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What will be done, for example to gather missing evidence or to consult.",
        error_messages={"required": "Enter the action"},
    )
    owner = PersonChoiceField(
        label="Owner",
        queryset=None,
        empty_label="Choose the person responsible",
        error_messages={"required": "Choose the action's owner"},
    )
    due_date = DateField(label="Due date")
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
