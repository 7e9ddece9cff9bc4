"""The register spreadsheet's columns, and how a cell's value becomes a policy field.

Each ``parse_*`` function takes a cell as read from CSV (text) or XLSX (text, number, date)
and returns the field's value, or raises ValueProblem saying in plain words what is wrong.
"""

import calendar
import datetime
import enum
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from core.dates import EARLIEST_YEAR, LATEST_YEAR, year_in_range
from core.forms import TEXT_MAX_LENGTH

# The export puts an apostrophe before text Excel would run as a formula, and the import takes
# it off again: the guard is core.spreadsheets', the one every export uses.
from core.spreadsheets import add_formula_guard as add_formula_guard
from core.spreadsheets import remove_formula_guard
from policies.models import (
    MAX_REVIEW_FREQUENCY_MONTHS,
    CovenantFunction,
    PolicyStatus,
    Relevance,
    normalise_reference,
    validate_reference,
)

CellValue = str | int | float | bool | datetime.date | datetime.datetime | datetime.time | None


class Column(enum.StrEnum):
    """The columns of the register spreadsheet, in the order the export writes them."""

    REFERENCE = "Reference"
    TITLE = "Title"
    SERVICE_AREA = "Service area"
    OWNER_EMAIL = "Owner email"
    TYPE = "Type"
    STATUS = "Status"
    LAST_REVIEWED = "Last reviewed"
    NEXT_REVIEW = "Next review"
    REVIEW_FREQUENCY = "Review frequency (months)"
    EQUALITY_RELEVANCE = "Equality relevance"
    COVENANT_FUNCTION = "Covenant function"
    DOCUMENT_URL = "Document URL"
    NOTES = "Notes"


REQUIRED_COLUMNS = (Column.REFERENCE, Column.TITLE)

# Other headings councils give each column, as header_key writes them (the column's own name
# matches too). A heading matches whatever its case, spacing and punctuation.
HEADER_SYNONYMS: dict[Column, tuple[str, ...]] = {
    Column.REFERENCE: (
        "ref", "ref no", "ref number", "reference no", "reference number", "policy ref",
        "policy ref no", "policy reference", "policy reference number", "policy no",
        "policy number", "policy id", "policy code", "document ref", "document reference",
    ),
    Column.TITLE: (
        "policy title", "name", "policy name", "policy", "document", "document title",
        "document name", "title of policy", "policy or strategy", "strategy",
    ),
    Column.SERVICE_AREA: (
        "service", "department", "directorate", "division", "team", "business area",
        "service unit", "policy area",
    ),
    Column.OWNER_EMAIL: (
        "owner", "owner email address", "policy owner", "policy owner email", "lead officer",
        "lead officer email", "lead officer email address", "responsible officer",
        "responsible officer email", "officer email", "contact email", "email",
        "email address",
    ),
    Column.TYPE: ("policy type", "document type", "category"),
    Column.STATUS: ("policy status",),
    Column.LAST_REVIEWED: (
        "last review", "last review date", "last reviewed date", "date last reviewed",
        "date of last review", "reviewed", "reviewed on", "date reviewed",
    ),
    Column.NEXT_REVIEW: (
        "next review date", "review date", "date of next review", "next review due",
        "review due", "review due date", "due for review", "date for review",
    ),
    Column.REVIEW_FREQUENCY: (
        "review frequency", "review frequency in months", "frequency", "frequency months",
        "review cycle", "review cycle months", "review period", "review period months",
        "review interval",
    ),
    Column.EQUALITY_RELEVANCE: (
        "relevance", "equality", "relevance to equality", "eqia relevance",
        "equality impact", "equality rating",
    ),
    Column.COVENANT_FUNCTION: (
        "covenant functions", "covenant", "armed forces covenant",
        "armed forces covenant function", "armed forces covenant functions",
    ),
    Column.DOCUMENT_URL: ("document link", "link", "url", "web link", "web address"),
    Column.NOTES: ("note", "comments", "comment"),
}  # fmt: skip

# The longest value each text column can hold (the model's max_length).
MAX_LENGTHS = {
    Column.REFERENCE: 50,
    Column.TITLE: 300,
    Column.SERVICE_AREA: 150,
    Column.TYPE: 100,
    Column.DOCUMENT_URL: 500,
    Column.OWNER_EMAIL: 150,  # the address becomes the username of a new account
    Column.NOTES: TEXT_MAX_LENGTH,
}

# What people write in a date or frequency cell when they do not know it.
NOT_GIVEN = {"", "tbc", "tba", "n/a", "na", "unknown", "not known", "-", "–", "—"}

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9

DAY_MONTH_YEAR = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d+)")
YEAR_MONTH_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
MONTH_YEAR = re.compile(r"([a-z]+)\.?,?\s+(\d+)")
# "31 March 2024", "1st Mar 2024", or Excel's "31-Mar-2024".
DAY_MONTH_NAME_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d+)")
# A date written out with its midnight time, as some exports do: "2024-03-01 00:00:00".
MIDNIGHT = re.compile(r"[ T]00:00(:00(\.0+)?)?$")
FREQUENCY = re.compile(r"(\d+)(\.0+)?(\s*months?)?")
LIST_SEPARATORS = re.compile(r"[;,/&]|\band\b", re.IGNORECASE)

validate_web_address = URLValidator(schemes=["http", "https"])


class ValueProblem(ValueError):
    """A cell whose value cannot be used; the message says why, for the person fixing it.

    ``kind`` says what sort of problem a date has, for a form to word it its own way:
    "format" (not written as a date), "month" (not a month's name), "year" (not four digits),
    "not_real" (no such day); "" for any other value.
    """

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.kind = kind


def normalise_header(text: str) -> str:
    """Headers match whatever their case and spacing: "  Owner   EMAIL " is "owner email"."""
    return " ".join(text.split()).casefold()


def header_key(text: str) -> str:
    """A heading as it is matched: case, spacing and punctuation aside ("Ref. no" is "ref no",
    "Owner e-mail" is "owner email", "Review frequency (months)" is "review frequency
    months")."""
    text = re.sub(r"[-'’]", "", text.casefold()).replace("(s)", "s")
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


# Every heading the import reads, as header_key writes it, and the column it is.
HEADER_COLUMNS: dict[str, Column] = {
    key: column
    for column in Column
    for key in (header_key(column), *HEADER_SYNONYMS.get(column, ()))
}


def column_for_header(header: str) -> Column | None:
    return HEADER_COLUMNS.get(header_key(header))


def cell_text(value: CellValue) -> str:
    """A cell as the text someone would see in it, trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return remove_formula_guard(normalise_newlines(str(value)).strip())


def normalise_newlines(text: str) -> str:
    """Line breaks as "\n", however the file or the web form that typed them wrote them."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def is_not_given(text: str) -> bool:
    return text.casefold() in NOT_GIVEN


def parse_text(value: CellValue, column: Column) -> str:
    text = cell_text(value)
    limit = MAX_LENGTHS.get(column)
    if limit is not None and len(text) > limit:
        raise ValueProblem(f"too long: at most {limit} characters, this has {len(text)}")
    return text


def parse_required_text(value: CellValue, column: Column) -> str:
    text = parse_text(value, column)
    if not text:
        raise ValueProblem(f"missing: every policy needs a {column.lower()}")
    return text


def parse_reference(value: CellValue) -> str:
    reference = normalise_reference(parse_required_text(value, Column.REFERENCE))
    try:
        validate_reference(reference)
    except ValidationError as exc:
        raise ValueProblem(exc.messages[0][0].lower() + exc.messages[0][1:]) from None
    return reference


def parse_date(value: CellValue) -> datetime.date | None:
    """dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd, "March 2024" (the 1st), or an Excel date cell."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        if not year_in_range(value):
            raise year_out_of_range()
        return value
    if isinstance(value, int | float | datetime.time) and not isinstance(value, bool):
        raise ValueProblem(
            "not a date; write dates as dd/mm/yyyy, for example 31/03/2024", kind="format"
        )
    text = MIDNIGHT.sub("", cell_text(value))
    if is_not_given(text):
        return None
    if match := DAY_MONTH_YEAR.fullmatch(text):
        day, _, month, year = match.groups()
        return real_date(year, int(month), int(day), example=f"{day}/{month}/20{year[-2:]}")
    if match := YEAR_MONTH_DAY.fullmatch(text):
        year, month, day = match.groups()
        return real_date(year, int(month), int(day))
    if match := MONTH_YEAR.fullmatch(text.lower()):
        name, year = match.groups()
        return real_date(year, month_number(name), 1, example=f"{name.capitalize()} 20{year[-2:]}")
    if match := DAY_MONTH_NAME_YEAR.fullmatch(text.lower()):
        day, name, year = match.groups()
        example = f"{day} {name.capitalize()} 20{year[-2:]}"
        return real_date(year, month_number(name), int(day), example=example)
    raise ValueProblem(
        "not a date; write dates as dd/mm/yyyy (31/03/2024), yyyy-mm-dd or a month and year "
        "(March 2024)",
        kind="format",
    )


def month_number(name: str) -> int:
    if name not in MONTHS:
        raise ValueProblem(
            f'"{name}" is not a month; write dates as dd/mm/yyyy or March 2024', kind="month"
        )
    return MONTHS[name]


def real_date(year_text: str, month: int, day: int, example: str = "") -> datetime.date:
    if len(year_text) == 2:
        hint = f", for example {example}" if example else ""
        raise ValueProblem(f"two-digit year; use four digits for the year{hint}", kind="year")
    if len(year_text) != 4:
        raise ValueProblem(f"the year {year_text} should have four digits", kind="year")
    year = int(year_text)
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise year_out_of_range()
    if not 1 <= month <= 12:
        raise ValueProblem(f"not a real date (there is no month {month})", kind="not_real")
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        month_name = calendar.month_name[month]
        raise ValueProblem(
            f"not a real date ({month_name} {year} has {days_in_month} days)"
            if day
            else "not a real date (there is no day 0)",
            kind="not_real",
        )
    return datetime.date(year, month, day)


def year_out_of_range() -> ValueProblem:
    return ValueProblem(
        f"not a real date (the year must be from {EARLIEST_YEAR} to {LATEST_YEAR})",
        kind="not_real",
    )


def parse_review_frequency(value: CellValue) -> int | None:
    """A whole number of months: 12, "12", "12 months", or 12.0 from a spreadsheet."""
    if isinstance(value, bool):
        raise ValueProblem(frequency_hint())
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueProblem(frequency_hint())
        value = int(value)
    if isinstance(value, int):
        months = value
    else:
        text = cell_text(value)
        if is_not_given(text):
            return None
        match = FREQUENCY.fullmatch(text.lower())
        if match is None:
            raise ValueProblem(frequency_hint())
        months = int(match.group(1))
    if not 1 <= months <= MAX_REVIEW_FREQUENCY_MONTHS:
        raise ValueProblem(frequency_hint())
    return months


def frequency_hint() -> str:
    return (
        f"not a review frequency; write a whole number of months from 1 to "
        f"{MAX_REVIEW_FREQUENCY_MONTHS}, for example 12 or 12 months"
    )


def parse_choice(value: CellValue, choices: type[Relevance] | type[PolicyStatus], what: str) -> str:
    text = cell_text(value).casefold()
    for choice in choices:
        if text in {choice.value.casefold(), choice.label.casefold()}:
            return choice.value
    raise ValueProblem(f"not {what}; use {allowed([str(label) for label in choices.labels])}")


def parse_relevance(value: CellValue) -> str:
    """High, Medium, Low or None; blank means not rated yet."""
    if not cell_text(value):
        return ""
    return parse_choice(value, Relevance, "an equality relevance")


def parse_status(value: CellValue) -> str:
    if not cell_text(value):
        return PolicyStatus.ACTIVE
    return parse_choice(value, PolicyStatus, "a status")


def parse_covenant_functions(value: CellValue) -> list[str]:
    """Housing, Education, Healthcare, several joined by ; , / or "and"; blank or None: none."""
    text = cell_text(value)
    if text.casefold() in {"", "none"}:
        return []
    by_name = {f.label.casefold(): f.value for f in CovenantFunction}
    chosen = set()
    for part in LIST_SEPARATORS.split(text):
        name = part.strip().casefold()
        if not name:
            continue
        if name not in by_name:
            raise ValueProblem(
                f'"{part.strip()}" is not a Covenant function; use '
                f"{allowed(CovenantFunction.labels)}, several separated by semicolons, or None"
            )
        chosen.add(by_name[name])
    return canonical_covenant_functions(chosen)


def canonical_covenant_functions(functions: list[str] | set[str]) -> list[str]:
    """The functions in their declared order, so the same set always compares equal."""
    return [code for code in CovenantFunction.values if code in functions]


def parse_document_url(value: CellValue) -> str:
    text = parse_text(value, Column.DOCUMENT_URL)
    if not text:
        return ""
    try:
        validate_web_address(text)
    except ValidationError:
        raise ValueProblem("not a web address starting with http:// or https://") from None
    return text


def parse_email(value: CellValue) -> str:
    """The address lower-cased (blank for no owner): accounts are matched ignoring case."""
    text = parse_text(value, Column.OWNER_EMAIL)
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise ValueProblem("not a valid email address") from None
    return text.lower()


def parse_service_area(value: CellValue) -> str:
    return " ".join(parse_text(value, Column.SERVICE_AREA).split())


def allowed(labels: list[str]) -> str:
    return ", ".join(labels[:-1]) + f" or {labels[-1]}"
