import datetime

from django.conf import settings
from django.db import models

from eqia.models.choices import LIVE_ACTION_STATUSES, ActionStatus


def is_overdue(status: str, due_date: datetime.date | None, as_of: datetime.date) -> bool:
    """An action is overdue once its due date has passed while it is still live: the one rule,
    for actions and for the actions a signed snapshot holds."""
    return status in LIVE_ACTION_STATUSES and due_date is not None and due_date < as_of


class Action(models.Model):
    """A step in an action plan: one record that lives across versions until it is done.

    ``assessment`` is the version that planned it; ``appears_in`` holds every version whose
    plan shows it: that one, and each later version started while it was still open (which
    inherits it rather than copying it). Completing it completes it everywhere. It stays live
    after sign-off: its status moves on while the signed content stays frozen, and every change
    is kept (ActionUpdate).
    """

    assessment = models.ForeignKey(
        "eqia.Assessment", on_delete=models.CASCADE, related_name="actions"
    )
    appears_in = models.ManyToManyField("eqia.Assessment", related_name="plan_actions", blank=True)
    description = models.TextField("action")
    # The lead: a person with an account, a team or partner named in words, or both.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="eqia_actions",
        verbose_name="lead",
    )
    lead_team = models.CharField("lead team or partner", max_length=200, blank=True)
    success_measure = models.TextField(blank=True)
    due_date = models.DateField()
    status = models.CharField(max_length=12, choices=ActionStatus, default=ActionStatus.OPEN)
    characteristics = models.ManyToManyField(
        "eqia.Characteristic", blank=True, related_name="+", help_text="Who the action serves."
    )
    # Before actions were inherited, a new version copied its open actions: the copy's
    # original. Kept for the record; nothing new is carried this way.
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Not a field (an annotation alone makes none): set by actions_with_rights
    # (eqia/views/pages.py) for the action plan's template: whether the user may update it.
    may_update: bool

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            # Lists of actions go soonest due first (the Actions page, My work, the EDI home's
            # overdue ones): their first page reads its rows in this order and stops, rather
            # than joining and sorting every live action.
            models.Index(fields=["due_date", "id"], name="action_due_date"),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def current_status(self) -> ActionStatus:
        return ActionStatus(self.status)

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_ACTION_STATUSES

    def is_overdue(self, as_of: datetime.date) -> bool:
        return is_overdue(self.status, self.due_date, as_of)


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


class ActionReminder(models.Model):
    """A reminder e-mailed to an action's lead (or, for a team-led action, the policy's owner):
    due within ACTION_REMINDER_DAYS, or overdue. Recorded so that a second run sends nothing;
    counted against the due date it was for, so a new due date starts afresh."""

    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.CharField(max_length=10)
    for_due_date = models.DateField()
    sent_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "for_due_date", "stage"], name="actionreminder_once_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"Action {self.action_id}: {self.stage} reminder sent {self.sent_on}"
