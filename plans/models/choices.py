"""The fixed vocabularies of a plan and its progress rounds."""

from django.db import models


class PlanState(models.TextChoices):
    """A plan is drafted, adopted by a committee, then published (and then fixed)."""

    DRAFT = "draft", "Draft"
    ADOPTED = "adopted", "Adopted"
    PUBLISHED = "published", "Published"

    @property
    def colour(self) -> str:
        return {"draft": "grey", "adopted": "turquoise", "published": "green"}[self.value]


class RoundState(models.TextChoices):
    """A progress round is open for returns, approved by the EDI group, then published (and
    then frozen)."""

    OPEN = "open", "Open for returns"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"

    @property
    def colour(self) -> str:
        return {"open": "blue", "approved": "turquoise", "published": "green"}[self.value]


class PsedAim(models.TextChoices):
    """The three aims of the Public Sector Equality Duty (s149 Equality Act 2010)."""

    ELIMINATE = "eliminate", "Eliminate discrimination, harassment and victimisation"
    OPPORTUNITY = "opportunity", "Advance equality of opportunity"
    RELATIONS = "relations", "Foster good relations"
