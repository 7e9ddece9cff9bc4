from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from plans.progress_import import UnreadableFile, import_progress_from_path


class Command(BaseCommand):
    help = (
        "Import a year's progress returns on a plan from a CSV or XLSX file (Reference or "
        "Action, Progress, Status; optional Reason) into the plan's open round for --year. "
        "Exit code 0 when every row was good, 1 when any row had an error or the round is "
        "closed, 2 for bad usage, an unknown plan or round, or a file that could not be read."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="the .csv or .xlsx file; the first row holds headings")
        parser.add_argument("--plan", required=True, metavar="SLUG", help="the plan's slug")
        parser.add_argument("--year", required=True, type=int, help="the round's year")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, writing nothing"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows even when other rows have errors",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(f"There is no plan {options['plan']!r}.", returncode=2)
        try:
            result = import_progress_from_path(
                options["path"],
                plan=plan,
                year=options["year"],
                dry_run=options["dry_run"],
                skip_invalid=options["skip_invalid"],
            )
        except UnreadableFile as exc:
            raise CommandError(exc.message, returncode=2) from None
        for warning in result.warnings:
            self.stderr.write(f"Warning: {warning}")
        for problem in result.problems:
            self.stderr.write(problem)
        for error in result.errors:
            self.stderr.write(str(error))
        for line in result.summary_lines():
            self.stdout.write(line)
        if result.has_errors:
            raise SystemExit(1)
