import argparse
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.dates import iso_date_argument
from eqia.queue import queue
from policies.models import ServiceArea
from policies.queue import QueueEntry

TITLE_WIDTH = 60


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return number


def service_area_named(name: str) -> ServiceArea:
    area = ServiceArea.objects.filter(name__iexact=name.strip()).order_by("pk").first()
    if area is None:
        known = ", ".join(ServiceArea.objects.values_list("name", flat=True)) or "none yet"
        raise CommandError(
            f"No service area is called {name!r}. Known service areas: {known}", returncode=2
        )
    return area


def as_json(entries: list[QueueEntry]) -> str:
    return json.dumps(
        [
            {
                "rank": entry.rank,
                "reference": entry.reference,
                "title": entry.title,
                "next_review": entry.next_review.isoformat() if entry.next_review else None,
                "score": entry.score,
                "reasons": list(entry.reasons),
                # Where the policy's open EqIA stands, if one is under way.
                "eqia": entry.extra.get("open_assessment_label") or None,
            }
            for entry in entries
        ],
        indent=2,
    )


def as_table(entries: list[QueueEntry]) -> str:
    def shorten(title: str) -> str:
        return title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1] + "…"

    rows = [("Rank", "Reference", "Next review", "Score", "Title", "Reasons")] + [
        (
            str(entry.rank),
            entry.reference,
            entry.next_review.isoformat() if entry.next_review else "unknown",
            f"{entry.score:.2f}",
            shorten(entry.title),
            "; ".join(entry.reasons),
        )
        for entry in entries
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(5)]
    lines = []
    for rank, reference, next_review, score, title, reasons in rows:
        lines.append(
            f"{rank:>{widths[0]}}  {reference:<{widths[1]}}  {next_review:<{widths[2]}}  "
            f"{score:>{widths[3]}}  {title:<{widths[4]}}  {reasons}"
        )
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "List active policies in the order they should be reviewed: unknown or overdue review "
        "dates first, then due soonest, weighted by equality relevance and Covenant functions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            type=iso_date_argument,
            help="rank as on this date (yyyy-mm-dd); default today",
        )
        parser.add_argument("--limit", type=positive_int, help="show only the first N policies")
        parser.add_argument("--service-area", help="only this service area (any letter case)")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        area = service_area_named(options["service_area"]) if options["service_area"] else None
        entries = queue(as_of=options["as_of"], service_area=area, limit=options["limit"])
        if options["format"] == "json":
            self.stdout.write(as_json(entries))
        elif entries:
            self.stdout.write(as_table(entries))
        else:
            self.stdout.write("No active policies to review.")
