"""The register: the list of policies, and adding and editing a policy's details."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from core.dates import today
from core.http import AuthenticatedRequest
from core.pages import paginate
from core.refusals import Refused, add_to_form
from core.roles import is_administrator
from policies.access import get_policy_for, require_administrator
from policies.forms import PolicyForm, PolicyOwnerForm, RegisterFilterForm
from policies.models import ChangeSource
from policies.selectors import register_policies
from policies.services import policy_save


@login_required
def register(request: AuthenticatedRequest) -> HttpResponse:
    filter_form = RegisterFilterForm(request.GET or None)
    as_of = today()
    page = paginate(request, register_policies(filter_form.filters(), as_of=as_of))
    for policy in page:
        policy.current_review_state = policy.review_state(as_of)
    return render(
        request,
        "policies/register.html",
        {
            "filter_form": filter_form,
            "page": page,
            "may_administer": is_administrator(request.user),
            "as_of": as_of,
        },
    )


@login_required
def policy_create(request: AuthenticatedRequest) -> HttpResponse:
    require_administrator(request.user)
    form = PolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        policy = policy_save(policy=form.save(commit=False), by=request.user)
        messages.success(request, f"Policy {policy.reference} added to the register.")
        return redirect(policy)
    return render(request, "policies/form.html", {"form": form, "policy": None})


@login_required
def policy_edit(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    policy, _ = get_policy_for(request.user, reference, write=True)
    shown = copy.copy(policy)  # the page names the policy as stored, whatever was typed
    form_class = PolicyForm if is_administrator(request.user) else PolicyOwnerForm
    form = form_class(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            policy = policy_save(
                policy=form.save(commit=False),
                by=request.user,
                source=ChangeSource.FORM,
                reason=form.reason_given,
            )
        except Refused as error:
            add_to_form(form, error.reasons)
        else:
            messages.success(request, f"Policy {policy.reference} updated.")
            return redirect(policy)
    return render(request, "policies/form.html", {"form": form, "policy": shown})
