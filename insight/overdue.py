"""Counting the policies overdue for review once a month, so the process measures can show how
that number moved over the year (record_overdue_snapshot, from cron)."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from core.dates import long_date
from eqia.models import OPEN_STATES
from insight.models import OverdueSnapshot
from policies.models import Policy, PolicyStatus


@dataclass(frozen=True)
class SnapshotRun:
    snapshot: OverdueSnapshot
    recorded: bool  # False: the month was already recorded, and nothing changed

    def summary_line(self) -> str:
        snapshot = self.snapshot
        month = f"{snapshot.month:%B %Y}"
        counts = (
            f"{snapshot.active_policies} active policies, {snapshot.overdue} overdue for review "
            f"({snapshot.overdue_under_way} with an EqIA under way), "
            f"{snapshot.review_date_unknown} without a review date"
        )
        if self.recorded:
            return f"Recorded {month}: {counts}."
        return (
            f"{month} was already recorded on {long_date(snapshot.counted_on)}: {counts}. "
            "Nothing changed."
        )


def overdue_snapshot_record(*, as_of: datetime.date) -> SnapshotRun:
    """Count the active policies, those overdue for review on ``as_of`` (and of them, those
    with an EqIA under way) and those with no review date, for ``as_of``'s month: once. A
    month already recorded is left as it was (two runs at once record it once)."""
    month = as_of.replace(day=1)
    existing = OverdueSnapshot.objects.filter(month=month).first()
    if existing is not None:
        return SnapshotRun(existing, recorded=False)
    active = Policy.objects.filter(status=PolicyStatus.ACTIVE)
    overdue = active.filter(next_review__lt=as_of)
    try:
        with transaction.atomic():
            snapshot = OverdueSnapshot.objects.create(
                month=month,
                counted_on=as_of,
                active_policies=active.count(),
                overdue=overdue.count(),
                overdue_under_way=overdue.filter(assessments__state__in=OPEN_STATES)
                .distinct()
                .count(),
                review_date_unknown=active.filter(next_review__isnull=True).count(),
            )
    except IntegrityError:  # another run recorded the month meanwhile
        return SnapshotRun(OverdueSnapshot.objects.get(month=month), recorded=False)
    return SnapshotRun(snapshot, recorded=True)
