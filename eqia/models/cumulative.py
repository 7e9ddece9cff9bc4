from django.db import models


class CumulativeLinkManager(models.Manager["CumulativeLink"]):
    """Every read of a link shows the policy, the signed EqIA and the group: joined in once."""

    def get_queryset(self) -> models.QuerySet["CumulativeLink"]:
        return (
            super()
            .get_queryset()
            .select_related("linked_policy", "linked_assessment", "characteristic")
        )


class CumulativeLink(models.Model):
    """Cumulative impact, structured: another policy (and the signed EqIA of it that was
    considered, when it had one) that bears on one group together with this assessment's
    policy, and how the two combine for that group. One row a policy and group.

    Part of the Impacts part's content (saved with it: eqia.content.part_save), carried into
    the next version, frozen with the rest at sign-off (the snapshot's "cumulative_links").
    """

    assessment = models.ForeignKey(
        "eqia.Assessment", on_delete=models.CASCADE, related_name="cumulative_links"
    )
    linked_policy = models.ForeignKey(
        "policies.Policy", on_delete=models.PROTECT, related_name="considered_in"
    )
    # The linked policy's signed EqIA at the time the link was made, if it had one: what the
    # author had before them. It stays that version when a newer one is signed later.
    linked_assessment = models.ForeignKey(
        "eqia.Assessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="considered_by",
    )
    characteristic = models.ForeignKey(
        "eqia.Characteristic", on_delete=models.PROTECT, related_name="+"
    )
    how_they_combine = models.TextField("how they combine for this group")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CumulativeLinkManager()

    class Meta:
        ordering = ["linked_policy__reference", "characteristic__position", "characteristic__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "linked_policy", "characteristic"],
                name="one_cumulative_link_per_policy_and_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.linked_policy.reference}: {self.characteristic.name}"
