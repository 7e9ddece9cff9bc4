"""The tables the insight pages show, and the same tables as CSV, XLSX, PDF and Word.

A table is built once, from the database, as plain values (numbers, dates, words); each way of
showing it reads that one build, so a download always says what the page says.
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from core.dates import short_date
from core.spreadsheets import CellValue, csv_bytes, xlsx_bytes


@dataclass(frozen=True)
class Link:
    """A cell that links somewhere on the page (a policy, an assessment); its words elsewhere."""

    text: str
    href: str

    def __str__(self) -> str:
        return self.text


Cell = CellValue | Link


@dataclass(frozen=True)
class Shown:
    """A cell as a page shows it."""

    text: str
    href: str = ""
    numeric: bool = False

    @property
    def lines(self) -> list[str]:
        """A cell of several lines (actions, a mitigation and a justification) as a list."""
        return self.text.split("\n")


def shown_text(value: Cell) -> str:
    """A value in words: dates as every table gives them ("3 Mar 2026", the day in UK time), a
    share as "86%", nothing as "–"."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return short_date(timezone.localtime(value))
    if isinstance(value, datetime.date):
        return short_date(value)
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


@dataclass
class Table:
    """One table: its caption, headings and rows. ``slug`` names its download; the first
    column heads each row (a characteristic, a year, a policy)."""

    slug: str
    caption: str
    headings: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    # Rows shown below the others, in bold, such as totals (exported last, like any row).
    footer: list[list[Cell]] = field(default_factory=list)
    widths: dict[str, int] = field(default_factory=dict)  # XLSX column widths by heading
    empty: str = "Nothing to show."
    # The address of the table's download, ready for "format=csv" (set by the page's view).
    download: str = ""

    def __bool__(self) -> bool:
        return bool(self.rows)

    def _shown(self, rows: Sequence[Sequence[Cell]]) -> list[list[Shown]]:
        numeric = [is_numeric for _, is_numeric in self.heading_cells]
        return [
            [
                Shown(
                    text=shown_text(value),
                    href=value.href if isinstance(value, Link) else "",
                    numeric=numeric[index],
                )
                for index, value in enumerate(row)
            ]
            for row in rows
        ]

    @property
    def heading_cells(self) -> list[tuple[str, bool]]:
        """Each heading, and whether its column holds numbers (counts, days, shares), which
        are aligned right; a missing one ("–") with them."""
        numeric = [
            index > 0
            and any(_is_number(row[index]) for row in self.rows)
            and all(_is_number(row[index]) or row[index] is None for row in self.rows)
            for index in range(len(self.headings))
        ]
        return list(zip(self.headings, numeric, strict=True))

    @property
    def shown_rows(self) -> list[list[Shown]]:
        return self._shown(self.rows)

    @property
    def shown_footer(self) -> list[list[Shown]]:
        return self._shown(self.footer)

    def plain_rows(self) -> list[list[CellValue]]:
        """Every row, the footer's too, as the downloads hold them: links as their words."""
        return [
            [str(value) if isinstance(value, Link) else value for value in row]
            for row in [*self.rows, *self.footer]
        ]

    def csv(self) -> bytes:
        return csv_bytes(self.headings, self.plain_rows())

    def xlsx(self) -> bytes:
        # A sheet's name is at most 31 characters, none of []:*?/\
        sheet = re.sub(r"[\[\]:*?/\\]", "", self.caption)[:31].strip() or "Table"
        return xlsx_bytes(sheet, self.headings, self.plain_rows(), self.widths)


def _is_number(value: Cell) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        return value == "–" or (value.endswith("%") and value[:-1].isdigit())
    return isinstance(value, int | float)


def share(part: int, whole: int) -> str:
    """ "86%" of a whole; "–" of nothing."""
    return f"{round(100 * part / whole)}%" if whole else "–"
