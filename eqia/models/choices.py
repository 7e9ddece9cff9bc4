"""The fixed vocabularies of an assessment."""

import datetime

from django.db import models
from django.utils import timezone


class AssessmentState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for review"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved by the EDI group"
    SIGNED_OFF = "signed_off", "Signed off"
    SUPERSEDED = "superseded", "Superseded"
    WITHDRAWN = "withdrawn", "Withdrawn"

    @property
    def colour(self) -> str:
        """The GOV.UK tag colour the state is shown in, on every page."""
        return STATE_COLOURS[self]

    @property
    def phrase(self) -> str:
        """How the state reads after "it is ..."."""
        return STATE_PHRASES[self]

    @property
    def standing_phrase(self) -> str:
        """How the state reads after a version's name: "v2 (approved, waiting for sign-off)"."""
        return STANDING_PHRASES[self]


STATE_COLOURS = {
    AssessmentState.DRAFT: "grey",
    AssessmentState.SUBMITTED: "light-blue",
    AssessmentState.IN_REVIEW: "blue",
    AssessmentState.CHANGES_REQUESTED: "orange",
    AssessmentState.APPROVED: "turquoise",
    AssessmentState.SIGNED_OFF: "green",
    AssessmentState.SUPERSEDED: "purple",
    AssessmentState.WITHDRAWN: "red",
}
# Where an assessment stands, after "EqIA v2 ... since 3 November 2026".
STANDING_PHRASES = {
    AssessmentState.DRAFT: "in draft",
    AssessmentState.SUBMITTED: "submitted, waiting for a reviewer",
    AssessmentState.IN_REVIEW: "in review",
    AssessmentState.CHANGES_REQUESTED: "back with its author for changes",
    AssessmentState.APPROVED: "approved, waiting for sign-off",
    AssessmentState.SIGNED_OFF: "signed off",
    AssessmentState.SUPERSEDED: "superseded",
    AssessmentState.WITHDRAWN: "withdrawn",
}


def standing(version: int, state: str, since: "datetime.datetime") -> str:
    """Where an assessment stands, in words: "EqIA v2 in review since 3 November 2026"."""
    local = timezone.localtime(since).date()
    phrase = STANDING_PHRASES[AssessmentState(state)]
    return f"EqIA v{version} {phrase} since {local.day} {local:%B %Y}"


STATE_PHRASES = {
    AssessmentState.DRAFT: "a draft",
    AssessmentState.SUBMITTED: "submitted and waiting for a reviewer",
    AssessmentState.IN_REVIEW: "in review",
    AssessmentState.CHANGES_REQUESTED: "back with the author for changes",
    AssessmentState.APPROVED: "approved and waiting for sign-off",
    AssessmentState.SIGNED_OFF: "signed off",
    AssessmentState.SUPERSEDED: "superseded by a newer version",
    AssessmentState.WITHDRAWN: "withdrawn",
}


# An assessment in one of these is the policy's one open assessment.
OPEN_STATES = [
    AssessmentState.DRAFT,
    AssessmentState.SUBMITTED,
    AssessmentState.IN_REVIEW,
    AssessmentState.CHANGES_REQUESTED,
    AssessmentState.APPROVED,
]
# The author edits content only in these.
EDITABLE_STATES = [AssessmentState.DRAFT, AssessmentState.CHANGES_REQUESTED]


class Part(models.TextChoices):
    """The nine parts of an assessment (DESIGN.md), in order."""

    ABOUT = "about", "About the policy"
    SCREENING = "screening", "Screening"
    EVIDENCE = "evidence", "Evidence and engagement"
    IMPACTS = "impacts", "Impact on people"
    COVENANT = "covenant", "Armed Forces Covenant duty"
    AIMS = "aims", "The three aims of the equality duty"
    OUTCOME = "outcome", "Outcome"
    ACTIONS = "actions", "Action plan"
    REVIEW = "review", "Review date"


class PartStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"

    @property
    def colour(self) -> str:
        """GOV.UK task list colours: a completed part reads as plain text ("")."""
        return {"not_started": "blue", "in_progress": "light-blue", "completed": ""}[self.value]


class PolicyStage(models.TextChoices):
    NEW = "new", "A new policy"
    REVISED = "revised", "A revised policy"
    EXISTING = "existing", "A review of an existing policy"


class ScreeningOutcome(models.TextChoices):
    FULL = "full", "A full assessment is needed"
    NOT_NEEDED = "not_needed", "No full assessment is needed"


class Impact(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "Neutral"
    NEGATIVE = "negative", "Negative"
    UNKNOWN = "unknown", "Not yet known"


class Outcome(models.TextChoices):
    NO_MAJOR_CHANGE = "no_major_change", "No major change needed"
    ADJUST = "adjust", "Adjust the policy"
    CONTINUE = "continue", "Continue despite adverse impact"
    STOP = "stop", "Stop and remove the policy"


class AdverseRating(models.TextChoices):
    NONE = "none", "None"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"

    @property
    def colour(self) -> str:
        return {"open": "blue", "in_progress": "light-blue", "done": "green", "dropped": "grey"}[
            self.value
        ]


LIVE_ACTION_STATUSES = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS]


class Publication(models.TextChoices):
    """Whether a signed assessment is on the public pages (/published/): decided at its
    sign-off (eqia.publishing), withdrawn later by the EDI group or an administrator."""

    PUBLISHED = "published", "Published"
    NOT_PUBLISHED = "not_published", "Not published"
    WITHDRAWN = "withdrawn", "Publication withdrawn"

    @property
    def colour(self) -> str:
        return {"published": "green", "not_published": "grey", "withdrawn": "red"}[self.value]
