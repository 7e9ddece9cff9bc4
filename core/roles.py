"""The roles of DESIGN.md, held as Django groups (created by migration 0001_roles)."""

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import models

from core.people import Person


class Role(models.TextChoices):
    POLICY_OWNER = "Policy owners", "Policy owner"
    EDI_REVIEWER = "EDI reviewers", "EDI reviewer"
    SIGN_OFF_OFFICER = "Sign-off officers", "Sign-off officer"
    AUDITOR = "Auditors", "Auditor"
    ADMINISTRATOR = "Administrators", "Administrator"

    def group(self) -> Group:
        """The role's Django group (made by a migration; made again if it went missing)."""
        return Group.objects.get_or_create(name=self.value)[0]


# Models whose rows administrators manage in the Django admin, and the actions they may take.
ALL_ACTIONS = ("add", "change", "delete", "view")
ADMINISTERED_MODELS = {
    ("auth", "user"): ALL_ACTIONS,
    # The roles are fixed groups (a migration makes them): what each may do is a superuser's
    # to change, so an administrator cannot widen their own powers.
    ("auth", "group"): ("view",),
    ("policies", "servicearea"): ALL_ACTIONS,
    ("policies", "policy"): ALL_ACTIONS,
    ("policies", "reviewreminder"): ("view",),  # a record of e-mails sent: never edited
    ("eqia", "characteristic"): ALL_ACTIONS,
    ("eqia", "assessment"): ("view",),  # assessments change only through the workflow
    # Sign-in lockouts (django-axes): an administrator unlocks by deleting the attempts.
    ("axes", "accessattempt"): ("view", "delete"),
    ("axes", "accesslog"): ("view",),
    ("axes", "accessfailurelog"): ("view",),
}


def role_names(user: Person) -> frozenset[str]:
    """The user's group names, read once per request-bound user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_eqia_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        # Cached on the user object, so one request reads the groups once.
        user._eqia_role_names = cached  # type: ignore[attr-defined]  # a cache, not a field
    return cached


def has_role(user: Person, role: Role) -> bool:
    return role.value in role_names(user)


def is_administrator(user: Person) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or has_role(user, Role.ADMINISTRATOR)))


def may_audit(user: Person) -> bool:
    """Auditors and administrators read every signed assessment and its evidence."""
    return has_role(user, Role.AUDITOR) or is_administrator(user)


def grant_administrator_permissions(**kwargs: Any) -> None:
    """Give the Administrators group exactly the permissions ADMINISTERED_MODELS lists on the
    models they manage (taking away any others on those models, granted before).

    Permissions only exist after post_migrate, so a data migration cannot grant them.
    """
    group = Group.objects.filter(name=Role.ADMINISTRATOR).first()
    if group is None:
        return
    granted, managed = models.Q(), models.Q()
    for (app_label, model), actions in ADMINISTERED_MODELS.items():
        on_model = models.Q(content_type__app_label=app_label, content_type__model=model)
        managed |= on_model
        granted |= on_model & models.Q(codename__in=[f"{action}_{model}" for action in actions])
    wanted = set(Permission.objects.filter(granted).values_list("pk", flat=True))
    group.permissions.remove(
        *group.permissions.filter(managed).exclude(pk__in=wanted).values_list("pk", flat=True)
    )
    group.permissions.add(*wanted)
