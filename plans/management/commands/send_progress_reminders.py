from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.dates import iso_date_argument
from plans.reminders import send_progress_reminders


class Command(BaseCommand):
    help = (
        "E-mail each person with an equality plan progress return still to write (an action's "
        "lead; the EDI Officer Group for team-led actions) 14 and 3 days before the round's "
        "deadline. Each reminder is recorded, so running it again sends nothing: safe to run "
        "daily. Exit code 1 when an e-mail could not be sent (it is tried again next run)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of", type=iso_date_argument, help="remind as on this date (yyyy-mm-dd)"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would be sent; send and record nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run = send_progress_reminders(as_of=options["as_of"], dry_run=options["dry_run"])
        verb = "Would e-mail" if run.dry_run else "E-mailed"
        for reminder in run.sent:
            self.stdout.write(f"{verb} {reminder.email}: {reminder.subject}")
        for reminder, error in run.failed:
            self.stderr.write(f"Could not e-mail {reminder.email}: {error}")
        self.stdout.write(run.summary_line())
        if run.failed:
            raise CommandError(
                f"{len(run.failed)} e-mail(s) could not be sent; they will be tried again on "
                "the next run"
            )
