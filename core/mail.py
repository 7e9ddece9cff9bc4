"""Sending e-mail: one plain-text message per person, from a template under templates/emails/.

A failed send is logged and never undoes what the e-mail reports, which has already been
done; one bad address must not cost the others their message.
"""

import logging
from collections.abc import Iterable
from typing import Any

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
