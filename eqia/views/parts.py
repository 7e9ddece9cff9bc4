"""A page per part: the author's form while the assessment is editable, its content read-only
otherwise, and the reviewers' comments on the part with a reply box."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from eqia.access import AssessmentAccess, Capability, get_assessment_for
from eqia.completeness import part_is_required
from eqia.content import part_save
from eqia.forms import CommentForm
from eqia.models import Assessment, Part, PartStatus
from eqia.views.pages import (
    PartPage,
    actions_with_rights,
    form_errors,
    may_comment,
    not_editable_message,
    part_summary,
)
from workflow.exceptions import WorkflowError


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
    access: AssessmentAccess,
    part: Part,
    *,
    page: PartPage | None = None,
    comment_form: CommentForm | None = None,
) -> HttpResponse:
    may_edit = access.can_edit and assessment.is_editable
    if may_edit and page is None:
        page = PartPage(assessment, part)
    errors = (page.errors() if page else []) + (form_errors(comment_form) if comment_form else [])
    comment_form = comment_form or CommentForm()
    comment_form.fields["text"].label = "Your reply" if access.can_edit else "Your comment"
    number = list(Part).index(part) + 1
    context = {
        "assessment": assessment,
        "policy": assessment.policy,
        "access": access,
        "part": part,
        "number": number,
        "previous_part": list(Part)[number - 2] if number > 1 else None,
        "next_part": list(Part)[number] if number < len(Part) else None,
        "status": assessment.status_of(part),
        "required": part_is_required(assessment, part),
        "may_edit": may_edit,
        "page": page if may_edit else None,
        "errors": errors,
        "page_has_errors": bool(errors),
        "comments": assessment.comments.filter(part=part.value).select_related("author"),
        "may_comment": may_comment(request.user, assessment, access),
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
def part_page(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    the_part = part_from_url(part)
    if request.method != "POST":
        assessment, access = get_assessment_for(request.user, pk)
        return render_part(request, assessment, access, the_part)

    assessment, access = get_assessment_for(request.user, pk, write=Capability.EDIT)
    if not assessment.is_editable:
        messages.error(request, not_editable_message(assessment))
        return redirect(part_url(assessment, the_part))
    page = PartPage(assessment, the_part, request.POST)
    if not page.is_valid():
        return render_part(request, assessment, access, the_part, page=page)
    try:
        saved = part_save(
            assessment=assessment, by=request.user, part=the_part, **page.save_arguments()
        )
    except WorkflowError as error:
        messages.error(request, " ".join(f"{reason}." for reason in error.reasons))
        return redirect(part_url(assessment, the_part))
    if saved.problems:
        page.show_problems(saved.problems)
        messages.warning(
            request,
            f"Your changes to \u201c{the_part.label}\u201d were saved, but it is not complete "
            "yet. Put right the problems shown, or choose \u201cNo\u201d to come back later.",
        )
        return render_part(request, assessment, access, the_part, page=page)
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
def part_comment(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    """Add a comment on a part: the author's reply, or a reviewer's point."""
    from workflow.services import add_comment

    the_part = part_from_url(part)
    assessment, access = get_assessment_for(request.user, pk)
    if not (access.can_edit or access.can_review):
        raise PermissionDenied("Only the author side and EDI reviewers comment on an assessment")
    form = CommentForm(request.POST)
    if not form.is_valid():
        return render_part(request, assessment, access, the_part, comment_form=form)
    try:
        add_comment(
            assessment=assessment, by=request.user, part=the_part, text=form.cleaned_data["text"]
        )
    except WorkflowError as error:
        messages.error(request, " ".join(f"{reason}." for reason in error.reasons))
    else:
        messages.success(request, "Your comment was added.")
    return redirect(part_url(assessment, the_part) + "#comments")
