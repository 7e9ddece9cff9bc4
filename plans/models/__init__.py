from plans.models.choices import PlanState, PsedAim, RoundState
from plans.models.plan import Objective, ObjectiveLink, Plan, PlanAction, Theme, ThemeConnection
from plans.models.progress import (
    ProgressReminder,
    ProgressRound,
    ProgressStatus,
    ProgressUpdate,
    TagColour,
)

__all__ = [
    "Objective",
    "ObjectiveLink",
    "Plan",
    "PlanAction",
    "PlanState",
    "ProgressReminder",
    "ProgressRound",
    "ProgressStatus",
    "ProgressUpdate",
    "PsedAim",
    "RoundState",
    "TagColour",
    "Theme",
    "ThemeConnection",
]
