"""Reading a rendered page in a test: what a person is shown, rather than the markup.

A small tree built with Python's html.parser, and helpers for what tests ask of a GOV.UK page:
its title, its one heading, the error summary, a field's error, the notification banners, its
links and other addresses, its tables and summary lists. Text is whitespace-collapsed and keeps
visually hidden text (screen readers read it); scripts, styles, the head and `hidden` elements
are left out.

For a piece of markup, compare elements instead:
`assertContains(response, '<strong class="govuk-tag">Draft</strong>', html=True)`
(from pytest_django.asserts).
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
INLINE = {
    "a", "abbr", "b", "br", "cite", "code", "em", "i", "kbd", "label", "mark", "q", "s",
    "small", "span", "strong", "sub", "sup", "time", "u", "var",
}  # fmt: skip
UNSEEN = {"head", "script", "style", "template"}
CELLS = {"th", "td"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Element | None = None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element | str] = []

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Element]:
        """Every element inside this one, in page order."""
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, *, class_: str | None = None, **attrs: str):
        """Elements inside this one with the tag, the class and the attribute values given."""
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and (class_ is None or class_ in element.classes)
            and all(element.attrs.get(name) == value for name, value in attrs.items())
        ]

    def find(self, tag: str | None = None, *, class_: str | None = None, **attrs: str):
        """The one element that matches: fails the test if there is none, or more than one."""
        found = self.find_all(tag, class_=class_, **attrs)
        assert len(found) == 1, f"{len(found)} elements match {tag} {class_} {attrs}"
        return found[0]

    @property
    def text(self) -> str:
        parts: list[str] = []
        self._text_into(parts)
        return " ".join("".join(parts).split())

    def _text_into(self, parts: list[str]) -> None:
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag in UNSEEN or "hidden" in child.attrs:
                continue
            elif child.tag in INLINE:
                child._text_into(parts)
            else:  # a block: its text does not run into its neighbours'
                parts.append(" ")
                child._text_into(parts)
                parts.append(" ")
        if self.tag == "br":
            parts.append(" ")


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document", {})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(
            Element(tag, {name: value or "" for name, value in attrs}, self.current)
        )

    def handle_endtag(self, tag: str) -> None:
        open_element: Element | None = self.current
        while open_element is not None and open_element.tag != tag:
            open_element = open_element.parent
        if open_element is not None and open_element.parent is not None:
            self.current = open_element.parent  # closes any left open inside it

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(page: Any) -> Element:
    """The tree of a response, a string of HTML, or (as it is) an element."""
    if isinstance(page, Element):
        return page
    builder = _Builder()
    builder.feed(page if isinstance(page, str) else page.content.decode())
    builder.close()
    return builder.root


def text_of(page: Any) -> str:
    """All the text of the page's body (or of the element), whitespace collapsed."""
    tree = parse(page)
    bodies = tree.find_all("body")
    return (bodies[0] if bodies else tree).text


def title(page: Any) -> str:
    return parse(page).find("title").text


def h1(page: Any) -> str:
    """The text of the page's heading; fails unless there is exactly one h1."""
    return parse(page).find("h1").text


def error_summary(page: Any) -> list[str]:
    """The messages in the error summary, in order; [] when the page has none."""
    return [
        item.text
        for summary in parse(page).find_all(class_="govuk-error-summary__list")
        for item in summary.find_all("li")
    ]


def field_error(page: Any, field_id: str) -> str:
    """The error message shown at a field (without the hidden "Error:"); "" when none."""
    tree = parse(page)
    shown = tree.find_all(id=f"{field_id}-error")
    if not shown:
        assert tree.find_all(id=field_id) or tree.find_all(id=f"{field_id}_0"), (
            f"no field {field_id} on the page"
        )
        return ""
    (message,) = shown
    shown_text = Element("p", {})
    shown_text.children = [
        child
        for child in message.children
        if not (isinstance(child, Element) and child.text == "Error:")
    ]
    return shown_text.text


def banners(page: Any) -> list[str]:
    """The headings of the notification banners (the messages after a move or a save)."""
    return [
        banner.text for banner in parse(page).find_all(class_="govuk-notification-banner__heading")
    ]


def links(page: Any) -> dict[str, str]:
    """Each link's text and where it goes; fails if one text leads to two places."""
    found: dict[str, str] = {}
    for link in parse(page).find_all("a"):
        if "href" not in link.attrs:
            continue
        text, href = link.text, link.attrs["href"]
        assert found.setdefault(text, href) == href, f"{text!r} links to two places"
    return found


def urls(page: Any) -> set[str]:
    """Every address the page links to, posts to or loads (href, action and src)."""
    return {
        element.attrs[name]
        for element in parse(page).iter()
        for name in ("href", "action", "src")
        if name in element.attrs
    }


def table_rows(page: Any, caption: str | None = None) -> list[list[str]]:
    """The cells of each row of the page's one table (or the table with this caption),
    its header row first."""
    tables = parse(page).find_all("table")
    if caption is not None:
        tables = [t for t in tables if [c.text for c in t.find_all("caption")] == [caption]]
    assert len(tables) == 1, f"{len(tables)} tables with caption {caption!r}"
    return [
        [cell.text for cell in row.children if isinstance(cell, Element) and cell.tag in CELLS]
        for row in tables[0].find_all("tr")
    ]


def summary_list(page: Any) -> dict[str, str]:
    """The keys and values of the page's summary lists (actions left out)."""
    rows = {}
    for row in parse(page).find_all(class_="govuk-summary-list__row"):
        key = row.find_all(class_="govuk-summary-list__key")
        value = row.find_all(class_="govuk-summary-list__value")
        if key and value:
            rows[key[0].text] = value[0].text
    return rows
