"""The "Check a signed EqIA" page: upload a PDF, see whether it is a signed EqIA this system
issued, untouched. Nothing uploaded is kept: the file is read in memory, never written to disk."""

from typing import IO

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadhandler import MemoryFileUploadHandler, SkipFile
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from core.http import AuthenticatedRequest
from core.throttle import allow
from eqia.access import visible_assessments
from eqia.models import Assessment
from eqia.selectors import NewerVersion, newer_version
from workflow.check_form import CheckSignedPdfForm
from workflow.documents.verification import verify_pdf_bytes


class BoundedMemoryUploadHandler(MemoryFileUploadHandler):
    """Keeps the upload in memory, whatever FILE_UPLOAD_MAX_MEMORY_SIZE says (so nothing
    reaches a temporary file), and drops what passes the limit. The limit is for the whole
    request, however many files it carries: the page takes one file."""

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
    return _check_signed_pdf(request, handler, throttle_key=f"check:user:{request.user.pk}")


def too_many_checks() -> str:
    minutes = settings.EQIA_CHECK_WINDOW_SECONDS // 60
    return (
        f"You have checked {settings.EQIA_CHECK_LIMIT} files in the last {minutes} minutes, "
        "the most this page allows: wait a few minutes, then try again"
    )


@csrf_protect
def _check_signed_pdf(
    request: HttpRequest, handler: BoundedMemoryUploadHandler, *, throttle_key: str
) -> HttpResponse:
    form = CheckSignedPdfForm()
    verdict = None
    assessment_url = unavailable = ""
    newer = None
    status = 200
    if request.method == "POST":
        form = CheckSignedPdfForm(request.POST, request.FILES, upload_too_large=handler.too_large)
        valid = form.is_valid()
        if valid and not allow(
            throttle_key,
            limit=settings.EQIA_CHECK_LIMIT,
            window=settings.EQIA_CHECK_WINDOW_SECONDS,
        ):
            form.add_error("file", too_many_checks())
            valid, status = False, 429
        if valid:
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
                visible = visible_assessments(request.user)
                if matched_id is not None and visible.filter(pk=matched_id).exists():
                    assessment_url = reverse("workflow:detail", args=[matched_id])
                if matched_id is not None:
                    newer = superseded_by(matched_id, visible)
            form = CheckSignedPdfForm()  # ready for the next file
    return render(
        request,
        "documents/check.html",
        {
            "form": form,
            "verdict": verdict,
            "assessment_url": assessment_url,
            "unavailable": unavailable,
            "newer": newer,
        },
        status=status,
    )


def superseded_by(assessment_id: int, visible: QuerySet[Assessment]) -> NewerVersion | None:
    """The version that superseded the checked one (``eqia.selectors.newer_version``), linked
    for a reader who may see it (``visible``)."""
    checked = Assessment.objects.select_related("policy").get(pk=assessment_id)
    return newer_version(
        checked,
        url=lambda newer: newer.get_absolute_url() if visible.filter(pk=newer.pk).exists() else "",
    )
