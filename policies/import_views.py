"""Spreadsheet import (upload, dry-run preview, confirm) and export download. PLACEHOLDER."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


@login_required
def import_confirm(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


@login_required
def export_download(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError
