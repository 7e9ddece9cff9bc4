"""The plan pages' forms. They parse what was typed; the rules are the services' (plans.structure,
plans.lifecycle, plans.progress), whose refusals come back onto the form by field."""

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower

from core.forms import DateField, field_of
from core.people import people
from eqia.models import Characteristic
from plans.models import Objective, Plan, PlanAction, ProgressStatus, PsedAim
from plans.structure import (
    FIRST_YEAR,
    LAST_YEAR,
    REFERENCE_MAX,
    ROLE_MAX,
    TARGET_MAX,
    TEAMS_MAX,
    TEXT_MAX,
    TITLE_MAX,
)
from plans.values import EMAIL_LIKE, split_connections

LONG = {"rows": 4}
LARGEST_KEY = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing a key that is not a database integer ("abc", 10^30) as a choice that
    is not there, before the database is asked with it (SQLite cannot hold it)."""

    def clean(self, value: Any) -> Any:
        for key in value if isinstance(value, list | tuple) else []:
            text = str(key).strip()
            if not (text.isdigit() and int(text) <= LARGEST_KEY):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text[:20]},
                )
        return super().clean(value)


def year_field(label: str, hint: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=hint,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"The {label.lower()} must be a year, like 2026",
            "min_value": f"The {label.lower()} must be {FIRST_YEAR} or later",
            "max_value": f"The {label.lower()} must be {LAST_YEAR} or earlier",
        },
    )


def text_field(
    label: str, *, limit: int, required: bool = True, long: bool = False, **kwargs: Any
) -> forms.CharField:
    what = label.lower()
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        widget=forms.Textarea(attrs=LONG) if long else forms.TextInput(),
        error_messages={
            "required": f"Enter the {what}",
            "max_length": f"The {what} must be {limit:,} characters or fewer",
        },
        **kwargs,
    )


class PlanForm(forms.Form):
    title = text_field(
        "Title",
        limit=TITLE_MAX,
        help_text="For example, Equality Objectives and Action Plan 2026-2030. Its address is "
        "made from it.",
    )
    period_start = year_field("First year", "The year the plan starts, for example 2026.")
    period_end = year_field("Last year", "The year it ends, for example 2030.")


class AdoptForm(forms.Form):
    adopted_on = DateField(label="Date adopted", help_text="The date of the committee's decision.")
    committee = text_field(
        "Committee",
        limit=200,
        help_text="Who adopted it, for example Cabinet or Policy and Resources Committee.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adopted_on"].error_messages["required"] = "Enter the date the plan was adopted"
        # A decision already taken: the hint's example is in the past, not the future.
        self.fields[
            "adopted_on"
        ].help_text = "The date of the committee's decision, for example 12/10/2022."


class ThemeForm(forms.Form):
    role = text_field(
        "Theme", limit=ROLE_MAX, help_text='The council\'s role, for example "As an Employer".'
    )
    aim = text_field(
        "Aim", limit=TEXT_MAX, long=True, help_text="What the council aims for in this role."
    )
    connections = forms.CharField(
        label="Connections to other plans",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs=LONG),
        help_text="One plan a line, for example Strategic Plan.",
        error_messages={"max_length": f"The connections must be {TEXT_MAX:,} characters or fewer"},
    )

    def clean_connections(self) -> list[str]:
        return split_connections(self.cleaned_data["connections"])


class CharacteristicChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Characteristic) -> str:
        return obj.name


class ObjectiveForm(forms.Form):
    text = text_field(
        "Objective",
        limit=TEXT_MAX,
        long=True,
        help_text="What the council will do: \u201cWe will \u2026\u201d.",
    )
    characteristics = CharacteristicChoiceField(
        label="Who it is for",
        queryset=Characteristic.objects.order_by("position", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select every group the objective serves.",
    )
    psed_aims = forms.MultipleChoiceField(
        label="Aims of the equality duty it serves",
        choices=PsedAim.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The three aims of the Public Sector Equality Duty (section 149 Equality Act "
        "2010).",
    )


class ObjectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Objective) -> str:
        return f"{obj.theme.role}: {obj.text[:90]}"


class ActionForm(forms.Form):
    text = text_field("Action", limit=TEXT_MAX, long=True)
    objective = ObjectiveChoiceField(
        label="Objective",
        queryset=Objective.objects.none(),
        empty_label=None,
        help_text="The objective the action serves.",
        error_messages={
            "required": "Choose the objective",
            "invalid_choice": "Choose one of the plan's objectives",
        },
    )
    lead_teams = text_field(
        "Lead teams",
        limit=TEAMS_MAX,
        required=False,
        help_text="Teams or groups, as the plan writes them, for example Communities, Policy & "
        "Engagement team.",
    )
    lead_emails = forms.CharField(
        label="Lead people",
        required=False,
        max_length=1000,
        help_text="The e-mail addresses of people with an account, separated by semicolons: they "
        "write the action's progress and get reminders. Leave blank when teams lead it: the EDI "
        "Officer Group then writes its progress.",
        error_messages={"max_length": "The lead people must be 1,000 characters or fewer"},
    )
    target = text_field(
        "Target",
        limit=TARGET_MAX,
        required=False,
        help_text="As the plan writes it, for example April 2027, Review Jan 2027 or Ongoing.",
    )
    reference = text_field(
        "Reference", limit=REFERENCE_MAX, required=False, help_text="Optional, for example CL-1.2."
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        objectives = Objective.objects.filter(theme__plan=plan).select_related("theme")
        field = field_of(self, "objective", ObjectiveChoiceField)
        field.queryset = objectives.order_by("theme__position", "theme__pk", "position", "pk")

    def clean_lead_emails(self) -> list[User]:
        text = self.cleaned_data["lead_emails"]
        emails = [
            part.strip().lower() for part in text.replace(",", ";").split(";") if part.strip()
        ]
        found = {
            user.email_lower: user
            for user in people().annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
        }
        unknown = [email for email in emails if email not in found]
        if unknown:
            shown = ", ".join(unknown)
            if any(not EMAIL_LIKE.fullmatch(email) for email in unknown):
                raise ValidationError(
                    f"Enter e-mail addresses separated by semicolons: {shown} is not one"
                )
            raise ValidationError(
                f"No one has an account with the e-mail address {shown}: write the team in Lead "
                "teams instead"
            )
        return list(dict.fromkeys(found[email] for email in emails))


def lead_emails_of(action: PlanAction) -> str:
    return "; ".join(person.email for person in action.lead_people.all())


class RoundForm(forms.Form):
    year = year_field("Year", "The year the progress report covers, for example 2026.")
    deadline = DateField(label="Deadline for returns")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deadline"].error_messages["required"] = "Enter the deadline for returns"


class StatusChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ProgressStatus) -> str:
        return obj.name


class ProgressForm(forms.Form):
    text = forms.CharField(
        label="Progress",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What was done this year, with figures where there are some. Leave a blank "
        "line between paragraphs; start a line with \u201c- \u201d for a bullet point.",
        error_messages={
            "required": "Enter the progress made",
            "max_length": "The progress must be 20,000 characters or fewer",
        },
    )
    status = StatusChoiceField(
        label="Status",
        queryset=ProgressStatus.objects.filter(is_active=True),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action's status"},
    )
    reason = forms.CharField(
        label="Reason for the status (optional)",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, why it cannot be carried forward.",
        error_messages={"max_length": f"The reason must be {TEXT_MAX:,} characters or fewer"},
    )


class ActionChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: PlanAction) -> str:
        return obj.text


class NextPlanForm(PlanForm):
    carry = ActionChoiceField(
        label="Actions to carry forward",
        queryset=PlanAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each keeps a link to this plan, and this plan's report says it was carried. "
        "Ticked: the actions whose latest progress status is carried forward.",
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from plans.progress import plan_actions

        field_of(self, "carry", forms.ModelMultipleChoiceField).queryset = plan_actions(plan)
