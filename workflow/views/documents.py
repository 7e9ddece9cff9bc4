"""The signed PDF of an assessment and its Word copy, through permission-checked views (never a
public URL: the public pages serve published ones themselves)."""

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from core.http import AuthenticatedRequest
from core.logging import security_event
from eqia.access import get_assessment_for
from eqia.models import Assessment
from workflow.documents.docx import NoSignedContent, assessment_docx, docx_filename
from workflow.documents.issue import signed_pdf_filename

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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


@login_required
def docx_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """The signed assessment as a Word copy (for committee papers): its frozen content."""
    assessment, _ = get_assessment_for(request.user, pk)
    return docx_response(assessment)


def docx_response(assessment: Assessment) -> FileResponse:
    """The Word copy of a signed assessment as a download; 404 when there is none to make
    (not signed, or its frozen content no longer matches its SHA-256: logged as a security
    event, since only a change to the database does that)."""
    try:
        content = assessment_docx(assessment)
    except NoSignedContent as problem:
        if assessment.is_signed:
            security_event("no Word copy made", assessment_id=assessment.pk, problem=str(problem))
        raise Http404("There is no signed content to copy") from None
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=docx_filename(assessment),
        content_type=DOCX_TYPE,
    )
