import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from workflow.documents.verification import Problem, verify_pdf_bytes


class Command(BaseCommand):
    help = (
        "Check a signed EqIA PDF: signed, untouched since, by this organisation's key, and "
        "issued by this system. Exits 0 when valid, 1 naming each problem, 2 when the file "
        "cannot be read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--json", action="store_true", help="print the verdict as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        data = read_file(path)
        try:
            verdict = verify_pdf_bytes(data)
        except ImproperlyConfigured as error:
            raise CommandError(str(error), returncode=2) from None

        if options["json"]:
            self.stdout.write(json.dumps(verdict.as_json(), indent=2))
        elif verdict.valid:
            self.stdout.write(verdict.summary())
        else:
            self.stderr.write(f"Not valid: {path}")
            for problem in verdict.problems:
                self.stderr.write(f"- {problem}: {Problem(problem).label}")
            if verdict.signer:
                self.stderr.write(
                    f"The signature names {verdict.signer}"
                    + (f", on {verdict.signed_at_display}" if verdict.signed_at else "")
                    + "."
                )
        if not verdict.valid:
            raise SystemExit(1)


def read_file(path: Path) -> bytes:
    if not path.exists():
        raise CommandError(f"There is no file at {path}.", returncode=2)
    if path.is_dir():
        raise CommandError(f"{path} is a folder, not a PDF file.", returncode=2)
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"{path} cannot be read: {error.strerror}.", returncode=2) from None
