from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from policies.dates import today
from policies.models import Policy, PolicyStatus, review_state_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """My work. For now: the signed-in owner's policies that are overdue or due soon."""
    as_of = today()
    my_policies = list(
        Policy.objects.filter(owner=request.user, status=PolicyStatus.ACTIVE)
        .select_related("service_area")
        .order_by("next_review", "reference")
    )
    for policy in my_policies:
        policy.current_review_state = review_state_for(policy.next_review, as_of)
    due = [p for p in my_policies if p.current_review_state in ("overdue", "due_soon", "unknown")]
    return render(
        request,
        "home.html",
        {"my_policies": my_policies, "due_policies": due, "as_of": as_of},
    )
