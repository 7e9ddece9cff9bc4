"""The review queue page: every signed-in member of staff may see it."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from core.dates import today
from core.http import AuthenticatedRequest
from core.pages import paginate
from core.widgets import QuickSelect
from eqia.access import startable_policy_ids
from eqia.queue import ranked_queue
from eqia.selectors import openable_by
from policies.models import ServiceArea


class QueueFilterForm(forms.Form):
    service_area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.all(),
        required=False,
        empty_label="All service areas",
        widget=QuickSelect,  # as the register's lists: no template for each option
    )
    mine = forms.BooleanField(label="Only my policies", required=False)


@login_required
def review_queue_page(request: AuthenticatedRequest) -> HttpResponse:
    filter_form = QueueFilterForm(request.GET or None)
    service_area = owner = None
    if filter_form.is_bound and filter_form.is_valid():
        service_area = filter_form.cleaned_data["service_area"]
        if filter_form.cleaned_data["mine"]:
            owner = request.user
    as_of = today()
    page = paginate(request, ranked_queue(as_of=as_of, service_area=service_area, owner=owner))
    open_ids = [entry.extra["open_assessment_id"] for entry in page]
    visible_open = openable_by(request.user, [pk for pk in open_ids if pk])
    startable = startable_policy_ids(request.user, [entry.policy_id for entry in page])
    return render(
        request,
        "policies/queue.html",
        {
            "filter_form": filter_form,
            "page": page,
            "as_of": as_of,
            "due_soon_days": settings.EQIA_REVIEW_DUE_SOON_DAYS,
            "filtered": bool(service_area or owner),
            "visible_open": visible_open,
            "startable": startable,
        },
    )
