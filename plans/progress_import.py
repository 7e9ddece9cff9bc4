"""The progress spreadsheet import: one service behind `import_progress` and the upload page.

Each row is one action's return in a round: the action named by its Reference or its words
(Action), its Progress (paragraphs, and bullets on lines starting "•", "·" or "-"), its Status
from the council's vocabulary and an optional Reason. A row with neither progress nor status
is no return, and is left out. Rows are written through plans.progress.progress_write, so the
round must be open and the gate is asked as on the page.
"""

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.contrib.auth.models import User
from django.db import transaction

from core.refusals import Refused
from plans.importing import Outcome, normal, refusal_text
from plans.models import Plan, PlanAction, ProgressStatus, ProgressUpdate
from plans.progress import PROGRESS_MAX, plan_actions, progress_write
from plans.spreadsheet import (
    PROGRESS_SYNONYMS,
    ProgressColumn,
    match_headings,
    missing_columns_refusal,
    read_path,
    read_sheet,
)
from plans.structure import TEXT_MAX
from policies.import_values import CellValue, cell_text
from policies.importing import RowError
from policies.spreadsheet import UnreadableFile

NEEDS = "Reference or Action, Progress and Status"


class ProgressOutcome(NamedTuple):
    row: int
    action: str
    outcome: Outcome


@dataclass
class ProgressImportResult:
    plan_title: str
    year: int
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    blank: int = 0
    errors: list[RowError] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing_after: int = 0  # actions with no return once the file is in
    written: bool = False
    dry_run: bool = False
    row_outcomes: list[ProgressOutcome] = field(default_factory=list)

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
            f"Rows read: {self.rows_read}, returns added: {self.created}, updated: "
            f"{self.updated}, unchanged: {self.unchanged}, errors: {self.error_rows}"
        )

    def summary_lines(self) -> list[str]:
        lines = [self.summary_line()]
        if self.blank:
            lines.append(f"Rows with no progress and no status, left out: {self.blank}")
        if self.unknown_columns:
            lines.append("Columns not recognised, so ignored: " + ", ".join(self.unknown_columns))
        lines.append(f"Actions still without a return in {self.year}: {self.missing_after}")
        if self.dry_run:
            lines.append("Dry run: nothing was written.")
        elif self.problems:
            lines.append("Nothing was written.")
        elif not self.written:
            lines.append(f"Nothing was written because of the errors in {self.rows_with_errors}.")
        elif self.errors:
            lines.append(f"Skipped {self.rows_with_errors} with errors.")
        return lines


@dataclass
class ParsedReturn:
    number: int
    action: PlanAction | None = None
    words: str = ""
    progress: str = ""
    status: ProgressStatus | None = None
    reason: str = ""
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_blank(self) -> bool:
        return not (self.progress or self.status or self.reason)

    def error(self, column: ProgressColumn, value: CellValue, message: str) -> None:
        self.errors.append(RowError(self.number, str(column), cell_text(value), message))


class Actions:
    """The plan's actions by reference and by words."""

    def __init__(self, plan: Plan) -> None:
        self.all = list(plan_actions(plan))

    def by_reference(self, reference: str) -> PlanAction | None:
        return next(
            (a for a in self.all if a.reference and a.reference.casefold() == reference.casefold()),
            None,
        )

    def by_words(self, words: str) -> list[PlanAction]:
        return [a for a in self.all if normal(a.text) == normal(words)]


class Statuses:
    def __init__(self) -> None:
        self.all = list(ProgressStatus.objects.all())
        self.by_name = {normal(status.name): status for status in self.all}

    def parse(self, text: str) -> ProgressStatus:
        found = self.by_name.get(normal(text))
        if found is None:
            allowed = "; ".join(f"“{s.name}”" for s in self.all if s.is_active)
            raise ValueError(f"not a status; use one of {allowed}, or leave it blank")
        return found


def import_progress(
    *,
    content: bytes,
    filename: str,
    plan: Plan,
    year: int,
    dry_run: bool = False,
    skip_invalid: bool = False,
    by: User | None = None,
) -> ProgressImportResult:
    """Read a progress spreadsheet into the plan's round for ``year``.

    Raises UnreadableFile when the file as a whole cannot be used, or the plan has no round
    for that year.
    """
    round = plan.rounds.filter(year=year).first()
    if round is None:
        raise UnreadableFile(
            f"{plan.title} has no progress round for {year}: open one on the plan's page "
            "(Open a progress round) first."
        )
    sheet = read_sheet(content, filename, NEEDS)
    positions, unknown = match_headings(sheet.headers, ProgressColumn, PROGRESS_SYNONYMS, filename)
    missing = [
        str(c) for c in (ProgressColumn.PROGRESS, ProgressColumn.STATUS) if c not in positions
    ]
    if ProgressColumn.REFERENCE not in positions and ProgressColumn.ACTION not in positions:
        missing.insert(0, "Reference or Action")
    if missing:
        raise missing_columns_refusal(filename, sheet.headers, missing, NEEDS)
    result = ProgressImportResult(
        plan_title=plan.title,
        year=year,
        unknown_columns=unknown,
        warnings=sheet.warnings,
        dry_run=dry_run,
    )
    if not round.is_open:
        result.problems.append(
            f"The {year} round is {round.get_state_display().lower()}: its returns can no "
            "longer change"
        )
    actions, statuses = Actions(plan), Statuses()
    returns = [
        parse_return(row.number, row.cells, positions, actions, statuses) for row in sheet.rows
    ]
    check_repeats(returns)
    result.rows_read = len(returns)
    result.errors = [error for parsed in returns for error in parsed.errors]
    current = {update.action_id: update for update in round.updates.select_related("status")}
    may_write = not dry_run and not result.problems and (skip_invalid or not result.errors)
    with transaction.atomic():
        for parsed in returns:
            outcome = outcome_of(parsed, current)
            if parsed.is_blank and not parsed.errors:
                result.blank += 1
            result.row_outcomes.append(
                ProgressOutcome(
                    parsed.number, parsed.action.text if parsed.action else parsed.words, outcome
                )
            )
            if may_write and outcome in (Outcome.CREATE, Outcome.UPDATE):
                assert parsed.action is not None  # a good row names its action
                try:
                    progress_write(
                        round=round,
                        action=parsed.action,
                        by=by,
                        text=parsed.progress,
                        status=parsed.status,
                        reason=parsed.reason,
                        need_status=False,
                    )
                except Refused as error:
                    result.problems.append(refusal_text(error))
                    transaction.set_rollback(True)
                    may_write = False
        result.written = may_write
    counts = [o.outcome for o in result.row_outcomes]
    result.created, result.updated = counts.count(Outcome.CREATE), counts.count(Outcome.UPDATE)
    result.unchanged = counts.count(Outcome.UNCHANGED)
    written = {a.pk for a in actions.all if a.pk in current} | (
        {p.action.pk for p in returns if p.action and not p.errors and not p.is_blank}
        if result.written
        else set()
    )
    result.missing_after = sum(1 for a in actions.all if a.pk not in written)
    return result


def import_progress_from_path(path: str, **kwargs: Any) -> ProgressImportResult:
    content, filename = read_path(path)
    return import_progress(content=content, filename=filename, **kwargs)


def cell(
    cells: list[CellValue], positions: dict[ProgressColumn, int], column: ProgressColumn
) -> CellValue:
    index = positions.get(column)
    return cells[index] if index is not None and index < len(cells) else None


def parse_return(
    number: int,
    cells: list[CellValue],
    positions: dict[ProgressColumn, int],
    actions: Actions,
    statuses: Statuses,
) -> ParsedReturn:
    parsed = ParsedReturn(number)
    reference = cell_text(cell(cells, positions, ProgressColumn.REFERENCE))
    parsed.words = cell_text(cell(cells, positions, ProgressColumn.ACTION))
    parsed.progress = cell_text(cell(cells, positions, ProgressColumn.PROGRESS))
    parsed.reason = " ".join(cell_text(cell(cells, positions, ProgressColumn.REASON)).split())
    status_text = cell_text(cell(cells, positions, ProgressColumn.STATUS))
    if reference:
        parsed.action = actions.by_reference(reference)
        if parsed.action is None:
            parsed.error(
                ProgressColumn.REFERENCE, reference, "no action of the plan has this reference"
            )
    elif parsed.words:
        found = actions.by_words(parsed.words)
        if len(found) == 1:
            parsed.action = found[0]
        elif not found:
            parsed.error(
                ProgressColumn.ACTION, parsed.words, "no action of the plan has these words"
            )
        else:
            parsed.error(
                ProgressColumn.ACTION,
                parsed.words,
                f"{len(found)} actions of the plan have these words: give the Reference",
            )
    else:
        parsed.error(ProgressColumn.ACTION, "", "missing: give the action's Reference or its words")
    if status_text:
        try:
            parsed.status = statuses.parse(status_text)
        except ValueError as problem:
            parsed.error(ProgressColumn.STATUS, status_text, str(problem))
    if len(parsed.progress) > PROGRESS_MAX:
        parsed.error(
            ProgressColumn.PROGRESS,
            parsed.progress,
            f"too long: at most {PROGRESS_MAX:,} characters, this has {len(parsed.progress):,}",
        )
    if len(parsed.reason) > TEXT_MAX:
        parsed.error(
            ProgressColumn.REASON, parsed.reason, f"too long: at most {TEXT_MAX:,} characters"
        )
    return parsed


def check_repeats(returns: list[ParsedReturn]) -> None:
    first: dict[int, int] = {}
    for parsed in returns:
        if parsed.action is None or parsed.errors:
            continue
        if parsed.action.pk in first:
            parsed.error(
                ProgressColumn.ACTION,
                parsed.action.text,
                f"the same action as row {first[parsed.action.pk]}; each action has one return",
            )
        else:
            first[parsed.action.pk] = parsed.number


def outcome_of(parsed: ParsedReturn, current: dict[int, ProgressUpdate]) -> Outcome:
    if parsed.errors or parsed.action is None:
        return Outcome.ERROR
    update = current.get(parsed.action.pk)
    if parsed.is_blank:
        return Outcome.UNCHANGED
    if update is None:
        return Outcome.CREATE
    same = (
        update.text == parsed.progress.strip()
        and update.status_id == getattr(parsed.status, "pk", None)
        and update.reason == parsed.reason
    )
    return Outcome.UNCHANGED if same else Outcome.UPDATE
