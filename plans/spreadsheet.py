"""The plan's two spreadsheets, their columns and how their headings are matched, and the file
reading both imports share (policies.spreadsheet: CSV or XLSX as councils save them, with its
limits on size, rows and columns; headings matched as the register's are, by
policies.import_values.header_key: any order, case, spacing and punctuation)."""

import enum
from pathlib import Path
from typing import TypeVar

from policies.import_values import header_key
from policies.spreadsheet import Sheet, UnreadableFile, read_spreadsheet

C = TypeVar("C", bound=enum.StrEnum)


class PlanColumn(enum.StrEnum):
    """The plan spreadsheet's columns, in the order the export writes them."""

    THEME = "Theme"
    AIM = "Aim"
    OBJECTIVE = "Objective"
    ACTION = "Action"
    LEAD = "Lead"
    TARGET = "Target"
    CONNECTIONS = "Connections"
    REFERENCE = "Reference"
    CHARACTERISTICS = "Characteristics"
    CARRIED_FROM = "Carried from"


PLAN_REQUIRED = (
    PlanColumn.THEME,
    PlanColumn.AIM,
    PlanColumn.OBJECTIVE,
    PlanColumn.ACTION,
    PlanColumn.LEAD,
    PlanColumn.TARGET,
    PlanColumn.CONNECTIONS,
)

PLAN_SYNONYMS: dict[PlanColumn, tuple[str, ...]] = {
    PlanColumn.THEME: ("role", "our role", "council role", "theme role"),
    PlanColumn.AIM: ("theme aim", "aims"),
    PlanColumn.OBJECTIVE: ("objectives", "equality objective", "equality objectives", "we will"),
    PlanColumn.ACTION: ("actions", "agreed action", "agreed actions", "action description"),
    PlanColumn.LEAD: (
        "leads", "lead officer", "lead team", "lead teams", "responsible", "responsible officer",
        "owner", "who",
    ),
    PlanColumn.TARGET: ("target date", "timescale", "timescales", "deadline", "by when", "date"),
    PlanColumn.CONNECTIONS: (
        "connection", "connections to other plans", "other plans", "links to other plans",
        "related plans",
    ),
    PlanColumn.REFERENCE: ("ref", "ref no", "action ref", "action reference", "action no"),
    PlanColumn.CHARACTERISTICS: (
        "characteristic", "protected characteristics", "who it serves", "groups",
    ),
    PlanColumn.CARRIED_FROM: ("carried forward from", "previous action", "from previous plan"),
}  # fmt: skip


class ProgressColumn(enum.StrEnum):
    """The progress spreadsheet's columns, in the order the export writes them."""

    REFERENCE = "Reference"
    ACTION = "Action"
    PROGRESS = "Progress"
    STATUS = "Status"
    REASON = "Reason"


PROGRESS_SYNONYMS: dict[ProgressColumn, tuple[str, ...]] = {
    ProgressColumn.REFERENCE: ("ref", "ref no", "action ref", "action reference", "action no"),
    ProgressColumn.ACTION: ("actions", "agreed action", "agreed actions"),
    ProgressColumn.PROGRESS: ("update", "progress update", "progress made", "narrative"),
    ProgressColumn.STATUS: ("rag", "rag status", "progress status"),
    ProgressColumn.REASON: ("status reason", "why", "comment", "comments", "note", "notes"),
}


def read_sheet(content: bytes, filename: str, needs: str) -> Sheet:
    """The file's headings and rows (policies.spreadsheet.read_spreadsheet), with this
    spreadsheet's own words when it has no headings; ``needs`` names the headings it must
    have."""
    try:
        return read_spreadsheet(content, filename)
    except UnreadableFile as exc:
        if "has no column headings" in exc.message:
            raise UnreadableFile(
                f"{filename} has no column headings: the first row must hold them, "
                f"including {needs}."
            ) from None
        raise


def read_path(path: str | Path) -> tuple[bytes, str]:
    path = Path(path)
    try:
        return path.read_bytes(), path.name
    except FileNotFoundError:
        raise UnreadableFile(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise UnreadableFile(f"{path} is a folder, not a file.") from None
    except OSError as exc:
        raise UnreadableFile(f"{path} could not be read: {exc.strerror}.") from None


def match_headings(
    headers: list[str], columns: type[C], synonyms: dict[C, tuple[str, ...]], filename: str
) -> tuple[dict[C, int], list[str]]:
    """Where each known column is, and the headings not recognised (or not used).

    As the register's import does: a column's own name wins over its synonyms; two headings for
    one column, both its name or both synonyms, are refused."""
    by_key = {
        key: column for column in columns for key in (header_key(column), *synonyms.get(column, ()))
    }
    positions: dict[C, int] = {}
    by_synonym: dict[C, int] = {}
    for index, header in enumerate(headers):
        column = by_key.get(header_key(header))
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
    return positions, unknown


def missing_columns_refusal(
    filename: str, headers: list[str], missing: list[str], needs: str
) -> UnreadableFile:
    found = ", ".join(f'"{header}"' for header in headers if header)
    named = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + f" or {missing[-1]}"
    return UnreadableFile(
        f"{filename} has no {named} column. "
        + (f"The headings in its first row are {found}. " if found else "")
        + f"The first row must hold the column headings: {needs}."
    )
