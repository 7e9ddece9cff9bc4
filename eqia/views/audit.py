"""The Audit page: signed assessments for auditors, with filters and a zip of their PDFs."""

import io
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from eqia.documents.export import export_to_zip
from eqia.models import Assessment
from eqia.selectors import signed_assessments
from policies.forms import DATE_INPUT_FORMATS
from policies.models import ServiceArea
from workflow.roles import Role, has_role, is_administrator

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    policy = forms.CharField(label="Policy reference", required=False, max_length=50)
    service_area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.all(), required=False, empty_label="All service areas"
    )
    since = forms.DateField(
        label="Signed on or after",
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text="For example, 1/4/2026.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )


def may_audit(user) -> bool:  # type: ignore[no-untyped-def]
    return has_role(user, Role.AUDITOR) or is_administrator(user)


def filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[Assessment]]:
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, signed_assessments(
            policy_reference=data["policy"],
            since=data["since"],
            service_area_id=data["service_area"].pk if data["service_area"] else None,
        )
    return form, signed_assessments()


@login_required
def audit_page(request: HttpRequest) -> HttpResponse:
    if not may_audit(request.user):
        raise PermissionDenied("The Audit page is for auditors and administrators")
    form, assessments = filtered(request)
    page = Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return render(
        request,
        "documents/audit.html",
        {"filter_form": form, "page": page, "query_without_page": query},
    )


@login_required
def audit_zip(request: HttpRequest) -> HttpResponse:
    if not may_audit(request.user):
        raise PermissionDenied("The Audit page is for auditors and administrators")
    _, assessments = filtered(request)
    buffer = io.BytesIO()
    export_to_zip(assessments, buffer)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="signed-eqias-{stamp}.zip"'
    return response
