from django.conf import settings
from django.db import models

from eqia.models.choices import LIVE_ACTION_STATUSES, ActionStatus


class Action(models.Model):
    """A step in the action plan. It stays live after sign-off: its status moves on while the
    signed content stays frozen, and every change is kept (ActionUpdate)."""

    assessment = models.ForeignKey(
        "eqia.Assessment", on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField("action")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="eqia_actions"
    )
    due_date = models.DateField()
    status = models.CharField(max_length=12, choices=ActionStatus, default=ActionStatus.OPEN)
    characteristics = models.ManyToManyField(
        "eqia.Characteristic", blank=True, related_name="+", help_text="Who the action serves."
    )
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Not a field (an annotation alone makes none): set by actions_with_rights
    # (eqia/views/pages.py) for the action plan's template: whether the user may update it.
    may_update: bool

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def current_status(self) -> ActionStatus:
        return ActionStatus(self.status)

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_ACTION_STATUSES


class ActionUpdate(models.Model):
    """One change of an action's status, with who made it, when and why."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=12, choices=ActionStatus)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} by {self.by} at {self.at:%d/%m/%Y %H:%M}"
