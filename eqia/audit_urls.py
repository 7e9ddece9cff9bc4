from django.urls import path

from eqia.views import audit

app_name = "audit"

urlpatterns = [
    path("", audit.audit_page, name="list"),
    path("signed-eqias.zip", audit.audit_zip, name="zip"),
]
