from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from plans.documents.files import FORMATS, document_file
from plans.models import Plan


class Command(BaseCommand):
    help = (
        "Write a plan (without --year) or its progress report for --year as HTML, PDF or Word "
        "(.docx). A published plan's or report's PDF and Word file are those kept (and the PDF "
        "signed) at publication; otherwise the document is rendered as it stands, unsigned. "
        "Exit code 0 when written, 2 for bad usage, an unknown plan or year, or a file that "
        "could not be written."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--plan", required=True, metavar="SLUG", help="the plan's slug")
        parser.add_argument("--year", type=int, help="the progress report's year")
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--out", required=True, help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(f"There is no plan {options['plan']!r}.", returncode=2)
        round = None
        if options["year"] is not None:
            round = plan.rounds.filter(year=options["year"]).first()
            if round is None:
                raise CommandError(
                    f"{plan.title} has no progress round for {options['year']}.", returncode=2
                )
        document = document_file(plan, round, options["format"])
        out = Path(options["out"])
        try:
            out.write_bytes(document.content)
        except OSError as exc:
            raise CommandError(f"Could not write {out}: {exc.strerror}", returncode=2) from None
        self.stdout.write(f"Wrote {document.title} ({options['format']}) to {out}.")
