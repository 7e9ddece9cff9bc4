"""The signed PDF of an assessment, through a permission-checked view (never a public URL)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from core.http import AuthenticatedRequest
from eqia.access import get_assessment_for
from workflow.documents.issue import signed_pdf_filename


@login_required
def signed_pdf_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    assessment, _ = get_assessment_for(request.user, pk)
    if not assessment.is_signed or not assessment.signed_pdf:
        raise Http404("This assessment has no signed PDF")
    return FileResponse(
        assessment.signed_pdf.open("rb"),
        as_attachment=True,
        filename=signed_pdf_filename(assessment),
        content_type="application/pdf",
    )
