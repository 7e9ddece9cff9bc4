"""The Atom feed of newly published EqIAs (/published/feed/): the latest, newest first."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from eqia.models import Assessment
from publication import selectors
from workflow.documents.document_context import field_value

FEED_LENGTH = 50


def absolute(path: str) -> str:
    """Links in the feed start with the service's address, whatever host was asked."""
    return f"{settings.EQIA_SITE_URL}{path}"


class PublishedFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return f"{settings.EQIA_COUNCIL_NAME}: published equality impact assessments"

    def subtitle(self) -> str:
        return (
            "Equality impact assessments signed off and published by "
            f"{settings.EQIA_COUNCIL_NAME}, newest first."
        )

    def link(self) -> str:
        return absolute(reverse("published:list"))

    def feed_url(self) -> str:
        return absolute(reverse("published:feed"))

    def author_name(self) -> str:
        return settings.EQIA_COUNCIL_NAME

    def items(self) -> QuerySet[Assessment]:
        return (
            selectors.published()
            .select_related("policy", "signed_off_by")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item: Assessment) -> str:
        published = selectors.published_item(item)
        return (
            f"{published.reference} {published.title}: equality impact assessment v{item.version}"
        )

    def item_description(self, item: Assessment) -> str:
        published = selectors.published_item(item)
        snapshot: dict[str, Any] = item.frozen_content or {}
        outcome = field_value(
            "outcome", snapshot.get("parts", {}).get("outcome", {}).get("fields", {}).get("outcome")
        )
        sentences = [f"Signed off on {published.signed_off_on}."]
        if published.service_area:
            sentences.append(f"Service area: {published.service_area}.")
        if outcome:
            sentences.append(f"Outcome: {outcome}.")
        sentences.append(
            f"Negative impact on: {', '.join(published.negative_for)}."
            if published.negative_for
            else "No negative impact found."
        )
        if published.superseded:
            sentences.append("Since superseded by a newer version.")
        return " ".join(sentences)

    def item_link(self, item: Assessment) -> str:
        return absolute(selectors.public_url(item))

    def item_pubdate(self, item: Assessment) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Assessment) -> datetime.datetime | None:
        return item.published_at
