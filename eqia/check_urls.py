from django.urls import path

from eqia.views import check

app_name = "check"

urlpatterns = [
    path("", check.check_signed_pdf, name="check"),
]
