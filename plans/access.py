"""The gate for equality plans: who may see a plan, manage it, and write an action's progress.

The EDI Officer Group (EDI reviewers) and administrators manage plans: they create and change
them, adopt and publish them, open, approve and publish progress rounds. An action's lead (a
person with an account) writes its progress; an action led by teams alone is written by the EDI
group, who may write any action's progress. Auditors read every plan. Anyone else signed in
reads the published plans and those where they lead an action; the public reads published plans
and reports on the public pages (plans.public_views), without signing in.

Views ask here (404 when the person may not even see the plan, 403 when they may see it but not
do this); services ask the same questions, so a command or a test is refused what a page is.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from core.refusals import Reason, Refused
from core.roles import Role, has_role, is_administrator
from plans.models import Plan, PlanAction, PlanState, ProgressRound

Visitor = User | AnonymousUser

MANAGERS = "the EDI Officer Group and administrators"


def may_manage(user: Visitor) -> bool:
    """The EDI Officer Group and administrators manage plans and progress rounds."""
    return user.is_authenticated and (has_role(user, Role.EDI_REVIEWER) or is_administrator(user))


def may_read_all(user: Visitor) -> bool:
    """Managers and auditors read every plan, drafts included."""
    return may_manage(user) or has_role(user, Role.AUDITOR)


def may_list_plans(user: Visitor) -> bool:
    """The list of plans (and so the header's Equality plan link) is for anyone signed in: it
    shows the plans they may see (every plan to those who read all; to others the published
    ones and those where they lead an action). Asks nothing of the database."""
    return user.is_authenticated


def visible_plans(user: Visitor) -> QuerySet[Plan]:
    """The plans the person may open inside the service."""
    if not user.is_authenticated:
        return Plan.objects.none()
    if may_read_all(user):
        return Plan.objects.all()
    led = Plan.objects.filter(themes__objectives__actions__lead_people=user)
    return Plan.objects.filter(Q(state=PlanState.PUBLISHED) | Q(pk__in=led.values("pk")))


def manage_refusals(user: Visitor) -> list[Reason]:
    if may_manage(user):
        return []
    return [Reason(f"Only {MANAGERS} manage equality plans")]


def require_manager(user: Visitor) -> None:
    """403 unless the person manages plans (for pages about no one plan: create, import)."""
    if reasons := manage_refusals(user):
        raise PermissionDenied(reasons[0].message)


def content_refusals(user: Visitor, plan: Plan) -> list[Reason]:
    """Why the person may not change the plan's content (title, themes, objectives, actions)
    now: who they are, and whether it is still a draft."""
    if reasons := manage_refusals(user):
        return reasons
    if not plan.is_draft:
        return [
            Reason(
                f"{plan.title} is {plan.current_state.label.lower()}: its content can be "
                "changed only while it is a draft. Draft the next plan to change it"
            )
        ]
    return []


def get_plan_for(user: Visitor, slug: str, *, manage: bool = False) -> Plan:
    """The plan: 404 when the person may not see it, 403 when ``manage`` is asked and they do
    not manage plans (whatever its state: the page then says why a change is refused)."""
    try:
        plan = visible_plans(user).get(slug=slug)
    except Plan.DoesNotExist:
        raise Http404("No plan found") from None
    if manage:
        require_manager(user)
    return plan


def leads(user: Visitor, action: PlanAction) -> bool:
    """Whether the person leads the action (reads ``lead_people`` prefetched where it is)."""
    return user.is_authenticated and any(p.pk == user.pk for p in action.lead_people.all())


def progress_who_refusals(user: Visitor, action: PlanAction) -> list[Reason]:
    """Why the person may not write the action's progress, whatever the round's state."""
    if may_manage(user) or leads(user, action):
        return []
    if not action.lead_people.all():
        return [Reason("A team leads this action, so the EDI Officer Group writes its progress")]
    return [Reason("Only the action's lead or the EDI Officer Group write its progress")]


def require_progress_writer(user: Visitor, action: PlanAction) -> None:
    """403 unless the person writes this action's progress (in an open round)."""
    if reasons := progress_who_refusals(user, action):
        raise PermissionDenied(reasons[0].message)


def progress_refusals(user: Visitor, round: ProgressRound, action: PlanAction) -> list[Reason]:
    """Why the person may not write the action's progress in the round now."""
    if reasons := progress_who_refusals(user, action):
        return reasons
    if not round.is_open:
        return [
            Reason(
                f"The {round.year} round is {round.current_state.label.lower()}: its progress "
                "can no longer be changed"
            )
        ]
    return []


def require(reasons: list[Reason]) -> None:
    if reasons:
        raise Refused(reasons)
