"""What the header needs from the gate: whether the signed-in person gets the Insight link."""

from django.http import HttpRequest

from eqia.access import Capability, holds


def navigation(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    return {"nav_insight": user is not None and holds(user, Capability.SEE_INSIGHT)}
