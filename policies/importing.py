"""The register import: one service behind the import_policies command and the upload page.

A file is read (policies.spreadsheet), every cell parsed (policies.import_values), each valid row
matched to the policy with its reference, and the differences written in one transaction.
Nothing is written while any row has an error, unless the caller asks to skip those rows.
"""

import copy
import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from core.accounts import invite
from core.dates import today
from core.roles import Role
from policies.import_values import (
    REQUIRED_COLUMNS,
    CellValue,
    Column,
    ValueProblem,
    canonical_covenant_functions,
    cell_text,
    column_for_header,
    header_key,
    normalise_header,
    normalise_newlines,
    parse_covenant_functions,
    parse_date,
    parse_document_url,
    parse_email,
    parse_reference,
    parse_relevance,
    parse_required_text,
    parse_review_frequency,
    parse_service_area,
    parse_status,
    parse_text,
)
from policies.models import ChangeSource, Policy, PolicyStatus, ServiceArea
from policies.services import Flag, flags, record_changes, snapshot, tell_edi_group_of_import
from policies.spreadsheet import Row, UnreadableFile, read_spreadsheet

__all__ = [
    "Action",
    "ImportResult",
    "RowError",
    "RowOutcome",
    "UnreadableFile",
    "import_policies",
    "import_policies_from_path",
]

BATCH_SIZE = 500
INVITED = "Each new account was sent an invitation to choose a password."

# The fields a derived next review date is worked out from.
REVIEW_BASIS = {"last_reviewed", "review_frequency_months"}

# The columns that set one field of the policy each, with the parser for their cells.
FIELD_COLUMNS: dict[Column, tuple[str, Callable[[CellValue], Any]]] = {
    Column.TITLE: ("title", lambda value: parse_required_text(value, Column.TITLE)),
    Column.TYPE: ("policy_type", lambda value: parse_text(value, Column.TYPE)),
    Column.STATUS: ("status", parse_status),
    Column.LAST_REVIEWED: ("last_reviewed", parse_date),
    Column.NEXT_REVIEW: ("next_review", parse_date),
    Column.REVIEW_FREQUENCY: ("review_frequency_months", parse_review_frequency),
    Column.EQUALITY_RELEVANCE: ("equality_relevance", parse_relevance),
    Column.COVENANT_FUNCTION: ("covenant_functions", parse_covenant_functions),
    Column.DOCUMENT_URL: ("document_url", parse_document_url),
    Column.NOTES: ("notes", lambda value: parse_text(value, Column.NOTES)),
}


class Action(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        return f'Row {self.row}, {self.column}, "{shown}": {self.message}'


class RowOutcome(NamedTuple):
    row: int
    reference: str
    title: str
    action: Action


@dataclass
class ImportResult:
    """What an import did, or for a dry run would do."""

    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    # Accounts and service areas the valid rows need: created when written is true.
    accounts_created: list[str] = field(default_factory=list)
    service_areas_created: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False
    row_outcomes: list[RowOutcome] = field(default_factory=list)
    # Changes the EDI group is told of ("HOU-003: equality relevance lowered from High to
    # None"), in the valid rows.
    flagged: list[str] = field(default_factory=list)

    @property
    def error_rows(self) -> int:
        return len({error.row for error in self.errors})

    def summary_line(self) -> str:
        return (
            f"Rows read: {self.rows_read}, created: {self.created}, updated: {self.updated}, "
            f"unchanged: {self.unchanged}, errors: {self.error_rows}"
        )

    def summary_lines(self) -> list[str]:
        lines = [self.summary_line()]
        if self.unknown_columns:
            lines.append("Columns not recognised, so ignored: " + ", ".join(self.unknown_columns))
        done = "created" if self.written else "to create"
        if self.accounts_created:
            lines.append(f"Accounts {done}: " + ", ".join(self.accounts_created))
            if self.written:
                lines.append(INVITED)
        if self.service_areas_created:
            lines.append(f"Service areas {done}: " + ", ".join(self.service_areas_created))
        if self.dry_run:
            lines.append("Dry run: nothing was written.")
        elif not self.written:
            lines.append(f"Nothing was written because of the errors in {self.rows_with_errors}.")
        elif self.errors:
            lines.append(f"Skipped {self.rows_with_errors} with errors.")
        return lines

    @property
    def rows_with_errors(self) -> str:
        """The rows with errors counted in words, such as "1 row" or "3 rows"."""
        return f"{self.error_rows} row" + ("" if self.error_rows == 1 else "s")


@dataclass
class ParsedRow:
    number: int
    reference: str
    fields: dict[str, Any]  # model field -> value, for the columns the file has
    owner_email: str | None  # None when the file has no such column
    service_area: str | None
    errors: list[RowError] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.fields.get("title", "")


@dataclass
class Plan:
    """One valid row's policy with the changes made to it, ready to save."""

    row: ParsedRow
    policy: Policy
    action: Action
    changed: set[str]
    new_owner_email: str = ""  # an account that has to be created first
    new_service_area: str = ""
    # The policy's details before the import, for its history ({} for a new policy), and a
    # copy of the policy as it was, to tell the changes the EDI group hears of.
    before: dict[str, str] = field(default_factory=dict)
    before_policy: Policy | None = None

    def flags(self) -> list[Flag]:
        if self.action is not Action.UPDATE:
            return []
        return flags(self.before_policy, self.policy, as_of=today())


def import_policies(
    *,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    skip_invalid: bool = False,
    by: User | None = None,
) -> ImportResult:
    """Read a register spreadsheet and create or update the policies in it, keeping each
    policy's changes in its history (by ``by``, or "Spreadsheet import" when run by a
    command) and telling the EDI group, in one e-mail, of the changes it hears of.

    Raises UnreadableFile when the file as a whole cannot be used.
    """
    sheet = read_spreadsheet(content, filename)
    positions, unknown_columns = match_headers(sheet.headers, filename)
    rows = [parse_row(row, positions) for row in sheet.rows]
    flag_repeated_references(rows)
    result = ImportResult(
        rows_read=len(rows),
        errors=[error for row in rows for error in row.errors],
        unknown_columns=unknown_columns,
        warnings=sheet.warnings,
        dry_run=dry_run,
    )
    may_write = not dry_run and (skip_invalid or not result.errors)
    with transaction.atomic():
        plans = plan_rows([row for row in rows if not row.errors], lock=may_write)
        record_plans(result, rows, plans)
        if may_write:
            write(plans)
            record_history(plans, filename=filename, by=by)
            result.written = True
    return result


def import_policies_from_path(path: str | Path, **kwargs: Any) -> ImportResult:
    path = Path(path)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(f"There is no file at {path}.") from None
    except OSError as exc:
        raise UnreadableFile(f"{path} could not be read: {exc.strerror}.") from None
    return import_policies(content=content, filename=path.name, **kwargs)


def match_headers(headers: list[str], filename: str) -> tuple[dict[Column, int], list[str]]:
    """Where each known column is, and the headings not recognised (or not used).

    A column's own name wins over its synonyms ("Service area" over "Directorate", which is
    then ignored); two headings for one column, both its name or both synonyms, are refused.
    """
    positions: dict[Column, int] = {}
    by_synonym: dict[Column, int] = {}
    for index, header in enumerate(headers):
        column = column_for_header(header)
        if column is None:
            continue
        found = positions if header_key(header) == header_key(column) else by_synonym
        if column in found:
            raise UnreadableFile(
                f'{filename} has two columns for {column}: "{headers[found[column]]}" and '
                f'"{header}". Keep only one, or head the one to use "{column}".'
            )
        found[column] = index
    for column, index in by_synonym.items():
        positions.setdefault(column, index)
    used = set(positions.values())
    unknown = [header for index, header in enumerate(headers) if header and index not in used]
    missing = [str(column) for column in REQUIRED_COLUMNS if column not in positions]
    if missing:
        found_headings = ", ".join(f'"{header}"' for header in headers if header)
        raise UnreadableFile(
            f"{filename} has no {' or '.join(missing)} column. "
            + (f"The headings in its first row are {found_headings}. " if found_headings else "")
            + "The first row must hold the column headings, including Reference (or Ref, "
            "Policy reference...) and Title (or Policy title, Name...)."
        )
    return positions, unknown


def parse_row(row: Row, positions: dict[Column, int]) -> ParsedRow:
    parsed = ParsedRow(row.number, reference="", fields={}, owner_email=None, service_area=None)
    for column, index in positions.items():
        value = row.cells[index] if index < len(row.cells) else None
        try:
            store_value(parsed, column, value)
        except ValueProblem as problem:
            parsed.errors.append(RowError(row.number, column, cell_text(value), str(problem)))
            if column is Column.REFERENCE:
                parsed.reference = cell_text(value).upper()
    return parsed


def store_value(parsed: ParsedRow, column: Column, value: CellValue) -> None:
    if column is Column.REFERENCE:
        parsed.reference = parse_reference(value)
    elif column is Column.OWNER_EMAIL:
        parsed.owner_email = parse_email(value)
    elif column is Column.SERVICE_AREA:
        parsed.service_area = parse_service_area(value)
    else:
        name, parse = FIELD_COLUMNS[column]
        parsed.fields[name] = parse(value)


def flag_repeated_references(rows: list[ParsedRow]) -> None:
    first_seen: dict[str, int] = {}
    for row in rows:
        if not row.reference:
            continue
        if row.reference in first_seen:
            earlier = first_seen[row.reference]
            message = f"the same reference as row {earlier}; each policy may appear only once"
            row.errors.append(RowError(row.number, Column.REFERENCE, row.reference, message))
        else:
            first_seen[row.reference] = row.number


class Owners:
    """Accounts found by email address, ignoring case (or by a username that is the address)."""

    def __init__(self, emails: set[str]) -> None:
        self.by_email: dict[str, User] = {}
        for batch in batches(sorted(emails)):
            wanted = set(batch)
            users = list(
                User.objects.annotate(email_lower=Lower("email"), username_lower=Lower("username"))
                .filter(Q(email_lower__in=batch) | Q(username_lower__in=batch))
                .order_by("-is_active", "pk")
            )
            # An email match wins over a username match; an active account over an inactive.
            for key in ("email_lower", "username_lower"):
                for user in users:
                    if getattr(user, key) in wanted:
                        self.by_email.setdefault(getattr(user, key), user)

    def find(self, email: str) -> User | None:
        return self.by_email.get(email)


class ServiceAreas:
    """Service areas by name, ignoring case and spacing; an exact spelling wins."""

    def __init__(self) -> None:
        areas = list(ServiceArea.objects.order_by("pk"))
        self.by_name = {area.name: area for area in areas}
        self.by_folded_name: dict[str, ServiceArea] = {}
        for area in areas:
            self.by_folded_name.setdefault(normalise_header(area.name), area)

    def find(self, name: str) -> ServiceArea | None:
        return self.by_name.get(name) or self.by_folded_name.get(normalise_header(name))


def plan_rows(rows: list[ParsedRow], *, lock: bool) -> list[Plan]:
    policies = Policy.objects.select_related("owner", "service_area")
    if lock:
        policies = policies.select_for_update(of=("self",))
    existing = policies.in_bulk([row.reference for row in rows], field_name="reference")
    owners = Owners({row.owner_email for row in rows if row.owner_email})
    areas = ServiceAreas()
    return [plan_row(row, existing.get(row.reference), owners, areas) for row in rows]


def plan_row(row: ParsedRow, existing: Policy | None, owners: Owners, areas: ServiceAreas) -> Plan:
    policy = existing or Policy(reference=row.reference, status=PolicyStatus.ACTIVE)
    plan = Plan(row, policy, Action.UPDATE if existing else Action.CREATE, changed=set())
    if existing is not None:
        plan.before = snapshot(existing)
        plan.before_policy = copy.copy(existing)
    for name, value in row.fields.items():
        if name == "next_review":
            continue
        current = getattr(policy, name)
        if name == "covenant_functions":
            current = canonical_covenant_functions(current or [])
        elif isinstance(current, str):
            current = normalise_newlines(current)
        if current != value or existing is None:
            setattr(policy, name, value)
            plan.changed.add(name)
    set_next_review(plan, row)
    if row.owner_email is not None:
        set_owner(plan, row.owner_email, owners)
    if row.service_area is not None:
        set_service_area(plan, row.service_area, areas)
    if existing and not plan.changed:
        plan.action = Action.UNCHANGED
    return plan


def set_next_review(plan: Plan, row: ParsedRow) -> None:
    """The date given; else last review plus frequency when the file says it is not given.

    With no Next review column, an existing policy keeps its date unless its last review or
    frequency changed, when the date is worked out again (if it can be).
    """
    policy = plan.policy
    derived = Policy.derive_next_review(policy.last_reviewed, policy.review_frequency_months)
    if "next_review" in row.fields:
        next_review = row.fields["next_review"] or derived
    elif plan.action is Action.CREATE or (derived and REVIEW_BASIS & plan.changed):
        next_review = derived
    else:
        return
    if next_review != policy.next_review:
        policy.next_review = next_review
        plan.changed.add("next_review")


def set_owner(plan: Plan, email: str, owners: Owners) -> None:
    current = plan.policy.owner
    if current is not None and current.email.lower() == email:
        return  # several accounts may share an address: keep the one already chosen
    owner = owners.find(email) if email else None
    if owner is None and email:
        plan.new_owner_email = email
    if owner != current or plan.new_owner_email:
        plan.policy.owner = owner
        plan.changed.add("owner")


def set_service_area(plan: Plan, name: str, areas: ServiceAreas) -> None:
    current = plan.policy.service_area
    if current is not None and current.name.casefold() == name.casefold():
        return
    area = areas.find(name) if name else None
    if area is None and name:
        plan.new_service_area = name
    if area != current or plan.new_service_area:
        plan.policy.service_area = area
        plan.changed.add("service_area")


def record_plans(result: ImportResult, rows: list[ParsedRow], plans: list[Plan]) -> None:
    plan_by_row = {plan.row.number: plan for plan in plans}
    counts = {Action.CREATE: 0, Action.UPDATE: 0, Action.UNCHANGED: 0}
    for row in rows:
        plan = plan_by_row.get(row.number)
        action = plan.action if plan else Action.ERROR
        title = plan.policy.title if plan else row.title
        result.row_outcomes.append(RowOutcome(row.number, row.reference, title, action))
        if plan:
            counts[action] += 1
    result.created, result.updated = counts[Action.CREATE], counts[Action.UPDATE]
    result.unchanged = counts[Action.UNCHANGED]
    result.flagged = [
        f"{plan.policy.reference}: {flag.message}" for plan in plans for flag in plan.flags()
    ]
    result.accounts_created = first_spellings(plan.new_owner_email for plan in plans)
    result.service_areas_created = first_spellings(plan.new_service_area for plan in plans)


def write(plans: list[Plan]) -> None:
    """Create the accounts and service areas the rows need, then the policies, in bulk."""
    accounts = create_accounts(first_spellings(plan.new_owner_email for plan in plans))
    areas = create_service_areas(first_spellings(plan.new_service_area for plan in plans))
    now = timezone.now()
    for plan in plans:
        if plan.new_owner_email:
            plan.policy.owner = accounts[plan.new_owner_email]
        if plan.new_service_area:
            plan.policy.service_area = areas[normalise_header(plan.new_service_area)]
        if plan.action is Action.UPDATE:
            plan.policy.updated_at = now
    new = [plan.policy for plan in plans if plan.action is Action.CREATE]
    Policy.objects.bulk_create(new, batch_size=BATCH_SIZE)
    updated = [plan for plan in plans if plan.action is Action.UPDATE]
    if updated:
        fields = set.union(*(plan.changed for plan in updated)) | {"updated_at"}
        update_in_bulk([plan.policy for plan in updated], fields)


def record_history(plans: list[Plan], *, filename: str, by: User | None) -> None:
    """Every created and updated policy's changes in its history, in one statement; the EDI
    group told, after commit, of the changes it hears of (one e-mail for the import)."""
    written = [plan for plan in plans if plan.action in {Action.CREATE, Action.UPDATE}]
    record_changes(
        [(plan.policy, plan.before, snapshot(plan.policy)) for plan in written],
        by=by,
        source=ChangeSource.IMPORT,
        reason=f"Imported from {filename}",
    )
    flagged = [(plan.policy, found) for plan in written if (found := plan.flags())]
    if flagged:
        transaction.on_commit(
            lambda: tell_edi_group_of_import(filename=filename, flagged=flagged, by=by)
        )


def update_in_bulk(policies: list[Policy], field_names: set[str]) -> None:
    """Save these fields of many policies with one UPDATE statement run many times.

    QuerySet.bulk_update builds a CASE expression per row and field, which takes seconds
    for the thousands of rows a whole register can have.
    """
    fields = [field for field in Policy._meta.concrete_fields if field.name in field_names]
    # A concrete field is one with a column (Django's Field.concrete is "column is not None").
    columns = [field.column for field in fields if field.column is not None]
    pk_column = Policy._meta.pk.column
    assert pk_column is not None  # the primary key is concrete
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
    sql = f"UPDATE {quote(Policy._meta.db_table)} SET {assignments} WHERE {quote(pk_column)} = %s"
    rows = [
        [field.get_db_prep_save(getattr(policy, field.attname), connection) for field in fields]
        + [policy.pk]
        for policy in policies
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def create_accounts(emails: list[str]) -> dict[str, User]:
    """Accounts for owners not yet known: no usable password, in the Policy owners group;
    each person is e-mailed a link to choose their password once the import is committed."""
    users = []
    for email in emails:
        user = User(username=email, email=email)
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    group, _ = Group.objects.get_or_create(name=Role.POLICY_OWNER)
    Membership = User.groups.through
    Membership.objects.bulk_create(
        [Membership(user_id=user.pk, group_id=group.pk) for user in users], batch_size=BATCH_SIZE
    )
    if users:
        transaction.on_commit(partial(invite, users))
    return {user.email: user for user in users}


def create_service_areas(names: list[str]) -> dict[str, ServiceArea]:
    areas = ServiceArea.objects.bulk_create([ServiceArea(name=name) for name in names])
    return {normalise_header(area.name): area for area in areas}


def first_spellings(names: Iterator[str]) -> list[str]:
    """Distinct non-blank names, ignoring case and spacing, as first written."""
    seen: dict[str, str] = {}
    for name in names:
        if name:
            seen.setdefault(normalise_header(name), name)
    return list(seen.values())


def batches(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), BATCH_SIZE):
        yield items[start : start + BATCH_SIZE]
