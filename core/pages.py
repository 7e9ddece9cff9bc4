"""What list pages share: 50 rows a page, and the links that keep the filters."""

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50


def paginate(request: HttpRequest, items: Sequence[Any] | Any, per_page: int = PAGE_SIZE) -> Page:
    """The page of ``items`` the request asks for (the last for a number past the end, the
    first for anything else), with ``query_without_page``: the request's filters, for the
    pagination links (templates/includes/pagination.html)."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    page.query_without_page = urlencode(  # type: ignore[attr-defined]  # read by the template
        [(key, value) for key, value in request.GET.items() if key != "page" and value]
    )
    return page


class Tag:
    """A status shown as a GOV.UK tag that is not one of a TextChoices' members."""

    def __init__(self, label: str, colour: str) -> None:
        self.label, self.colour = label, colour
