"""A page per part: the author's form while the assessment is editable, its content read-only
otherwise, and the reviewers' comments on the part with a box to answer or comment.

Every way off a part's form saves what was typed: "Save and continue" (the next part),
"Previous" (the part before), "Save and return to the assessment", and, while the author may
answer the reviewers too, their reply is a box of the same form, saved with the part.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import ErrorLink, form_error_links
from core.http import AuthenticatedRequest
from core.refusals import Refused
from eqia.access import Capability, Rights, get_assessment_for
from eqia.completeness import part_is_required
from eqia.content import CommentChanges, comments_apply, part_save_and_reply
from eqia.forms import CommentForm
from eqia.models import Assessment, Part, PartStatus
from eqia.summary import dialogue, part_tags
from eqia.views.pages import (
    PartPage,
    actions_with_rights,
    comments_on_page,
    not_editable_message,
    part_summary,
)

# Where a part's form goes once saved: the button pressed says (``then``).
NEXT, PREVIOUS, ASSESSMENT, COMMENTS = "next", "previous", "assessment", "comments"
ADD_ACTION = "add_action"


def part_from_url(value: str) -> Part:
    try:
        return Part(value)
    except ValueError:
        raise Http404("No such part of an assessment") from None


def part_url(assessment: Assessment, part: Part) -> str:
    return reverse("assessments:part", args=[assessment.pk, part.value])


def neighbours(part: Part) -> tuple[Part | None, Part | None]:
    """The parts before and after this one."""
    parts = list(Part)
    index = parts.index(part)
    return (
        parts[index - 1] if index > 0 else None,
        parts[index + 1] if index + 1 < len(parts) else None,
    )


def answers_with_the_part(rights: Rights) -> bool:
    """The author may change the content and answer the reviewers at once (changes are
    requested): the reply box is part of the part's form."""
    return rights.can_edit_now and rights.can_comment_now


def comment_ids(request: HttpRequest, name: str) -> list[int]:
    """The comments ticked to resolve or to withdraw (checkboxes ``name`` of the form)."""
    return [int(value) for value in request.POST.getlist(name) if value.isdigit()]


def comment_changes(request: HttpRequest) -> CommentChanges:
    return CommentChanges(
        resolve=comment_ids(request, "resolve"), withdraw=comment_ids(request, "withdraw")
    )


def render_part(
    request: HttpRequest,
    assessment: Assessment,
    rights: Rights,
    part: Part,
    *,
    page: PartPage | None = None,
    comment_form: CommentForm | None = None,
    extra_errors: list[ErrorLink] | None = None,
) -> HttpResponse:
    may_edit = rights.can_edit_now
    with_reply = answers_with_the_part(rights)
    if may_edit and page is None:
        page = PartPage(assessment, part, with_reply=with_reply)
    errors = (
        list(extra_errors or []) + (page.errors() if page else []) + form_error_links(comment_form)
    )
    may_comment = rights.can_comment_now and not with_reply
    if may_comment:
        comment_form = comment_form or CommentForm()
        comment_form.fields["text"].label = "Your reply" if rights.can_edit else "Your comment"
    if page is not None and page.reply is not None:
        page.reply.fields["text"].label = "Your reply"
    previous_part, next_part = neighbours(part)
    context = {
        "assessment": assessment,
        "policy": assessment.policy,
        "rights": rights,
        "part": part,
        "number": list(Part).index(part) + 1,
        "previous_part": previous_part,
        "next_part": next_part,
        "status": part_tags(assessment)[part],
        "required": part_is_required(assessment, part),
        "page": page if may_edit else None,
        "errors": errors,
        "comments": comments_on_page(rights, dialogue(assessment)[part].entries),
        "may_comment": may_comment,
        "comment_form": comment_form,
        "comment_button": "Save your reply" if rights.can_edit else "Save your comment",
        "resolving": comment_ids(request, "resolve") if request.method == "POST" else [],
        "withdrawing": comment_ids(request, "withdraw") if request.method == "POST" else [],
        "reply_form": page.reply if page is not None else None,
        "summary": part_summary(assessment, part),
        "impacts": assessment.impacts.select_related("characteristic")
        if part == Part.IMPACTS
        else [],
        "meetings": assessment.decision_meetings.all() if part == Part.ABOUT else [],
        "actions": actions_with_rights(assessment, request.user) if part == Part.ACTIONS else [],
        "covenant_functions": assessment.policy.covenant_function_labels(),
    }
    return render(request, "assessments/part.html", context)


def _where_next(request: HttpRequest, assessment: Assessment, part: Part) -> str:
    previous_part, next_part = neighbours(part)
    then = request.POST.get("then", ASSESSMENT)
    if "add_meeting" in request.POST:
        return part_url(assessment, part) + "#meetings"
    if "add_link" in request.POST:
        return part_url(assessment, part) + "#cumulative"
    if then == COMMENTS:
        return part_url(assessment, part) + "#comments"
    if then == ADD_ACTION:
        return reverse("assessments:action_add", args=[assessment.pk])
    if then == NEXT and next_part is not None:
        return part_url(assessment, next_part)
    if then == PREVIOUS and previous_part is not None:
        return part_url(assessment, previous_part)
    return assessment.get_absolute_url()


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
    page = PartPage(assessment, the_part, request.POST, with_reply=answers_with_the_part(rights))
    if not page.is_valid():
        return render_part(request, assessment, rights, the_part, page=page)
    try:
        saved = part_save_and_reply(
            assessment=assessment,
            by=request.user,
            part=the_part,
            comments=comment_changes(request),
            **page.save_arguments(),
        )
    except Refused as error:
        # Nothing was saved: the page comes back with everything typed, and every reason.
        assessment.refresh_from_db()
        rights = Rights(request.user, assessment)
        if not rights.can_edit_now:
            messages.error(request, " ".join(f"{reason}." for reason in error.reasons))
            return redirect(part_url(assessment, the_part))
        page.refuse(error.reasons)
        return render_part(request, assessment, rights, the_part, page=page)
    if saved.problems:
        page.show_problems(saved.problems)
        messages.warning(
            request,
            f"Your changes to \u201c{the_part.label}\u201d were saved, but it is not complete "
            "yet. Put right the problems shown, or choose \u201cNo\u201d to come back later.",
        )
        page.clear_reply()  # saved: typed again, it would be added twice
        return render_part(request, assessment, rights, the_part, page=page)
    messages.success(
        request,
        f"\u201c{the_part.label}\u201d saved"
        + (" and marked as completed" if saved.status == PartStatus.COMPLETED else "")
        + (", with your reply" if saved.reply is not None else "")
        + ".",
    )
    return redirect(_where_next(request, assessment, the_part))


@login_required
@require_POST
def part_comment(request: AuthenticatedRequest, pk: int, part: str) -> HttpResponse:
    """A comment on a part from a page with no content form: the author's reply while the
    assessment is in review, or a reviewer's point; with the comment resolved or withdrawn by
    a button of the same form, and what was typed saved with it."""
    the_part = part_from_url(part)
    assessment, rights = get_assessment_for(request.user, pk, Capability.COMMENT)
    form = CommentForm(request.POST)
    changes = comment_changes(request)
    # Adding a comment needs one typed; resolving or withdrawing saves one only if typed.
    form.fields["text"].required = not changes
    if not form.is_valid():
        return render_part(request, assessment, rights, the_part, comment_form=form)
    changes.new[the_part] = form.cleaned_data.get("text", "")
    try:
        done = comments_apply(assessment=assessment, by=request.user, changes=changes)
    except Refused as error:
        assessment.refresh_from_db()
        rights = Rights(request.user, assessment)
        if not rights.can_comment_now:
            messages.error(request, " ".join(f"{reason}." for reason in error.reasons))
            return redirect(part_url(assessment, the_part) + "#comments")
        return render_part(
            request,
            assessment,
            rights,
            the_part,
            comment_form=form,
            extra_errors=[ErrorLink(reason.message, "#comments") for reason in error.reasons],
        )
    messages.success(request, comments_message(changes, len(done)))
    return redirect(part_url(assessment, the_part) + "#comments")


def comments_message(changes: CommentChanges, count: int) -> str:
    said = []
    if changes.typed:
        said.append("Your comment was added")
    if changes.resolve:
        said.append("the comment was marked as resolved")
    if changes.withdraw:
        said.append("the comment was withdrawn")
    text = " and ".join(said) or f"{count} comments changed"
    return text[:1].upper() + text[1:] + "."
