from django.urls import path

from eqia.views import actions, parts, start

app_name = "assessments"

# Included at /assessments/, beside the workflow's pages (the assessment page, its moves).
urlpatterns = [
    path("start/<str:reference>/", start.assessment_start_view, name="start"),
    path("<int:pk>/parts/<str:part>/", parts.part_page, name="part"),
    path("<int:pk>/parts/<str:part>/comment/", parts.part_comment, name="comment"),
    path("<int:pk>/actions/add/", actions.action_add_page, name="action_add"),
    path("actions/<int:action_pk>/edit/", actions.action_edit_page, name="action_edit"),
    path("actions/<int:action_pk>/remove/", actions.action_remove_page, name="action_remove"),
    path("actions/<int:action_pk>/update/", actions.action_update_page, name="action_update"),
]
