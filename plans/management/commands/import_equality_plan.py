import re
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from plans.importing import UnreadableFile, import_plan_from_path
from plans.models import Plan

PERIOD = re.compile(r"(\d{4})\s*[-–/]\s*(\d{4})")


def period_argument(value: str) -> tuple[int, int]:
    """--period 2022-2025: the first and last years."""
    match = PERIOD.fullmatch(value.strip())
    if match is None:
        raise ArgumentTypeError(f"{value!r} is not a period: give it as 2022-2025")
    return int(match.group(1)), int(match.group(2))


class Command(BaseCommand):
    help = (
        "Import an Equality Objectives and Action Plan from a CSV or XLSX file (one row per "
        "action: Theme, Aim, Objective, Action, Lead, Target, Connections; optional Reference, "
        "Characteristics, Carried from). The plan is the one whose slug is the slugified "
        "--title, made as a draft when there is none. Exit code 0 when every row was good, 1 "
        "when any row had an error or the plan may not change, 2 for bad usage or a file that "
        "could not be read."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="the .csv or .xlsx file; the first row holds headings")
        parser.add_argument("--title", required=True, help="the plan's title")
        parser.add_argument(
            "--period", type=period_argument, help="first and last year, e.g. 2022-2025"
        )
        parser.add_argument(
            "--follows",
            metavar="SLUG",
            help="the plan this one follows (whose actions the Carried from column names)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, writing nothing"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows even when other rows have errors",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        follows = None
        if options["follows"]:
            follows = Plan.objects.filter(slug=options["follows"]).first()
            if follows is None:
                raise CommandError(f"There is no plan {options['follows']!r}.", returncode=2)
        try:
            result = import_plan_from_path(
                options["path"],
                title=options["title"],
                period=options["period"],
                follows=follows,
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
        if result.errors and not result.written and not result.dry_run and not result.problems:
            self.stdout.write(
                "Fix the errors, or run again with --skip-invalid to import the valid rows."
            )
        if result.has_errors:
            raise SystemExit(1)
