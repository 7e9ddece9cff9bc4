from eqia.models.action import Action, ActionReminder, ActionUpdate, is_overdue
from eqia.models.assessment import PART_FIELDS, Assessment
from eqia.models.audit import AppendOnlyError, AuditEntry, AuditKind
from eqia.models.characteristic import Characteristic, CharacteristicKind
from eqia.models.choices import (
    EDITABLE_STATES,
    LIVE_ACTION_STATUSES,
    OPEN_STATES,
    ActionStatus,
    AdverseRating,
    AssessmentState,
    Impact,
    Outcome,
    Part,
    PartStatus,
    PolicyStage,
    Publication,
    ScreeningOutcome,
)
from eqia.models.cumulative import CumulativeLink
from eqia.models.impact import ImpactRow
from eqia.models.review import Approval, DecisionMeeting, ReviewComment

__all__ = [
    "EDITABLE_STATES",
    "LIVE_ACTION_STATUSES",
    "OPEN_STATES",
    "PART_FIELDS",
    "Action",
    "is_overdue",
    "ActionReminder",
    "ActionStatus",
    "ActionUpdate",
    "AdverseRating",
    "AppendOnlyError",
    "Approval",
    "Assessment",
    "AssessmentState",
    "AuditEntry",
    "AuditKind",
    "Characteristic",
    "CharacteristicKind",
    "CumulativeLink",
    "DecisionMeeting",
    "Impact",
    "ImpactRow",
    "Outcome",
    "Part",
    "PartStatus",
    "PolicyStage",
    "Publication",
    "ReviewComment",
    "ScreeningOutcome",
]
