"""One form per assessment part. They check only the shape of what is typed (a date is a
date, a choice is one of the choices): whether a part is complete is eqia.completeness's
question, asked when the author says the part is completed."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings

from core.dates import date_hint
from core.forms import TEXT_MAX_LENGTH, DateField, field_of, too_long
from eqia.completeness import COMPLETED_FIELD, MEETINGS_PREFIX, impact_prefix
from eqia.cumulative import LINKS_PREFIX, LinkValues
from eqia.models import (
    PART_FIELDS,
    AdverseRating,
    Assessment,
    Impact,
    ImpactRow,
    Outcome,
    Part,
    PartStatus,
    PolicyStage,
    ScreeningOutcome,
)
from policies.models import CovenantFunction


def text_area(label: str, help_text: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        error_messages=too_long(label, TEXT_MAX_LENGTH),
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def text_input(label: str, max_length: int, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=max_length, help_text=help_text)


def named_date(
    label: str, *, called: str, help_text: str = "", required: bool = False
) -> DateField:
    """A date field whose errors name it ("Enter a real date for the planned decision date"),
    so two date errors on one page never read the same."""
    field = DateField(label=label, help_text=help_text, required=required)
    name_date_errors(field, called)
    return field


def name_date_errors(field: forms.Field, called: str) -> None:
    field.error_messages["invalid"] = f"Enter a real date for {called}. {date_hint()}"
    field.error_messages["required"] = f"Enter {called}"


def radios(label: str, choices: Any, help_text: str = "", inline: bool = False) -> forms.Field:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=choices,
        help_text=help_text,
        widget=forms.RadioSelect(attrs={"inline": True} if inline else {}),
    )


class PartForm(forms.Form):
    """The assessment fields of one part, filled from the assessment as stored."""

    part: Part

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {name: getattr(assessment, name) for name in PART_FIELDS[self.part]}
        )
        super().__init__(*args, **kwargs)
        self.assessment = assessment

    def values(self) -> dict[str, Any]:
        """The cleaned values, as the assessment stores them (blank text, never None)."""
        values = {}
        for name in PART_FIELDS[self.part]:
            value = self.cleaned_data.get(name)
            model_field = Assessment._meta.get_field(name)
            if value is None and not model_field.null:
                value = [] if name == "covenant_functions_in_scope" else ""
            values[name] = value
        return values


class AboutForm(PartForm):
    part = Part.ABOUT

    purpose = text_area("Purpose and aims of the policy")
    scope = text_area("Who the policy affects", "Residents, service users, staff, partners.")
    policy_stage = radios("Is this", PolicyStage.choices)
    lead_officer_name = text_input("Lead officer's name", 150)
    lead_officer_role = text_input("Lead officer's role", 150)
    others_involved = text_area("Others involved", "One person a line: name, role.", rows=3)
    consideration_began = named_date(
        "When consideration of equality began",
        called="when consideration of equality began",
        help_text="Regard must be had before the decision is made.",
    )
    decision_maker = text_input(
        "Decision-maker", 200, "The person or body who makes the decision, for example Cabinet."
    )
    planned_decision_date = named_date("Planned decision date", called="the planned decision date")
    dpia_url = forms.URLField(
        label="Data protection impact assessment (link)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Only if one exists.",
    )
    previous_plans = text_area(
        "What the previous assessment planned, and what came of it",
        "Only for a revised policy or a review of an existing policy.",
        rows=4,
    )
    changes_since = text_area(
        "What has changed since the last assessment",
        "Only for a revised policy or a review of an existing policy.",
        rows=4,
    )


class MeetingForm(forms.Form):
    body = forms.CharField(
        label="Meeting or body",
        max_length=200,
        error_messages={"required": "Enter the meeting or body"},
    )
    date = DateField(label="Date of the meeting")

    def name_errors(self, number: int) -> None:
        """Errors that say which meeting they are about: two never read the same."""
        name_date_errors(self.fields["date"], f"the date of meeting {number}")
        self.fields["body"].error_messages["required"] = (
            f"Enter the meeting or body of meeting {number}"
        )


def limited_formset(form: type[forms.Form], most: int, too_many: str) -> Any:
    """A formset of at most ``most`` rows, whatever count a request claims: Django would
    otherwise build (and the page show) up to 2,000 of them for one request."""

    class Limited(forms.BaseFormSet):
        default_error_messages = {
            **forms.BaseFormSet.default_error_messages,
            "too_many_forms": too_many,
        }

    return forms.formset_factory(
        form,
        formset=Limited,
        extra=1,
        can_delete=True,
        max_num=most,
        absolute_max=most,
        validate_max=True,
    )


MOST_MEETINGS = 30
MeetingFormSet = limited_formset(
    MeetingForm, MOST_MEETINGS, f"The decision pathway can list at most {MOST_MEETINGS} meetings"
)


def meeting_formset(assessment: Assessment, data: Any = None) -> Any:
    initial = [{"body": m.body, "date": m.date} for m in assessment.decision_meetings.all()]
    formset = MeetingFormSet(data, initial=initial, prefix=MEETINGS_PREFIX)
    for number, form in enumerate(formset, start=1):
        form.fields["DELETE"].label = "Remove this meeting"
        form.name_errors(number)
    return formset


class ScreeningForm(PartForm):
    part = Part.SCREENING

    relevant_to_equality = forms.TypedChoiceField(
        label="Is the policy relevant to equality?",
        required=False,
        choices=[("True", "Yes"), ("False", "No")],
        coerce=lambda value: value == "True",
        empty_value=None,
        widget=forms.RadioSelect(attrs={"inline": True}),
    )
    relevance_reasons = text_area("Why")
    screening_outcome = radios(
        "Is a full assessment needed?",
        ScreeningOutcome.choices,
        "Any negative or not yet known impact on a group leads to a full assessment.",
    )
    no_full_assessment_reasons = text_area(
        "Why no full assessment is needed",
        "Only if no full assessment is needed. You still rate the impact on every group.",
    )


class EvidenceForm(PartForm):
    part = Part.EVIDENCE

    data_sources = text_area(
        "Data and evidence used",
        "For example the census, service data, complaints, research.",
    )
    engagement = text_area(
        "Consultation and engagement",
        "Who you consulted or engaged, how and when, and what changed as a result.",
    )


class ImpactsForm(PartForm):
    """Below the grid: what the rows alone do not show."""

    part = Part.IMPACTS

    intersectionality = text_area(
        "People affected through more than one characteristic",
        "For example, older disabled people, or young women from an ethnic minority.",
    )
    cumulative_impact = text_area(
        "Cumulative impact",
        "Other policies or changes, here or elsewhere, that bear on the same groups.",
    )


class CumulativeLinkForm(forms.Form):
    """One link of the cumulative impact: another policy that bears on one group together
    with this one, and how they combine. Whether a link is right (a policy in the register,
    not this one, a group of this assessment, each pair once) is eqia.cumulative's rule,
    asked when the part is saved: this form reads only what was typed."""

    reference = forms.CharField(
        label="Reference of the other policy",
        required=False,
        max_length=50,
        help_text="For example, HOU-001. Its signed EqIA, if it has one, is linked too.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"max_length": "A policy reference is at most 50 characters"},
    )
    characteristic = forms.TypedChoiceField(
        label="The group both policies bear on",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a group from the list"},
    )
    how_they_combine = text_area(
        "How they combine for this group",
        "For example, both reduce the money older people have, or one makes up for the other.",
        rows=3,
    )

    def __init__(self, *args: Any, groups: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "characteristic", forms.ChoiceField).choices = [
            ("", "Choose a group"),
            *groups,
        ]

    def link(self, row: int) -> LinkValues:
        return LinkValues(
            reference=str(self.cleaned_data.get("reference") or "").strip(),
            characteristic_id=self.cleaned_data.get("characteristic"),
            how_they_combine=str(self.cleaned_data.get("how_they_combine") or ""),
            row=row,
        )

    def is_blank(self) -> bool:
        """Nothing typed in any box: a row emptied reads as removed."""
        data = self.cleaned_data
        return not (
            str(data.get("reference") or "").strip()
            or data.get("characteristic")
            or str(data.get("how_they_combine") or "").strip()
        )


MOST_LINKS = 100
CumulativeLinkFormSet = limited_formset(
    CumulativeLinkForm, MOST_LINKS, f"The cumulative impact can link at most {MOST_LINKS} policies"
)


def link_formset(assessment: Assessment, data: Any = None) -> Any:
    """The Impacts page's cumulative-impact links (``LINKS_PREFIX``), one row a policy and
    group, and a blank row to add one. Posted without the formset's management fields (an
    older page, a script), it reads as unbound: the links stay as they are."""
    if data is not None and f"{LINKS_PREFIX}-TOTAL_FORMS" not in data:
        data = None
    groups = [
        (row.characteristic_id, row.characteristic.name)
        for row in assessment.impacts.select_related("characteristic")
    ]
    initial = [
        {
            "reference": link.linked_policy.reference,
            "characteristic": link.characteristic_id,
            "how_they_combine": link.how_they_combine,
        }
        for link in assessment.cumulative_links.all()
    ]
    formset = CumulativeLinkFormSet(
        data, initial=initial, prefix=LINKS_PREFIX, form_kwargs={"groups": groups}
    )
    for form in formset:
        form.fields["DELETE"].label = "Remove this link"
    return formset


class ImpactRowForm(forms.Form):
    """One row of the impact grid: the policy's impact on one characteristic's group. The
    mitigation and justification are revealed under "Negative", a way to add an action under
    "Not yet known" (GOV.UK conditional reveal; shown whatever the choice when JavaScript is
    off)."""

    # The impact whose radio reveals the mitigation and the justification, and the one that
    # reveals "Save and add an action".
    reveals_for = Impact.NEGATIVE.value
    needs_action_for = Impact.UNKNOWN.value

    impact = radios("Impact", Impact.choices)
    evidence = text_area("Evidence", "What you know, and how.", rows=4)
    mitigation = text_area("Mitigation", "What will reduce a negative impact.", rows=4)
    justification = text_area(
        "Justification", "Why a negative impact that remains is justified.", rows=4
    )

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, row: ImpactRow, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {name: getattr(row, name) for name in self.base_fields})
        super().__init__(data, prefix=impact_prefix(row), **kwargs)
        self.row = row

    @property
    def hint(self) -> str:
        """Who the group is; that it is assessed against aim 1 only, said once."""
        description = self.row.characteristic.description.strip()
        if self.row.characteristic.aim_one_only and "aim 1" not in description.lower():
            description = f"{description} Assessed against aim 1 (eliminating discrimination) only."
        return description.strip()

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class CovenantForm(PartForm):
    part = Part.COVENANT

    covenant_functions_in_scope = forms.MultipleChoiceField(
        label="Which functions in scope of the duty does the policy touch?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    covenant_unique_obligations = text_area(
        "The unique obligations and sacrifices made by the Armed Forces",
        "How the policy had regard to them.",
    )
    covenant_removing_disadvantage = text_area(
        "Removing disadvantages arising from service",
        "How the policy had regard to the desirability of removing them.",
    )
    covenant_special_provision = text_area(
        "Whether special provision may be justified",
        "How the policy had regard to the principle that special provision for members of "
        "the Armed Forces community may be justified.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = settings.EQIA_COVENANT_SCOPE
        field_of(self, "covenant_functions_in_scope", forms.ChoiceField).choices = [
            (self.group_label(key), list(scope[key])) for key in scope
        ]

    @staticmethod
    def group_label(key: str) -> str:
        return CovenantFunction(key).label if key in CovenantFunction.values else key.title()

    def function_groups(self) -> list[dict[str, Any]]:
        """The checkboxes grouped by Covenant function, the policy's own functions marked."""
        options = iter(self["covenant_functions_in_scope"])
        policy_functions = set(self.assessment.policy.covenant_functions)
        return [
            {
                "label": self.group_label(key),
                "is_policy_function": key in policy_functions,
                "options": [next(options) for _ in functions],
            }
            for key, functions in settings.EQIA_COVENANT_SCOPE.items()
        ]


class AimsForm(PartForm):
    part = Part.AIMS

    aim_eliminate_discrimination = text_area(
        "Aim 1: eliminate discrimination, harassment and victimisation",
        "Marriage and civil partnership is considered under this aim only.",
    )
    aim_advance_opportunity = text_area("Aim 2: advance equality of opportunity")
    aim_foster_relations = text_area("Aim 3: foster good relations")


class OutcomeForm(PartForm):
    part = Part.OUTCOME

    outcome = radios(
        "Outcome of the assessment",
        Outcome.choices,
        "Adjusting or stopping the policy needs at least one action in the action plan.",
    )
    outcome_justification = text_area(
        "Countervailing factors and justification",
        "Needed if the policy continues despite adverse impact.",
    )
    adverse_impact_rating = radios("Overall adverse impact", AdverseRating.choices, inline=True)
    evidence_sufficiency = text_area("Why the evidence is sufficient")


class ActionsPartForm(PartForm):
    """The action plan's rows have their own pages; this page asks only whether it is done."""

    part = Part.ACTIONS


class ReviewForm(PartForm):
    part = Part.REVIEW

    review_date = named_date(
        "When will this assessment be reviewed?",
        called="the review date",
        help_text="A date in the future.",
    )


PART_FORMS: dict[Part, type[PartForm]] = {
    form.part: form
    for form in [
        AboutForm,
        ScreeningForm,
        EvidenceForm,
        ImpactsForm,
        CovenantForm,
        AimsForm,
        OutcomeForm,
        ActionsPartForm,
        ReviewForm,
    ]
}


class CompletedForm(forms.Form):
    """GOV.UK's "Have you completed this section?" question at the foot of every part. It
    starts at the part's status, and unanswered keeps it: moving on never stops for it."""

    completed = forms.ChoiceField(
        label="Have you completed this section?",
        required=False,
        choices=[
            ("yes", "Yes, I\u2019ve completed this section"),
            ("no", "No, I\u2019ll come back to it later"),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, data: Any = None, *, status: PartStatus, **kwargs: Any) -> None:
        self.was_completed = status == PartStatus.COMPLETED
        kwargs.setdefault("initial", {COMPLETED_FIELD: "yes" if self.was_completed else "no"})
        super().__init__(data, **kwargs)

    def is_completed(self) -> bool:
        answer = self.cleaned_data.get(COMPLETED_FIELD)
        return answer == "yes" if answer else self.was_completed


class CommentForm(forms.Form):
    """A comment on a part: a reviewer's point, or the author's reply (which the part's page
    puts inside the part's form when both may be saved at once, prefixed ``reply``)."""

    text = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Enter your reply"},
    )


class ReplyForm(CommentForm):
    """The author's reply inside the part's form: optional, saved with the part."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "reply")
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False
        self.fields[
            "text"
        ].help_text = "Saved with the part when you press any of the buttons below."

    def reply(self) -> str:
        return str(self.cleaned_data.get("text") or "").strip()
