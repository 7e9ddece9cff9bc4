from django.urls import path

from workflow import views

app_name = "workflow"

# Included at /assessments/, beside the content pages (which live under <pk>/parts/ etc.).
urlpatterns = [
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/recall/", views.recall, name="recall"),
    path("<int:pk>/start-review/", views.start_review, name="start_review"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/request-changes/", views.request_changes, name="request_changes"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("<int:pk>/return/", views.return_to_author, name="return"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/comments/", views.comment, name="comment"),
    path("<int:pk>/history/", views.history, name="history"),
]
