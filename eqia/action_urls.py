"""The Actions page: every live action, and its download. Included at /actions/."""

from django.urls import path

from eqia.views import action_list

app_name = "actions"

urlpatterns = [
    path("", action_list.action_list, name="list"),
    path("export/", action_list.action_export, name="export"),
]
