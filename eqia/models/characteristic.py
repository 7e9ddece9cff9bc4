from django.db import models


class CharacteristicKind(models.TextChoices):
    STATUTORY = "statutory", "Statutory (Equality Act 2010)"
    LOCAL = "local", "Local (adopted by the council)"


class Characteristic(models.Model):
    """A group of people every assessment considers. Reference data, seeded by migration.

    An assessment takes the set in force when it starts (its impact rows are made then), so
    adding or retiring one never changes an assessment already under way or signed.
    """

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=10, choices=CharacteristicKind)
    description = models.TextField(
        help_text="What assessors should think about: who is in this group, and prompts."
    )
    aim_one_only = models.BooleanField(
        "assessed against aim 1 only",
        default=False,
        help_text="Marriage and civil partnership: only the duty to eliminate discrimination "
        "applies (s149(7) Equality Act 2010).",
    )
    position = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(
        "in force", default=True, help_text="Untick to leave it out of assessments started later."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name
