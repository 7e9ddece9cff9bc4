from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from eqia.access import policies_shared_with, visible_assessments
from policies.access import get_policy_for
from policies.dates import today
from policies.forms import PolicyForm, PolicyOwnerForm, RegisterFilterForm, ShareForm, display_name
from policies.selectors import register_policies
from policies.services import policy_save
from policies.sharing import may_share, policy_share, policy_unshare, shared_colleagues
from workflow.exceptions import WorkflowError
from workflow.roles import is_administrator

PAGE_SIZE = 50


@login_required
def register(request: HttpRequest) -> HttpResponse:
    filter_form = RegisterFilterForm(request.GET or None)
    filters = filter_form.filters()
    as_of = today()
    page = Paginator(register_policies(filters, as_of=as_of), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for policy in page:
        policy.current_review_state = policy.review_state(as_of)
    query_without_page = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return render(
        request,
        "policies/register.html",
        {
            "filter_form": filter_form,
            "page": page,
            "query_without_page": query_without_page,
            "may_administer": is_administrator(request.user),
            "as_of": as_of,
        },
    )


@login_required
def policy_detail(request: HttpRequest, reference: str) -> HttpResponse:
    policy, may_write = get_policy_for(request.user, reference)
    visible = set(
        visible_assessments(request.user).filter(policy=policy).values_list("pk", flat=True)
    )
    assessments = list(policy.assessments.order_by("-version").select_related("signed_off_by"))
    for assessment in assessments:
        assessment.visible_to_user = assessment.pk in visible
    may_assess = policies_shared_with(request.user).filter(pk=policy.pk).exists()
    return render(
        request,
        "policies/detail.html",
        {
            "policy": policy,
            "may_edit": may_write,
            "may_share": may_share(request.user, policy),
            "may_start": may_assess and not any(a.is_open for a in assessments),
            "assessments": assessments,
            "colleagues": shared_colleagues(policy),
            "review_state": policy.review_state(today()),
        },
    )


@login_required
def policy_sharing(request: HttpRequest, reference: str) -> HttpResponse:
    policy, _ = get_policy_for(request.user, reference)
    if not may_share(request.user, policy):
        raise PermissionDenied("Only the policy's owner or an administrator may share it")
    form = ShareForm(request.POST or None, policy=policy)
    if request.method == "POST" and "remove" in request.POST:
        colleague = get_object_or_404(get_user_model(), pk=request.POST["remove"])
        policy_unshare(policy=policy, by=request.user, colleague=colleague)
        messages.success(request, f"{display_name(colleague)} no longer edits this policy's EqIAs.")
        return redirect("policies:sharing", policy.reference)
    if request.method == "POST" and form.is_valid():
        colleague = form.cleaned_data["colleague"]
        try:
            policy_share(policy=policy, by=request.user, colleague=colleague)
        except WorkflowError as error:
            for reason in error.reasons:
                form.add_error("colleague", str(reason))
        else:
            messages.success(request, f"Shared with {display_name(colleague)}.")
            return redirect("policies:sharing", policy.reference)
    return render(
        request,
        "policies/sharing.html",
        {"policy": policy, "form": form, "colleagues": shared_colleagues(policy)},
    )


@login_required
def policy_create(request: HttpRequest) -> HttpResponse:
    if not is_administrator(request.user):
        raise PermissionDenied("Only administrators add policies")
    form = PolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        policy = policy_save(policy=form.save(commit=False))
        messages.success(request, f"Policy {policy.reference} added to the register.")
        return redirect(policy)
    return render(request, "policies/form.html", {"form": form, "policy": None})


@login_required
def policy_edit(request: HttpRequest, reference: str) -> HttpResponse:
    policy, _ = get_policy_for(request.user, reference, write=True)
    form_class = PolicyForm if is_administrator(request.user) else PolicyOwnerForm
    form = form_class(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        policy = policy_save(policy=form.save(commit=False))
        messages.success(request, f"Policy {policy.reference} updated.")
        return redirect(policy)
    return render(request, "policies/form.html", {"form": form, "policy": policy})
