"""The insight pages, included at /insight/."""

from django.urls import path

from insight import views

app_name = "insight"

urlpatterns = [
    path("", views.insight_page, name="index"),
    path("export/<slug:table>/", views.insight_export, name="export"),
    path("process/", views.process_page, name="process"),
    path("process/export/<slug:table>/", views.process_export, name="process_export"),
    path("process/report.pdf", views.process_pdf, name="process_pdf"),
    path("process/report.docx", views.process_docx, name="process_docx"),
    path("assessments/", views.assessment_list, name="assessments"),
]
