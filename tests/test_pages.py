"""What list pages share (core.pages): the page a request asks for, and the page numbers its
pagination links to, worked out from the pages shown alone however long the list."""

import pytest
from django.test import RequestFactory

from core.pages import page_links, paginate


@pytest.mark.parametrize(
    ("number", "last", "links"),
    [
        (1, 1, [1]),
        (1, 2, [1, 2]),
        # Every page while none is more than two from the current one, the first or the last.
        (3, 6, [1, 2, 3, 4, 5, 6]),
        (1, 6, [1, 2, 3, None, 6]),
        # An ellipsis after the first page and before the last for the pages skipped there.
        (1, 10, [1, 2, 3, None, 10]),
        (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),
        (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
        (100, 200, [1, None, 98, 99, 100, 101, 102, None, 200]),
    ],
)
def test_the_pagination_links_the_first_and_last_pages_and_two_either_side(number, last, links):
    assert page_links(number, last) == links


def test_a_list_of_ten_thousand_pages_links_as_few_as_a_list_of_ten():
    assert len(page_links(5000, 10_000)) == len(page_links(5, 10)) == 9


def test_a_page_keeps_the_filters_for_its_links_and_knows_which_pages_to_link():
    request = RequestFactory().get("/", {"q": "housing", "page": "3", "empty": ""})
    page = paginate(request, list(range(500)))
    assert list(page.object_list) == list(range(100, 150))
    assert page.query_without_page == "q=housing"
    assert page.links == [1, 2, 3, 4, 5, None, 10]


def test_a_page_past_the_end_is_the_last_and_anything_else_the_first():
    factory = RequestFactory()
    past_the_end = paginate(factory.get("/", {"page": "99"}), list(range(120)))
    assert (past_the_end.number, past_the_end.links) == (3, [1, 2, 3])
    assert paginate(factory.get("/", {"page": "x"}), list(range(120))).number == 1
