from django.conf import settings
from django.http import HttpRequest


def council(request: HttpRequest) -> dict[str, str]:
    return {
        "council_name": settings.EQIA_COUNCIL_NAME,
        "service_name": settings.EQIA_SERVICE_NAME,
    }
