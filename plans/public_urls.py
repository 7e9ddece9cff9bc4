"""The public pages of published plans and reports (no sign-in): included by the root URLconf
as include("plans.public_urls") under /equality-plans/."""

from django.urls import path

from plans import public_views

app_name = "equality_plans"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("<slug:slug>/", public_views.plan_page, name="plan"),
    path("<slug:slug>/plan.<str:kind>", public_views.plan_file, name="plan_file"),
    path("<slug:slug>/<int:year>/", public_views.report_page, name="report"),
    path("<slug:slug>/<int:year>/report.<str:kind>", public_views.report_file, name="report_file"),
]
