"""Administrators edit the council's progress statuses in the Django admin (and read the plans
there): granted here, after migrate, as core.roles grants the permissions it lists."""

from typing import Any

from django.contrib.auth.models import Group, Permission

from core.roles import ALL_ACTIONS, Role

ADMINISTERED = {"progressstatus": ALL_ACTIONS, "plan": ("view",)}


def grant_status_permissions(**kwargs: Any) -> None:
    group = Group.objects.filter(name=Role.ADMINISTRATOR).first()
    if group is None:
        return
    codenames = [
        f"{action}_{model}" for model, actions in ADMINISTERED.items() for action in actions
    ]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="plans", codename__in=codenames)
    )
