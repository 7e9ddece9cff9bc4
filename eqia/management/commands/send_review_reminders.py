from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.dates import iso_date_argument
from eqia.queue import open_assessment_reasons
from policies.reminders import send_review_reminders


class Command(BaseCommand):
    help = (
        "E-mail each policy owner one message listing their active policies that are due for "
        "review within the reminder thresholds, overdue, or without a review date; policies "
        "with an EqIA under way are left out. Once a week, e-mail the EDI group the list of "
        "policies whose review date is unknown. Safe to run more than once a day."
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
        run = send_review_reminders(
            as_of=options["as_of"],
            dry_run=options["dry_run"],
            leave_out=open_assessment_reasons(),
        )
        verb = "Would e-mail" if run.dry_run else "E-mailed"
        for reminder in run.sent:
            self.stdout.write(f"{verb} {reminder.email}: {reminder.subject}")
            for review in reminder.reviews:
                self.stdout.write(f"  {review.reference}  {review.due_phrase}")
        if run.digest is not None:
            self.stdout.write(f"{verb} {run.digest.describe()}")
            for policy in run.digest.policies:
                self.stdout.write(f"  {policy.reference}  {policy.title}")
        for left_out in run.left_out:
            self.stdout.write(f"Not reminded about {left_out.reference}: {left_out.reason}")
        for skipped in run.skipped:
            self.stderr.write(f"Skipped {skipped.reference}: {skipped.reason}")
        if run.digest_skipped:
            self.stderr.write(f"Not sent: {run.digest_skipped}")
        for failure in run.failed:
            self.stderr.write(f"Could not e-mail {failure.reminder.email}: {failure.error}")
        for email, error in run.digest_failed:
            self.stderr.write(f"Could not e-mail {email} the EDI group's list: {error}")
        self.stdout.write(run.summary_line())
        if run.failures:
            count = run.failures
            raise CommandError(
                f"{count} e-mail{'' if count == 1 else 's'} could not be sent; "
                "they will be tried again on the next run"
            )
