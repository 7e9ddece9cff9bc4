"""{% load action_plan %}: an action's lead in words on any page ({{ action|lead }})."""

from django import template

from eqia.action_plan import lead_of
from eqia.models import Action

register = template.Library()


@register.filter
def lead(action: Action) -> str:
    """ "Alice Owen", "Communities team" or "Alice Owen and Communities team"
    (eqia.action_plan.lead_of)."""
    return lead_of(action)
