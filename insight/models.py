from django.db import models


class OverdueSnapshot(models.Model):
    """How many active policies were overdue for review in one month: counted by the first run
    of ``record_overdue_snapshot`` that month (monthly, from cron) and never changed after, so
    the process measures can show the count over time. A later run in the same month leaves
    it as it is."""

    month = models.DateField(unique=True, help_text="The first day of the month counted.")
    counted_on = models.DateField(help_text="The day the policies were counted.")
    recorded_at = models.DateTimeField(auto_now_add=True)
    active_policies = models.PositiveIntegerField()
    overdue = models.PositiveIntegerField(help_text="Active policies past their review date.")
    overdue_under_way = models.PositiveIntegerField(
        "overdue with an EqIA under way",
        help_text="Of the overdue ones, those with an assessment in progress.",
    )
    review_date_unknown = models.PositiveIntegerField(
        help_text="Active policies with no review date on record."
    )

    class Meta:
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.month:%B %Y}: {self.overdue} of {self.active_policies} overdue"
