"""Writing a plan's content: the plan's title and period, its themes (with their aims and
connections to other plans), objectives and actions; adding, changing, reordering, removing.

Every write locks the plan, asks the gate (plans.access.content_refusals: the EDI group or an
administrator, on a draft), checks every value at once (each reason naming its field) and
changes, in one transaction. The spreadsheet import (plans.importing) checks its values with
the same rules.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction
from django.utils.text import slugify

from core.refusals import Reason, refuse_if_any
from eqia.models import Characteristic
from plans.access import content_refusals, manage_refusals
from plans.models import (
    Objective,
    Plan,
    PlanAction,
    PsedAim,
    Theme,
    ThemeConnection,
)
from plans.values import target_date

FIRST_YEAR, LAST_YEAR = 2000, 2100
LONGEST_PERIOD_YEARS = 10
TITLE_MAX = Plan._meta.get_field("title").max_length or 300
ROLE_MAX = Theme._meta.get_field("role").max_length or 200
CONNECTION_MAX = ThemeConnection._meta.get_field("name").max_length or 200
REFERENCE_MAX = PlanAction._meta.get_field("reference").max_length or 50
TEAMS_MAX = PlanAction._meta.get_field("lead_teams").max_length or 300
TARGET_MAX = PlanAction._meta.get_field("target").max_length or 200
TEXT_MAX = 5000


def lock(plan: Plan, by: User | None) -> Plan:
    """The plan, locked, once the person may change its content now (None: a command run by
    the service's operator, who is not asked)."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if by is not None:
        refuse_if_any(content_refusals(by, locked))
    elif not locked.is_draft:
        refuse_if_any(
            [
                Reason(
                    f"{locked.title} is {locked.current_state.label.lower()}: its content is fixed"
                )
            ]
        )
    return locked


# The rules for each value: shared by the pages' services and the spreadsheet import.


def text_reasons(value: str, *, field: str, what: str, limit: int, required: bool) -> list[Reason]:
    value = value.strip()
    if required and not value:
        return [Reason(f"Enter the {what}", field=field)]
    if len(value) > limit:
        return [Reason(f"The {what} must be {limit} characters or fewer", field=field)]
    return []


def title_reasons(title: str, *, plan: Plan | None = None) -> list[Reason]:
    if reasons := text_reasons(title, field="title", what="title", limit=TITLE_MAX, required=True):
        return reasons
    slug = slugify(title)
    if not slug:
        return [Reason("Enter a title with letters or numbers in it", field="title")]
    others = Plan.objects.filter(slug=slug)
    if plan is not None:
        others = others.exclude(pk=plan.pk)
    taken = others.first()
    if taken is not None:
        return [
            Reason(f"There is already a plan called {taken.title} ({slug})", field="title"),
        ]
    return []


def period_reasons(start: int | None, end: int | None) -> list[Reason]:
    reasons = []
    for value, field, what in ((start, "period_start", "first"), (end, "period_end", "last")):
        if value is None:
            reasons.append(Reason(f"Enter the {what} year of the plan", field=field))
        elif not FIRST_YEAR <= value <= LAST_YEAR:
            reasons.append(
                Reason(f"The {what} year must be between {FIRST_YEAR} and {LAST_YEAR}", field=field)
            )
    if reasons or start is None or end is None:
        return reasons
    if end < start:
        return [Reason("The last year must be the same as or after the first", field="period_end")]
    if end - start > LONGEST_PERIOD_YEARS:
        return [
            Reason(
                f"A plan covers at most {LONGEST_PERIOD_YEARS} years: councils publish equality "
                "objectives at least every four",
                field="period_end",
            )
        ]
    return []


def role_reasons(role: str, plan: Plan, *, theme: Theme | None = None) -> list[Reason]:
    reasons = text_reasons(role, field="role", what="theme", limit=ROLE_MAX, required=True)
    if not reasons:
        same = plan.themes.filter(role__iexact=role.strip())
        if theme is not None:
            same = same.exclude(pk=theme.pk)
        if same.exists():
            reasons.append(Reason(f"The plan already has the theme {role.strip()}", field="role"))
    return reasons


def connection_reasons(connections: Iterable[str]) -> list[Reason]:
    for name in connections:
        if len(name) > CONNECTION_MAX:
            return [
                Reason(
                    f"Each other plan's name must be {CONNECTION_MAX} characters or fewer",
                    field="connections",
                )
            ]
    return []


def reference_reasons(
    reference: str, plan: Plan, *, action: PlanAction | None = None
) -> list[Reason]:
    reference = reference.strip()
    if not reference:
        return []
    if len(reference) > REFERENCE_MAX:
        return [
            Reason(f"The reference must be {REFERENCE_MAX} characters or fewer", field="reference")
        ]
    same = PlanAction.objects.filter(objective__theme__plan=plan, reference__iexact=reference)
    if action is not None:
        same = same.exclude(pk=action.pk)
    if same.exists():
        return [
            Reason(f"Another action of the plan has the reference {reference}", field="reference")
        ]
    return []


def action_reasons(
    *, text: str, lead_teams: str, target: str, lead_people: Iterable[User]
) -> list[Reason]:
    reasons = text_reasons(text, field="text", what="action", limit=TEXT_MAX, required=True)
    reasons += text_reasons(
        lead_teams, field="lead_teams", what="lead teams", limit=TEAMS_MAX, required=False
    )
    reasons += text_reasons(target, field="target", what="target", limit=TARGET_MAX, required=False)
    return reasons


def canonical_aims(aims: Iterable[str]) -> list[str]:
    chosen = set(aims)
    return [value for value in PsedAim.values if value in chosen]


def next_position(siblings: "models.QuerySet[Any]") -> int:
    return (siblings.aggregate(top=models.Max("position"))["top"] or 0) + 1


# The plan.


@transaction.atomic
def plan_create(
    *, by: User | None, title: str, period_start: int | None, period_end: int | None
) -> Plan:
    """A new draft plan; its address (slug) is the slugified title."""
    if by is not None:
        refuse_if_any(manage_refusals(by))
    refuse_if_any(title_reasons(title) + period_reasons(period_start, period_end))
    assert period_start is not None and period_end is not None  # period_reasons checked
    return Plan.objects.create(
        title=title.strip(),
        slug=slugify(title),
        period_start=period_start,
        period_end=period_end,
    )


@transaction.atomic
def plan_change(
    *, plan: Plan, by: User, title: str, period_start: int | None, period_end: int | None
) -> list[str]:
    """Change a draft's title (and so its address) and period; the names of the fields changed."""
    locked = lock(plan, by)
    refuse_if_any(title_reasons(title, plan=locked) + period_reasons(period_start, period_end))
    values = {
        "title": title.strip(),
        "slug": slugify(title),
        "period_start": period_start,
        "period_end": period_end,
    }
    changed = [name for name, value in values.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(locked, name, values[name])
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
    plan.__dict__.update({name: getattr(locked, name) for name in values})
    return changed


# Themes.


def set_connections(theme: Theme, names: list[str]) -> bool:
    """The theme's connections to other plans, in this order; whether anything changed."""
    current = list(theme.connections.values_list("name", flat=True))
    if current == names:
        return False
    theme.connections.all().delete()
    ThemeConnection.objects.bulk_create(
        ThemeConnection(theme=theme, position=position, name=name)
        for position, name in enumerate(names, start=1)
    )
    return True


@transaction.atomic
def theme_add(
    *, plan: Plan, by: User | None, role: str, aim: str, connections: Iterable[str] = ()
) -> Theme:
    locked = lock(plan, by)
    refuse_if_any(
        role_reasons(role, locked)
        + text_reasons(aim, field="aim", what="aim", limit=TEXT_MAX, required=True)
        + connection_reasons(list(connections))
    )
    theme = Theme.objects.create(
        plan=locked,
        position=next_position(locked.themes.all()),
        role=role.strip(),
        aim=aim.strip(),
    )
    set_connections(theme, list(connections))
    return theme


@transaction.atomic
def theme_change(
    *, theme: Theme, by: User | None, role: str, aim: str, connections: Iterable[str]
) -> bool:
    locked = lock(theme.plan, by)
    refuse_if_any(
        role_reasons(role, locked, theme=theme)
        + text_reasons(aim, field="aim", what="aim", limit=TEXT_MAX, required=True)
        + connection_reasons(connections)
    )
    changed = (theme.role, theme.aim) != (role.strip(), aim.strip())
    if changed:
        theme.role, theme.aim = role.strip(), aim.strip()
        theme.save(update_fields=["role", "aim"])
    return set_connections(theme, list(connections)) or changed


@transaction.atomic
def theme_remove(*, theme: Theme, by: User) -> None:
    """Remove a theme with its objectives and actions (a draft's only)."""
    lock(theme.plan, by)
    theme.delete()


# Objectives.


def objective_reasons(text: str) -> list[Reason]:
    return text_reasons(text, field="text", what="objective", limit=TEXT_MAX, required=True)


@transaction.atomic
def objective_add(
    *,
    theme: Theme,
    by: User | None,
    text: str,
    characteristics: Iterable[Characteristic] = (),
    psed_aims: Iterable[str] = (),
) -> Objective:
    lock(theme.plan, by)
    refuse_if_any(objective_reasons(text))
    objective = Objective.objects.create(
        theme=theme,
        position=next_position(theme.objectives.all()),
        text=text.strip(),
        psed_aims=canonical_aims(psed_aims),
    )
    objective.characteristics.set(list(characteristics))
    return objective


@transaction.atomic
def objective_change(
    *,
    objective: Objective,
    by: User | None,
    text: str,
    characteristics: Iterable[Characteristic],
    psed_aims: Iterable[str],
) -> bool:
    lock(objective.theme.plan, by)
    refuse_if_any(objective_reasons(text))
    aims = canonical_aims(psed_aims)
    changed = (objective.text, objective.psed_aims) != (text.strip(), aims)
    if changed:
        objective.text, objective.psed_aims = text.strip(), aims
        objective.save(update_fields=["text", "psed_aims"])
    wanted = sorted(c.pk for c in characteristics)
    if sorted(objective.characteristics.values_list("pk", flat=True)) != wanted:
        objective.characteristics.set(wanted)
        changed = True
    return changed


@transaction.atomic
def objective_remove(*, objective: Objective, by: User) -> None:
    lock(objective.theme.plan, by)
    objective.delete()


# Actions.


@transaction.atomic
def action_add(
    *,
    objective: Objective,
    by: User | None,
    text: str,
    reference: str = "",
    lead_people: Iterable[User] = (),
    lead_teams: str = "",
    target: str = "",
    carried_from: PlanAction | None = None,
) -> PlanAction:
    plan = lock(objective.theme.plan, by)
    people = list(lead_people)
    refuse_if_any(
        action_reasons(text=text, lead_teams=lead_teams, target=target, lead_people=people)
        + reference_reasons(reference, plan)
    )
    action = PlanAction.objects.create(
        objective=objective,
        position=next_position(objective.actions.all()),
        text=text.strip(),
        reference=reference.strip(),
        lead_teams=" ".join(lead_teams.split()),
        target=" ".join(target.split()),
        target_date=target_date(target),
        carried_from=carried_from,
    )
    action.lead_people.set(people)
    return action


@transaction.atomic
def action_change(
    *,
    action: PlanAction,
    by: User | None,
    text: str,
    reference: str,
    lead_people: Iterable[User],
    lead_teams: str,
    target: str,
    objective: Objective | None = None,
) -> bool:
    """Change an action of a draft (and move it under another of the plan's objectives, at
    the end); whether anything changed."""
    plan = lock(action.objective.theme.plan, by)
    people = list(lead_people)
    refuse_if_any(
        action_reasons(text=text, lead_teams=lead_teams, target=target, lead_people=people)
        + reference_reasons(reference, plan, action=action)
    )
    values: dict[str, Any] = {
        "text": text.strip(),
        "reference": reference.strip(),
        "lead_teams": " ".join(lead_teams.split()),
        "target": " ".join(target.split()),
        "target_date": target_date(target),
    }
    if objective is not None and objective.pk != action.objective_id:
        if objective.theme.plan_id != plan.pk:
            refuse_if_any([Reason("Choose one of the plan's objectives", field="objective")])
        values["objective_id"] = objective.pk
        values["position"] = next_position(objective.actions.all())
    changed = [name for name, value in values.items() if getattr(action, name) != value]
    for name in changed:
        setattr(action, name, values[name])
    if changed:
        action.save(update_fields=changed)
    wanted = sorted(person.pk for person in people)
    if sorted(action.lead_people.values_list("pk", flat=True)) != wanted:
        action.lead_people.set(wanted)
        changed.append("lead_people")
    return bool(changed)


@transaction.atomic
def action_remove(*, action: PlanAction, by: User) -> None:
    lock(action.objective.theme.plan, by)
    action.delete()


# Reordering.


def siblings_of(item: Theme | Objective | PlanAction) -> "models.QuerySet[Any]":
    if isinstance(item, Theme):
        return item.plan.themes.all()
    if isinstance(item, Objective):
        return item.theme.objectives.all()
    return item.objective.actions.all()


def plan_of(item: Theme | Objective | PlanAction) -> Plan:
    if isinstance(item, Theme):
        return item.plan
    if isinstance(item, Objective):
        return item.theme.plan
    return item.objective.theme.plan


@transaction.atomic
def move(*, item: Theme | Objective | PlanAction, by: User, up: bool) -> bool:
    """Move a theme, objective or action one place up or down among its siblings; whether it
    moved (not past the first or the last)."""
    lock(plan_of(item), by)
    ordered = list(siblings_of(item))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, sibling in enumerate(ordered, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    return True
