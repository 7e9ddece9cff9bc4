"""The insight pages: the picture across signed EqIAs, the year's process measures (page, PDF,
Word), the EDI home page and the list of assessments in a state it links to; every table as a
CSV or XLSX download. The EDI group, administrators and auditors read them (the gate:
Capability.SEE_INSIGHT); the home page and the list are the EDI group's and administrators'
(Capability.OVERSEE)."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse

from core.dates import today
from core.errors import form_error_links
from core.http import AuthenticatedRequest
from core.pages import paginate
from core.spreadsheets import CSV_CONTENT_TYPE, EXPORT_FORMATS, XLSX_CONTENT_TYPE
from eqia.access import Capability, holds, require
from eqia.selectors import my_work
from eqia.views.home import home as my_work_page
from insight.documents import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    file_name,
    report_docx,
    report_pdf,
)
from insight.forms import AssessmentFilterForm, PictureFilterForm, ReportYearForm, report_years
from insight.picture import RATINGS, picture
from insight.process import NOTES, ProcessReport, process_report
from insight.tables import Table
from insight.waiting import edi_home, in_state, waiting


def _set_downloads(tables: dict[str, Table], url_name: str, query: str) -> None:
    for table in tables.values():
        table.download = f"{reverse(url_name, args=[table.slug])}?{f'{query}&' if query else ''}"


def _download(table: Table, export_format: str, name: str) -> HttpResponse:
    if export_format == "xlsx":
        response = HttpResponse(table.xlsx(), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(table.csv(), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{export_format}"'
    return response


def _format_refusal(request: HttpRequest) -> HttpResponse | None:
    if request.GET.get("format", "csv") not in EXPORT_FORMATS:
        return HttpResponseBadRequest(
            "Choose format=csv or format=xlsx.", content_type="text/plain; charset=utf-8"
        )
    return None


# The picture across signed EqIAs.


@login_required
def insight_page(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, Capability.SEE_INSIGHT)
    filter_form = PictureFilterForm(request.GET or None)
    filters = filter_form.filters()
    result = picture(filters, as_of=today())
    # The downloads are of what the page shows: for the filters applied (none, while a value
    # is refused), so a link the page offers never leads to a refusal.
    _set_downloads(result.tables, "insight:export", filters.query())
    return render(
        request,
        "insight/index.html",
        {
            "filter_form": filter_form,
            "errors": form_error_links(filter_form),  # the title says "Error: " too
            "filters": filters,
            "picture": result,
            "ratings": [rating for rating, _ in RATINGS],
        },
    )


@login_required
def insight_export(request: AuthenticatedRequest, table: str) -> HttpResponse:
    """One table of the insight page, for the page's filters, as CSV or XLSX."""
    require(request.user, Capability.SEE_INSIGHT)
    if refusal := _format_refusal(request):
        return refusal
    filter_form = PictureFilterForm(request.GET or None)
    if filter_form.is_bound and not filter_form.is_valid():
        return _bad_filters(filter_form.errors)
    found = picture(filter_form.filters(), as_of=today()).tables.get(table)
    if found is None:
        raise Http404("No such table")
    return _download(found, request.GET.get("format", "csv"), f"insight-{table}-{today()}")


def _bad_filters(errors: ErrorDict) -> HttpResponse:
    said = "; ".join(
        f"{name}: {' '.join(str(m) for m in messages)}" for name, messages in errors.items()
    )
    return HttpResponseBadRequest(said, content_type="text/plain; charset=utf-8")


# The year's process measures.


def _report(request: HttpRequest) -> tuple[ReportYearForm, ProcessReport]:
    form = ReportYearForm(request.GET or None)
    return form, process_report(form.chosen_year(), today=today())


@login_required
def process_page(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, Capability.SEE_INSIGHT)
    year_form, report = _report(request)
    query = urlencode({"year": report.year})
    _set_downloads(report.tables, "insight:process_export", query)
    sections = [
        {"table": table, "chart": report.charts.get(slug), "note": NOTES.get(slug, "")}
        for slug, table in report.tables.items()
    ]
    return render(
        request,
        "insight/process.html",
        {
            "filter_form": year_form,
            "errors": form_error_links(year_form),
            "report": report,
            "sections": sections,
            "year_query": query,
        },
    )


def _year_refusal(request: HttpRequest) -> HttpResponse | None:
    """A download for a year that is not offered is refused, saying which are."""
    form = ReportYearForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        years = report_years()
        return HttpResponseBadRequest(
            f"Choose a year from {years[-1]} to {years[0]}.",
            content_type="text/plain; charset=utf-8",
        )
    return None


@login_required
def process_export(request: AuthenticatedRequest, table: str) -> HttpResponse:
    require(request.user, Capability.SEE_INSIGHT)
    if refusal := _format_refusal(request) or _year_refusal(request):
        return refusal
    _, report = _report(request)
    found = report.tables.get(table)
    if found is None:
        raise Http404("No such table")
    return _download(
        found, request.GET.get("format", "csv"), f"process-measures-{report.year}-{table}"
    )


@login_required
def process_pdf(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, Capability.SEE_INSIGHT)
    if refusal := _year_refusal(request):
        return refusal
    _, report = _report(request)
    response = HttpResponse(report_pdf(report), content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name(report, "pdf")}"'
    return response


@login_required
def process_docx(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, Capability.SEE_INSIGHT)
    if refusal := _year_refusal(request):
        return refusal
    _, report = _report(request)
    response = HttpResponse(report_docx(report), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name(report, "docx")}"'
    return response


# The EDI home page, and the assessments in a state.


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """The EDI group's and administrators' home: what waits for them across the council first,
    then their own work. Everyone else gets My work, as eqia shows it."""
    if not holds(request.user, Capability.OVERSEE):
        return my_work_page(request)
    work = my_work(request.user, to_review=False)  # the EDI sections above list it, oldest first
    return render(
        request,
        "insight/home.html",
        {
            "edi": edi_home(request.user, as_of=today()),
            "work": work,
            "may_see_insight": holds(request.user, Capability.SEE_INSIGHT),
        },
    )


@login_required
def assessment_list(request: AuthenticatedRequest) -> HttpResponse:
    """The assessments in a state (every open state by default), longest in it first; each
    linked for those who may open it."""
    require(request.user, Capability.OVERSEE)
    filter_form = AssessmentFilterForm(request.GET or None)
    states, area = filter_form.chosen()
    page = paginate(request, in_state(states, area))
    return render(
        request,
        "insight/assessments.html",
        {
            "filter_form": filter_form,
            "errors": form_error_links(filter_form),
            "page": page,
            "rows": waiting(list(page.object_list), request.user, as_of=today()),
            "as_of": today(),
        },
    )
