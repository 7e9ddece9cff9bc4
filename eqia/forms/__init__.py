"""The forms of the assessment pages: one per part, the impact grid rows, the decision
pathway, the action plan and the "Have you completed this section?" question."""

from eqia.forms.actions import ActionForm, ActionStatusForm
from eqia.forms.parts import (
    PART_FORMS,
    CommentForm,
    CompletedForm,
    ImpactRowForm,
    MeetingFormSet,
    PartForm,
    ReplyForm,
)

__all__ = [
    "PART_FORMS",
    "ActionForm",
    "ActionStatusForm",
    "CommentForm",
    "CompletedForm",
    "ImpactRowForm",
    "MeetingFormSet",
    "PartForm",
    "ReplyForm",
]
