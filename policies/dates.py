"""Date arithmetic the register needs in several places."""

import calendar
import datetime


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day where that day does not exist."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


def iso_date_argument(value: str) -> datetime.date:
    """An argparse type for command-line dates such as --as-of 2026-03-31."""

    try:
        return datetime.date.fromisoformat(value) if len(value) == 10 else _not_a_date(value)
    except ValueError:
        return _not_a_date(value)


def _not_a_date(value: str) -> datetime.date:
    import argparse

    raise argparse.ArgumentTypeError(
        f"{value!r} is not a date: give it as yyyy-mm-dd, for example 2026-03-31"
    )
