"""Action plans across versions: which actions are live work, an assessment's plan as pages
show it, and an action's lead in words.

An action is one record. ``Action.assessment`` is the version that planned it and
``Action.appears_in`` every version whose plan shows it: that one, and each later version
started while it was still open (assessment_start inherits it). So a version's plan is
``assessment.plan_actions`` (its own actions and those it inherited), and moving an action on
moves it on in every plan at once.

The one rule for live work (My work, the Actions page, reminders, and the gate's tracking rule
in eqia.access.action_refusals): an action is live while its status is open or in progress
*and* at least one version in its ``appears_in`` is neither withdrawn nor superseded.
"""

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from core.people import display_name
from eqia.models import LIVE_ACTION_STATUSES, Action, Assessment, AssessmentState

# An action shown only in the plans of versions in these states is tracked no more.
TRACKING_ENDED = [AssessmentState.WITHDRAWN, AssessmentState.SUPERSEDED]


def _tracked() -> Exists:
    """In the plan of at least one version that is neither withdrawn nor superseded."""
    return Exists(
        Action.appears_in.through.objects.filter(action=OuterRef("pk")).exclude(
            assessment__state__in=TRACKING_ENDED
        )
    )


def tracked_actions(actions: QuerySet[Action] | None = None) -> QuerySet[Action]:
    """The actions (all by default) still tracked: in a plan neither withdrawn nor superseded."""
    actions = Action.objects.all() if actions is None else actions
    return actions.filter(_tracked())


def live_actions(actions: QuerySet[Action] | None = None) -> QuerySet[Action]:
    """Live work: open or in progress, and still tracked (the module's one rule)."""
    return tracked_actions(actions).filter(status__in=LIVE_ACTION_STATUSES)


def with_tracking(actions: QuerySet[Action]) -> QuerySet[Action]:
    """The actions, each annotated ``tracked`` (read by ``is_tracked``): no query per action."""
    return actions.annotate(tracked=_tracked())


def is_tracked(action: Action) -> bool:
    """Whether the action is still tracked: the rule of ``tracked_actions`` for one action."""
    annotated = getattr(action, "tracked", None)
    if annotated is not None:
        return bool(annotated)
    return action.appears_in.exclude(state__in=TRACKING_ENDED).exists()


def is_live(action: Action) -> bool:
    return action.is_live and is_tracked(action)


def plan_of(assessment: Assessment) -> QuerySet[Action]:
    """The assessment's action plan (its own actions and those it inherited), in due-date
    order, with what every page shows of an action read in a fixed number of queries."""
    return (
        with_tracking(assessment.plan_actions.all())
        .select_related("owner", "assessment__policy", "carried_from__assessment")
        .prefetch_related("characteristics", "updates__by")
    )


def appearances_prefetch() -> Prefetch:
    """The versions whose plans show each action, oldest first (``action.appearances``)."""
    return Prefetch(
        "appears_in",
        queryset=Assessment.objects.only("pk", "version", "state", "policy_id").order_by("version"),
        to_attr="appearances",
    )


def answerable_for(user: User) -> Q:
    """Actions the person answers for: those they lead, and those of their policies that a
    team or partner alone leads (``answerable_person``, for one action)."""
    return Q(owner=user) | Q(owner__isnull=True, assessment__policy__owner=user)


def answerable_person(action: Action) -> tuple[User | None, bool]:
    """Who answers for the action (My work lists it, reminders go to them), and whether as the
    policy's owner: its lead person, else the owner of its policy."""
    if action.owner is not None:
        return action.owner, False
    return action.assessment.policy.owner, True


def lead_words(person: str, team: str) -> str:
    """The lead in words: "Alice Owen", "Communities team", or "Alice Owen and Communities
    team" when both lead it."""
    return " and ".join(part for part in (person.strip(), team.strip()) if part)


def lead_of(action: Any) -> str:
    """An action's lead as every page, e-mail and file writes it."""
    return lead_words(display_name(action.owner), action.lead_team)
