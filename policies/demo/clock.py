"""The demo's clock: what ``django.utils.timezone.now`` says while the demo's history is made,
so the register is imported, and each assessment moves on, on days of its own (for the demo
only: the services read the time as they always do)."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone


class DemoClock:
    """The moment the history has reached, moving on with real time from there (so entries
    keep their order). Every service stamps its records with timezone.now(), so each happens
    on its own day."""

    def __init__(self) -> None:
        self.moment: datetime.datetime | None = None
        self.set_at = datetime.datetime.now(datetime.UTC)
        self.real_now = timezone.now

    def go_to(self, day: datetime.date, at: datetime.time) -> None:
        local = timezone.make_aware(datetime.datetime.combine(day, at))
        # In UTC, as timezone.now() gives it (the audit trail's hashes cover the time as given).
        self.moment, self.set_at = local.astimezone(datetime.UTC), self.real_now()

    def now(self) -> datetime.datetime:
        if self.moment is None:
            return self.real_now()
        return self.moment + (self.real_now() - self.set_at)


@contextmanager
def demo_clock() -> Iterator[DemoClock]:
    """The history's clock; inside it, ``core.dates.today`` is the history's day too."""
    clock = DemoClock()
    with mock.patch.object(timezone, "now", clock.now):
        yield clock


def working_day(day: datetime.date) -> datetime.date:
    """The day, or the Monday after it when it falls at a weekend: council officers record
    their work on working days."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day
