"""Starting a policy's next assessment."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.timesince import timesince
from django.views.decorators.http import require_POST

from core.errors import reason_links
from core.http import AuthenticatedRequest
from core.refusals import Refused
from eqia.access import Capability, get_policy_for, may, visible_assessments
from eqia.models import OPEN_STATES, Assessment
from eqia.services import assessment_start
from policies.models import Policy


@login_required
@require_POST
def assessment_start_view(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    """Start the policy's next assessment: for its owner and colleagues it is shared with.

    Within EQIA_RESTART_CONFIRM_HOURS of the policy's last sign-off, a Start asks first
    (a second press by mistake would open a needless new version); ``confirm=yes`` starts it.
    """
    policy = get_policy_for(request.user, reference, Capability.START)
    signed = just_signed(policy) if request.POST.get("confirm") != "yes" else None
    # Asked only of a start that would be made: one refused says why at once.
    if signed is not None and may(request.user, Capability.START, policy):
        return render(request, "assessments/start_confirm.html", confirmation(policy, signed))
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


def just_signed(policy: Policy) -> Assessment | None:
    """The policy's last signed-off assessment, if it was signed off so lately that starting
    another asks first."""
    hours = settings.EQIA_RESTART_CONFIRM_HOURS
    if hours <= 0:
        return None
    since = timezone.now() - datetime.timedelta(hours=hours)
    return (
        policy.assessments.filter(signed_off_at__gte=since)
        .select_related("signed_off_by")
        .order_by("-signed_off_at")
        .first()
    )


def confirmation(policy: Policy, signed: Assessment) -> dict[str, object]:
    assert signed.signed_off_at is not None  # just_signed finds only signed ones
    elapsed = timezone.now() - signed.signed_off_at
    ago = (
        "less than a minute ago"
        if elapsed < datetime.timedelta(minutes=1)
        else f"{timesince(signed.signed_off_at, depth=1)} ago"
    )
    last_version = policy.assessments.order_by("-version").values_list("version", flat=True)
    return {
        "policy": policy,
        "signed": signed,
        "ago": ago,
        "next_label": f"EqIA v{(last_version.first() or 0) + 1}",
    }
