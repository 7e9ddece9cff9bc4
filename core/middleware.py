"""Response headers Django does not set itself, and the renewal of signed-in sessions."""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

# Search engines index nothing of the service but what a view marks ``indexable`` (the public
# pages of published EqIAs); robots.txt says the same to crawlers that read it.
NOT_INDEXABLE = "noindex, nofollow"
INDEXABLE = "all"


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response: the pages use no camera, location, payment...;
    and X-Robots-Tag: noindex, unless the view said its page may be indexed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.EQIA_PERMISSIONS_POLICY)
        response.headers.setdefault("X-Robots-Tag", NOT_INDEXABLE)
        return response


ViewT = Callable[..., HttpResponseBase]


def indexable(view: ViewT) -> ViewT:
    """Let search engines index what the view answers, when it answers 200 (a public page)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response.headers["X-Robots-Tag"] = INDEXABLE
        return response

    return wrapped


# When the session's expiry was last pushed back (seconds since the epoch), kept in the session.
SESSION_RENEWED_AT = "eqia_renewed_at"
# How often a request pushes the expiry back: at most one session write a minute per person,
# not one a request. Someone idle for EQIA_SESSION_IDLE_MINUTES is still signed out, give or
# take this minute.
SESSION_RENEW_SECONDS = 60


class SessionRenewalMiddleware:
    """Signed out after SESSION_COOKIE_AGE without a request: each request renews the session
    (database row and cookie), but no more than once every SESSION_RENEW_SECONDS.

    Stands after SessionMiddleware, which saves the session this marks as changed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # An empty session (a visitor who never signed in, or one who just signed out) is
        # never created or kept alive.
        if session is None or session.is_empty():
            return response
        now = int(time.time())
        renewed_at = session.get(SESSION_RENEWED_AT)
        if not isinstance(renewed_at, int) or not 0 <= now - renewed_at < SESSION_RENEW_SECONDS:
            session[SESSION_RENEWED_AT] = now
        return response
