"""The staff page that withdraws an assessment's publication (the EDI group and
administrators): at /assessments/<pk>/publication/withdraw/, beside the assessment's pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from core.http import AuthenticatedRequest
from core.refusals import Refused
from eqia.access import Capability, Rights, get_assessment_for
from eqia.completeness import error_links_for
from publication.forms import WithdrawPublicationForm
from publication.selectors import public_url
from publication.services import publication_withdraw, withdrawal_refusals


@login_required
def withdraw_publication(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment, rights = get_assessment_for(request.user, pk, Capability.WITHDRAW_PUBLICATION)
    form = WithdrawPublicationForm(request.POST if request.method == "POST" else None)
    reasons = withdrawal_refusals(rights)
    if request.method == "POST" and not reasons and form.is_valid():
        try:
            publication_withdraw(
                assessment=assessment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except Refused as refusal:
            reasons = refusal.reasons
            # Someone may have just withdrawn it: show the page as it is now.
            assessment.refresh_from_db()
            rights = Rights(request.user, assessment)
        else:
            messages.success(
                request,
                f"The publication of {assessment.policy.reference} {assessment.label} was "
                "withdrawn. Its public page now says so, with your reason.",
            )
            return redirect(assessment)
    may_withdraw = not withdrawal_refusals(rights)
    errors = error_links_for(assessment, reasons, form)
    return render(
        request,
        "publication/withdraw.html",
        {
            "assessment": assessment,
            "policy": assessment.policy,
            "rights": rights,
            "form": form,
            "errors": errors,
            "may_withdraw": may_withdraw,
            "public_url": public_url(assessment) if assessment.is_published else "",
        },
    )
