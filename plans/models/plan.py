"""A plan: its themes (the council's roles), each with an aim and connections to other plans,
the objectives under each theme, and the actions under each objective."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from plans.models.choices import PlanState, PsedAim
from plans.values import lead_words


class Plan(models.Model):
    """An Equality Objectives and Action Plan for a period of years.

    Its content (themes, objectives, actions) changes only while it is a draft; adoption
    records the committee's decision and publication puts the plan, as a signed PDF and a
    Word file, on the public pages.
    """

    title = models.CharField(max_length=300)
    # slugify(title): the plan's address and how the commands name it.
    slug = models.SlugField(max_length=200, unique=True)
    period_start = models.PositiveSmallIntegerField("first year")
    period_end = models.PositiveSmallIntegerField("last year")
    state = models.CharField(max_length=10, choices=PlanState, default=PlanState.DRAFT)
    adopted_on = models.DateField(null=True, blank=True)
    adopted_by = models.CharField("adopted by (committee)", max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_plans",
        help_text="The plan before this one, whose open actions it picked up.",
    )
    signed_pdf = models.FileField(upload_to="plans/%Y/", blank=True, editable=False)
    signed_pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    docx = models.FileField(upload_to="plans/%Y/", blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_start", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.slug])

    @property
    def period(self) -> str:
        return f"{self.period_start}-{self.period_end}"

    @property
    def current_state(self) -> PlanState:
        return PlanState(self.state)

    @property
    def is_draft(self) -> bool:
        return self.state == PlanState.DRAFT

    @property
    def is_published(self) -> bool:
        return self.state == PlanState.PUBLISHED


class Theme(models.Model):
    """The council in one of its roles ("As a Community Leader"), with the aim it sets itself
    in that role."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveIntegerField(default=0)
    role = models.CharField(max_length=200, help_text='For example, "As a Community Leader".')
    aim = models.TextField()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "role"], name="theme_role_once_per_plan")
        ]

    def __str__(self) -> str:
        return self.role


class ThemeConnection(models.Model):
    """Another of the council's plans a theme connects to ("Strategic Plan")."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="connections")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Objective(models.Model):
    """An equality objective ("We will ..."), the people it is for and the aims of the duty it
    serves."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="objectives")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField("objective")
    characteristics = models.ManyToManyField(
        "eqia.Characteristic", blank=True, related_name="+", help_text="Who it is for."
    )
    # PsedAim values, in their declared order.
    psed_aims = models.JSONField("aims of the equality duty served", default=list, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("plans:objective", args=[self.theme.plan.slug, self.pk])

    @property
    def aims_served(self) -> list[PsedAim]:
        return [PsedAim(value) for value in PsedAim.values if value in (self.psed_aims or [])]


class PlanAction(models.Model):
    """An action under an objective: its lead (people with accounts and/or teams named in
    words) and its target as written, with the date the target implies where one can be read.
    """

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField("action")
    reference = models.CharField(
        max_length=50, blank=True, help_text="Optional; unique within the plan, e.g. CL-1.2."
    )
    lead_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="plan_actions_led"
    )
    lead_teams = models.CharField(
        "lead teams", max_length=300, blank=True, help_text="Teams or groups, as written."
    )
    target = models.CharField(max_length=200, blank=True, help_text="As written.")
    target_date = models.DateField(null=True, blank=True, editable=False)
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_into",
        help_text="The action of the previous plan this one carries forward.",
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def lead(self) -> str:
        """The lead as every page and document writes it (plans.values.lead_words)."""
        return lead_words(self.lead_people.all(), self.lead_teams)


class ObjectiveLink(models.Model):
    """An EqIA action naming the equality objective it serves (eqia.extensions)."""

    action = models.OneToOneField(
        "eqia.Action", on_delete=models.CASCADE, related_name="objective_link"
    )
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="eqia_links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"EqIA action {self.action_id} serves objective {self.objective_id}"
