from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from policies.exporting import EXPORT_FORMATS, all_policies, csv_bytes, write_csv, xlsx_bytes


class Command(BaseCommand):
    help = (
        "Export every policy in the register, with the columns the import reads, as CSV "
        "(to standard output unless --out is given) or XLSX (--out required)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--format",
            choices=EXPORT_FORMATS,
            help="csv or xlsx; by default taken from the --out file name, else csv",
        )
        parser.add_argument("--out", help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"]) if options["out"] else None
        export_format = options["format"] or (
            "xlsx" if out and out.suffix.lower() == ".xlsx" else "csv"
        )
        if out is None:
            if export_format == "xlsx":
                raise CommandError("--format xlsx needs --out FILE", returncode=2)
            write_csv(all_policies(), self.stdout)
            return
        policies = list(all_policies())
        content = xlsx_bytes(policies) if export_format == "xlsx" else csv_bytes(policies)
        try:
            out.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Could not write {out}: {exc.strerror}", returncode=2) from None
        self.stdout.write(f"Exported {len(policies)} policies to {out} ({export_format}).")
