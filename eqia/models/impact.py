from django.db import models

from eqia.models.choices import Impact


class ImpactRow(models.Model):
    """The impact of the policy on one characteristic's group (a row of the impact grid)."""

    assessment = models.ForeignKey(
        "eqia.Assessment", on_delete=models.CASCADE, related_name="impacts"
    )
    characteristic = models.ForeignKey(
        "eqia.Characteristic", on_delete=models.PROTECT, related_name="+"
    )
    impact = models.CharField(max_length=10, choices=Impact, blank=True)
    evidence = models.TextField(blank=True)
    mitigation = models.TextField(blank=True)
    justification = models.TextField(
        blank=True, help_text="Why a negative impact that cannot be mitigated is justified."
    )

    class Meta:
        ordering = ["characteristic__position", "characteristic__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "characteristic"], name="one_impact_row_per_characteristic"
            )
        ]

    def __str__(self) -> str:
        return f"{self.characteristic}: {self.get_impact_display() or 'not rated'}"
