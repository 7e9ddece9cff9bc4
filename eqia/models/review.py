from django.conf import settings
from django.db import models

from eqia.models.choices import Part


class DecisionMeeting(models.Model):
    """A meeting or body on the decision pathway, where the assessment informs the decision."""

    assessment = models.ForeignKey(
        "eqia.Assessment", on_delete=models.CASCADE, related_name="decision_meetings"
    )
    body = models.CharField("meeting or body", max_length=200)
    date = models.DateField()

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.body} ({self.date:%d/%m/%Y})"


class ReviewComment(models.Model):
    """A comment on one part: reviewers raise points, the author answers beside the part.

    A reviewer's point is resolved by the reviewer who made it or by the author's side once
    answered; a mistaken comment is withdrawn by its author before its review round closes.
    Both are recorded on the audit trail (eqia.content.comment_resolve, comment_withdraw): the
    comment stays, marked.
    """

    assessment = models.ForeignKey(
        "eqia.Assessment", on_delete=models.CASCADE, related_name="comments"
    )
    part = models.CharField(max_length=12, choices=Part)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    review_round = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_part_display()}: {self.text[:60]}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_open(self) -> bool:
        """Still to be answered: neither resolved nor withdrawn."""
        return self.resolved_at is None and self.withdrawn_at is None


class Approval(models.Model):
    """An EDI reviewer's approval in one review round; requested changes start a new round."""

    assessment = models.ForeignKey(
        "eqia.Assessment", on_delete=models.CASCADE, related_name="approvals"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    review_round = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "approver", "review_round"], name="one_approval_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"Approved by {self.approver} in round {self.review_round}"
