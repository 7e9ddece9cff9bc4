from django.conf import settings
from django.http import HttpRequest

from core.roles import may_audit

# The header's sections, by URL namespace or name of the page shown.
SECTIONS = {
    "home": "home",
    "queue": "queue",
    "policies": "register",
    "audit": "audit",
    "check": "check",
    "actions": "actions",
    "insight": "insight",
    "plans": "plans",
}


def council(request: HttpRequest) -> dict[str, str]:
    return {
        "council_name": settings.EQIA_COUNCIL_NAME,
        "service_name": settings.EQIA_SERVICE_NAME,
    }


def navigation(request: HttpRequest) -> dict[str, object]:
    """Which of the header's links the signed-in user gets, and which section the page is in
    (none for a page that matched no URL, such as a 404)."""
    match = getattr(request, "resolver_match", None)
    section = ""
    if match is not None:
        section = SECTIONS.get(match.url_name or "", "") or SECTIONS.get(match.namespace, "")
    user = getattr(request, "user", None)
    return {
        "nav_section": section,
        "nav_audit": user is not None and may_audit(user),
    }
