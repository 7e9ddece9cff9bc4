from django.urls import path

from policies import import_views, queue_views, views

app_name = "policies"

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.policy_create, name="create"),
    path("queue/", queue_views.review_queue_page, name="queue"),
    path("import/", import_views.import_upload, name="import"),
    path("import/confirm/", import_views.import_confirm, name="import_confirm"),
    path("export/", import_views.export_download, name="export"),
    path("<str:reference>/", views.policy_detail, name="detail"),
    path("<str:reference>/edit/", views.policy_edit, name="edit"),
    path("<str:reference>/sharing/", views.policy_sharing, name="sharing"),
]
