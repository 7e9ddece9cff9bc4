"""The plan spreadsheet import: one service behind `import_equality_plan` and the upload page.

Each row is one action, with its theme, the theme's aim, its objective, lead and target; a blank
Theme, Aim or Objective cell means "the same as the row above", as when a Word table is pasted
into Excel. Connections (other plans, separated by ";") and Characteristics (separated by ";" or
",") add to the theme's and the objective's. A Reference identifies an action across imports;
without one an action is known by its words under its objective. "Carried from" names an action
of the plan this one follows (its reference, or its words).

Every row error names the row, the column and the value. Nothing is written while any row has
an error unless the caller skips those rows; the same file imported twice changes nothing; the
plan's content can change only while it is a draft. Actions of the plan that are not in the
file are left as they are.
"""

import enum
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.text import slugify

from core.dates import long_date
from core.refusals import Reason, Refused
from eqia.models import Characteristic
from plans.models import Objective, Plan, PlanAction, Theme
from plans.spreadsheet import (
    PLAN_REQUIRED,
    PLAN_SYNONYMS,
    PlanColumn,
    match_headings,
    missing_columns_refusal,
    read_path,
    read_sheet,
)
from plans.structure import (
    ROLE_MAX,
    TEXT_MAX,
    connection_reasons,
    lock,
    period_reasons,
    plan_create,
    set_connections,
    text_reasons,
    title_reasons,
)
from plans.values import split_connections, split_lead, target_date
from policies.import_values import CellValue, ValueProblem, cell_text
from policies.importing import RowError
from policies.spreadsheet import UnreadableFile

__all__ = [
    "Outcome",
    "PlanImportResult",
    "RowError",
    "UnreadableFile",
    "import_plan",
    "import_plan_from_path",
]

NEEDS = "Theme, Aim, Objective, Action, Lead, Target and Connections"
CHARACTERISTIC_SEPARATORS = (";", ",")


class Outcome(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


class RowOutcome(NamedTuple):
    row: int
    theme: str
    action: str
    outcome: Outcome


@dataclass
class PlanImportResult:
    """What an import did, or for a dry run would do."""

    title: str
    slug: str
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # A whole-file problem: the plan is not a draft, or its title or period is not usable.
    problems: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    plan_created: bool = False
    themes_created: int = 0
    objectives_created: int = 0
    not_in_file: int = 0  # the plan's actions the file leaves as they are
    written: bool = False
    dry_run: bool = False
    row_outcomes: list[RowOutcome] = field(default_factory=list)

    @property
    def error_rows(self) -> int:
        return len({error.row for error in self.errors})

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or self.problems)

    @property
    def rows_with_errors(self) -> str:
        return f"{self.error_rows} row" + ("" if self.error_rows == 1 else "s")

    def summary_line(self) -> str:
        return (
            f"Rows read: {self.rows_read}, actions created: {self.created}, updated: "
            f"{self.updated}, unchanged: {self.unchanged}, errors: {self.error_rows}"
        )

    def summary_lines(self) -> list[str]:
        lines = [self.summary_line()]
        done = "" if self.written else "to be "
        if self.themes_created or self.objectives_created:
            lines.append(
                f"Themes {done}created: {self.themes_created}, objectives {done}created: "
                f"{self.objectives_created}"
            )
        if self.not_in_file:
            lines.append(
                f"Actions of the plan not in the file, left as they are: {self.not_in_file}"
            )
        if self.unknown_columns:
            lines.append("Columns not recognised, so ignored: " + ", ".join(self.unknown_columns))
        if self.dry_run:
            lines.append("Dry run: nothing was written.")
        elif self.problems:
            lines.append("Nothing was written.")
        elif not self.written:
            lines.append(f"Nothing was written because of the errors in {self.rows_with_errors}.")
        elif self.errors:
            lines.append(f"Skipped {self.rows_with_errors} with errors.")
        if self.plan_created:
            lines.append(f"Plan {'created' if self.written else 'to be created'}: {self.slug}")
        else:
            lines.append(f"Plan: {self.slug}")
        return lines


@dataclass
class ParsedRow:
    number: int
    theme: str = ""
    aim: str = ""
    objective: str = ""
    action: str = ""
    emails: list[str] = field(default_factory=list)
    teams: str = ""
    target: str = ""
    connections: list[str] = field(default_factory=list)
    reference: str = ""
    characteristics: list[Characteristic] = field(default_factory=list)
    carried_from: str = ""
    errors: list[RowError] = field(default_factory=list)

    def error(self, column: PlanColumn, value: object, message: str) -> None:
        self.errors.append(RowError(self.number, column, cell_text(value), message))  # type: ignore[arg-type]  # a cell's value


def import_plan(
    *,
    content: bytes,
    filename: str,
    title: str,
    period: tuple[int, int] | None = None,
    follows: Plan | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    by: User | None = None,
) -> PlanImportResult:
    """Read a plan spreadsheet into the plan called ``title`` (its slug is slugify(title)),
    creating it as a draft over ``period`` (first and last year) when there is none, following
    ``follows`` (the plan whose actions "Carried from" names).

    ``by`` is the person importing on the upload page (asked by the gate); None is the command.
    Raises UnreadableFile when the file as a whole cannot be used.
    """
    sheet = read_sheet(content, filename, NEEDS)
    positions, unknown = match_headings(sheet.headers, PlanColumn, PLAN_SYNONYMS, filename)
    missing = [str(column) for column in PLAN_REQUIRED if column not in positions]
    if missing:
        raise missing_columns_refusal(filename, sheet.headers, missing, NEEDS)
    slug = slugify(title)
    result = PlanImportResult(
        title=" ".join(title.split()),
        slug=slug,
        unknown_columns=unknown,
        warnings=sheet.warnings,
        dry_run=dry_run,
    )
    plan = Plan.objects.filter(slug=slug).first() if slug else None
    result.problems += plan_problems(plan, title, period, follows, by)
    previous = follows or (plan.carried_from if plan is not None else None)
    records = [
        (row.number, [cell_at(row.cells, positions.get(column)) for column in PlanColumn])
        for row in sheet.rows
    ]
    rows = parse_rows(records, Characteristics(), positions)
    check_rows(rows)
    check_leads(rows)
    check_carried_from(rows, previous)
    result.rows_read = len(rows)
    result.errors = [error for row in rows for error in row.errors]
    may_write = not dry_run and not result.problems and (skip_invalid or not result.errors)
    with transaction.atomic():
        if plan is not None and may_write:
            plan = Plan.objects.select_for_update().get(pk=plan.pk)
        writer = PlanWriter(plan, previous)
        outcomes = {row.number: writer.apply(row) for row in rows if not row.errors}
        writer.finish()
        if writer.changes and plan is not None and not plan.is_draft:
            result.problems.append(
                f"{plan.title} is {plan.current_state.label.lower()}: its content can no longer "
                f"change, and this file would change it ({writer.changes} change"
                f"{'' if writer.changes == 1 else 's'}). Draft the next plan to change it."
            )
            may_write = False
        plan_changes = plan is None or bool(
            (period is not None and (plan.period_start, plan.period_end) != period)
            or (follows is not None and plan.carried_from_id != follows.pk)
        )
        result.plan_created = plan is None
        if may_write and (writer.changes or plan_changes):
            try:
                write_plan(plan, writer, title=title, period=period, follows=follows, by=by)
            except Refused as error:
                result.problems.append(refusal_text(error))
                transaction.set_rollback(True)
            else:
                result.written = True
        elif may_write:
            result.written = True  # the plan already matches the file: nothing to change
    for row in rows:
        outcome = outcomes.get(row.number, Outcome.ERROR)
        result.row_outcomes.append(RowOutcome(row.number, row.theme, row.action, outcome))
    result.created = sum(1 for o in outcomes.values() if o is Outcome.CREATE)
    result.updated = sum(1 for o in outcomes.values() if o is Outcome.UPDATE)
    result.unchanged = sum(1 for o in outcomes.values() if o is Outcome.UNCHANGED)
    result.themes_created, result.objectives_created = writer.themes_made, writer.objectives_made
    result.not_in_file = writer.untouched
    return result


def write_plan(
    plan: Plan | None,
    writer: "PlanWriter",
    *,
    title: str,
    period: tuple[int, int] | None,
    follows: Plan | None,
    by: User | None,
) -> Plan:
    """Create the plan (a draft) or lock it (a draft only), then save what the rows give."""
    if plan is None:
        assert period is not None  # plan_problems asks for one
        plan = plan_create(by=by, title=title, period_start=period[0], period_end=period[1])
    else:
        plan = lock(plan, by)
        if period is not None and (plan.period_start, plan.period_end) != period:
            plan.period_start, plan.period_end = period
            plan.save(update_fields=["period_start", "period_end", "updated_at"])
    if follows is not None and plan.carried_from_id != follows.pk:
        plan.carried_from = follows
        plan.save(update_fields=["carried_from"])
    writer.save(plan)
    return plan


def import_plan_from_path(path: str, **kwargs: Any) -> PlanImportResult:
    content, filename = read_path(path)
    return import_plan(content=content, filename=filename, **kwargs)


def plan_problems(
    plan: Plan | None,
    title: str,
    period: tuple[int, int] | None,
    follows: Plan | None,
    by: User | None,
) -> list[str]:
    """What stops the file going into the plan at all, whatever its rows say."""
    if by is not None:
        from plans.access import manage_refusals

        if reasons := manage_refusals(by):
            return [reason.message for reason in reasons]
    if plan is None:
        reasons = title_reasons(title)
        if period is None:
            reasons.append(
                Reason(
                    f'There is no plan called "{title.strip()}" yet: give its period to create it'
                )
            )
        else:
            reasons += period_reasons(*period)
        return [reason.message for reason in reasons]
    problems = []
    if period is not None and (plan.period_start, plan.period_end) != period:
        if not plan.is_draft:
            problems.append(
                f"{plan.title} covers {plan.period} and is {plan.current_state.label.lower()}: "
                "its period cannot change"
            )
        else:
            problems += [reason.message for reason in period_reasons(*period)]
    if follows is not None and follows.pk == plan.pk:
        problems.append("A plan cannot follow itself")
    return problems


def cell_at(cells: list[CellValue], index: int | None) -> CellValue:
    if index is None or index >= len(cells):
        return None
    return cells[index]


class Characteristics:
    """The characteristics by name, ignoring case; "Poverty" is "Poverty (socio-economic
    disadvantage)" (the words before a bracket)."""

    def __init__(self) -> None:
        self.all = list(Characteristic.objects.order_by("position", "name"))
        self.by_name: dict[str, Characteristic] = {}
        for characteristic in self.all:
            self.by_name.setdefault(characteristic.name.casefold(), characteristic)
        for characteristic in self.all:
            short = characteristic.name.split(" (")[0].casefold()
            self.by_name.setdefault(short, characteristic)

    def parse(self, text: str) -> list[Characteristic]:
        chosen: list[Characteristic] = []
        for part in text.replace(CHARACTERISTIC_SEPARATORS[1], CHARACTERISTIC_SEPARATORS[0]).split(
            ";"
        ):
            name = " ".join(part.split())
            if not name:
                continue
            found = self.by_name.get(name.casefold())
            if found is None:
                names = ", ".join(c.name for c in self.all)
                raise ValueProblem(
                    f'"{name}" is not a characteristic; use {names}, several separated by ";"'
                )
            if found not in chosen:
                chosen.append(found)
        return chosen


def parse_rows(
    records: list[tuple[int, list[CellValue]]],
    characteristics: Characteristics,
    positions: dict[PlanColumn, int],
) -> list[ParsedRow]:
    """Each row's values, blanks filled down from the row above where the format says so."""
    rows: list[ParsedRow] = []
    above: ParsedRow | None = None
    for number, values in records:
        cells = dict(zip(PlanColumn, values, strict=True))
        text = {column: " ".join(cell_text(value).split()) for column, value in cells.items()}
        row = ParsedRow(number)
        row.theme = text[PlanColumn.THEME] or (above.theme if above else "")
        new_theme = above is None or row.theme.casefold() != above.theme.casefold()
        row.aim = cell_text(cells[PlanColumn.AIM]) or (above.aim if above and not new_theme else "")
        row.objective = cell_text(cells[PlanColumn.OBJECTIVE]) or (
            above.objective if above and not new_theme else ""
        )
        row.action = cell_text(cells[PlanColumn.ACTION])
        if not row.theme:
            row.error(PlanColumn.THEME, "", "missing: the first row needs the theme")
        if not row.aim:
            row.error(
                PlanColumn.AIM,
                "",
                f"missing: the first row of {row.theme or 'a theme'} needs its aim",
            )
        if not row.objective:
            row.error(
                PlanColumn.OBJECTIVE,
                "",
                f"missing: the first row of {row.theme or 'a theme'} needs its objective",
            )
        if not row.action:
            row.error(PlanColumn.ACTION, "", "missing: each row is one action")
        target = cells[PlanColumn.TARGET]
        if hasattr(target, "year") and hasattr(target, "month") and hasattr(target, "day"):
            row.target = long_date(target)  # type: ignore[arg-type]  # an Excel date cell
        else:
            row.target = text[PlanColumn.TARGET]
        try:
            lead = split_lead(text[PlanColumn.LEAD])
            row.emails, row.teams = lead.emails, lead.teams
        except ValueProblem as problem:
            row.error(PlanColumn.LEAD, cells[PlanColumn.LEAD], str(problem))
        row.connections = split_connections(cell_text(cells[PlanColumn.CONNECTIONS]))
        row.reference = text[PlanColumn.REFERENCE]
        if PlanColumn.CHARACTERISTICS in positions:
            try:
                row.characteristics = characteristics.parse(text[PlanColumn.CHARACTERISTICS])
            except ValueProblem as problem:
                row.error(
                    PlanColumn.CHARACTERISTICS, cells[PlanColumn.CHARACTERISTICS], str(problem)
                )
        row.carried_from = text[PlanColumn.CARRIED_FROM]
        rows.append(row)
        above = row
    return rows


# The rules every value of a plan keeps, from plans.structure, as row errors.
VALUE_RULES: list[tuple[PlanColumn, str, str, int]] = [
    (PlanColumn.THEME, "theme", "theme", ROLE_MAX),
    (PlanColumn.AIM, "aim", "aim", TEXT_MAX),
    (PlanColumn.OBJECTIVE, "objective", "objective", TEXT_MAX),
    (PlanColumn.ACTION, "action", "action", TEXT_MAX),
]


def check_rows(rows: list[ParsedRow]) -> None:
    """Lengths and repeats: the structure's rules (plans.structure) for each value, a
    reference used once, a theme with one aim."""
    from plans.structure import REFERENCE_MAX, TARGET_MAX, TEAMS_MAX

    first_reference: dict[str, int] = {}
    aims: dict[str, tuple[str, int]] = {}
    for row in rows:
        for column, attribute, what, limit in VALUE_RULES:
            value = getattr(row, attribute)
            for reason in text_reasons(
                value, field=attribute, what=what, limit=limit, required=False
            ):
                row.error(column, value, reason.message.replace(f"The {what} must", "must"))
        for column, value, limit in (
            (PlanColumn.LEAD, row.teams, TEAMS_MAX),
            (PlanColumn.TARGET, row.target, TARGET_MAX),
            (PlanColumn.REFERENCE, row.reference, REFERENCE_MAX),
        ):
            if len(value) > limit:
                row.error(
                    column, value, f"too long: at most {limit} characters, this has {len(value)}"
                )
        for reason in connection_reasons(row.connections):
            row.error(PlanColumn.CONNECTIONS, "; ".join(row.connections), reason.message)
        if row.reference:
            key = row.reference.casefold()
            if key in first_reference:
                row.error(
                    PlanColumn.REFERENCE,
                    row.reference,
                    f"the same reference as row {first_reference[key]}; each action's reference "
                    "is used once",
                )
            else:
                first_reference[key] = row.number
        if row.theme and row.aim:
            known = aims.setdefault(row.theme.casefold(), (row.aim, row.number))
            if " ".join(known[0].split()) != " ".join(row.aim.split()):
                row.error(
                    PlanColumn.AIM,
                    row.aim,
                    f"{row.theme} already has a different aim (row {known[1]}); a theme has one "
                    "aim: leave the cell blank or repeat it",
                )


def check_leads(rows: list[ParsedRow]) -> None:
    """Every e-mail address in a Lead cell is someone's account."""
    wanted = {email for row in rows for email in row.emails}
    found = set(
        User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=wanted, is_active=True)
        .values_list("email_lower", flat=True)
    )
    for row in rows:
        for email in row.emails:
            if email not in found:
                row.error(
                    PlanColumn.LEAD,
                    email,
                    "no one has an account with this e-mail address: write the team's name "
                    "instead, or give them an account first",
                )


def normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def check_carried_from(rows: list[ParsedRow], previous: Plan | None) -> None:
    """Each "Carried from" names one action of the plan this one follows."""
    named = [row for row in rows if row.carried_from]
    if not named:
        return
    carried = CarriedActions(previous)
    for row in named:
        if previous is None:
            row.error(
                PlanColumn.CARRIED_FROM,
                row.carried_from,
                "this plan follows no earlier plan: say which plan it follows",
            )
            continue
        matches = carried.matches(row.carried_from)
        if not matches:
            row.error(
                PlanColumn.CARRIED_FROM,
                row.carried_from,
                f"not an action of {previous.title}: give its reference or its words",
            )
        elif len(matches) > 1:
            row.error(
                PlanColumn.CARRIED_FROM,
                row.carried_from,
                f"{len(matches)} actions of {previous.title} have these words: give its reference",
            )


@dataclass
class ThemeWanted:
    role: str
    aim: str
    position: int
    connections: list[str]
    existing: Theme | None


@dataclass
class ObjectiveWanted:
    theme_key: str
    text: str
    position: int
    characteristics: list[Characteristic]
    existing: Objective | None


@dataclass
class ActionWanted:
    objective_key: tuple[str, str]
    existing: PlanAction | None
    values: dict[str, Any]
    people: list[int]


class PlanWriter:
    """Works out what each good row changes in the plan and keeps it for ``save``: themes by
    role, objectives by words under their theme, actions by reference or by words under their
    objective, all in the file's order."""

    def __init__(self, plan: Plan | None, previous: Plan | None) -> None:
        self.previous = previous
        self.themes: dict[str, ThemeWanted] = {}
        self.objectives: dict[tuple[str, str], ObjectiveWanted] = {}
        self.actions: list[ActionWanted] = []
        self.action_counts: dict[tuple[str, str], int] = {}
        self.seen_actions: set[int] = set()
        self.changes = 0
        self.themes_made = self.objectives_made = self.untouched = 0
        self.existing_themes: dict[str, Theme] = {}
        self.existing_objectives: dict[tuple[str, str], Objective] = {}
        self.existing_actions: list[PlanAction] = []
        if plan is not None:
            for theme in plan.themes.prefetch_related("connections"):
                self.existing_themes[theme.role.casefold()] = theme
            for objective in (
                Objective.objects.filter(theme__plan=plan)
                .select_related("theme")
                .prefetch_related("characteristics")
            ):
                key = (objective.theme.role.casefold(), normal(objective.text))
                self.existing_objectives.setdefault(key, objective)
            self.existing_actions = list(
                PlanAction.objects.filter(objective__theme__plan=plan)
                .select_related("objective__theme", "carried_from")
                .prefetch_related("lead_people")
                .order_by("pk")
            )
        self.people = {
            user.email.lower(): user.pk
            for user in User.objects.filter(is_active=True).exclude(email="")
        }
        self.carried = CarriedActions(previous)

    def apply(self, row: ParsedRow) -> Outcome:
        """The row's outcome (for its action, and the theme or objective it first names)."""
        changed_here = self.theme_of(row) | self.objective_of(row)
        objective_key = (row.theme.casefold(), normal(row.objective))
        position = self.action_counts[objective_key] = self.action_counts.get(objective_key, 0) + 1
        existing = self.find_action(row, objective_key)
        values = {
            "text": row.action,
            "reference": row.reference,
            "lead_teams": row.teams,
            "target": row.target,
            "target_date": target_date(row.target),
            "position": position,
            "carried_from_id": getattr(self.carried.find(row.carried_from), "pk", None),
        }
        people = sorted({self.people[email] for email in row.emails if email in self.people})
        self.actions.append(ActionWanted(objective_key, existing, values, people))
        if existing is None:
            self.changes += 1
            return Outcome.CREATE
        self.seen_actions.add(existing.pk)
        moved = existing.objective_id != getattr(
            self.objectives[objective_key].existing, "pk", None
        )
        differs = any(getattr(existing, name) != value for name, value in values.items())
        if moved or differs or sorted(p.pk for p in existing.lead_people.all()) != people:
            self.changes += 1
            return Outcome.UPDATE
        return Outcome.UPDATE if changed_here else Outcome.UNCHANGED

    def theme_of(self, row: ParsedRow) -> bool:
        """Note the row's theme; whether this row first names a theme that changes."""
        key = row.theme.casefold()
        wanted = self.themes.get(key)
        if wanted is not None:
            known = {name.casefold() for name in wanted.connections}
            wanted.connections += [n for n in row.connections if n.casefold() not in known]
            return False
        existing = self.existing_themes.get(key)
        wanted = ThemeWanted(row.theme, row.aim.strip(), len(self.themes) + 1, [], existing)
        wanted.connections = list(row.connections)
        self.themes[key] = wanted
        if existing is None:
            self.themes_made += 1
        elif (existing.role, existing.aim, existing.position) == (
            wanted.role,
            wanted.aim,
            wanted.position,
        ):
            return False
        self.changes += 1
        return True

    def objective_of(self, row: ParsedRow) -> bool:
        theme_key = row.theme.casefold()
        key = (theme_key, normal(row.objective))
        wanted = self.objectives.get(key)
        if wanted is not None:
            wanted.characteristics += [
                c for c in row.characteristics if c not in wanted.characteristics
            ]
            return False
        position = sum(1 for other in self.objectives.values() if other.theme_key == theme_key) + 1
        existing = self.existing_objectives.get(key)
        wanted = ObjectiveWanted(
            theme_key, row.objective.strip(), position, list(row.characteristics), existing
        )
        self.objectives[key] = wanted
        if existing is None:
            self.objectives_made += 1
        elif (existing.text, existing.position) == (wanted.text, wanted.position):
            return False
        self.changes += 1
        return True

    def find_action(self, row: ParsedRow, objective_key: tuple[str, str]) -> PlanAction | None:
        candidates = [a for a in self.existing_actions if a.pk not in self.seen_actions]
        if row.reference:
            for action in candidates:
                if action.reference.casefold() == row.reference.casefold():
                    return action
        for action in candidates:
            key = (action.objective.theme.role.casefold(), normal(action.objective.text))
            if (
                key == objective_key
                and normal(action.text) == normal(row.action)
                and not (row.reference and action.reference)
            ):
                return action
        return None

    def finish(self) -> None:
        """What is only known once every row is read: the themes' connections and the
        objectives' characteristics, and the plan's actions the file leaves alone."""
        self.untouched = sum(1 for a in self.existing_actions if a.pk not in self.seen_actions)
        for theme in self.themes.values():
            if (
                theme.existing is not None
                and [c.name for c in theme.existing.connections.all()] != theme.connections
            ):
                self.changes += 1
        for objective in self.objectives.values():
            if objective.existing is not None and sorted(
                c.pk for c in objective.existing.characteristics.all()
            ) != sorted(c.pk for c in objective.characteristics):
                self.changes += 1

    def save(self, plan: Plan) -> None:
        """Write the themes, objectives and actions the rows give, in the file's order."""
        themes: dict[str, Theme] = {}
        for key, wanted in self.themes.items():
            theme = wanted.existing or Theme(plan=plan)
            theme.role, theme.aim, theme.position = wanted.role, wanted.aim, wanted.position
            theme.save()
            set_connections(theme, wanted.connections)
            themes[key] = theme
        objectives: dict[tuple[str, str], Objective] = {}
        for objective_key, owanted in self.objectives.items():
            objective = owanted.existing or Objective(theme=themes[owanted.theme_key])
            objective.theme = themes[owanted.theme_key]
            objective.text, objective.position = owanted.text, owanted.position
            objective.save()
            characteristics = sorted(c.pk for c in owanted.characteristics)
            if sorted(objective.characteristics.values_list("pk", flat=True)) != characteristics:
                objective.characteristics.set(characteristics)
            objectives[objective_key] = objective
        for awanted in self.actions:
            action = awanted.existing or PlanAction()
            action.objective = objectives[awanted.objective_key]
            for name, value in awanted.values.items():
                setattr(action, name, value)
            action.save()
            if sorted(p.pk for p in action.lead_people.all()) != awanted.people:
                action.lead_people.set(awanted.people)


class CarriedActions:
    """The actions of the plan this one follows, found by reference or by their words."""

    def __init__(self, previous: Plan | None) -> None:
        self.actions = (
            list(PlanAction.objects.filter(objective__theme__plan=previous).order_by("pk"))
            if previous is not None
            else []
        )

    def matches(self, text: str) -> list[PlanAction]:
        if not text:
            return []
        by_reference = [
            a for a in self.actions if a.reference and a.reference.casefold() == text.casefold()
        ]
        return by_reference or [a for a in self.actions if normal(a.text) == normal(text)]

    def find(self, text: str) -> PlanAction | None:
        found = self.matches(text)
        return found[0] if len(found) == 1 else None


def refusal_text(error: Refused) -> str:
    return "; ".join(reason.message for reason in error.reasons)
