"""Sending e-mail: one plain-text message per person, from a template under templates/emails/.

A failed send is logged and never undoes what the e-mail reports, which has already been
done; one bad address must not cost the others their message.
"""

import logging
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string

from core.people import display_name, reachable

logger = logging.getLogger(__name__)


def site_url(path: str) -> str:
    """An absolute link for an e-mail, built from EQIA_SITE_URL."""
    return settings.EQIA_SITE_URL.rstrip("/") + path


def send_message(
    template: str,
    subject: str,
    to: str,
    *,
    connection: BaseEmailBackend | None = None,
    **context: Any,
) -> str | None:
    """Render ``template`` and send it to one address: None once sent, else why not (logged)."""
    body = render_to_string(
        template,
        {
            "council_name": settings.EQIA_COUNCIL_NAME,
            "service_name": settings.EQIA_SERVICE_NAME,
            **context,
        },
    )
    message = mail.EmailMessage(subject=subject, body=body, to=[to], connection=connection)
    try:
        message.send()
    except Exception as exc:
        logger.exception("E-mail %r to %s not sent", template, to)
        return str(exc) or type(exc).__name__
    return None


def send_each(template: str, subject: str, recipients: Iterable[Any], **context: Any) -> list[Any]:
    """The message to each active recipient with an e-mail address; the people it reached."""
    connection = mail.get_connection()
    sent = []
    for recipient in reachable(recipients):
        error = send_message(
            template,
            subject,
            recipient.email,
            connection=connection,
            recipient_name=display_name(recipient),
            **context,
        )
        if error is None:
            sent.append(recipient)
    return sent


class Reminder(Protocol):
    """A reminder e-mail worked out before sending: to whom, and its subject."""

    @property
    def email(self) -> str: ...

    @property
    def subject(self) -> str: ...


R = TypeVar("R", bound=Reminder)


def send_and_record(
    reminders: Iterable[R],
    template: str,
    *,
    record: Callable[[R], object],
    connection: BaseEmailBackend | None = None,
    **context: Any,
) -> tuple[list[R], list[tuple[R, str]]]:
    """Each reminder e-mailed (``template`` with the reminder in its context as ``reminder``),
    then ``record(reminder)``: the reminders sent, and those that failed with why. Nothing is
    recorded for a reminder whose e-mail failed, so the next run tries it again."""
    connection = connection or mail.get_connection()
    sent: list[R] = []
    failed: list[tuple[R, str]] = []
    for reminder in reminders:
        error = send_message(
            template,
            reminder.subject,
            reminder.email,
            connection=connection,
            reminder=reminder,
            **context,
        )
        if error is not None:
            failed.append((reminder, error))
            continue
        record(reminder)
        sent.append(reminder)
    return sent, failed
