"""Uploading a plan or a round's progress as a spreadsheet: the same upload, preview and
confirm pages as the register's import (policies.import_views), whose upload checks and
staging of the file between preview and confirmation they reuse."""

import secrets
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from core.errors import ErrorLink, form_error_links
from core.http import AuthenticatedRequest
from plans.access import require_manager
from plans.forms import year_field
from plans.importing import (
    Outcome,
    PlanImportResult,
    UnreadableFile,
    import_plan,
)
from plans.models import Plan
from plans.progress_import import ProgressImportResult, import_progress
from plans.spreadsheet import (
    PLAN_REQUIRED,
    PLAN_SYNONYMS,
    PROGRESS_SYNONYMS,
    PlanColumn,
    ProgressColumn,
)
from plans.views.common import round_for
from policies.import_views import (
    CANCEL,
    STAGED_PER_SESSION,
    ImportConfirmForm,
    ImportUploadForm,
    remove_abandoned_uploads,
    staged_content,
    staged_name,
)

SESSION_KEY = "plan_import_uploads"  # token -> what the upload is for


class PlanUploadForm(ImportUploadForm):
    title = forms.CharField(
        label="The plan's title",
        max_length=300,
        help_text="A plan with this title is updated (while it is a draft); otherwise a new draft "
        "is made.",
        error_messages={"required": "Enter the plan's title"},
    )
    period_start = year_field("First year", "Needed for a new plan, for example 2026.")
    period_end = year_field("Last year", "Needed for a new plan, for example 2030.")
    follows = forms.ModelChoiceField(
        label="The plan it follows (optional)",
        queryset=Plan.objects.order_by("-period_start"),
        required=False,
        empty_label="None",
        help_text="The plan whose actions the Carried from column names.",
    )

    field_order = ["title", "period_start", "period_end", "follows", "file"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period_start"].required = False
        self.fields["period_end"].required = False
        self.fields["file"].label = "The plan spreadsheet"

    def period(self) -> tuple[int, int] | None:
        start, end = self.cleaned_data.get("period_start"), self.cleaned_data.get("period_end")
        return (start, end) if start is not None and end is not None else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if (
            (start is None) != (end is None)
            and not self.errors.get("period_start")
            and not (self.errors.get("period_end"))
        ):
            field = "period_end" if end is None else "period_start"
            self.add_error(field, "Enter both years of the period, or neither")
        return cleaned


def stage(request: HttpRequest, content: bytes, **details: Any) -> str:
    """Keep the bytes for the confirmation where the register's import keeps its own
    (policies.import_views); the session holds the token and what the upload is for."""
    remove_abandoned_uploads()
    token = secrets.token_urlsafe(32)
    saved = default_storage.save(staged_name(token), ContentFile(content))
    if saved != staged_name(token):  # a storage that renamed it: never expected, never kept
        default_storage.delete(saved)
        raise RuntimeError(f"The file storage stored the upload as {saved!r}")
    staged = request.session.get(SESSION_KEY, {})
    staged[token] = details
    while len(staged) > STAGED_PER_SESSION:
        oldest = next(iter(staged))
        del staged[oldest]
        default_storage.delete(staged_name(oldest))
    request.session[SESSION_KEY] = staged
    return token


@dataclass(frozen=True)
class Staged:
    token: str
    content: bytes
    details: dict[str, Any]


def staged_upload(request: HttpRequest, form: ImportConfirmForm, kind: str) -> Staged | None:
    """The upload the confirmation is for, while its file is still kept."""
    token = request.POST.get("token", "")
    details = request.session.get(SESSION_KEY, {}).get(token)
    if not form.is_valid() or not details or details.get("kind") != kind:
        return None
    content = staged_content(token)
    return Staged(token, content, details) if content is not None else None


def discard(request: HttpRequest, token: str) -> None:
    default_storage.delete(staged_name(token))
    staged = request.session.get(SESSION_KEY, {})
    staged.pop(token, None)
    request.session[SESSION_KEY] = staged


def preview(
    request: HttpRequest,
    result: PlanImportResult | ProgressImportResult,
    filename: str,
    form: ImportConfirmForm,
    **context: Any,
) -> HttpResponse:
    errors = form_error_links(form) + [ErrorLink(problem) for problem in result.problems]
    if result.errors:
        rows = result.error_rows
        errors.append(
            ErrorLink(f"{rows} row{' has' if rows == 1 else 's have'} errors", "#row-errors")
        )
    changes = [o for o in result.row_outcomes if o.outcome in (Outcome.CREATE, Outcome.UPDATE)]
    return render(
        request,
        "plans/import_preview.html",
        {
            "result": result,
            "filename": filename,
            "form": form,
            "changes": changes,
            "errors": errors,
            **context,
        },
    )


@login_required
def plan_import(request: AuthenticatedRequest) -> HttpResponse:
    require_manager(request.user)
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        follows = form.cleaned_data["follows"]
        try:
            result = import_plan(
                content=content,
                filename=upload.name,
                title=form.cleaned_data["title"],
                period=form.period(),
                follows=follows,
                dry_run=True,
                by=request.user,
            )
        except UnreadableFile as exc:
            form.add_error("file", exc.message)
        else:
            token = stage(
                request,
                content,
                kind="plan",
                filename=upload.name,
                title=form.cleaned_data["title"],
                period=list(form.period() or []),
                follows=follows.pk if follows else None,
            )
            return preview(
                request,
                result,
                upload.name,
                ImportConfirmForm(initial={"token": token}),
                confirm_url=reverse("plans:import_confirm"),
                back_url=reverse("plans:import"),
                what="plan",
            )
    return render(
        request,
        "plans/import_upload.html",
        {
            "form": form,
            "errors": form_error_links(form),
            "required": PLAN_REQUIRED,
            "optional": [c for c in PlanColumn if c not in PLAN_REQUIRED],
            "synonyms": [(column, PLAN_SYNONYMS.get(column, ())) for column in PlanColumn],
            "what": "plan",
        },
    )


@login_required
def plan_import_confirm(request: AuthenticatedRequest) -> HttpResponse:
    require_manager(request.user)
    if request.method != "POST":
        return redirect("plans:import")
    form = ImportConfirmForm(request.POST)
    found = staged_upload(request, form, "plan")
    if found is None:
        messages.error(request, "That upload has expired or was already imported. Upload it again.")
        return redirect("plans:import")
    token, details = found.token, found.details
    if CANCEL in request.POST:
        discard(request, token)
        messages.success(request, f"{details['filename']} was not imported: nothing changed.")
        return redirect("plans:list")
    follows = Plan.objects.filter(pk=details["follows"]).first() if details["follows"] else None
    try:
        result = import_plan(
            content=found.content,
            filename=details["filename"],
            title=details["title"],
            period=(details["period"][0], details["period"][1]) if details["period"] else None,
            follows=follows,
            skip_invalid=form.cleaned_data["skip_invalid"],
            by=request.user,
        )
    except UnreadableFile as exc:
        discard(request, token)
        messages.error(request, exc.message)
        return redirect("plans:import")
    if not result.written:
        if result.errors and not result.problems:
            form.add_error(
                "skip_invalid",
                "Nothing was imported because some rows have errors. Select \u201cSkip rows with "
                "errors\u201d to import the valid rows, or fix the file and upload it again",
            )
        return preview(
            request,
            result,
            details["filename"],
            form,
            confirm_url=reverse("plans:import_confirm"),
            back_url=reverse("plans:import"),
            what="plan",
        )
    discard(request, token)
    messages.success(request, f"{details['filename']} imported. {result.summary_line()}.")
    return redirect("plans:detail", slug=result.slug)


class ProgressUploadForm(ImportUploadForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "The progress spreadsheet"


@login_required
def progress_import_page(request: AuthenticatedRequest, slug: str, year: int) -> HttpResponse:
    plan, round = round_for(request.user, slug, year, manage=True)
    form = ProgressUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            result = import_progress(
                content=content,
                filename=upload.name,
                plan=plan,
                year=round.year,
                dry_run=True,
                by=request.user,
            )
        except UnreadableFile as exc:
            form.add_error("file", exc.message)
        else:
            token = stage(
                request, content, kind="progress", filename=upload.name, plan=plan.pk, year=year
            )
            return preview(
                request,
                result,
                upload.name,
                ImportConfirmForm(initial={"token": token}),
                confirm_url=reverse("plans:progress_import_confirm", args=[plan.slug, year]),
                back_url=reverse("plans:progress_import", args=[plan.slug, year]),
                what="progress",
                plan=plan,
                round=round,
            )
    return render(
        request,
        "plans/import_upload.html",
        {
            "form": form,
            "errors": form_error_links(form),
            "plan": plan,
            "round": round,
            "required": [ProgressColumn.PROGRESS, ProgressColumn.STATUS],
            "optional": [ProgressColumn.REASON],
            "synonyms": [(c, PROGRESS_SYNONYMS.get(c, ())) for c in ProgressColumn],
            "what": "progress",
        },
    )


@login_required
def progress_import_confirm(request: AuthenticatedRequest, slug: str, year: int) -> HttpResponse:
    plan, round = round_for(request.user, slug, year, manage=True)
    back = reverse("plans:progress_import", args=[plan.slug, year])
    if request.method != "POST":
        return redirect(back)
    form = ImportConfirmForm(request.POST)
    found = staged_upload(request, form, "progress")
    if found is None or found.details.get("plan") != plan.pk or found.details.get("year") != year:
        messages.error(request, "That upload has expired or was already imported. Upload it again.")
        return redirect(back)
    token, details = found.token, found.details
    if CANCEL in request.POST:
        discard(request, token)
        messages.success(request, f"{details['filename']} was not imported: nothing changed.")
        return redirect(round)
    try:
        result = import_progress(
            content=found.content,
            filename=details["filename"],
            plan=plan,
            year=year,
            skip_invalid=form.cleaned_data["skip_invalid"],
            by=request.user,
        )
    except UnreadableFile as exc:
        discard(request, token)
        messages.error(request, exc.message)
        return redirect(back)
    if not result.written:
        if result.errors and not result.problems:
            form.add_error(
                "skip_invalid",
                "Nothing was imported because some rows have errors. Select \u201cSkip rows with "
                "errors\u201d to import the valid rows, or fix the file and upload it again",
            )
        return preview(
            request,
            result,
            details["filename"],
            form,
            confirm_url=reverse("plans:progress_import_confirm", args=[plan.slug, year]),
            back_url=back,
            what="progress",
            plan=plan,
            round=round,
        )
    discard(request, token)
    messages.success(request, f"{details['filename']} imported. {result.summary_line()}.")
    return redirect(round)
