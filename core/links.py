"""Addresses of objects' pages, worked out once: ``reverse()`` takes some 16 µs, and a list page
asks it for each row's policy and assessment (over a hundred times for 50 actions)."""

from functools import lru_cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse


@lru_cache(maxsize=16384)
def _reversed(script_prefix: str, name: str, args: tuple[Any, ...]) -> str:
    return reverse(name, args=args)


def page_url(name: str, *args: Any) -> str:
    """``reverse(name, args=args)``, kept for the script prefix it was worked out under (the
    URLconf does not change while the service runs)."""
    return _reversed(get_script_prefix(), name, args)


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs: Any) -> None:
    """A test that swaps the URLconf gets addresses of its own."""
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
