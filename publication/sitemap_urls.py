"""/sitemap.xml, which robots.txt names: the published pages only."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from publication.sitemaps import SITEMAPS

urlpatterns = [
    path("", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
