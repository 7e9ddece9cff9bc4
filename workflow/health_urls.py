from django.urls import path

from workflow.views import health

urlpatterns = [path("healthz", health.healthz, name="healthz")]
