"""How often one person, or one address, may do something costly (checking an uploaded PDF):
at most ``limit`` times in ``window`` seconds, counted in the database so that every app server
sees the same count."""

import datetime

from django.db import transaction
from django.utils import timezone

from core.models import Attempt


def allow(key: str, *, limit: int, window: int) -> bool:
    """Record an attempt under ``key`` and say whether it is within the limit. A refused
    attempt is not recorded, so waiting always helps."""
    now = timezone.now()
    since = now - datetime.timedelta(seconds=window)
    with transaction.atomic():
        Attempt.objects.filter(key=key, at__lt=since).delete()
        if Attempt.objects.filter(key=key, at__gte=since).count() >= limit:
            return False
        Attempt.objects.create(key=key, at=now)
    return True


def client_address(request: object) -> str:
    """The address the request came from (as the proxy in front reports it when trusted)."""
    meta = getattr(request, "META", {})
    return str(meta.get("REMOTE_ADDR", "") or "unknown")
