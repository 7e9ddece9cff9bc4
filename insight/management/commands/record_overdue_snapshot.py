from typing import Any

from django.core.management.base import BaseCommand

from core.dates import today
from insight.overdue import overdue_snapshot_record


class Command(BaseCommand):
    help = (
        "Count the active policies overdue for review (and those without a review date) for "
        "this month's line of the process measures. Run it monthly from cron; a second run in "
        "the same month changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        run = overdue_snapshot_record(as_of=today())
        self.stdout.write(run.summary_line())
