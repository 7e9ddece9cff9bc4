"""Builders for test data. The named people every test meets are in tests/personas.py; make_user
makes anyone else a test needs."""

import datetime
import itertools
from typing import Any

from django.contrib.auth.models import Group, User

from core.roles import Role
from policies.models import Policy, ServiceArea

_sequence = itertools.count(1)


def make_user(username: str, *roles: Role, **extra: Any) -> User:
    extra.setdefault("email", f"{username}@example.gov.uk")
    extra.setdefault("first_name", username.capitalize())
    user = User.objects.create_user(username=username, password="password", **extra)
    if roles:
        user.groups.add(*Group.objects.filter(name__in=[r.value for r in roles]))
    return user


def make_service_area(name: str = "Housing") -> ServiceArea:
    return ServiceArea.objects.get_or_create(name=name)[0]


def make_policy(**fields: Any) -> Policy:
    number = next(_sequence)
    fields.setdefault("reference", f"POL-{number:04d}")
    fields.setdefault("title", f"Test policy {number}")
    if "last_reviewed" in fields or "review_frequency_months" in fields:
        fields.setdefault(
            "next_review",
            Policy.derive_next_review(
                fields.get("last_reviewed"), fields.get("review_frequency_months")
            ),
        )
    return Policy.objects.create(**fields)


def days_from(base: datetime.date, days: int) -> datetime.date:
    return base + datetime.timedelta(days=days)
