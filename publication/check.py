"""The public "Check a signed EqIA" page: anyone may upload a PDF and learn whether it is a
signed EqIA the council issued, unchanged.

The same check as the staff page (workflow/documents/verification.py, in a child process with
its memory and time limits; the same upload limit and form), counted per client address
(core/throttle.py) instead of per person. Nothing uploaded is kept. The verdict links to the
assessment's public page when it is published, and says nothing else of one that is not.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from core.throttle import allow, client_address
from eqia.models import Assessment
from publication import selectors
from workflow.check_form import CheckSignedPdfForm
from workflow.documents.verification import verify_pdf_bytes
from workflow.views.check import BoundedMemoryUploadHandler, too_many_checks


@csrf_exempt  # checked below, once the upload handlers are set: the CSRF check reads the body
def public_check(request: HttpRequest) -> HttpResponse:
    handler = BoundedMemoryUploadHandler(request, settings.EQIA_CHECK_UPLOAD_MAX_BYTES)
    request.upload_handlers = [handler]
    return _public_check(request, handler)


@csrf_protect
def _public_check(request: HttpRequest, handler: BoundedMemoryUploadHandler) -> HttpResponse:
    form = CheckSignedPdfForm()
    verdict = None
    unavailable = assessment_url = ""
    newer = None
    status = 200
    if request.method == "POST":
        form = CheckSignedPdfForm(request.POST, request.FILES, upload_too_large=handler.too_large)
        valid = form.is_valid()
        if valid and not allow(
            f"check:address:{client_address(request)}",
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
                unavailable = "Signed PDFs cannot be checked at the moment. Please try again later."
            else:
                matched = (
                    selectors.published()
                    .filter(pk=verdict.assessment_id)
                    .select_related("policy")
                    .first()
                    if verdict.assessment_id is not None
                    else None
                )
                if matched is not None:
                    assessment_url = selectors.public_url(matched)
                    newer = selectors.newer_version(matched)
                elif verdict.assessment_id is not None:
                    newer = selectors.newer_version(
                        Assessment.objects.select_related("policy").get(pk=verdict.assessment_id)
                    )
            form = CheckSignedPdfForm()  # ready for the next file
    return render(
        request,
        "publication/check.html",
        {
            "form": form,
            "verdict": verdict,
            "assessment_url": assessment_url,
            "unavailable": unavailable,
            "newer": newer,
        },
        status=status,
    )
