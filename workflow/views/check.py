"""The "Check a signed EqIA" page: upload a PDF, see whether it is a signed EqIA this system
issued, untouched. Nothing uploaded is kept: the file is read in memory, never written to disk."""

from typing import IO, Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadhandler import MemoryFileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from core.http import AuthenticatedRequest
from eqia.access import visible_assessments
from workflow.check_form import CheckSignedPdfForm
from workflow.documents.verification import verify_pdf_bytes


class BoundedMemoryUploadHandler(MemoryFileUploadHandler):
    """Keeps every uploaded file in memory, whatever FILE_UPLOAD_MAX_MEMORY_SIZE says (so none
    reaches a temporary file), and drops one that grows past the limit."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_large = False

    def handle_raw_input(
        self,
        input_data: IO[bytes],
        META: dict[str, str],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        self.activated = True

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise SkipFile()
        return super().receive_data_chunk(raw_data, start)


@login_required
@csrf_exempt  # checked below, once the upload handlers are set: the CSRF check reads the body
def check_signed_pdf(request: AuthenticatedRequest) -> HttpResponse:
    handler = BoundedMemoryUploadHandler(request, settings.EQIA_CHECK_UPLOAD_MAX_BYTES)
    request.upload_handlers = [handler]
    return _check_signed_pdf(request, handler)


@csrf_protect
def _check_signed_pdf(
    request: AuthenticatedRequest, handler: BoundedMemoryUploadHandler
) -> HttpResponse:
    form = CheckSignedPdfForm()
    verdict = None
    assessment_url = unavailable = ""
    if request.method == "POST":
        form = CheckSignedPdfForm(request.POST, request.FILES, upload_too_large=handler.too_large)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data = upload.read()
            finally:
                upload.close()
            try:
                verdict = verify_pdf_bytes(data)
            except ImproperlyConfigured:
                unavailable = (
                    "Signed PDFs cannot be checked at the moment: this service has no signing "
                    "certificate configured. Tell an administrator."
                )
            else:
                matched_id = verdict.assessment_id  # None unless the PDF matched an assessment
                if matched_id is not None and (
                    visible_assessments(request.user).filter(pk=matched_id).exists()
                ):
                    assessment_url = reverse("workflow:detail", args=[matched_id])
            form = CheckSignedPdfForm()  # ready for the next file
    return render(
        request,
        "documents/check.html",
        {
            "form": form,
            "verdict": verdict,
            "assessment_url": assessment_url,
            "unavailable": unavailable,
        },
    )
