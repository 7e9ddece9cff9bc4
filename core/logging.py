"""Logs as one JSON object a line, for a log collector: every request (method, path, status,
user id, duration) and every security event (a refused move, a lockout, a failed check)."""

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

# Record attributes every LogRecord has; anything else was passed as ``extra``.
STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

requests_log = logging.getLogger("eqia.requests")
security_log = logging.getLogger("eqia.security")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({key: value for key, value in vars(record).items() if key not in STANDARD})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class RequestLogMiddleware:
    """One line per request: what was asked, by whom (user id only), the answer and how long
    it took."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        requests_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


def security_event(event: str, **details: Any) -> None:
    """Something a security team wants to see: a refused move, a failed check..."""
    security_log.warning(event, extra={"event": event, **details})
