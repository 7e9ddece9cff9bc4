"""A policy's page as the assessment layer shows it: its details, its assessments, starting the
next one, and sharing it with colleagues."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from core.dates import today
from core.http import AuthenticatedRequest
from core.people import display_name, people
from core.refusals import Refused, add_to_form
from eqia.access import Capability, get_policy_for, may, visible_assessments
from eqia.cumulative import considering_policy
from eqia.forms.sharing import ShareForm
from eqia.models import OPEN_STATES, AssessmentState
from eqia.sharing import policy_share, policy_unshare, shared_colleagues
from policies import access as policy_access
from policies.selectors import policy_history


@login_required
def policy_detail(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    policy, may_edit = policy_access.get_policy_for(request.user, reference)
    visible = set(
        visible_assessments(request.user).filter(policy=policy).values_list("pk", flat=True)
    )
    assessments = list(policy.assessments.order_by("-version").select_related("signed_off_by"))
    for assessment in assessments:
        assessment.visible_to_user = assessment.pk in visible
    open_one = next((a for a in assessments if a.state in OPEN_STATES), None)
    last_signed = next((a for a in assessments if a.state == AssessmentState.SIGNED_OFF), None)
    owner_name = display_name(policy.owner)
    owner_email = policy.owner.email.strip() if policy.owner else ""
    return render(
        request,
        "policies/detail.html",
        {
            "policy": policy,
            "may_edit": may_edit,
            "may_share": may(request.user, Capability.SHARE, policy),
            "may_start": may(request.user, Capability.START, policy),
            "assessments": assessments,
            "open_one": open_one,
            "open_standing": open_one.standing if open_one else "",
            "last_signed": last_signed,
            "owner_name": owner_name,
            # The address once: as the name itself when the owner has no other name.
            "owner_email": owner_email,
            "owner_named": owner_email.lower() != owner_name.lower(),
            "colleagues": shared_colleagues(policy),
            "review_state": policy.review_state(today()),
            "history": policy_history(policy),
            "considered_by": considering_policy(policy, request.user),
        },
    )


@login_required
def policy_sharing(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    policy = get_policy_for(request.user, reference, Capability.SHARE)
    form = ShareForm(request.POST or None, policy=policy)
    if request.method == "POST" and "remove" in request.POST:
        colleague = people().filter(pk=_number(request.POST["remove"])).first()
        if colleague is None:
            raise Http404("No such colleague")
        policy_unshare(policy=policy, by=request.user, colleague=colleague)
        messages.success(request, f"{display_name(colleague)} no longer edits this policy's EqIAs.")
        return redirect("policies:sharing", policy.reference)
    if request.method == "POST" and form.is_valid():
        colleague = form.cleaned_data["colleague"]
        try:
            policy_share(policy=policy, by=request.user, colleague=colleague)
        except Refused as error:
            add_to_form(form, error.reasons)
        else:
            messages.success(request, f"Shared with {display_name(colleague)}.")
            return redirect("policies:sharing", policy.reference)
    return render(
        request,
        "policies/sharing.html",
        {"policy": policy, "form": form, "colleagues": shared_colleagues(policy)},
    )


def _number(value: str) -> int:
    """A primary key from a form, or 0 (matches nothing) when it is not one."""
    return int(value) if value.isdigit() and len(value) < 19 else 0
