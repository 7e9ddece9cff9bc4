from django.urls import path

from workflow.moves import OFFERED
from workflow.views import assessment, decision, documents, moves

app_name = "workflow"

# Included at /assessments/, beside the content pages (which live under <pk>/parts/ etc.).
# Each move's page comes from its row in the move table.
urlpatterns = [
    path("<int:pk>/", assessment.assessment_detail, name="detail"),
    path("<int:pk>/review/", assessment.review, name="review"),
    path("<int:pk>/read/", assessment.read, name="read"),
    path("<int:pk>/history/", assessment.history, name="history"),
    path("<int:pk>/decision/", decision.decision_page, name="decision"),
    path("<int:pk>/signed.pdf", documents.signed_pdf_download, name="signed_pdf"),
    path("<int:pk>/copy.docx", documents.docx_download, name="docx"),
    *(
        path(f"<int:pk>/{move.path}/", moves.move_page, {"move": move.name}, name=move.name)
        for move in OFFERED
    ),
]
