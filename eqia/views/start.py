"""Starting a policy's next assessment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.errors import reason_links
from core.http import AuthenticatedRequest
from core.refusals import Refused
from eqia.access import Capability, get_policy_for, visible_assessments
from eqia.models import OPEN_STATES
from eqia.services import assessment_start


@login_required
@require_POST
def assessment_start_view(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    """Start the policy's next assessment: for its owner and colleagues it is shared with."""
    policy = get_policy_for(request.user, reference, Capability.START)
    try:
        assessment = assessment_start(policy=policy, by=request.user)
    except Refused as error:
        open_one = (
            visible_assessments(request.user).filter(policy=policy, state__in=OPEN_STATES).first()
        )
        return render(
            request,
            "assessments/start_refused.html",
            {"policy": policy, "errors": reason_links(error.reasons), "open_one": open_one},
        )
    messages.success(request, f"{assessment.label} of {policy.reference} started.")
    return redirect(assessment)
