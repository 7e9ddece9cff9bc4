"""No input to any form is a server error: every form on every page each role reaches (the pages
of tests/test_permission_matrix.py, in its world) is sent hostile values in every field, and
no answer may be a 500.

Each form is found on its page as a browser would (its action, method and fields) and sent:
every field at once set to each hostile value (huge, negative and non-numeric numbers, NUL
bytes, 100,000 characters, right-to-left and astral unicode, impossible and five-digit-year
dates); every field given two values where one is expected; then each field alone set to the
values that pass a form's checks and break what comes after (a number past the database's
integers, 31/12/9999), the other fields as the page filled them in. Files are sent with hostile
names. Everything a request writes is undone before the next.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from eqia.models import AssessmentState, Part
from tests.page import Element, parse
from tests.test_permission_matrix import DONE, REFUSED, ROWS, World, build_world, undone

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # past the largest integer a database column holds
# Rotated over a form's fields, so that in len(HOSTILE) requests every field is sent each one.
HOSTILE = [
    "",
    HUGE,
    "-1",
    "text\x00with a NUL",
    "\u202eright-to-left \U0001f600 \ufeff\u0301 Zoë <script>alert(1)</script>" + "x" * 100_000,
    "01/01/99999",
]
# Sent to the fields that are not free text (a number, a date, a choice, a formset's counts)
# with the free text as the page filled it in: values that a field's own checks may pass and
# what the page does next may not survive.
SHARP = [HUGE, "31/12/9999", "31/02/2026"]
FILE_NAMES = ["\x00.csv", "../../etc/passwd.pdf", "x" * 300 + ".pdf", "Zoë \U0001f600.xlsx"]
# Whose pages are read for their forms: bob and charlie see the forms alice does, or none; the
# auditor's are the administrator's.
ROLES = ["owner", "reviewer", "signoff_officer", "administrator"]
# The test's cost grows with the forms there are: past this many requests, make it cheaper.
MOST_REQUESTS = 1000
SKIPPED_ACTIONS = {reverse("logout")}
TEXT_INPUTS = {"", "text", "email", "url", "search", "password"}
# The boxes that must carry a maxlength (a password's length is Django's own concern).
LIMITED_INPUTS = {"", "text", "email", "url", "search"}
NUMBER_OR_DATE = re.compile(r"[\d/.-]*")


@dataclass(frozen=True)
class Form:
    """A form as a page renders it: where it goes, how, and its fields filled in as shown."""

    page: str
    action: str
    method: str
    fields: tuple[tuple[str, str], ...]  # name, value as shown (a checked box's value)
    files: tuple[str, ...]
    free_text: frozenset[str]  # the text boxes, where any text is an answer
    unlimited: frozenset[str]  # text boxes with no maxlength

    @property
    def names(self) -> list[str]:
        return sorted({name for name, _ in self.fields} | set(self.files))

    def filled(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


def forms_on(path: str, page: Element) -> Iterator[Form]:
    for form in page.find_all("form"):
        action = urlsplit(form.attrs.get("action") or path).path
        if action in SKIPPED_ACTIONS:
            continue
        fields: list[tuple[str, str]] = []
        files: list[str] = []
        free_text: set[str] = set()
        unlimited: set[str] = set()
        for element in form.iter():
            name = element.attrs.get("name") if isinstance(element, Element) else None
            if not name or name == "csrfmiddlewaretoken":
                continue
            kind = element.attrs.get("type", "")
            if element.tag == "input" and kind == "file":
                files.append(name)
            elif element.tag == "input" and kind in {"checkbox", "radio"}:
                if "checked" in element.attrs:
                    fields.append((name, element.attrs.get("value", "on")))
                else:
                    fields.append((name, ""))
            elif element.tag in {"input", "button"}:
                value = element.attrs.get("value", "")
                fields.append((name, value))
                if kind in TEXT_INPUTS and not NUMBER_OR_DATE.fullmatch(value):
                    free_text.add(name)
                numeric = element.attrs.get("inputmode") == "numeric"  # a number's own bounds
                limited = "maxlength" in element.attrs or numeric
                if element.tag == "input" and kind in LIMITED_INPUTS and not limited:
                    unlimited.add(name)
            elif element.tag == "textarea":
                fields.append((name, element.text))
                free_text.add(name)
                if "maxlength" not in element.attrs:
                    unlimited.add(name)
            elif element.tag == "select":
                chosen = [o for o in element.find_all("option") if "selected" in o.attrs]
                fields.append((name, chosen[0].attrs.get("value", "") if chosen else ""))
        # Several radios or boxes of one name: keep the checked ones, else one blank.
        kept: list[tuple[str, str]] = []
        for name, value in fields:
            wanted = value or not any(n == name and v for n, v in fields)
            if wanted and (name, value) not in kept:
                kept.append((name, value))
        yield Form(
            page=path,
            action=action,
            method=form.attrs.get("method", "get").lower(),
            fields=tuple(kept),
            files=tuple(files),
            free_text=frozenset(free_text),
            unlimited=frozenset(unlimited),
        )


def reachable_pages(world: World) -> Iterator[tuple[str, str]]:
    """(role, path) of the pages of the matrix each role reads, or is refused on with the page
    saying why (it still shows its form): each page once a role, in the first state the matrix
    asks it in; and every part of the draft, for its owner."""
    seen = set()
    for row in ROWS:
        if row.method != "get":
            continue
        args = row.args(world, row.state)
        page = (row.url_name, *[arg for arg in args if arg in Part.values])
        for role, answer in row.expected.items():
            if role in ROLES and answer in (DONE, REFUSED) and (role, page) not in seen:
                seen.add((role, page))
                yield role, reverse(row.url_name, args=args)
    draft = world.assessments[AssessmentState.DRAFT]
    for part in Part:
        if ("owner", ("assessments:part", part.value)) not in seen:
            yield "owner", reverse("assessments:part", args=[draft.pk, part.value])


def payloads(form: Form) -> Iterator[dict[str, Any]]:
    names = form.names
    for turn in range(len(HOSTILE)):
        yield {name: HOSTILE[(turn + i) % len(HOSTILE)] for i, name in enumerate(names)}
    yield {name: ["1", HUGE] for name in names}  # two values where one is expected
    filled = form.filled()
    structured = [
        name for name in dict.fromkeys(n for n, _ in form.fields) if name not in form.free_text
    ]
    if structured:
        # Half of them one value, half another, so that each is sent each value in turn.
        halves = [structured[0::2], structured[1::2]]
        for turn in range(len(SHARP)):
            yield {
                **filled,
                **dict.fromkeys(halves[0], SHARP[turn]),
                **dict.fromkeys(halves[1], SHARP[(turn + 1) % len(SHARP)]),
            }


def with_files(form: Form, data: dict[str, Any], number: int) -> dict[str, Any]:
    name = FILE_NAMES[number % len(FILE_NAMES)]
    content = b"%PDF-1.7\n" if number % 2 else b"Reference,Title\r\nA\x00,\xff\xfe\r\n"
    return {**data, **{f: SimpleUploadedFile(name, content) for f in form.files}}


def view_of(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


def send(client: Client, form: Form, data: dict[str, Any]) -> HttpResponseBase:
    if form.method == "get":
        return client.get(form.action, data)
    return client.post(form.action, data)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@dataclass
class Found:
    """The forms of every page, each once with a role that sees it; the pages that failed."""

    forms: dict[tuple[str, str, tuple[str, ...]], tuple[str, Form]]
    broken_pages: list[str]


@pytest.fixture(scope="module")
def found(world: World, django_db_blocker: Any) -> Found:
    client = Client(raise_request_exception=False)
    result = Found(forms={}, broken_pages=[])
    with django_db_blocker.unblock():
        for role, path in reachable_pages(world):
            with undone():
                client.force_login(world.people[role])
                page = client.get(path)
            if page.status_code >= 500:
                result.broken_pages.append(f"{role} GET {path}")
                continue
            if page.status_code == 302 or not page["Content-Type"].startswith("text/html"):
                if hasattr(page, "streaming_content"):
                    b"".join(page.streaming_content)  # a download: read, so its file closes
                continue  # refused and sent elsewhere with the reason, or a download
            for form in forms_on(path, parse(page)):
                # One form is fuzzed once, whoever sees it and wherever it goes (withdrawing
                # any assessment is one form): its fields are what matter.
                key = (view_of(form.action), form.method, tuple(form.names))
                result.forms.setdefault(key, (role, form))
    return result


def test_every_page_with_a_form_opens(found: Found) -> None:
    assert not found.broken_pages
    assert len(found.forms) > 30, sorted(found.forms)


def test_every_text_box_has_a_length_limit(found: Found) -> None:
    """A limit on every text field (the column's, or TEXT_MAX_LENGTH where the column has none),
    shown to the browser as maxlength: 100,000 characters are refused, never stored."""
    unlimited = sorted(
        f"{form.action} {name}" for _, form in found.forms.values() for name in form.unlimited
    )
    assert not unlimited, "\n".join(unlimited)


def test_no_hostile_input_to_any_form_is_a_server_error(world: World, found: Found) -> None:
    client = Client(raise_request_exception=False)
    errors = []
    requests = 0
    for role, form in found.forms.values():
        client.force_login(world.people[role])
        for number, data in enumerate(payloads(form)):
            with undone():
                response = send(client, form, with_files(form, data, number))
            requests += 1
            if response.status_code >= 500:
                shown = {
                    k: (v[:40] + "..." if isinstance(v, str) and len(v) > 40 else v)
                    for k, v in data.items()
                }
                errors.append(f"{role} {form.method.upper()} {form.action} {shown}")
    assert not errors, f"{len(errors)} server errors of {requests} requests:\n" + "\n".join(
        errors[:40]
    )
    assert requests < MOST_REQUESTS, f"{requests} requests: too slow a test"
