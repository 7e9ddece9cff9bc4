from django.urls import path

from workflow.views import check

app_name = "check"

urlpatterns = [
    path("", check.check_signed_pdf, name="check"),
]
