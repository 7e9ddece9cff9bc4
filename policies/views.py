from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from policies.access import get_policy_for
from policies.dates import today
from policies.forms import PolicyForm, PolicyOwnerForm, RegisterFilterForm
from policies.selectors import register_policies
from policies.services import policy_save
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
    return render(
        request,
        "policies/detail.html",
        {
            "policy": policy,
            "may_edit": may_write,
            "review_state": policy.review_state(today()),
        },
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
