"""Progress rounds: each year the leads write progress on every action of a plan, with a
status from the council's own vocabulary; the EDI group approves and publishes the round as
the year's progress report."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from plans.models.choices import RoundState
from plans.models.plan import Plan, PlanAction


class TagColour(models.TextChoices):
    """The GOV.UK tag colours a status may be shown in."""

    GREY = "grey", "Grey"
    GREEN = "green", "Green"
    TURQUOISE = "turquoise", "Turquoise"
    BLUE = "blue", "Blue"
    LIGHT_BLUE = "light-blue", "Light blue"
    PURPLE = "purple", "Purple"
    PINK = "pink", "Pink"
    RED = "red", "Red"
    ORANGE = "orange", "Orange"
    YELLOW = "yellow", "Yellow"


class ProgressStatus(models.Model):
    """A status an action's progress may have ("Ongoing/remain included in action plan"): a
    vocabulary the council edits (seeded by a data migration)."""

    name = models.CharField(max_length=150, unique=True)
    colour = models.CharField(max_length=12, choices=TagColour, default=TagColour.GREY)
    carry_forward = models.BooleanField(
        "carried into the next plan by default",
        default=False,
        help_text="Drafting the next plan offers to carry forward the actions with this status.",
    )
    position = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(
        "offered", default=True, help_text="Untick to stop offering it; reports keep it."
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "progress statuses"

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """What {% govuk_tag %} shows."""
        return self.name


class ProgressRound(models.Model):
    """One year's progress returns on a plan, and the report they make."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rounds")
    year = models.PositiveSmallIntegerField()
    deadline = models.DateField(help_text="When the leads' returns are due.")
    state = models.CharField(max_length=10, choices=RoundState, default=RoundState.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    signed_pdf = models.FileField(upload_to="plans/%Y/", blank=True, editable=False)
    signed_pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    docx = models.FileField(upload_to="plans/%Y/", blank=True, editable=False)

    class Meta:
        ordering = ["plan", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="progressround_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.plan}: progress {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("plans:round", args=[self.plan.slug, self.year])

    @property
    def current_state(self) -> RoundState:
        return RoundState(self.state)

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN

    @property
    def is_published(self) -> bool:
        return self.state == RoundState.PUBLISHED


class ProgressUpdate(models.Model):
    """An action's progress in a round: narrative (paragraphs and bullet lists), a status and
    why. One per action and round, rewritten until the round is approved."""

    round = models.ForeignKey(ProgressRound, on_delete=models.CASCADE, related_name="updates")
    action = models.ForeignKey(
        PlanAction, on_delete=models.CASCADE, related_name="progress_updates"
    )
    text = models.TextField("progress", blank=True)
    status = models.ForeignKey(
        ProgressStatus, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["round", "action"]
        constraints = [
            models.UniqueConstraint(fields=["round", "action"], name="progressupdate_once")
        ]

    def __str__(self) -> str:
        return f"Progress on action {self.action_id} in {self.round}"


class ProgressReminder(models.Model):
    """A reminder e-mailed about a round's missing returns, recorded so that a second run of
    send_progress_reminders sends nothing. ``stage`` is the days before the deadline ("14",
    "3")."""

    round = models.ForeignKey(ProgressRound, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    stage = models.CharField(max_length=10)
    sent_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "recipient", "stage"], name="progressreminder_once_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.stage}-day reminder to {self.recipient_id} on {self.sent_on}"
