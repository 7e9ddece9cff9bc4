from django.conf import settings
from django.http import HttpRequest


def council(request: HttpRequest) -> dict[str, str]:
    return {
        "council_name": settings.EQIA_COUNCIL_NAME,
        "service_name": settings.EQIA_SERVICE_NAME,
    }


def navigation(request: HttpRequest) -> dict[str, bool]:
    """Which of the header's links the signed-in user gets."""
    from workflow.roles import Role, has_role, is_administrator

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_audit": False}
    return {"nav_audit": has_role(user, Role.AUDITOR) or is_administrator(user)}
