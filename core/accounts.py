"""Accounts: the link that lets a person choose a password (a reset, or the invitation an
account made by the spreadsheet import gets), built from EQIA_SITE_URL."""

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.people import reachable


def site() -> tuple[str, str]:
    """(protocol, domain) of the service's address, for links in e-mails."""
    parts = urlsplit(settings.EQIA_SITE_URL)
    return parts.scheme or "https", parts.netloc or "localhost"


def link_context(user: Any) -> dict[str, Any]:
    protocol, domain = site()
    return {
        "user": user,
        "protocol": protocol,
        "domain": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "service_name": settings.EQIA_SERVICE_NAME,
    }


def invite(users: Iterable[Any]) -> int:
    """E-mail each new account a link to choose its password; how many were sent."""
    connection = mail.get_connection()
    sent = 0
    for user in reachable(users):
        context = link_context(user)
        subject = " ".join(render_to_string("registration/invitation_subject.txt", context).split())
        body = render_to_string("registration/invitation_email.txt", context)
        message = mail.EmailMessage(subject, body, to=[user.email], connection=connection)
        sent += message.send(fail_silently=True)
    return sent


class SiteAddressPasswordResetForm(PasswordResetForm):
    """Django's reset form, with links on the service's own address (EQIA_SITE_URL), never
    on whatever Host header a request carried."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        protocol, domain = site()
        kwargs.update(domain_override=domain, use_https=protocol == "https")
        kwargs.setdefault("extra_email_context", {"service_name": settings.EQIA_SERVICE_NAME})
        super().save(*args, **kwargs)
