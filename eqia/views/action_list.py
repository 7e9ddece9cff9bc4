"""The Actions page: every live action across the council's action plans, for the EDI group,
administrators and auditors (who read only), with filters and a download of what they show."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from core.dates import today
from core.http import AuthenticatedRequest
from core.pages import paginate
from core.spreadsheets import CSV_CONTENT_TYPE, EXPORT_FORMATS, XLSX_CONTENT_TYPE
from eqia.access import Capability, require
from eqia.action_export import actions_csv, actions_xlsx
from eqia.forms.actions import ActionFilterForm
from eqia.selectors import action_rows, live_action_list


@login_required
def action_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, Capability.SEE_ACTIONS)
    as_of = today()
    filter_form = ActionFilterForm(request.GET or None)
    page = paginate(request, live_action_list(filter_form.filters(), as_of=as_of))
    return render(
        request,
        "actions/list.html",
        {
            "filter_form": filter_form,
            "page": page,
            "rows": action_rows(page.object_list, as_of=as_of, reader=request.user),
            "as_of": as_of,
        },
    )


@login_required
def action_export(request: AuthenticatedRequest) -> HttpResponse:
    """The live actions the page's filters show, as CSV or XLSX."""
    require(request.user, Capability.SEE_ACTIONS)
    export_format = request.GET.get("format", "csv")
    if export_format not in EXPORT_FORMATS:
        return HttpResponseBadRequest("Choose format=csv or format=xlsx.")
    as_of = today()
    filters = ActionFilterForm(request.GET).filters()
    rows = action_rows(live_action_list(filters, as_of=as_of), as_of=as_of)
    if export_format == "xlsx":
        response = HttpResponse(actions_xlsx(rows), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(actions_csv(rows), content_type=CSV_CONTENT_TYPE)
    filename = f"live-actions-{as_of.isoformat()}.{export_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
