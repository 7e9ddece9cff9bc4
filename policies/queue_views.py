"""The review queue page: every signed-in member of staff may see it."""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from eqia.access import policies_shared_with, visible_assessments
from policies.dates import today
from policies.models import ServiceArea
from policies.queue import ranked_review_queue

PAGE_SIZE = 50


class QueueFilterForm(forms.Form):
    service_area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.all(), required=False, empty_label="All service areas"
    )
    mine = forms.BooleanField(label="Only my policies", required=False)


@login_required
def review_queue_page(request: HttpRequest) -> HttpResponse:
    filter_form = QueueFilterForm(request.GET or None)
    service_area = owner = None
    if filter_form.is_bound and filter_form.is_valid():
        service_area = filter_form.cleaned_data["service_area"]
        if filter_form.cleaned_data["mine"]:
            owner = request.user
    as_of = today()
    entries = ranked_review_queue(as_of=as_of, service_area=service_area, owner=owner)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    open_ids = [entry.open_assessment_id for entry in page if entry.open_assessment_id]
    visible_open = set(
        visible_assessments(request.user).filter(pk__in=open_ids).values_list("pk", flat=True)
    )
    assessable = set(policies_shared_with(request.user).values_list("pk", flat=True))
    query_without_page = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return render(
        request,
        "policies/queue.html",
        {
            "filter_form": filter_form,
            "page": page,
            "query_without_page": query_without_page,
            "as_of": as_of,
            "filtered": bool(service_area or owner),
            "visible_open": visible_open,
            "assessable": assessable,
        },
    )
