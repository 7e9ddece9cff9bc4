"""Dates as the service reads and writes them: UK formats, months added, today in UK time."""

import argparse
import calendar
import datetime

from django.utils import dateformat, timezone
from django.utils.dates import MONTHS_3

# What a person may type for a date: 31/03/2027 or 2027-03-31.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
# The years a date typed or imported may have: any real policy's or decision's, with room to add
# review cycles to them without passing the last date Python can hold (31 December 9999).
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200


def year_in_range(date: datetime.date) -> bool:
    return EARLIEST_YEAR <= date.year <= LATEST_YEAR


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day where that day does not exist."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def today() -> datetime.date:
    """Today in the service's time zone (UK time)."""
    return timezone.localdate()


def date_hint() -> str:
    """A hint for a date field whose example is always in the future: 31 March next year."""
    return f"For example, 31/03/{today().year + 1}."


def long_date(date: datetime.date) -> str:
    return dateformat.format(date, "j F Y")


def short_date(date: datetime.date) -> str:
    """A date as tables give it, "3 Nov 2026": what the date filter writes for "j M Y", for a
    table of many rows to work out in Python (a third of the time of dateformat, which reads
    its format letter by letter for every date)."""
    return f"{date.day} {MONTHS_3[date.month].title()} {date.year:04d}"


def when(moment: datetime.datetime) -> str:
    """A moment as people say it, in UK time: "14:02" today, "14:02 on 3 March 2026" another
    day."""
    local = timezone.localtime(moment)
    said = dateformat.format(local, "H:i")
    if local.date() != timezone.localdate():
        said += " on " + dateformat.format(local, "j F Y")
    return said


def iso_date_argument(value: str) -> datetime.date:
    """An argparse type for command-line dates such as --as-of 2026-03-31."""
    try:
        if len(value) == 10:
            return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(
        f"{value!r} is not a date: give it as yyyy-mm-dd, for example 2026-03-31"
    )
