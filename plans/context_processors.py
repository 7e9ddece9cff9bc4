"""What the header needs from the plans gate: whether the person gets the Equality plan link."""

from django.http import HttpRequest

from plans.access import may_list_plans


def navigation(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    return {"nav_plans": user is not None and may_list_plans(user)}
