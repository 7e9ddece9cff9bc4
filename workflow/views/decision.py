"""The decision actually taken on the policy, recorded after sign-off (eqia.content
.decision_record): its date, who took it, what was decided, a link to the minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from core.http import AuthenticatedRequest
from core.refusals import Reason, Refused
from eqia.access import Capability, get_assessment_for
from eqia.completeness import error_links_for
from eqia.content import decision_record, decision_refusals
from workflow.forms import DecisionForm


@login_required
def decision_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment, rights = get_assessment_for(request.user, pk, Capability.RECORD_DECISION)
    standing = decision_refusals(rights)
    form = DecisionForm(request.POST or None, assessment=assessment)
    reasons: list[Reason] = [] if request.method == "POST" else standing
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        first = assessment.decision_recorded_at is None
        try:
            decision_record(
                assessment=assessment,
                by=request.user,
                taken_on=data["taken_on"],
                body=data["body"],
                result=data["result"],
                minutes_url=data["minutes_url"],
            )
        except Refused as refused:
            reasons = refused.reasons
            assessment.refresh_from_db()
        else:
            messages.success(
                request,
                "The decision taken was recorded."
                if first
                else "The record of the decision taken was changed.",
            )
            return redirect(assessment.get_absolute_url() + "#decision")
    return render(
        request,
        "workflow/decision.html",
        {
            "assessment": assessment,
            "policy": assessment.policy,
            "rights": rights,
            "form": form,
            "may_record": not standing,
            "recorded": assessment.decision_recorded_at is not None,
            "errors": error_links_for(assessment, reasons, form),
        },
    )
