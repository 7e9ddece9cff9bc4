from django.conf import settings
from django.http import HttpRequest

from core.roles import may_audit


def council(request: HttpRequest) -> dict[str, str]:
    return {
        "council_name": settings.EQIA_COUNCIL_NAME,
        "service_name": settings.EQIA_SERVICE_NAME,
    }


def navigation(request: HttpRequest) -> dict[str, bool]:
    """Which of the header's links the signed-in user gets."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_audit": False}
    return {"nav_audit": may_audit(user)}
