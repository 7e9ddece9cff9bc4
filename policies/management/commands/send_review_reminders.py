from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.dates import iso_date_argument
from policies.reminders import send_review_reminders


class Command(BaseCommand):
    help = (
        "E-mail each policy owner one message listing their active policies that are due for "
        "review within the reminder thresholds or overdue. Safe to run more than once a day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            type=iso_date_argument,
            help="remind as on this date (yyyy-mm-dd); default today",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would be sent; send and record nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run = send_review_reminders(as_of=options["as_of"], dry_run=options["dry_run"])
        verb = "Would e-mail" if run.dry_run else "E-mailed"
        for reminder in run.sent:
            self.stdout.write(f"{verb} {reminder.email}: {reminder.subject}")
            for review in reminder.reviews:
                self.stdout.write(f"  {review.reference}  {review.due_phrase}")
        for skipped in run.skipped:
            self.stderr.write(f"Skipped {skipped.reference}: {skipped.reason}")
        for failure in run.failed:
            self.stderr.write(f"Could not e-mail {failure.reminder.email}: {failure.error}")
        self.stdout.write(run.summary_line())
        if run.failed:
            count = len(run.failed)
            raise CommandError(
                f"{count} e-mail{'' if count == 1 else 's'} could not be sent; "
                "they will be tried again on the next run"
            )
