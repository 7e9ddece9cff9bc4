"""How a plan's words become data: a target as people write it and the date it implies, a lead
written as teams and people, a list of other plans, and progress written as paragraphs and
bullet lists."""

import calendar
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from core.people import display_name
from policies.import_values import MONTHS, ValueProblem, parse_date

# "April 2023", "Review Jan 2023", "Dec 2023 (ongoing release)", "Sept. 2024".
MONTH_AND_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
# A whole date inside the words: "31/03/2024", "2024-03-31", "31 March 2024".
WHOLE_DATES = [
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b"),
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"),
    re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}\b"),
]


def target_date(target: str) -> datetime.date | None:
    """The date a target implies: a whole date written in it, else the last day of the first
    month and year it names ("April 2023" is 30 April 2023, "Review Jan 2023" 31 January
    2023, "Dec 2023 (ongoing release)" 31 December 2023); None when it names no month of a
    year ("ongoing", "Spring 2023", "2023/24")."""
    for pattern in WHOLE_DATES:
        if match := pattern.search(target):
            try:
                return parse_date(match.group(0))
            except ValueProblem:
                pass
    for name, year in MONTH_AND_YEAR.findall(target):
        month = MONTHS.get(name.lower())
        if month is not None:
            last_day = calendar.monthrange(int(year), month)[1]
            return datetime.date(int(year), month, last_day)
    return None


# Several leads in one cell: "Housing; Revenues team", "HR / alice@example.gov.uk",
# "alice@example.gov.uk and Communities team".
LEAD_SEPARATORS = re.compile(r"\s*(?:;|/|\band\b)\s*", re.IGNORECASE)
EMAIL_LIKE = re.compile(r"\S*@\S*")  # meant as an address, whether or not it is one


@dataclass(frozen=True)
class SplitLead:
    emails: list[str]  # lower-cased, in the order written
    teams: str  # what is left: teams and groups, as written


def split_lead(text: str) -> SplitLead:
    """A lead cell as people write it: each part that is an e-mail address names a person with
    an account; the rest is the teams, kept as written ("Housing/Revs and Bens", "Equality,
    Diversity and Inclusion Officer Group / All Services").

    Parts are separated by ";", "/" or "and". Only the e-mail addresses are taken out, with the
    separator before them, so a team's own name keeps its "and".

    Raises ValueProblem for a part that looks like an address and is not one.
    """
    text = " ".join(text.split())
    if "@" not in text:
        return SplitLead([], text)
    pieces = LEAD_SEPARATORS.split(text)
    separators = LEAD_SEPARATORS.findall(text)
    emails: list[str] = []
    kept: list[str] = []
    for index, piece in enumerate(pieces):
        if EMAIL_LIKE.fullmatch(piece):
            try:
                validate_email(piece)
            except ValidationError:
                raise ValueProblem(f'"{piece}" is not a valid e-mail address') from None
            if piece.lower() not in emails:
                emails.append(piece.lower())
            continue
        if piece:
            if kept:
                kept.append(separators[index - 1])
            kept.append(piece)
    teams = "".join(kept)
    return SplitLead(emails, teams)


def lead_words(people: Iterable[object], teams: str) -> str:
    """An action's lead as every page and document writes it: the people by name, then the
    teams as written ("Alice Owen; Communities, Policy & Engagement team")."""
    names = [display_name(person) for person in people]
    return "; ".join([*names, *([teams.strip()] if teams.strip() else [])])


def lead_cell(emails: Iterable[str], teams: str) -> str:
    """The lead as the spreadsheet writes it: the people's addresses, then the teams."""
    return "; ".join([*emails, *([teams.strip()] if teams.strip() else [])])


CONNECTION_SEPARATORS = re.compile(r"\s*[;\n]\s*")
BULLET_MARK = re.compile(r"^[\u00b7\u2022\u25cf\u25aa\u2023\u2043*\-\u2013]\s+")


def split_connections(text: str) -> list[str]:
    """Other plans, one a line or separated by ";", each once, bullet marks taken off."""
    names: list[str] = []
    for part in CONNECTION_SEPARATORS.split(text):
        name = " ".join(BULLET_MARK.sub("", part.strip()).split())
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


@dataclass(frozen=True)
class Block:
    """A paragraph (``items`` empty) or a bullet list (``text`` empty) of progress."""

    text: str = ""
    items: tuple[str, ...] = ()

    @property
    def is_list(self) -> bool:
        return bool(self.items)


def progress_blocks(text: str) -> list[Block]:
    """Progress as written, in paragraphs and bullet lists: a line starting with "•", "·",
    "-", "*" or "–" is a bullet; a blank line ends a paragraph; lines of one paragraph join."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []

    def close_paragraph() -> None:
        if paragraph:
            blocks.append(Block(text=" ".join(paragraph)))
            paragraph.clear()

    def close_list() -> None:
        if items:
            blocks.append(Block(items=tuple(items)))
            items.clear()

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(raw.split())
        if not line:
            close_paragraph()
            close_list()
            continue
        if bullet := BULLET_MARK.match(line):
            close_paragraph()
            items.append(line[bullet.end() :])
        else:
            close_list()
            paragraph.append(line)
    close_paragraph()
    close_list()
    return blocks
