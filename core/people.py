"""People as the service shows them: one way to write a person's name, and the people a list
may offer (never guardian's AnonymousUser, never an inactive account)."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from core.models import Profile

# Anyone a request may come from: a signed-in user, or no one yet.
Person = User | AnonymousUser


def format_name(first_name: str, last_name: str, email: str, username: str) -> str:
    """The full name; the e-mail address when there is none; the username as a last resort."""
    full = f"{first_name or ''} {last_name or ''}".strip()
    return full or (email or "").strip() or username or ""


def display_name(user: Any, *, with_email: bool = False) -> str:
    """A person's name as pages, e-mails, PDFs and the audit trail write it.

    ``with_email`` adds the address in brackets where two people could share a name (the
    lists people choose from); never twice when the name is the address.
    """
    if user is None:
        return ""
    name = format_name(
        getattr(user, "first_name", ""),
        getattr(user, "last_name", ""),
        getattr(user, "email", ""),
        user.get_username(),
    )
    email = (getattr(user, "email", "") or "").strip()
    if with_email and email and email.lower() != name.lower():
        return f"{name} ({email})"
    return name


def job_title(user: Any) -> str:
    """The person's job title, or "" while they have given none."""
    profile = getattr(user, "profile", None) if user is not None else None
    return profile.job_title if profile is not None else ""


def name_and_title(user: Any) -> str:
    """ "Sam Sinclair, Head of Housing": how a signer is named on the record."""
    title = job_title(user)
    return f"{display_name(user)}, {title}" if title else display_name(user)


def name_from_row(row: Any, prefix: str) -> str:
    """The same name from a values() row with fields ``<prefix>first_name`` and so on."""
    return format_name(
        row[f"{prefix}first_name"] or "",
        row[f"{prefix}last_name"] or "",
        row[f"{prefix}email"] or "",
        row[f"{prefix}username"] or "",
    )


def not_anonymous() -> Q:
    """Everyone but guardian's AnonymousUser, the account it gives visitors' object permissions
    to: it is nobody, so never a person to choose, own or lead anything (a relation's
    limit_choices_to)."""
    return ~Q(username=getattr(settings, "ANONYMOUS_USER_NAME", "AnonymousUser"))


def people() -> QuerySet[Any]:
    """Active accounts a list may offer, by name: guardian's AnonymousUser is never one."""
    return (
        get_user_model()
        .objects.filter(not_anonymous(), is_active=True)
        .order_by("first_name", "last_name", "email", "username")
    )


def reachable(users: Iterable[Any]) -> list[Any]:
    """Active people with an e-mail address, each once, in the order given."""
    seen: set[int] = set()
    result = []
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        if not (getattr(user, "email", "") or "").strip():
            continue
        seen.add(user.pk)
        result.append(user)
    return result


class PersonChoiceField(forms.ModelChoiceField):
    """A list of people, each shown by name with their e-mail address."""

    def label_from_instance(self, obj: Any) -> str:
        return display_name(obj, with_email=True)


def job_title_set(*, user: Any, title: str) -> None:
    """Record the person's job title (shown with their sign-offs from now on)."""
    Profile.objects.update_or_create(user=user, defaults={"job_title": title.strip()})
