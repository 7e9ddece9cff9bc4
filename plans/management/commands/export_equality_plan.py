from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from plans.exporting import EXPORT_FORMATS, plan_file, progress_file
from plans.models import Plan


class Command(BaseCommand):
    help = (
        "Export a plan (without --year) or a round's progress (--year) in the columns its "
        "import reads, as CSV or XLSX (by default from the --out file's name), so it imports "
        "back unchanged. Exit code 0 when written, 2 for bad usage or an unknown plan or year."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--plan", required=True, metavar="SLUG", help="the plan's slug")
        parser.add_argument("--year", type=int, help="export this round's progress instead")
        parser.add_argument("--format", choices=EXPORT_FORMATS)
        parser.add_argument("--out", required=True, help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(f"There is no plan {options['plan']!r}.", returncode=2)
        out = Path(options["out"])
        export_format = options["format"] or ("xlsx" if out.suffix.lower() == ".xlsx" else "csv")
        if options["year"] is None:
            content, what = plan_file(plan, export_format), plan.title
        else:
            round = plan.rounds.filter(year=options["year"]).first()
            if round is None:
                raise CommandError(
                    f"{plan.title} has no progress round for {options['year']}.", returncode=2
                )
            content, what = progress_file(round, export_format), f"progress {round.year}"
        try:
            out.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Could not write {out}: {exc.strerror}", returncode=2) from None
        self.stdout.write(f"Exported {what} to {out} ({export_format}).")
