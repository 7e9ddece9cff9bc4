"""The staff page about an assessment's publication, beside its other pages (/assessments/)."""

from django.urls import path

from publication import staff

app_name = "publication"

urlpatterns = [
    path("<int:pk>/publication/withdraw/", staff.withdraw_publication, name="withdraw"),
]
