"""How often one person, or one address, may do something costly (checking an uploaded PDF):
at most ``limit`` times in ``window`` seconds, counted in the database so that every app server
sees the same count."""

import datetime
import ipaddress

from django.conf import settings
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
    """The address the request came from. Behind EQIA_PROXY_COUNT proxies (settings:
    AXES_IPWARE_PROXY_COUNT), each adding the address it saw to X-Forwarded-For, it is the one
    the outermost of them saw: entries further left are whatever the client sent, and are not
    trusted. With no proxy, or too short a header, the address of the connection."""
    meta = getattr(request, "META", {})
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 0
    forwarded = [
        address.strip()
        for address in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if address.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies][:100]
    return str(meta.get("REMOTE_ADDR", "") or "unknown")


def sign_in_address(request: object) -> str | None:
    """client_address for django-axes (settings AXES_CLIENT_IP_CALLABLE), which stores it in an
    IP address column: None where no real address is known (a test's force_login, or a proxy
    header that is not an address) rather than a word the column refuses."""
    address = client_address(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address
