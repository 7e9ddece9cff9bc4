"""Reads of assessments and actions that pages share: what waits for whom, and action plans
as their pages show them."""

import datetime
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from core.dates import long_date, short_date, today
from core.pages import Tag
from core.roles import Role, has_role
from eqia.access import (
    SIGN_OFF_STATES,
    Rights,
    Visitor,
    action_refusals,
    is_author_side,
    policies_shared_with,
    sign_off_areas,
    visible_assessments,
)
from eqia.action_plan import (
    answerable_for,
    appearances_prefetch,
    is_tracked,
    lead_of,
    live_actions,
    plan_of,
)
from eqia.extensions import ActionLink, describe_actions
from eqia.models import (
    OPEN_STATES,
    Action,
    Assessment,
    AssessmentState,
    AuditEntry,
    Characteristic,
)
from policies.models import Policy, PolicyStatus, ReviewState, review_state_for


def _with_policy(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return assessments.select_related("policy__service_area", "policy__owner")


def open_assessments_of(user: User) -> QuerySet[Assessment]:
    """Open assessments the user edits: of their policies and those shared with them."""
    return _with_policy(
        Assessment.objects.filter(policy__in=policies_shared_with(user), state__in=OPEN_STATES)
    ).order_by("policy__reference")


def waiting_for_review() -> QuerySet[Assessment]:
    return _with_policy(
        Assessment.objects.filter(state__in=[AssessmentState.SUBMITTED, AssessmentState.IN_REVIEW])
    ).order_by("submitted_at")


def waiting_for_sign_off(user: User) -> QuerySet[Assessment]:
    assessments = Assessment.objects.filter(state=AssessmentState.APPROVED)
    areas = sign_off_areas(user)
    if areas is not None:
        assessments = assessments.filter(policy__service_area__in=areas)
    return _with_policy(assessments).order_by("planned_decision_date", "policy__reference")


def recently_signed() -> QuerySet[Assessment]:
    return _with_policy(
        Assessment.objects.filter(state__in=SIGN_OFF_STATES[1:]).select_related("signed_off_by")
    ).order_by("-signed_off_at")


OVERDUE_TAG = Tag("Overdue", "red")


@dataclass(frozen=True)
class ActionRow:
    """An action as a list shows it: where it is planned, and where the reader may open it."""

    action: Action
    lead: str
    plans: list[Assessment]  # every version whose plan shows it, oldest first
    openable: frozenset[int]  # the ids of those the reader may open
    overdue: bool
    served: list[Characteristic]  # who it serves

    @property
    def plan_links(self) -> list[tuple[Assessment, bool]]:
        """Each version whose plan shows it, and whether the reader may open it."""
        return [(plan, plan.pk in self.openable) for plan in self.plans]

    @property
    def latest_plan(self) -> Assessment:
        return self.plans[-1] if self.plans else self.action.assessment

    @property
    def due_tag(self) -> Tag | None:
        return OVERDUE_TAG if self.overdue else None

    @property
    def due_shown(self) -> str:
        """The due date as lists of actions give it ("3 Nov 2026")."""
        return short_date(self.action.due_date)


def openable_by(reader: Visitor, assessment_ids: Collection[int]) -> set[int]:
    """Which of these assessments the reader may open (the gate's ``visible_assessments``), in
    one query for them all."""
    return set(
        visible_assessments(reader)
        .filter(pk__in=assessment_ids)
        .order_by()  # not the model's order, which joins the policy only to sort
        .values_list("pk", flat=True)
    )


def plan_ids(actions: Iterable[Action]) -> set[int]:
    """The versions whose plans show these actions (read with ``with_plans``)."""
    return {plan.pk for action in actions for plan in getattr(action, "appearances", [])}


def action_rows(
    actions: Iterable[Action], *, as_of: datetime.date, reader: Visitor | None = None
) -> list[ActionRow]:
    """Rows of actions read with ``with_plans``, with the versions whose plans show each that
    the ``reader`` may open (one query for them all; none without a reader)."""
    actions = list(actions)
    plans = {action.pk: list(getattr(action, "appearances", [])) for action in actions}
    visible = openable_by(reader, plan_ids(actions)) if reader is not None else set()
    return [
        ActionRow(
            action=action,
            lead=lead_of(action),
            plans=plans[action.pk],
            openable=frozenset(plan.pk for plan in plans[action.pk] if plan.pk in visible),
            overdue=action.is_overdue(as_of),
            served=_served(action),
        )
        for action in actions
    ]


# What lists of actions (and their download) read of each action's lead, assessment and
# policy: the rest of those rows is never shown there (an assessment alone has some sixty
# fields, each read and turned into Python for every row).
LISTED_FIELDS = (
    "description",
    "lead_team",
    "success_measure",
    "due_date",
    "status",
    "owner__first_name",
    "owner__last_name",
    "owner__email",
    "owner__username",
    "assessment__version",
    "assessment__state",
    "assessment__policy__reference",
    "assessment__policy__title",
    "assessment__policy__service_area__name",
)


def with_plans(actions: QuerySet[Action]) -> QuerySet[Action]:
    """What a list of actions shows, in a fixed number of queries: the policy and its service
    area, the lead, who it serves (``served``, a list: a related manager's queryset for each
    action would cost a row its own filtering) and every version whose plan shows it."""
    return (
        actions.select_related("owner", "assessment__policy__service_area")
        .only(*LISTED_FIELDS)
        .prefetch_related(Prefetch("characteristics", to_attr="served"), appearances_prefetch())
    )


def _served(action: Action) -> list[Characteristic]:
    """Who the action serves: as ``with_plans`` read it, else from the database."""
    served = getattr(action, "served", None)
    return list(action.characteristics.all()) if served is None else served


def live_actions_of(user: User) -> QuerySet[Action]:
    """The person's live work, each action once: those they answer for (``answerable_for``)."""
    return with_plans(live_actions(Action.objects.filter(answerable_for(user)))).order_by(
        "due_date", "pk"
    )


@dataclass(frozen=True)
class PlannedAction:
    """One action of an assessment's plan as its pages show it."""

    action: Action
    number: int
    lead: str
    inherited: bool  # planned in an earlier version, still open when this one began
    may_change: bool  # change or remove it as this draft's content
    may_update: bool  # move it on ("Update status")
    overdue: bool = False  # today, as every list of actions says it
    tracked: bool = True  # in a plan neither withdrawn nor superseded (eqia.action_plan)
    assessment_state: str = ""  # of the assessment whose plan this is

    @property
    def untracked_words(self) -> str:
        """Why a live action is no longer tracked, as its row says it ("" while it is)."""
        if self.tracked or not self.action.is_live:
            return ""
        if self.assessment_state == AssessmentState.WITHDRAWN:
            return "Not tracked any more: this assessment was withdrawn."
        return "Not tracked any more: no version still in use has it in its plan."

    links: tuple[ActionLink, ...] = ()  # what apps above say of it (eqia.extensions)

    @property
    def due_tag(self) -> Tag | None:
        return OVERDUE_TAG if self.overdue else None


def plan_with_rights(assessment: Assessment, user: Visitor) -> list[PlannedAction]:
    """The assessment's action plan (own and inherited actions), each with its history and what
    the person may do with it here."""
    actions = list(plan_of(assessment))
    author_side = is_author_side(user, assessment.policy)
    editable = Rights(user, assessment).can_edit_now
    links = describe_actions(actions, user)
    as_of = today()
    plan = []
    for number, action in enumerate(actions, start=1):
        inherited = action.assessment_id != assessment.pk
        tracked = is_tracked(action)
        if not inherited:
            action.assessment = assessment
        plan.append(
            PlannedAction(
                action=action,
                number=number,
                lead=lead_of(action),
                inherited=inherited,
                may_change=editable and not inherited,
                may_update=not action_refusals(user, action, author_side=author_side),
                overdue=tracked and action.is_overdue(as_of),
                tracked=tracked,
                assessment_state=assessment.state,
                links=tuple(links.get(action.pk, ())),
            )
        )
    return plan


@dataclass(frozen=True)
class DuePolicy:
    """A policy of the person's due for review, and its open EqIA, if one is under way."""

    policy: Policy
    review_state: ReviewState
    open_assessment: Assessment | None


@dataclass
class MyWork:
    """What the home page lists for one user, by role. None: the section is not theirs."""

    open_assessments: list[Assessment] | None = None
    policies_due: list[DuePolicy] | None = None
    actions: list[ActionRow] = field(default_factory=list)
    to_review: list[Assessment] | None = None
    to_sign_off: list[Assessment] | None = None
    signed: list[Assessment] | None = None


def _policies_due(user: User, as_of: datetime.date) -> list[DuePolicy]:
    policies = list(
        policies_shared_with(user)
        .filter(status=PolicyStatus.ACTIVE)
        .select_related("service_area")
        .order_by("next_review", "reference")
    )
    due = [
        (policy, state)
        for policy in policies
        if (state := review_state_for(policy.next_review, as_of)) != ReviewState.LATER
    ]
    open_ones = {
        assessment.policy_id: assessment
        for assessment in Assessment.objects.filter(
            policy__in=[policy.pk for policy, _ in due], state__in=OPEN_STATES
        )
    }
    return [
        DuePolicy(policy=policy, review_state=state, open_assessment=open_ones.get(policy.pk))
        for policy, state in due
    ]


def my_work(user: User, *, to_review: bool = True) -> MyWork:
    """What waits for the user. ``to_review=False`` leaves out what waits for EDI review: for a
    page that lists it itself (the EDI home page), so that it is not read for nothing."""
    as_of = today()
    work = MyWork(actions=action_rows(live_actions_of(user), as_of=as_of))
    owns = Policy.objects.filter(owner=user).exists()
    if has_role(user, Role.POLICY_OWNER) or owns:
        work.open_assessments = list(open_assessments_of(user))
        work.policies_due = _policies_due(user, as_of)
    if to_review and has_role(user, Role.EDI_REVIEWER):
        work.to_review = list(waiting_for_review())
    if has_role(user, Role.SIGN_OFF_OFFICER):
        work.to_sign_off = list(waiting_for_sign_off(user))
    if has_role(user, Role.AUDITOR):
        work.signed = list(recently_signed()[:20])
    return work


def signed_assessments(
    *,
    policy_reference: str = "",
    since: datetime.date | None = None,
    service_area_id: int | None = None,
) -> QuerySet[Assessment]:
    """Signed assessments (superseded ones included) that have a signed PDF, newest first."""
    assessments = Assessment.objects.filter(
        state__in=[AssessmentState.SIGNED_OFF, AssessmentState.SUPERSEDED]
    ).exclude(signed_pdf="")
    if policy_reference:
        assessments = assessments.filter(policy__reference=policy_reference.strip().upper())
    if since is not None:
        assessments = assessments.filter(signed_off_at__date__gte=since)
    if service_area_id:
        assessments = assessments.filter(policy__service_area_id=service_area_id)
    return assessments.select_related("policy__service_area", "signed_off_by").order_by(
        "-signed_off_at", "policy__reference"
    )


# The Actions page's "Due" filter.
OVERDUE, DUE_SOON = "overdue", "soon"
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class ActionFilters:
    """What the Actions page (and its download) lists: every live action by default."""

    service_area_id: int | None = None
    characteristic_id: int | None = None
    lead: str = ""
    due: str = ""  # "", OVERDUE or DUE_SOON

    def due_between(
        self, as_of: datetime.date
    ) -> tuple[datetime.date | None, datetime.date | None]:
        """The first and last due dates the ``due`` filter lets through (None: no limit)."""
        if self.due == OVERDUE:
            return None, as_of - datetime.timedelta(days=1)
        if self.due == DUE_SOON:
            return as_of, as_of + datetime.timedelta(days=DUE_SOON_DAYS)
        return None, None


def live_action_list(filters: ActionFilters, *, as_of: datetime.date) -> QuerySet[Action]:
    """Every live action the filters let through (the Actions page and its download), soonest
    due first, with what a list shows of each (``with_plans``)."""
    actions = live_actions()
    if filters.service_area_id:
        actions = actions.filter(assessment__policy__service_area_id=filters.service_area_id)
    if filters.characteristic_id:
        actions = actions.filter(characteristics=filters.characteristic_id)
    if filters.lead:
        actions = actions.annotate(
            lead_name=Concat("owner__first_name", Value(" "), "owner__last_name")
        ).filter(
            Q(lead_team__icontains=filters.lead)
            | Q(lead_name__icontains=filters.lead)
            | Q(owner__email__icontains=filters.lead)
            | Q(owner__username__iexact=filters.lead)
        )
    first, last = filters.due_between(as_of)
    if first is not None:
        actions = actions.filter(due_date__gte=first)
    if last is not None:
        actions = actions.filter(due_date__lte=last)
    return with_plans(actions).order_by("due_date", "assessment__policy__reference", "pk")


# The version that superseded a signed one: one rule for every page that says so.


@dataclass(frozen=True)
class NewerVersion:
    """The signed version that superseded another: its number, the day it was signed off, and
    a link for those who may follow it ("" for others)."""

    version: int
    label: str
    signed_on: str
    url: str


def newer_version(checked: Assessment, *, url: Callable[[Assessment], str]) -> NewerVersion | None:
    """The version whose sign-off superseded ``checked`` (as the supersede move recorded it; else
    the next signed version), or None while ``checked`` is current. ``url`` gives the link to
    show for the newer version ("" for none)."""
    if checked.state != AssessmentState.SUPERSEDED:
        return None
    move = (
        AuditEntry.objects.filter(assessment=checked, details__move="supersede")
        .order_by("-sequence")
        .only("details")
        .first()
    )
    recorded = move.details.get("superseded_by") if move is not None else None
    signed = Assessment.objects.filter(
        policy_id=checked.policy_id,
        state__in=[AssessmentState.SIGNED_OFF, AssessmentState.SUPERSEDED],
        version__gt=checked.version,
        signed_off_at__isnull=False,
    ).select_related("policy")
    newer = (
        signed.filter(pk=recorded).first() if isinstance(recorded, int) else None
    ) or signed.order_by("version").first()
    if newer is None or newer.signed_off_at is None:
        return None
    return NewerVersion(
        version=newer.version,
        label=f"{newer.policy.reference} {newer.label}",
        signed_on=long_date(timezone.localtime(newer.signed_off_at).date()),
        url=url(newer),
    )
