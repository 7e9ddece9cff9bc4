"""The public pages, at /published/ (no sign-in)."""

from django.urls import path

from publication import check, feeds, views

app_name = "published"

urlpatterns = [
    path("", views.published_list, name="list"),
    path("feed/", feeds.PublishedFeed(), name="feed"),
    path("check/", check.public_check, name="check"),
    path("<str:reference>/v<int:version>/", views.published_eqia, name="eqia"),
    path("<str:reference>/v<int:version>/signed.pdf", views.published_pdf, name="pdf"),
    path("<str:reference>/v<int:version>/content.json", views.published_json, name="json"),
    path("<str:reference>/v<int:version>/copy.docx", views.published_docx, name="docx"),
]
