"""/healthz for load balancers and monitoring: no sign-in, nothing secret.

200 when the database answers, stored files can be written and the signing key loads; 503 with
the part that failed otherwise (its name only, never a path, an address or an error text).
"""

import logging
import uuid
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from workflow.documents.signing import configured_signer

logger = logging.getLogger("eqia.health")


def database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def storage() -> None:
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)


def signing_key() -> None:
    configured_signer()


CHECKS: dict[str, Callable[[], None]] = {
    "database": database,
    "storage": storage,
    "signing_key": signing_key,
}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Health check %s failed", name)
            results[name] = "failing"
        else:
            results[name] = "ok"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": results},
        status=200 if healthy else 503,
    )
