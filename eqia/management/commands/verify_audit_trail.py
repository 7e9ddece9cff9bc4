import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from eqia.audit import checkpoint_problems, verify_audit_trails


class Command(BaseCommand):
    help = (
        "Check every assessment's audit trail: entries numbered 1..n from its start without "
        "gaps, each entry's keyed hash (EQIA_AUDIT_KEY), each link to the entry before, and the "
        "end of the trail against the assessment's record of it; with --checkpoint, also "
        "against a checkpoint kept outside the database. Exits 1 naming the first problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint",
            type=Path,
            action="append",
            default=[],
            help="a file written by audit_checkpoint (repeatable)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoints = [read_checkpoint(path) for path in options["checkpoint"]]
        result = verify_audit_trails()
        problems = list(result.problems)
        for path, data in checkpoints:
            problems += [
                f"{problem} (checkpoint {path.name})" for problem in checkpoint_problems(data)
            ]
        if problems:
            self.stderr.write(f"Audit trail broken: {problems[0]}")
            if len(problems) > 1:
                self.stderr.write(f"{len(problems) - 1} more problem(s):")
                for problem in problems[1:]:
                    self.stderr.write(f"- {problem}")
            raise SystemExit(1)
        self.stdout.write(
            f"Audit trail intact: {result.entries} entries across {result.assessments} assessments"
            + (f"; consistent with {len(checkpoints)} checkpoint(s)" if checkpoints else "")
        )


def read_checkpoint(path: Path) -> tuple[Path, Any]:
    try:
        return path, json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CommandError(f"{path} cannot be read: {error.strerror}", returncode=2) from None
    except ValueError:
        raise CommandError(f"{path} is not a checkpoint file (not JSON)", returncode=2) from None
