"""Publishing signed assessments: the council's rule and what a sign-off records of it.

The council decides, once, whether every signed EqIA is published or the sign-off officer
chooses for each (EQIA_PUBLICATION, read here and nowhere else). The sign-off move
(workflow/moves.py) records the decision on the assessment with ``publication_decided``; the
public pages (the publication app) show what is published; withdrawing a publication is the
publication app's service.
"""

import datetime

from django.conf import settings
from django.db import models

from eqia.models import Assessment, Publication


class PublicationRule(models.TextChoices):
    """EQIA_PUBLICATION's values."""

    EVERY = "all", "Every signed EqIA is published"
    CHOOSE = "choose", "The sign-off officer chooses whether each signed EqIA is published"


def publication_rule() -> PublicationRule:
    return PublicationRule(settings.EQIA_PUBLICATION)


def officer_chooses() -> bool:
    """Whether the sign-off officer chooses to publish (and says why not when they do not)."""
    return publication_rule() == PublicationRule.CHOOSE


def publication_decided(
    assessment: Assessment, *, publish: bool, reason: str, at: datetime.datetime
) -> tuple[str, ...]:
    """Record the sign-off's publication decision on the assessment (not saved): published
    from ``at``, or not published with ``reason``. The names of the fields it set."""
    assessment.publication = Publication.PUBLISHED if publish else Publication.NOT_PUBLISHED
    assessment.published_at = at if publish else None
    assessment.not_published_reason = "" if publish else reason.strip()
    return ("publication", "published_at", "not_published_reason")
