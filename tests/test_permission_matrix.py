"""Every URL x every persona (and anonymous), with the answer each gets: a new URL without a
row fails.

The answers:
  LOGIN      sent to sign in.
  DONE       let through, and done: a page without an error summary, or a redirect onwards
             with no error message.
  REFUSED    let through the gate, but the page refused and said why: a page with a GOV.UK
             error summary, or a redirect carrying an error message (the next page shows it).
  FORBIDDEN  403: sees the thing, but this is not theirs to do.
  NOT_FOUND  404: may not even know it is there.

A row names a URL, a method, the state of the assessment it is asked of (every assessment URL
has a row in each state where the answers differ, every workflow move one in each state it
leaves and one it does not), and for a write the data a person would send, so DONE means
the write was made. Everyone meets the same world, built once for this module from the
personas (tests/personas.py); each request is undone before the next. A request answered
anything but DONE must leave the assessment's audit trail as it was (refused before anything
changed); a write answered DONE must have added to it.
"""

import datetime
from collections.abc import Callable, Iterator, Set
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from eqia.models import Action, Assessment, AssessmentState
from policies.models import Policy
from tests import plans_matrix as pm
from tests.assessment_factories import add_action, make_assessment, take_through_workflow
from tests.factories import make_policy, make_service_area
from tests.page import h1, parse
from tests.personas import PERSONAS, persona

LOGIN, DONE, REFUSED, FORBIDDEN, NOT_FOUND = "login", "done", "refused", 403, 404
Answer = str | int
ROLES = ["anonymous", *PERSONAS]  # owner, colleague, outsider, reviewer, ... administrator
# URLs that are not the product's own pages, or that every visitor may open.
UNCHECKED_PREFIXES = ("admin:", "login", "logout")

D, SUB, R, CR, A, S, W = (
    AssessmentState.DRAFT,
    AssessmentState.SUBMITTED,
    AssessmentState.IN_REVIEW,
    AssessmentState.CHANGES_REQUESTED,
    AssessmentState.APPROVED,
    AssessmentState.SIGNED_OFF,
    AssessmentState.WITHDRAWN,
)
STATES = [D, SUB, R, CR, A, S, W]

AUTHORS = frozenset({"owner", "colleague"})  # the policy's owner, and bob it is shared with
EVERYONE = frozenset(PERSONAS)
# Who sees an assessment in each state; everyone else gets 404 from its pages.
SEES = {
    D: AUTHORS | {"administrator"},
    SUB: AUTHORS | {"administrator", "reviewer"},
    R: AUTHORS | {"administrator", "reviewer"},
    CR: AUTHORS | {"administrator", "reviewer"},
    A: AUTHORS | {"administrator", "reviewer", "signoff_officer"},
    S: EVERYONE - {"outsider"},
    W: AUTHORS | {"administrator"},
}


# The world every row is asked of.


@dataclass
class World:
    people: dict[str, User]
    policy: Policy  # alice's, shared with bob, with no assessment yet
    assessments: dict[AssessmentState, Assessment] = field(default_factory=dict)
    actions: dict[AssessmentState, Action] = field(default_factory=dict)


def build_world() -> World:
    """A policy with no assessment, and for each state a policy of alice's (shared with bob)
    whose complete assessment was brought to that state by the workflow's moves (signed off:
    with its signed PDF), with an action owned by bob."""
    people = {name: persona(name) for name in PERSONAS}
    housing = make_service_area("Housing")

    def housing_policy(reference: str) -> Policy:
        policy = make_policy(
            reference=reference,
            owner=people["owner"],
            service_area=housing,
            covenant_functions=["housing"],
        )
        assign_perm("policies.edit_assessments", people["colleague"], policy)
        return policy

    world = World(people=people, policy=housing_policy("POL-NEW"))
    make_policy(reference="OTHER-1", owner=people["outsider"])
    for state in STATES:
        policy = housing_policy(f"POL-{state.value.upper()}")
        assessment = make_assessment(policy, by=people["owner"], complete=True)
        world.actions[state] = add_action(assessment, owner=people["colleague"])
        world.assessments[state] = take_through_workflow(
            assessment,
            state,
            owner=people["owner"],
            reviewer=people["reviewer"],
            signoff=people["signoff_officer"],
        )
    pm.build_plans(people)  # the equality plans: a draft, an adopted and a published one
    return world


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once for the module, in a transaction rolled back after its last test; each test
    runs in a transaction of its own inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


# What a row asks with.

Args = Callable[[World, AssessmentState | None], list[object]]
Data = Callable[[World], dict[str, Any]]


def no_args(world: World, state: AssessmentState | None) -> list[object]:
    return []


def policy_ref(world: World, state: AssessmentState | None) -> list[object]:
    """The policy with no assessment, or the policy of the assessment in ``state``."""
    policy = world.policy if state is None else world.assessments[state].policy
    return [policy.reference]


def assessment_pk(world: World, state: AssessmentState | None) -> list[object]:
    assert state is not None
    return [world.assessments[state].pk]


def part(name: str) -> Args:
    def args(world: World, state: AssessmentState | None) -> list[object]:
        return [*assessment_pk(world, state), name]

    return args


def action_pk(world: World, state: AssessmentState | None) -> list[object]:
    assert state is not None
    return [world.actions[state].pk]


def reference_and_version(world: World, state: AssessmentState | None) -> list[object]:
    """A published page's address: the policy's reference and the assessment's version."""
    assert state is not None
    return [world.assessments[state].policy.reference, world.assessments[state].version]


def nothing(world: World) -> dict[str, Any]:
    return {}


def fixed(**values: Any) -> Data:
    return lambda world: values


def an_action(world: World) -> dict[str, Any]:
    return {
        "description": "Meet the tenants' disability forum",
        "owner": world.people["colleague"].pk,
        "due_date": "31/03/2027",
    }


def a_policy(world: World) -> dict[str, Any]:
    return {
        "reference": "POL-NEW",
        "title": "Housing allocations scheme",
        "owner": world.people["owner"].pk,
        "policy_type": "policy",
        "status": "active",
        "equality_relevance": "high",
        "review_frequency_months": "12",
    }


def a_new_policy(world: World) -> dict[str, Any]:
    return {**a_policy(world), "reference": "POL-ADDED"}


def a_spreadsheet(world: World) -> dict[str, Any]:
    csv = b"Reference,Title\nIMP-001,Allocations policy\n"
    return {"file": SimpleUploadedFile("policies.csv", csv, content_type="text/csv")}


def share_with_charlie(world: World) -> dict[str, Any]:
    return {"colleague": world.people["outsider"].pk}


def signing(world: World) -> dict[str, Any]:
    return {
        "attestation": "on",
        "attestation_text": settings.EQIA_ATTESTATION,
        "job_title": "Head of Housing",
    }


def a_decision(world: World) -> dict[str, Any]:
    taken = timezone.localdate() - datetime.timedelta(days=1)
    return {
        "taken_on": f"{taken:%d/%m/%Y}",
        "body": "Cabinet",
        "result": "Agreed",
        "minutes_url": "",
    }


@dataclass(frozen=True)
class Row:
    url_name: str
    method: str
    expected: dict[str, Answer]  # role -> answer
    state: AssessmentState | None = None  # the assessment's state, for assessment URLs
    args: Args = no_args
    data: Data = nothing
    label: str = ""

    @property
    def id(self) -> str:
        state = f" {self.state.value}" if self.state else ""
        label = f" ({self.label})" if self.label else ""
        return f"{self.method} {self.url_name}{state}{label}"


# The expected answers.


def everyone(answer: Answer, **overrides: Answer) -> dict[str, Answer]:
    """The same answer for every persona; anonymous visitors are sent to sign in."""
    return {"anonymous": LOGIN, **dict.fromkeys(PERSONAS, answer), **overrides}


def seen_as(
    state: AssessmentState,
    *,
    done: Set[str] = frozenset(),
    refused: Set[str] = frozenset(),
) -> dict[str, Answer]:
    """For those who see the assessment in ``state``: DONE for ``done``, REFUSED for
    ``refused``, 403 for the rest of them; 404 for those who do not see it."""
    answers: dict[str, Answer] = {"anonymous": LOGIN}
    for role in PERSONAS:
        if role not in SEES[state]:
            answers[role] = NOT_FOUND
        elif role in done:
            answers[role] = DONE
        elif role in refused:
            answers[role] = REFUSED
        else:
            answers[role] = FORBIDDEN
    return answers


def reads(url_name: str, args: Args, states: list[AssessmentState]) -> list[Row]:
    """A page everyone who sees the assessment may read."""
    return [Row(url_name, "get", seen_as(s, done=SEES[s]), s, args) for s in states]


def author_edits(url_name: str, args: Args, data: Data, methods: tuple[str, ...]) -> list[Row]:
    """A page of the author side's that changes content: done in a draft, refused (the page
    says the content is fixed) in review and once signed off."""
    return [
        Row(
            url_name,
            method,
            seen_as(s, done=AUTHORS) if s == D else seen_as(s, refused=AUTHORS),
            s,
            args,
            data if method == "post" else nothing,
        )
        for s in (D, R, S)
        for method in methods
    ]


def move(
    name: str,
    who: Set[str],
    sources: tuple[AssessmentState, ...],
    elsewhere: AssessmentState,
    data: Data = nothing,
) -> list[Row]:
    """A workflow move's page and its POST, in each state it leaves (done) and in one it does
    not (refused: the page says why)."""
    rows = []
    for state in (*sources, elsewhere):
        expected = seen_as(state, done=who) if state in sources else seen_as(state, refused=who)
        rows += [
            Row(f"workflow:{name}", "get", expected, state, assessment_pk),
            Row(f"workflow:{name}", "post", expected, state, assessment_pk, data),
        ]
    return rows


ADMIN_ONLY = everyone(FORBIDDEN, administrator=DONE)
OWNER_OR_ADMIN = everyone(FORBIDDEN, owner=DONE, administrator=DONE)
AUDITORS = everyone(FORBIDDEN, auditor=DONE, administrator=DONE)
# Every live action: the EDI group, and auditors and administrators (who read only).
ACTION_READERS = everyone(FORBIDDEN, reviewer=DONE, auditor=DONE, administrator=DONE)
# Insight: the EDI group, auditors and administrators read it; the list of assessments in a
# state (from the EDI home) is the EDI group's and administrators'.
INSIGHT_READERS = everyone(FORBIDDEN, reviewer=DONE, auditor=DONE, administrator=DONE)
OVERSEERS = everyone(FORBIDDEN, reviewer=DONE, administrator=DONE)
READERS = [D, SUB, R, CR, A, S, W]
DECIDERS = AUTHORS | {"administrator"}
COMMENTING = fixed(**{"about-text": "Give an example", "move": ""})


def plan_answers(
    visible: Set[str], *, done: Set[str] = frozenset(), refused: Set[str] = frozenset()
) -> dict[str, Answer]:
    """For a plan page: 404 for those who may not see the plan, DONE or REFUSED for those
    named, 403 for the others who see it; anonymous visitors are sent to sign in."""
    answers: dict[str, Answer] = {"anonymous": LOGIN}
    for role in PERSONAS:
        if role not in visible:
            answers[role] = NOT_FOUND
        elif role in done:
            answers[role] = DONE
        elif role in refused:
            answers[role] = REFUSED
        else:
            answers[role] = FORBIDDEN
    return answers


ROWS: list[Row] = [
    # The service's pages
    Row("home", "get", everyone(DONE)),
    # The accessibility statement is public, as the accessibility regulations expect.
    Row("accessibility", "get", everyone(DONE, anonymous=DONE)),
    Row("robots_txt", "get", everyone(DONE, anonymous=DONE)),
    # Choosing a new password: public, as someone who cannot sign in needs it.
    Row("password_reset", "get", everyone(DONE, anonymous=DONE)),
    Row(
        "password_reset",
        "post",
        everyone(DONE, anonymous=DONE),
        data=lambda world: {"email": "nobody@example.gov.uk"},
    ),
    Row("password_reset_done", "get", everyone(DONE, anonymous=DONE)),
    Row(
        "password_reset_confirm",
        "get",
        everyone(DONE, anonymous=DONE),
        args=lambda world, state: ["MQ", "not-a-token"],
        label="an expired link",
    ),
    Row("password_reset_complete", "get", everyone(DONE, anonymous=DONE)),
    Row("password_change", "get", everyone(DONE)),
    Row("password_change_done", "get", everyone(DONE)),
    Row("policies:register", "get", everyone(DONE)),
    Row("policies:queue", "get", everyone(DONE)),
    Row("policies:export", "get", everyone(DONE)),
    Row("policies:create", "get", ADMIN_ONLY),
    Row("policies:create", "post", ADMIN_ONLY, data=a_new_policy),
    Row(
        "policies:create",
        "post",
        everyone(FORBIDDEN, administrator=REFUSED),
        data=fixed(reference=""),
        label="no reference",
    ),
    Row("policies:import", "get", ADMIN_ONLY),
    Row("policies:import", "post", ADMIN_ONLY, data=a_spreadsheet),
    # Nothing was uploaded in this session: the page says the upload has expired.
    Row("policies:import_confirm", "post", everyone(FORBIDDEN, administrator=REFUSED)),
    # A policy and its assessments
    Row("policies:detail", "get", everyone(DONE), args=policy_ref),
    Row("policies:edit", "get", OWNER_OR_ADMIN, args=policy_ref),
    Row("policies:edit", "post", OWNER_OR_ADMIN, args=policy_ref, data=a_policy),
    Row("policies:sharing", "get", OWNER_OR_ADMIN, args=policy_ref),
    Row("policies:sharing", "post", OWNER_OR_ADMIN, args=policy_ref, data=share_with_charlie),
    Row(
        "assessments:start",
        "post",
        everyone(FORBIDDEN, owner=DONE, colleague=DONE),
        None,
        policy_ref,
    ),
    # A policy whose draft is still open starts no other.
    Row(
        "assessments:start",
        "post",
        everyone(FORBIDDEN, owner=REFUSED, colleague=REFUSED),
        D,
        policy_ref,
    ),
    # An assessment's content
    *reads("workflow:detail", assessment_pk, READERS),
    *reads("assessments:part", part("about"), [D, R, A, S]),
    *author_edits(
        "assessments:part",
        part("evidence"),
        fixed(data_sources="Census 2021", engagement="Tenant panel", completed="yes"),
        methods=("post",),
    ),
    # A comment on a part: reviewers while in review; the author side then and while changes
    # are requested.
    *[
        Row(
            "assessments:comment",
            "post",
            seen_as(state, done=done, refused=AUTHORS | {"reviewer"}),
            state,
            part("aims"),
            fixed(text="Aim 3 needs an example"),
        )
        for state, done in [
            (D, set()),
            (R, AUTHORS | {"reviewer"}),
            (CR, AUTHORS),
            (S, set()),
        ]
    ],
    *author_edits("assessments:action_add", assessment_pk, an_action, ("get", "post")),
    *author_edits("assessments:action_edit", action_pk, an_action, ("get", "post")),
    *author_edits("assessments:action_remove", action_pk, nothing, ("get", "post")),
    # An action is moved on by its owner (bob), the author side or an administrator, until its
    # assessment is withdrawn or superseded.
    *[
        Row(
            "assessments:action_update",
            method,
            seen_as(state, done=AUTHORS | {"administrator"})
            if state != W
            else seen_as(state, refused=AUTHORS | {"administrator"}),
            state,
            action_pk,
            fixed(status="in_progress") if method == "post" else nothing,
        )
        for state in (D, S, W)
        for method in ("get", "post")
    ],
    # The workflow: each move where it is made, and where it is not
    *move("submit", AUTHORS, (D, CR), SUB),
    *move("recall", AUTHORS, (SUB,), R),
    *move("start_review", {"reviewer"}, (SUB,), R),
    *move("approve", {"reviewer"}, (R,), A, fixed(comment="")),
    *move("request_changes", {"reviewer"}, (R,), A, fixed(comment="More evidence")),
    *move("sign_off", {"signoff_officer"}, (A,), S, signing),
    *move("return_to_author", {"signoff_officer"}, (A,), S, fixed(comment="Outcome unclear")),
    *move("withdraw", AUTHORS | {"administrator"}, (D, SUB, R, CR, A), S, fixed(reason="Dropped")),
    # The review page: reviewers and the author side, in any state they see
    *[
        Row("workflow:review", "get", seen_as(s, done=AUTHORS | {"reviewer"}), s, assessment_pk)
        for s in (R, S)
    ],
    # Posting the review page: every comment typed, then the move chosen (if any).
    *[
        Row("workflow:review", "post", expected, state, assessment_pk, data, label=label)
        for state, expected, data, label in [
            (D, seen_as(D, refused=AUTHORS), COMMENTING, "comments"),
            (R, seen_as(R, done=AUTHORS | {"reviewer"}), COMMENTING, "comments"),
            (CR, seen_as(CR, done=AUTHORS, refused={"reviewer"}), COMMENTING, "comments"),
            (S, seen_as(S, refused=AUTHORS | {"reviewer"}), COMMENTING, "comments"),
            (
                SUB,
                seen_as(SUB, done={"reviewer"}, refused=AUTHORS),
                fixed(move="start_review"),
                "start the review",
            ),
            (
                R,
                seen_as(R, done={"reviewer"}, refused=AUTHORS),
                fixed(move="request_changes", comment="More evidence"),
                "request changes",
            ),
            (
                A,
                seen_as(A, refused=AUTHORS | {"reviewer"}),
                fixed(move="request_changes", comment="More evidence"),
                "request changes",
            ),
        ]
    ],
    *reads("workflow:read", assessment_pk, READERS),
    # Recording the decision taken: the author side and administrators, once signed off.
    *[
        Row("workflow:decision", method, expected, state, assessment_pk, data)
        for method, state, expected, data in [
            ("get", S, seen_as(S, done=DECIDERS), nothing),
            ("get", D, seen_as(D, refused=DECIDERS), nothing),
            ("get", A, seen_as(A, refused=DECIDERS), nothing),
            ("post", S, seen_as(S, done=DECIDERS), a_decision),
            ("post", D, seen_as(D, refused=DECIDERS), a_decision),
        ]
    ],
    *reads("workflow:history", assessment_pk, READERS),
    # Signed PDFs, the audit pages and the check of a signed PDF
    *reads("workflow:signed_pdf", assessment_pk, [S]),
    # Not signed yet: nothing to download, whoever asks.
    Row("workflow:signed_pdf", "get", everyone(NOT_FOUND), A, assessment_pk, label="not signed"),
    Row("actions:list", "get", ACTION_READERS),
    Row("actions:export", "get", ACTION_READERS),
    Row("healthz", "get", everyone(DONE, anonymous=DONE)),
    Row("audit:list", "get", AUDITORS),
    Row("audit:zip", "get", AUDITORS),
    Row("check:check", "get", everyone(DONE)),
    # An empty form: the page asks for a file.
    Row("check:check", "post", everyone(REFUSED)),
    Row("insight:index", "get", INSIGHT_READERS),
    Row("insight:export", "get", INSIGHT_READERS, args=lambda world, state: ["impacts"]),
    Row("insight:process", "get", INSIGHT_READERS),
    Row("insight:process_export", "get", INSIGHT_READERS, args=lambda world, state: ["late"]),
    Row("insight:process_pdf", "get", INSIGHT_READERS),
    Row("insight:process_docx", "get", INSIGHT_READERS),
    Row("insight:assessments", "get", OVERSEERS),
    # The Word copy of a signed assessment: for those who see it; none before sign-off.
    *reads("workflow:docx", assessment_pk, [S]),
    Row("workflow:docx", "get", everyone(NOT_FOUND), A, assessment_pk, label="not signed"),
    # The public pages (publication app): anyone, signed in or not. An assessment's page and
    # files exist once it is signed off and published (every signed one, by default); in every
    # other state there is nothing there, for anyone.
    Row("published:list", "get", everyone(DONE, anonymous=DONE)),
    Row("published:feed", "get", everyone(DONE, anonymous=DONE)),
    Row("sitemap", "get", everyone(DONE, anonymous=DONE)),
    Row("published:check", "get", everyone(DONE, anonymous=DONE)),
    Row("published:check", "post", everyone(REFUSED, anonymous=REFUSED)),
    *[
        Row(
            f"published:{name}",
            "get",
            everyone(DONE, anonymous=DONE)
            if state == S
            else everyone(NOT_FOUND, anonymous=NOT_FOUND),
            state,
            reference_and_version,
        )
        for name in ("eqia", "pdf", "json", "docx")
        for state in STATES
    ],
    # Withdrawing a publication: the EDI group and administrators, once it is published.
    *[
        Row("publication:withdraw", method, expected, state, assessment_pk, data)
        for method, data in (("get", nothing), ("post", fixed(reason="Published by mistake")))
        for state, expected in (
            (S, seen_as(S, done={"reviewer", "administrator"})),
            (A, seen_as(A, refused={"reviewer", "administrator"})),
        )
    ],
    # The equality plans (plans app): the EDI group and administrators manage them; auditors
    # read every plan; an action's lead (bob) sees its plan and writes its progress; anyone
    # signed in reads a published plan; the public pages need no sign-in.
    Row("plans:list", "get", everyone(DONE)),
    *[
        Row(f"plans:{name}", method, plan_answers(EVERYONE, done=pm.MANAGERS), None, no_args, data)
        for name, method, data in [
            ("create", "get", nothing),
            ("create", "post", pm.a_plan),
            ("import", "get", nothing),
            ("import", "post", pm.a_plan_file),
        ]
    ],
    # Nothing was uploaded in this session: the upload has expired.
    Row("plans:import_confirm", "post", plan_answers(EVERYONE, refused=pm.MANAGERS)),
    *[
        Row(f"plans:{name}", "get", plan_answers(pm.LEADS, done=pm.LEADS), None, args)
        for name, args in [
            ("detail", pm.slug(pm.DRAFT)),
            ("document", pm.slug(pm.DRAFT, "html")),
            ("export", pm.slug(pm.DRAFT)),
            ("objective", pm.of(pm.DRAFT, "objective")),
            ("round", pm.slug(pm.ADOPTED, 2026)),
            ("round_document", pm.slug(pm.ADOPTED, 2026, "docx")),
            ("progress_export", pm.slug(pm.ADOPTED, 2026)),
        ]
    ],
    # A published plan: anyone signed in.
    Row("plans:detail", "get", everyone(DONE), None, pm.slug(pm.PUBLISHED), label="published"),
    # A draft's content, publishing, progress rounds and returns (tests/plans_matrix.py).
    *[
        Row(
            f"plans:{row.name}",
            row.method,
            plan_answers(pm.LEADS, done=row.done, refused=row.refused),
            None,
            row.args,
            row.data or nothing,
            row.label,
        )
        for row in pm.PLAN_ROWS
    ],
    # The public pages: anyone, signed in or not; nothing unpublished is there.
    *[
        Row(f"equality_plans:{name}", "get", everyone(answer, anonymous=answer), None, args)
        for name, args, answer in [
            ("index", no_args, DONE),
            ("plan", pm.slug(pm.PUBLISHED), DONE),
            ("plan_file", pm.slug(pm.PUBLISHED, "pdf"), DONE),
            ("report", pm.slug(pm.PUBLISHED, 2026), DONE),
            ("report_file", pm.slug(pm.PUBLISHED, 2026, "docx"), DONE),
        ]
    ],
    *[
        Row(
            f"equality_plans:{name}",
            "get",
            everyone(NOT_FOUND, anonymous=NOT_FOUND),
            None,
            args,
            label="not published",
        )
        for name, args in [
            ("plan", pm.slug(pm.ADOPTED)),
            ("report", pm.slug(pm.ADOPTED, 2026)),
        ]
    ],
]


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return {name for name in names if not name.startswith(UNCHECKED_PREFIXES)}


def test_every_url_has_a_row_in_the_matrix() -> None:
    covered = {row.url_name for row in ROWS}
    missing = sorted(url_names() - covered)
    assert not missing, f"URLs with no row in the permission matrix: {missing}"


def test_every_row_answers_every_role() -> None:
    for row in ROWS:
        assert set(row.expected) == set(ROLES), row.id


# Asking.


def error_messages(response: HttpResponseBase) -> list[str]:
    request = response.wsgi_request  # type: ignore[attr-defined]  # the test client sets it
    return [str(m) for m in messages.get_messages(request) if m.level == messages.ERROR]


def answer_of(response: HttpResponseBase) -> Answer:
    if response.status_code in (301, 302):
        if response["Location"].startswith(reverse("login")):
            return LOGIN
        return REFUSED if error_messages(response) else DONE
    if response.status_code == 200:
        if isinstance(response, StreamingHttpResponse):
            # Reading a download to its end lets the test client close its file (and only
            # that: response.close() would also close the database connection).
            b"".join(response.streaming_content)  # type: ignore[arg-type]  # never async here
            return DONE
        if response["Content-Type"].startswith("text/html"):
            tree = parse(response)
            h1(tree)  # every page anyone is shown has one heading
            if tree.find_all(class_="govuk-error-summary") or error_messages(response):
                return REFUSED
        return DONE
    return response.status_code


@contextmanager
def undone() -> Iterator[None]:
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


def audit_length(world: World, row: Row) -> int | None:
    if row.state is None:
        return None
    return Assessment.objects.get(pk=world.assessments[row.state].pk).audit_length


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_permission_matrix(client: Client, world: World, row: Row) -> None:
    answers: dict[str, Answer] = {}
    for role in ROLES:
        with undone():
            client.logout()
            if role != "anonymous":
                client.force_login(world.people[role])
            before = audit_length(world, row)
            url = reverse(row.url_name, args=row.args(world, row.state))
            response = getattr(client, row.method)(url, row.data(world))
            answers[role] = answer_of(response)
            after = audit_length(world, row)
            if answers[role] != DONE:
                assert after == before, f"{role}: {answers[role]}, yet the trail grew"
            elif row.method == "post" and after is not None:
                assert after > before, f"{role}: done, yet nothing is on the trail"
    assert answers == row.expected
