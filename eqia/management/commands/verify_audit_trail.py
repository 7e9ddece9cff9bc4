from typing import Any

from django.core.management.base import BaseCommand

from eqia.audit import verify_audit_trails


class Command(BaseCommand):
    help = (
        "Check every assessment's audit trail: entries numbered 1..n without gaps, each "
        "entry's hash, each link to the entry before, and the end of the trail against the "
        "assessment's record of it. Exits 1 naming the first broken entry."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_audit_trails()
        if not result.intact:
            self.stderr.write(f"Audit trail broken: {result.first_problem}")
            if len(result.problems) > 1:
                self.stderr.write(
                    f"{len(result.problems) - 1} more assessment(s) have a broken trail."
                )
            raise SystemExit(1)
        self.stdout.write(
            f"Audit trail intact: {result.entries} entries across {result.assessments} assessments"
        )
