import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.dates import EARLIEST_YEAR, LATEST_YEAR, add_months, year_in_range
from core.forms import TEXT_MAX_LENGTH
from core.links import page_url
from core.people import not_anonymous


class ServiceArea(models.Model):
    name = models.CharField(max_length=150, unique=True)

    class Meta:
        ordering = ["name"]
        permissions = [
            # Held per object (django-guardian): a sign-off officer who holds it for any
            # service area signs off only in those areas.
            ("sign_off_assessments", "Can sign off assessments in this service area"),
        ]

    def __str__(self) -> str:
        return self.name


class PolicyStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ARCHIVED = "archived", "Archived"


class Relevance(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"
    NONE = "none", "None"


class CovenantFunction(models.TextChoices):
    """The functions the Armed Forces Act 2021 puts under the Covenant duty."""

    HOUSING = "housing", "Housing"
    EDUCATION = "education", "Education"
    HEALTHCARE = "healthcare", "Healthcare"


class ReviewState(models.TextChoices):
    OVERDUE = "overdue", "Overdue"
    DUE_SOON = "due_soon", "Due soon"
    LATER = "later", "Later"
    UNKNOWN = "unknown", "Date unknown"

    @property
    def colour(self) -> str:
        return {"overdue": "red", "due_soon": "yellow", "later": "green", "unknown": "grey"}[
            self.value
        ]


def review_state_for(
    next_review: datetime.date | None, as_of: datetime.date, due_soon_days: int | None = None
) -> ReviewState:
    if due_soon_days is None:
        due_soon_days = settings.EQIA_REVIEW_DUE_SOON_DAYS
    if next_review is None:
        return ReviewState.UNKNOWN
    if next_review < as_of:
        return ReviewState.OVERDUE
    if (next_review - as_of).days <= due_soon_days:
        return ReviewState.DUE_SOON
    return ReviewState.LATER


def validate_covenant_functions(value: object) -> None:
    allowed = set(CovenantFunction.values)
    if not isinstance(value, list) or any(item not in allowed for item in value):
        raise ValidationError(
            "Covenant functions must be a list of: %(allowed)s",
            params={"allowed": ", ".join(CovenantFunction.values)},
        )


# A policy's web address ends with its reference, so it may not hold characters that end
# or escape a path segment.
REFERENCE_FORBIDDEN_CHARACTERS = "/\\?#%"


def validate_reference(reference: str) -> None:
    if any(ord(character) < 32 or ord(character) == 127 for character in reference):
        raise ValidationError(
            "A reference cannot contain a tab, a line break or another control character"
        )
    if any(character in REFERENCE_FORBIDDEN_CHARACTERS for character in reference):
        raise ValidationError(
            'A reference cannot contain / \\ ? # or %; use "-" instead, for example HOU-012'
        )


# The longest review cycle a policy may have: ten years (the forms, the admin and the import).
MAX_REVIEW_FREQUENCY_MONTHS = 120


def validate_year_in_range(value: datetime.date) -> None:
    if not year_in_range(value):
        raise ValidationError(
            "Enter a real date, in a year from %(earliest)s to %(latest)s",
            params={"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
        )


def normalise_reference(reference: str) -> str:
    return reference.strip().upper()


class Policy(models.Model):
    reference = models.CharField(
        max_length=50,
        unique=True,
        validators=[validate_reference],
        help_text="For example, HOU-012. Stored in capitals.",
    )
    title = models.CharField(max_length=300)
    service_area = models.ForeignKey(
        ServiceArea, null=True, blank=True, on_delete=models.PROTECT, related_name="policies"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_policies",
        limit_choices_to=not_anonymous,
    )
    policy_type = models.CharField(
        "type", max_length=100, blank=True, help_text="For example, policy, strategy or procedure."
    )
    status = models.CharField(max_length=10, choices=PolicyStatus, default=PolicyStatus.ACTIVE)
    last_reviewed = models.DateField(null=True, blank=True, validators=[validate_year_in_range])
    review_frequency_months = models.PositiveSmallIntegerField(
        "review frequency (months)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REVIEW_FREQUENCY_MONTHS)],
    )
    next_review = models.DateField(
        null=True,
        blank=True,
        validators=[validate_year_in_range],
        help_text="Leave blank to work it out from the last review and the review frequency.",
    )
    equality_relevance = models.CharField(max_length=10, choices=Relevance, blank=True)
    covenant_functions = models.JSONField(
        "Armed Forces Covenant functions",
        default=list,
        blank=True,
        validators=[validate_covenant_functions],
    )
    document_url = models.URLField("document link", max_length=500, blank=True)
    notes = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Not a field (an annotation alone makes none): set on the policies the register and the
    # My work page list, for their templates' tags.
    current_review_state: ReviewState

    class Meta:
        ordering = ["reference"]
        verbose_name_plural = "policies"
        permissions = [
            # Held per object (django-guardian): colleagues the owner shares the policy with.
            ("edit_assessments", "Can edit this policy's assessments"),
        ]
        indexes = [
            models.Index(fields=["status", "next_review"], name="policy_status_next_review"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_frequency_months__gte=1)
                | models.Q(review_frequency_months__isnull=True),
                name="policy_review_frequency_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return page_url("policies:detail", self.reference)

    @staticmethod
    def derive_next_review(
        last_reviewed: datetime.date | None, frequency_months: int | None
    ) -> datetime.date | None:
        """Last review plus the frequency; unknown (None) when either is missing, never a guess."""
        if last_reviewed is None or not frequency_months:
            return None
        return add_months(last_reviewed, frequency_months)

    def clean(self) -> None:
        self.reference = normalise_reference(self.reference or "")
        # Model.full_clean cleans even after a field failed its validators: no next review is
        # worked out from a frequency or a date out of range (their fields say so).
        frequency = self.review_frequency_months
        if (
            self.next_review is None
            and (frequency is None or 1 <= frequency <= MAX_REVIEW_FREQUENCY_MONTHS)
            and (self.last_reviewed is None or year_in_range(self.last_reviewed))
        ):
            self.next_review = self.derive_next_review(self.last_reviewed, frequency)

    def review_state(self, as_of: datetime.date) -> ReviewState:
        return review_state_for(self.next_review, as_of)

    def covenant_function_labels(self) -> list[str]:
        return [CovenantFunction(code).label for code in self.covenant_functions]


class ChangeSource(models.TextChoices):
    """Where a change to a policy's details was made."""

    FORM = "form", "Policy page"
    ADMIN = "admin", "Django admin"
    IMPORT = "import", "Spreadsheet import"
    SIGN_OFF = "sign_off", "EqIA sign-off"


class PolicyChange(models.Model):
    """One field of a policy changed: who, when, where, old value to new, and why.

    Written by policies.services in the transaction of the change; never edited. Values are
    kept as people read them ("High", "1 April 2027"), so the history reads the same after a
    vocabulary changes.
    """

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=50)
    field_label = models.CharField(max_length=100)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=ChangeSource)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_name = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["policy", "-at"], name="policychange_policy_at")]

    def __str__(self) -> str:
        return f"{self.field_label}: {self.old_value or '–'} → {self.new_value or '–'}"


# The stage of a reminder sent after the review date has passed.
REMINDER_STAGE_OVERDUE = "overdue"
# The stage of a reminder about a policy whose review date is not known.
REMINDER_STAGE_UNKNOWN = "unknown"


class ReviewReminder(models.Model):
    """A review reminder e-mailed to a policy's owner: what was sent, to whom, and when.

    The stage is the day threshold the reminder was for ("90", "30", "7" by default) or
    "overdue". It is a day count rather than a fixed choice because EQIA_REMINDER_DAYS lets a
    council choose its own thresholds. Reminders count against the review date they were for,
    so moving a policy's next review starts its reminders afresh.
    """

    OVERDUE = REMINDER_STAGE_OVERDUE
    UNKNOWN = REMINDER_STAGE_UNKNOWN

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="review_reminders")
    # Kept when the user is deleted: the record of what was sent outlives the account.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="review_reminders",
    )
    stage = models.CharField(
        max_length=10,
        help_text='Days before the review date ("90", "30", "7"), "overdue", or "unknown" for a '
        "policy with no review date.",
    )
    for_review_date = models.DateField(
        null=True, blank=True, help_text="The next review date the reminder was about, if known."
    )
    sent_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "for_review_date", "stage"],
                condition=~models.Q(stage__in=[REMINDER_STAGE_OVERDUE, REMINDER_STAGE_UNKNOWN]),
                name="reviewreminder_once_per_stage",
            ),
            models.UniqueConstraint(
                fields=["policy", "sent_on"],
                condition=models.Q(stage=REMINDER_STAGE_UNKNOWN),
                name="reviewreminder_unknown_once_a_day",
            ),
            models.UniqueConstraint(
                fields=["policy", "for_review_date", "sent_on"],
                condition=models.Q(stage=REMINDER_STAGE_OVERDUE),
                name="reviewreminder_overdue_once_a_day",
            ),
        ]

    def __str__(self) -> str:
        # The policy id, not its reference, so that listing reminders costs no extra queries.
        return f"Policy {self.policy_id}: {self.stage_label()} reminder sent {self.sent_on}"

    @staticmethod
    def stage_for_days(days: int) -> str:
        return str(days)

    def stage_label(self) -> str:
        if self.stage == self.OVERDUE:
            return "overdue"
        if self.stage == self.UNKNOWN:
            return "review date unknown"
        return f"due within {self.stage} days"


class ReminderDigest(models.Model):
    """A list e-mailed to a group on a day (the EDI group's weekly list of policies whose review
    date is unknown), recorded so that a second run that week sends nothing."""

    kind = models.CharField(max_length=40)
    sent_on = models.DateField()
    items = models.PositiveIntegerField(help_text="How many policies the list named.")
    recipients = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "sent_on"], name="reminderdigest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.kind} sent {self.sent_on} ({self.items} items)"
