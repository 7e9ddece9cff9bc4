from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from policies.importing import UnreadableFile, import_policies_from_path


class Command(BaseCommand):
    help = (
        "Import the policy register from a CSV or XLSX file: new references are created, "
        "existing ones updated. Exit code 0 when every row was good, 1 when any row had an "
        "error, 2 when the file could not be read."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="the .csv or .xlsx file; the first row holds headings")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, writing nothing"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows even when other rows have errors",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_policies_from_path(
                options["path"], dry_run=options["dry_run"], skip_invalid=options["skip_invalid"]
            )
        except UnreadableFile as exc:
            raise CommandError(exc.message, returncode=2) from None
        for warning in result.warnings:
            self.stderr.write(f"Warning: {warning}")
        for error in result.errors:
            self.stderr.write(str(error))
        for line in result.summary_lines():
            self.stdout.write(line)
        if not result.written and not result.dry_run:
            self.stdout.write(
                "Fix the errors, or run again with --skip-invalid to import the valid rows."
            )
        if result.errors:
            raise SystemExit(1)
