"""Spreadsheet import (upload, dry-run preview, confirm or cancel) and the register download.

Between the preview and the confirmation the uploaded bytes wait in the file storage (a folder
under MEDIA_ROOT, or the object storage every app server shares: EQIA_STORAGE) as
import-staging/<token>.upload, where the token is 256 random bits that only the uploader's
session holds. Confirming or cancelling removes the file; one left behind (a preview nobody
confirmed, a session that ended) is removed a day later, by the next upload.
"""

import datetime
import re
import secrets
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone

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
from policies.importing import INVITED, Action, ImportResult, UnreadableFile, import_policies
from policies.selectors import register_policies

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_EXTENSIONS = {".csv", ".xlsx"}
SESSION_KEY = "policy_import_uploads"  # token -> the uploaded file's name
STAGED_PER_SESSION = 5  # older previews in other tabs expire
STAGED_FILE_LIFETIME = datetime.timedelta(hours=24)
STAGING_FOLDER = "import-staging"
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


# The name of the preview's second button: leave the register as it is and forget the file.
CANCEL = "cancel"


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
    content = staged_content(token) if form.is_valid() and token in staged else None
    if content is None:
        messages.error(request, "That upload has expired or was already imported. Upload it again.")
        return redirect("policies:import")
    filename = staged[token]
    if CANCEL in request.POST:
        discard_upload(request, token)
        messages.success(request, f"{filename} was not imported: the register is unchanged.")
        return redirect("policies:register")
    try:
        result = import_policies(
            content=content,
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
        parts.append(INVITED)
    if result.service_areas_created:
        parts.append("Service areas created: " + ", ".join(result.service_areas_created) + ".")
    if result.flagged:
        count = len(result.flagged)
        parts.append(
            f"The EDI group was told of {count} change{'' if count == 1 else 's'} "
            "(equality relevance lowered or next review moved far away)."
        )
    return " ".join(parts)


def staged_name(token: str) -> str:
    """The storage name of a staged upload: only ever a token of the expected form, so no name
    the browser sends can reach another file."""
    if not TOKEN_FORMAT.fullmatch(token):
        raise ValueError("not an upload token")
    return f"{STAGING_FOLDER}/{token}.upload"


def staged_content(token: str) -> bytes | None:
    """The staged upload's bytes; None when the token is malformed or the file is gone."""
    if not TOKEN_FORMAT.fullmatch(token):
        return None
    try:
        with default_storage.open(staged_name(token), "rb") as staged:
            content: bytes = staged.read()
    except FileNotFoundError:
        return None
    return content


def stage_upload(request: HttpRequest, content: bytes, filename: str) -> str:
    """Keep the bytes for the confirmation; the token that finds them goes in the session."""
    remove_abandoned_uploads()
    token = secrets.token_urlsafe(32)
    saved = default_storage.save(staged_name(token), ContentFile(content))
    if saved != staged_name(token):  # a storage that renamed it: never expected, never kept
        default_storage.delete(saved)
        raise RuntimeError(f"The file storage stored the upload as {saved!r}")
    staged = request.session.get(SESSION_KEY, {})
    staged[token] = filename
    while len(staged) > STAGED_PER_SESSION:
        oldest = next(iter(staged))
        del staged[oldest]
        default_storage.delete(staged_name(oldest))
    request.session[SESSION_KEY] = staged
    return token


def discard_upload(request: HttpRequest, token: str) -> None:
    default_storage.delete(staged_name(token))
    staged = request.session.get(SESSION_KEY, {})
    staged.pop(token, None)
    request.session[SESSION_KEY] = staged


def remove_abandoned_uploads() -> None:
    """Previews nobody confirmed would otherwise pile up."""
    cutoff = timezone.now() - STAGED_FILE_LIFETIME
    try:
        _folders, names = default_storage.listdir(STAGING_FOLDER)
    except FileNotFoundError:
        return  # nothing was ever staged here
    for name in names:
        path = f"{STAGING_FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except FileNotFoundError:
            pass  # removed by another request at the same moment
