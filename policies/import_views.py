"""Spreadsheet import (upload, dry-run preview, confirm) and the register download.

Between the preview and the confirmation the uploaded bytes wait in a file under
MEDIA_ROOT/import-staging, named by a random token that only the session holds.
"""

import re
import secrets
import time
from pathlib import Path, PurePath

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render

from core.dates import today
from core.errors import ErrorLink, form_error_links
from core.http import AuthenticatedRequest
from policies.access import require_administrator
from policies.exporting import (
    CSV_CONTENT_TYPE,
    EXPORT_FORMATS,
    XLSX_CONTENT_TYPE,
    csv_bytes,
    xlsx_bytes,
)
from policies.forms import RegisterFilterForm
from policies.import_values import HEADER_SYNONYMS, REQUIRED_COLUMNS, Column
from policies.importing import Action, ImportResult, UnreadableFile, import_policies
from policies.selectors import register_policies

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_EXTENSIONS = {".csv", ".xlsx"}
SESSION_KEY = "policy_import_uploads"  # token -> the uploaded file's name
STAGED_PER_SESSION = 5  # older previews in other tabs expire
STAGED_FILE_LIFETIME_SECONDS = 24 * 60 * 60
TOKEN_FORMAT = re.compile(r"[A-Za-z0-9_-]{43}")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a spreadsheet",
        help_text="A CSV or Excel (.xlsx) file, smaller than 10 MB.",
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={
            "required": "Select a CSV or Excel file",
            "empty": "The selected file is empty",
        },
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in UPLOAD_EXTENSIONS:
            raise ValidationError("The selected file must be a CSV or XLSX file")
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError("The selected file must be smaller than 10 MB")
        return upload


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    skip_invalid = forms.BooleanField(
        label="Skip rows with errors and import the valid rows", required=False
    )


@login_required
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    require_administrator(request.user)
    form = ImportUploadForm()
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                result = import_policies(content=content, filename=upload.name, dry_run=True)
            except UnreadableFile as exc:
                form.add_error("file", exc.message)
            else:
                token = stage_upload(request, content, upload.name)
                confirm_form = ImportConfirmForm(initial={"token": token})
                return render_preview(request, result, upload.name, confirm_form)
    optional_columns = [column for column in Column if column not in REQUIRED_COLUMNS]
    return render(
        request,
        "policies/import_upload.html",
        {
            "form": form,
            "optional_columns": optional_columns,
            "synonyms": [(column, HEADER_SYNONYMS.get(column, ())) for column in Column],
        },
    )


@login_required
def import_confirm(request: AuthenticatedRequest) -> HttpResponse:
    require_administrator(request.user)
    if request.method != "POST":
        return redirect("policies:import")
    form = ImportConfirmForm(request.POST)
    token = request.POST.get("token", "")
    staged = request.session.get(SESSION_KEY, {})
    if not form.is_valid() or token not in staged or not staged_path(token).is_file():
        messages.error(request, "That upload has expired or was already imported. Upload it again.")
        return redirect("policies:import")
    filename = staged[token]
    try:
        result = import_policies(
            content=staged_path(token).read_bytes(),
            filename=filename,
            skip_invalid=form.cleaned_data["skip_invalid"],
            by=request.user,
        )
    except UnreadableFile as exc:
        discard_upload(request, token)
        messages.error(request, exc.message)
        return redirect("policies:import")
    if not result.written:
        form.add_error(
            "skip_invalid",
            "Nothing was imported because some rows have errors. Select “Skip rows with errors” "
            "to import the valid rows, or fix the file and upload it again",
        )
        return render_preview(request, result, filename, form)
    discard_upload(request, token)
    messages.success(request, success_message(filename, result))
    return redirect("policies:register")


@login_required
def export_download(request: AuthenticatedRequest) -> HttpResponse:
    """The register as the signed-in user sees it, with the same filters, as CSV or XLSX."""
    export_format = request.GET.get("format", "csv")
    if export_format not in EXPORT_FORMATS:
        return HttpResponseBadRequest("Choose format=csv or format=xlsx.")
    as_of = today()
    policies = register_policies(RegisterFilterForm(request.GET).filters(), as_of=as_of)
    if export_format == "xlsx":
        response = HttpResponse(xlsx_bytes(policies), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(csv_bytes(policies), content_type=CSV_CONTENT_TYPE)
    filename = f"policy-register-{as_of.isoformat()}.{export_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def render_preview(
    request: HttpRequest, result: ImportResult, filename: str, form: ImportConfirmForm
) -> HttpResponse:
    changes = [o for o in result.row_outcomes if o.action in {Action.CREATE, Action.UPDATE}]
    errors = form_error_links(form)
    if result.errors:
        rows = result.error_rows
        errors.append(
            ErrorLink(f"{rows} row{' has' if rows == 1 else 's have'} errors", "#row-errors")
        )
    return render(
        request,
        "policies/import_preview.html",
        {
            "result": result,
            "filename": filename,
            "form": form,
            "changes": changes,
            "errors": errors,
        },
    )


def success_message(filename: str, result: ImportResult) -> str:
    parts = [f"{filename} imported. {result.summary_line()}."]
    if result.errors:
        parts.append(f"Skipped {result.rows_with_errors} with errors.")
    if result.accounts_created:
        parts.append("Accounts created: " + ", ".join(result.accounts_created) + ".")
    if result.service_areas_created:
        parts.append("Service areas created: " + ", ".join(result.service_areas_created) + ".")
    if result.flagged:
        count = len(result.flagged)
        parts.append(
            f"The EDI group was told of {count} change{'' if count == 1 else 's'} "
            "(equality relevance lowered or next review moved far away)."
        )
    return " ".join(parts)


def staging_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "import-staging"


def staged_path(token: str) -> Path:
    if not TOKEN_FORMAT.fullmatch(token):
        raise ValueError("not an upload token")
    return staging_dir() / f"{token}.upload"


def stage_upload(request: HttpRequest, content: bytes, filename: str) -> str:
    """Keep the bytes for the confirmation; the token that finds them goes in the session."""
    directory = staging_dir()
    directory.mkdir(parents=True, exist_ok=True)
    remove_abandoned_uploads(directory)
    token = secrets.token_urlsafe(32)
    staged_path(token).write_bytes(content)
    staged = request.session.get(SESSION_KEY, {})
    staged[token] = filename
    while len(staged) > STAGED_PER_SESSION:
        oldest = next(iter(staged))
        del staged[oldest]
        staged_path(oldest).unlink(missing_ok=True)
    request.session[SESSION_KEY] = staged
    return token


def discard_upload(request: HttpRequest, token: str) -> None:
    staged_path(token).unlink(missing_ok=True)
    staged = request.session.get(SESSION_KEY, {})
    staged.pop(token, None)
    request.session[SESSION_KEY] = staged


def remove_abandoned_uploads(directory: Path) -> None:
    """Previews nobody confirmed would otherwise pile up."""
    cutoff = time.time() - STAGED_FILE_LIFETIME_SECONDS
    for path in directory.glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            pass  # removed by another request at the same moment
