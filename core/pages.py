"""What list pages share: 50 rows a page, and the links that keep the filters."""

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50
# The pagination shows the pages this close to the current one (and the first and last).
NEIGHBOURS = 2


def page_links(number: int, last: int) -> list[int | None]:
    """The page numbers the pagination shows, in order, with None for an ellipsis: the first
    and last pages, and those within NEIGHBOURS of the current one; an ellipsis stands for the
    pages skipped after the first and before the last. Worked out from the pages shown alone,
    so a list of 10,000 pages costs what a list of ten does."""
    shown = {1, last, *range(max(1, number - NEIGHBOURS), min(last, number + NEIGHBOURS) + 1)}
    links: list[int | None] = []
    for candidate in sorted(shown | {2, last - 1}):
        if candidate in shown:
            links.append(candidate)
        elif 1 < candidate < last:
            links.append(None)
    return links


def paginate(request: HttpRequest, items: Sequence[Any] | Any, per_page: int = PAGE_SIZE) -> Page:
    """The page of ``items`` the request asks for (the last for a number past the end, the
    first for anything else), with ``query_without_page``: the request's filters, and
    ``links``: the page numbers to link to (``page_links``), for the pagination links
    (templates/includes/pagination.html)."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    page.query_without_page = urlencode(  # type: ignore[attr-defined]  # read by the template
        [(key, value) for key, value in request.GET.items() if key != "page" and value]
    )
    page.links = page_links(page.number, page.paginator.num_pages)  # type: ignore[attr-defined]  # read by the template
    return page


class Tag:
    """A status shown as a GOV.UK tag that is not one of a TextChoices' members."""

    def __init__(self, label: str, colour: str) -> None:
        self.label, self.colour = label, colour
