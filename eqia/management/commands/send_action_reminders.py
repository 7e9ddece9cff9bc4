from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import Truncator

from core.dates import iso_date_argument
from eqia.reminders import send_action_reminders


class Command(BaseCommand):
    help = (
        "E-mail each action's lead (or, for an action a team or partner leads, the policy's "
        "owner) one message listing their live actions due within EQIA_ACTION_REMINDER_DAYS "
        "or overdue. Each action is reminded once per stage and due date: safe to run daily."
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
        run = send_action_reminders(as_of=options["as_of"], dry_run=options["dry_run"])
        verb = "Would e-mail" if run.dry_run else "E-mailed"
        for reminder in run.sent:
            self.stdout.write(f"{verb} {reminder.email}: {reminder.subject}")
            for item in reminder.actions:
                words = Truncator(item.description).chars(60)
                self.stdout.write(f"  {item.reference} {item.plan}  {words}  {item.due_phrase}")
        for skipped in run.skipped:
            self.stderr.write(
                f"Skipped {skipped.reference} \u201c{skipped.description}\u201d: {skipped.reason}"
            )
        for failure in run.failed:
            self.stderr.write(f"Could not e-mail {failure.reminder.email}: {failure.error}")
        self.stdout.write(run.summary_line())
        if run.failed:
            count = len(run.failed)
            raise CommandError(
                f"{count} e-mail{'' if count == 1 else 's'} could not be sent; "
                "they will be tried again on the next run"
            )
