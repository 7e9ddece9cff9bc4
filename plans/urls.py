"""The plan pages inside the service (signed in): included by the root URLconf as
include("plans.urls") under /plans/."""

from django.urls import path

from plans.views import imports, plans, rounds, structure

app_name = "plans"

urlpatterns = [
    path("", plans.plan_list, name="list"),
    path("new/", plans.plan_create_page, name="create"),
    path("import/", imports.plan_import, name="import"),
    path("import/confirm/", imports.plan_import_confirm, name="import_confirm"),
    path("<slug:slug>/", plans.plan_detail, name="detail"),
    path("<slug:slug>/edit/", plans.plan_edit, name="edit"),
    path("<slug:slug>/adopt/", plans.plan_adopt_page, name="adopt"),
    path("<slug:slug>/publish/", plans.plan_publish_page, name="publish"),
    path("<slug:slug>/next/", plans.plan_next_page, name="next"),
    path("<slug:slug>/plan.<str:kind>", plans.plan_document, name="document"),
    path("<slug:slug>/export/", plans.plan_export, name="export"),
    path("<slug:slug>/themes/new/", structure.theme_add, name="theme_add"),
    path("<slug:slug>/themes/<int:pk>/", structure.theme_edit, name="theme_edit"),
    path(
        "<slug:slug>/themes/<int:pk>/objectives/new/", structure.objective_add, name="objective_add"
    ),
    path("<slug:slug>/objectives/<int:pk>/", structure.objective_page, name="objective"),
    path("<slug:slug>/objectives/<int:pk>/edit/", structure.objective_edit, name="objective_edit"),
    path("<slug:slug>/objectives/<int:pk>/actions/new/", structure.action_add, name="action_add"),
    path("<slug:slug>/actions/<int:pk>/", structure.action_edit, name="action_edit"),
    path("<slug:slug>/<str:kind>/<int:pk>/remove/", structure.remove_page, name="remove"),
    path("<slug:slug>/<str:kind>/<int:pk>/move/", structure.move_page, name="move"),
    path("<slug:slug>/rounds/new/", rounds.round_open_page, name="round_open"),
    path("<slug:slug>/rounds/<int:year>/", rounds.round_page, name="round"),
    path("<slug:slug>/rounds/<int:year>/approve/", rounds.round_approve_page, name="round_approve"),
    path("<slug:slug>/rounds/<int:year>/publish/", rounds.round_publish_page, name="round_publish"),
    path(
        "<slug:slug>/rounds/<int:year>/report.<str:kind>",
        rounds.round_document,
        name="round_document",
    ),
    path("<slug:slug>/rounds/<int:year>/export/", rounds.progress_export, name="progress_export"),
    path(
        "<slug:slug>/rounds/<int:year>/import/",
        imports.progress_import_page,
        name="progress_import",
    ),
    path(
        "<slug:slug>/rounds/<int:year>/import/confirm/",
        imports.progress_import_confirm,
        name="progress_import_confirm",
    ),
    path(
        "<slug:slug>/rounds/<int:year>/actions/<int:pk>/",
        rounds.progress_page,
        name="progress",
    ),
]
