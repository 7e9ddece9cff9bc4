"""The Audit page: signed assessments for auditors, with filters and a zip of their PDFs."""

import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.forms import DateField
from core.http import AuthenticatedRequest
from core.pages import paginate
from eqia.access import Capability, require
from eqia.models import Assessment
from eqia.selectors import signed_assessments
from policies.models import ServiceArea
from workflow.documents.export import export_to_zip


class AuditFilterForm(forms.Form):
    policy = forms.CharField(label="Policy reference", required=False, max_length=50)
    service_area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.all(), required=False, empty_label="All service areas"
    )
    since = DateField(label="Signed on or after", called="the signing date", required=False)


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
def audit_page(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, Capability.AUDIT)
    form, assessments = filtered(request)
    return render(
        request,
        "documents/audit.html",
        {"filter_form": form, "page": paginate(request, assessments)},
    )


@login_required
def audit_zip(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, Capability.AUDIT)
    _, assessments = filtered(request)
    buffer = io.BytesIO()
    export_to_zip(assessments, buffer)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="signed-eqias-{stamp}.zip"'
    return response
