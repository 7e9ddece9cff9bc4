from django.urls import path

from policies import import_views, views

app_name = "policies"

# The register's pages; the root URLconf adds the pages that show a policy's assessments
# (eqia.urls), under the same /policies/ prefix and namespace.
urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.policy_create, name="create"),
    path("import/", import_views.import_upload, name="import"),
    path("import/confirm/", import_views.import_confirm, name="import_confirm"),
    path("export/", import_views.export_download, name="export"),
    path("<str:reference>/edit/", views.policy_edit, name="edit"),
]
