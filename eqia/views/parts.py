"""A page per part: the author's form while the assessment is editable, its content read-only
otherwise, and the reviewers' comments on the part with a reply box."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import form_error_links
from core.http import AuthenticatedRequest
from core.refusals import Refused
from eqia.access import Capability, Rights, get_assessment_for
from eqia.completeness import part_is_required, part_status_tag
from eqia.content import comment_add, part_save
from eqia.forms import CommentForm
from eqia.models import Assessment, Part, PartStatus
from eqia.views.pages import (
    PartPage,
    actions_with_rights,
    not_editable_message,
    part_summary,
)


def part_from_url(value: str) -> Part:
    try:
        return Part(value)
    except ValueError:
        raise Http404("No such part of an assessment") from None


def part_url(assessment: Assessment, part: Part) -> str:
    return reverse("assessments:part", args=[assessment.pk, part.value])


def render_part(
    request: HttpRequest,
    assessment: Assessment,
    rights: Rights,
    part: Part,
    *,
    page: PartPage | None = None,
    comment_form: CommentForm | None = None,
) -> HttpResponse:
    may_edit = rights.can_edit_now
    if may_edit and page is None:
        page = PartPage(assessment, part)
    errors = (page.errors() if page else []) + form_error_links(comment_form)
    comment_form = comment_form or CommentForm()
    comment_form.fields["text"].label = "Your reply" if rights.can_edit else "Your comment"
    number = list(Part).index(part) + 1
    context = {
        "assessment": assessment,
        "policy": assessment.policy,
        "rights": rights,
        "part": part,
        "number": number,
        "previous_part": list(Part)[number - 2] if number > 1 else None,
        "next_part": list(Part)[number] if number < len(Part) else None,
        "status": part_status_tag(assessment, part),
        "required": part_is_required(assessment, part),
        "page": page if may_edit else None,
        "errors": errors,
        "comments": assessment.comments.filter(part=part.value).select_related("author"),
        "may_comment": rights.can_comment_now,
        "comment_form": comment_form,
        "summary": part_summary(assessment, part),
        "impacts": assessment.impacts.select_related("characteristic")
        if part == Part.IMPACTS
        else [],
        "meetings": assessment.decision_meetings.all() if part == Part.ABOUT else [],
        "actions": actions_with_rights(assessment, request.user) if part == Part.ACTIONS else [],
        "covenant_functions": assessment.policy.covenant_function_labels(),
    }
    return render(request, "assessments/part.html", context)


@login_required
def part_page(request: AuthenticatedRequest, pk: int, part: str) -> HttpResponse:
    the_part = part_from_url(part)
    if request.method != "POST":
        assessment, rights = get_assessment_for(request.user, pk)
        return render_part(request, assessment, rights, the_part)

    assessment, rights = get_assessment_for(request.user, pk, Capability.EDIT)
    if not assessment.is_editable:
        messages.error(request, not_editable_message(assessment))
        return redirect(part_url(assessment, the_part))
    page = PartPage(assessment, the_part, request.POST)
    if not page.is_valid():
        return render_part(request, assessment, rights, the_part, page=page)
    try:
        saved = part_save(
            assessment=assessment, by=request.user, part=the_part, **page.save_arguments()
        )
    except Refused as error:
        messages.error(request, " ".join(f"{reason}." for reason in error.reasons))
        return redirect(part_url(assessment, the_part))
    if saved.problems:
        page.show_problems(saved.problems)
        messages.warning(
            request,
            f"Your changes to \u201c{the_part.label}\u201d were saved, but it is not complete "
            "yet. Put right the problems shown, or choose \u201cNo\u201d to come back later.",
        )
        return render_part(request, assessment, rights, the_part, page=page)
    messages.success(
        request,
        f"\u201c{the_part.label}\u201d saved"
        + (" and marked as completed." if saved.status == PartStatus.COMPLETED else "."),
    )
    if "add_meeting" in request.POST:
        return redirect(part_url(assessment, the_part) + "#meetings")
    return redirect(assessment)


@login_required
@require_POST
def part_comment(request: AuthenticatedRequest, pk: int, part: str) -> HttpResponse:
    """Add a comment on a part: the author's reply, or a reviewer's point."""
    the_part = part_from_url(part)
    assessment, rights = get_assessment_for(request.user, pk, Capability.COMMENT)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return render_part(request, assessment, rights, the_part, comment_form=form)
    try:
        comment_add(
            assessment=assessment, by=request.user, part=the_part, text=form.cleaned_data["text"]
        )
    except Refused as error:
        messages.error(request, " ".join(f"{reason}." for reason in error.reasons))
    else:
        messages.success(request, "Your comment was added.")
    return redirect(part_url(assessment, the_part) + "#comments")
