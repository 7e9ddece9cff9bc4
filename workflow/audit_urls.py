from django.urls import path

from workflow.views import audit

app_name = "audit"

urlpatterns = [
    path("", audit.audit_page, name="list"),
    path("signed-eqias.zip", audit.audit_zip, name="zip"),
]
