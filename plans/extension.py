"""The plan's part of an EqIA action (eqia.extensions): the equality objective it serves. The
action's form offers every plan's objectives, the newest plan's first; its row on the action
plan names the objective and links to its page, which lists the EqIA actions that serve it."""

from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser, User
from django.urls import reverse

from eqia.extensions import ActionLink
from eqia.models import Action, Assessment
from plans.access import visible_plans
from plans.models import Objective, ObjectiveLink, PlanState

FIELD = "plans_objective"


class ObjectiveField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Objective) -> str:
        text = obj.text if len(obj.text) <= 110 else obj.text[:107] + "..."
        return f"{obj.theme.plan.title}, {obj.theme.role}: {text}"

    def to_python(self, value: Any) -> Any:
        # A key that is not a database integer is no choice at all (never a query that fails).
        if value not in self.empty_values and not str(value).strip().isdigit():
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        if value not in self.empty_values and len(str(value).strip()) > 18:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


def offered_objectives() -> Any:
    return Objective.objects.select_related("theme__plan").order_by(
        "-theme__plan__period_start", "theme__plan__title", "theme__position", "position"
    )


class ObjectiveExtension:
    """An EqIA action names the equality objective it serves (or none)."""

    def fields(self, assessment: Assessment) -> dict[str, forms.Field]:
        return {
            FIELD: ObjectiveField(
                label="The equality objective it serves (optional)",
                queryset=offered_objectives(),
                required=False,
                empty_label="None",
                help_text="An objective of the council's equality plan the action helps deliver: "
                "its page lists the action as evidence.",
                error_messages={"invalid_choice": "Choose one of the objectives listed"},
            )
        }

    def initial(self, action: Action) -> dict[str, Any]:
        link = ObjectiveLink.objects.filter(action=action).first()
        return {FIELD: link.objective_id if link else None}

    def save(self, action: Action, values: dict[str, Any], by: User) -> bool:
        if FIELD not in values:
            return False
        objective = values[FIELD]
        link = ObjectiveLink.objects.filter(action=action).first()
        if objective is None:
            if link is None:
                return False
            link.delete()
            return True
        if link is not None and link.objective_id == objective.pk:
            return False
        ObjectiveLink.objects.update_or_create(
            action=action, defaults={"objective": objective, "linked_by": by}
        )
        return True

    def describe(
        self, actions: list[Action], reader: User | AnonymousUser
    ) -> dict[int, list[ActionLink]]:
        links = list(
            ObjectiveLink.objects.filter(action__in=actions).select_related(
                "objective__theme__plan"
            )
        )
        if not links:
            return {}
        plans = {link.objective.theme.plan_id for link in links}
        openable = set(visible_plans(reader).filter(pk__in=plans).values_list("pk", flat=True))
        return {link.action_id: [_described(link, openable)] for link in links}


def _described(link: ObjectiveLink, openable: set[int]) -> ActionLink:
    """The objective an action serves: linked to its page for a reader who may open the plan;
    else named, with the plan it belongs to (a draft plan is the EDI group's until published)."""
    objective = link.objective
    plan = objective.theme.plan
    if plan.pk in openable:
        return ActionLink(
            f"Serves the equality objective: {objective.text}",
            reverse("plans:objective", args=[plan.slug, objective.pk]),
        )
    return ActionLink(
        f"Serves the equality objective: {objective.text} ({plan.title}, not yet published)"
        if plan.state != PlanState.PUBLISHED
        else f"Serves the equality objective: {objective.text} ({plan.title})"
    )
