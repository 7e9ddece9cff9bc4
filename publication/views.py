"""The public pages of published EqIAs (/published/, no sign-in): the list, each assessment's
page of its frozen signed content, and its signed PDF, JSON and Word copy.

Every page finds assessments through publication.selectors, which finds only published ones;
a withdrawn publication's page is a notice (410 Gone). Search engines may index these pages
(``indexable``); nothing else of the service.
"""

import io
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.dates import long_date
from core.errors import form_error_links
from core.middleware import indexable
from core.pages import paginate
from eqia.models import Assessment, AuditEntry, Publication
from eqia.snapshot import content_sha256
from publication import selectors
from publication.forms import PublishedFilterForm
from workflow.documents.document_context import document_context
from workflow.documents.issue import signed_pdf_filename
from workflow.views.documents import docx_response


@require_safe
@indexable
def published_list(request: HttpRequest) -> HttpResponse:
    form = PublishedFilterForm(request.GET or None)
    page = paginate(request, selectors.published_list(form.filters()))
    return render(
        request,
        "publication/list.html",
        {
            "filter_form": form,
            "errors": form_error_links(form),  # for the page's title ("Error: ...")
            "page": page,
            "items": [selectors.published_item(assessment) for assessment in page],
        },
    )


def _published(reference: str, version: int) -> Assessment:
    assessment = selectors.on_record(reference, version)
    if assessment is None or not assessment.is_published:
        raise Http404("No published assessment found")
    return assessment


def signed_content(assessment: Assessment) -> dict[str, Any]:
    """What the signed PDF shows, in the words of templates/documents/eqia.html's context,
    from the content frozen at sign-off (404 if it no longer matches its SHA-256)."""
    snapshot = assessment.frozen_content
    assert snapshot is not None  # the selectors find only frozen assessments
    digest = content_sha256(snapshot)
    if digest != assessment.content_sha256:
        raise Http404("The signed content of this assessment cannot be shown")
    entries = list(AuditEntry.objects.filter(assessment=assessment).order_by("sequence"))
    return document_context(
        snapshot,
        content_sha256=digest,
        attachment_name=json_filename(assessment),
        entries=entries,
    )


def json_filename(assessment: Assessment) -> str:
    return f"{assessment.policy.reference}_EqIA_v{assessment.version}.json"


@require_safe
@indexable
def published_eqia(request: HttpRequest, reference: str, version: int) -> HttpResponse:
    assessment = selectors.on_record(reference, version)
    if assessment is None:
        raise Http404("No published assessment found")
    if assessment.publication == Publication.WITHDRAWN:
        return render(
            request,
            "publication/withdrawn.html",
            {
                "assessment": assessment,
                "title": selectors.published_item(assessment).title,
                "withdrawn_on": long_date(
                    timezone.localtime(assessment.publication_withdrawn_at).date()
                )
                if assessment.publication_withdrawn_at
                else "",
            },
            status=410,
        )
    return render(
        request,
        "publication/eqia.html",
        {
            **signed_content(assessment),
            "assessment": assessment,
            "item": selectors.published_item(assessment),
            "newer": selectors.newer_version(assessment),
            "other_versions": selectors.other_versions(assessment),
            "pdf_size": _size(assessment),
            "pdf_name": signed_pdf_filename(assessment),
        },
    )


def _size(assessment: Assessment) -> int | None:
    if not assessment.signed_pdf:
        return None
    try:
        return int(assessment.signed_pdf.size)
    except Exception:  # whatever the storage's failure, the page only goes without the size
        return None


@require_safe
@indexable
def published_pdf(request: HttpRequest, reference: str, version: int) -> FileResponse:
    assessment = _published(reference, version)
    if not assessment.signed_pdf:
        raise Http404("This assessment has no signed PDF")
    try:
        pdf = assessment.signed_pdf.open("rb")
    except OSError:
        raise Http404("The signed PDF cannot be found") from None
    return FileResponse(
        pdf,
        as_attachment=True,
        filename=signed_pdf_filename(assessment),
        content_type="application/pdf",
    )


@require_safe
def published_json(request: HttpRequest, reference: str, version: int) -> FileResponse:
    """The frozen content as the signed PDF embeds it: the snapshot with its SHA-256."""
    # Imported here: the module imports WeasyPrint, which the other pages do not need.
    from workflow.documents.render import attachment_json

    assessment = _published(reference, version)
    snapshot = assessment.frozen_content
    assert snapshot is not None  # the selectors find only frozen assessments
    if content_sha256(snapshot) != assessment.content_sha256:
        raise Http404("The signed content of this assessment cannot be shown")
    return FileResponse(
        io.BytesIO(attachment_json(snapshot, assessment.content_sha256).encode("utf-8")),
        as_attachment=False,
        filename=json_filename(assessment),
        content_type="application/json; charset=utf-8",
    )


@require_safe
def published_docx(request: HttpRequest, reference: str, version: int) -> FileResponse:
    return docx_response(_published(reference, version))
