"""/sitemap.xml: the public pages search engines may index, and only those (robots.txt names
it). Addresses start with EQIA_SITE_URL, whatever host was asked."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from eqia.models import Assessment
from publication import selectors


class _OnTheSite:
    """The scheme and host of EQIA_SITE_URL, for every address a sitemap lists."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.EQIA_SITE_URL).scheme or "https"

    def get_domain(self, site: object = None) -> str:
        return urlsplit(settings.EQIA_SITE_URL).netloc


class PublishedPages(_OnTheSite, Sitemap):
    """Each published assessment's page."""

    changefreq = "never"

    def items(self) -> QuerySet[Assessment]:
        return selectors.published().select_related("policy").order_by("pk")

    def location(self, item: Assessment) -> str:
        return selectors.public_url(item)

    def lastmod(self, item: Assessment) -> datetime.datetime | None:
        return item.published_at


class PublicLists(_OnTheSite, Sitemap):
    """The list of published assessments and the page that checks a signed PDF."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return ["published:list", "published:check"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"lists": PublicLists, "assessments": PublishedPages}
