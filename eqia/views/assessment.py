"""The assessment page (its task list) and starting a policy's next assessment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from eqia.access import get_assessment_for, visible_assessments
from eqia.content import author_role, is_author_side
from eqia.models import OPEN_STATES
from eqia.services import assessment_start
from eqia.views.pages import actions_with_rights, task_list
from policies.access import get_policy_for
from workflow.exceptions import WorkflowError


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from workflow.panel import panel_context

    assessment, access = get_assessment_for(request.user, pk)
    context = {
        "assessment": assessment,
        "policy": assessment.policy,
        "access": access,
        "may_edit": access.can_edit and assessment.is_editable,
        "tasks": task_list(assessment, access),
        "actions": actions_with_rights(assessment, request.user),
    }
    context.update(panel_context(request, assessment, access))
    return render(request, "assessments/detail.html", context)


@login_required
@require_POST
def assessment_start_view(request: HttpRequest, reference: str) -> HttpResponse:
    """Start the policy's next assessment: for its owner and colleagues it is shared with."""
    policy, _ = get_policy_for(request.user, reference)
    if not is_author_side(request.user, policy):
        raise PermissionDenied("Only the policy's owner and colleagues it is shared with start one")
    try:
        assessment = assessment_start(
            policy=policy, by=request.user, actor_role=author_role(request.user, policy)
        )
    except WorkflowError as error:
        open_one = (
            visible_assessments(request.user).filter(policy=policy, state__in=OPEN_STATES).first()
        )
        return render(
            request,
            "assessments/start_refused.html",
            {
                "policy": policy,
                "reasons": error.reasons,
                "open_one": open_one,
                "page_has_errors": True,
            },
        )
    messages.success(request, f"{assessment.label} of {policy.reference} started.")
    return redirect(assessment)
