"""Every URL x every role, with the expected answer: a new URL without a row fails.

Expected answers: LOGIN (redirect to sign in), OK (200, or a redirect that is not to sign
in), 403, 404. A write is a POST with an empty body: it must be refused before any check of
the data, or accepted (OK) and answered with the form's errors or a redirect.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from guardian.shortcuts import assign_perm

from core.roles import Role
from eqia.models import AssessmentState
from tests.assessment_factories import add_action, make_assessment, set_state
from tests.factories import make_policy, make_service_area, make_user

LOGIN, OK, FORBIDDEN, NOT_FOUND = "login", "ok", 403, 404
ROLES = [
    "anonymous",
    "owner",
    "colleague",
    "other_owner",
    "reviewer",
    "signoff",
    "auditor",
    "administrator",
]
# URLs that are not the product's own pages, or that every visitor may open.
UNCHECKED_PREFIXES = ("admin:", "login", "logout")


@dataclass(frozen=True)
class Row:
    url_name: str
    method: str
    expected: dict[str, object]  # role -> answer
    state: AssessmentState | None = None  # the assessment's state, for assessment URLs
    args: Callable[["World"], list[object]] = lambda world: []
    label: str = ""
    # A write that changes what the next role would meet (a removal): a new world per role.
    fresh_world_per_role: bool = False


def everyone(answer: object, **overrides: object) -> dict[str, object]:
    answers = {role: answer for role in ROLES}
    answers["anonymous"] = LOGIN
    answers.update(overrides)
    return answers


class World:
    """The people and things every row is checked against."""

    def __init__(self, state: AssessmentState | None) -> None:
        self.users = {
            "owner": make_user("owner", Role.POLICY_OWNER),
            "colleague": make_user("colleague", Role.POLICY_OWNER),
            "other_owner": make_user("other", Role.POLICY_OWNER),
            "reviewer": make_user("reviewer", Role.EDI_REVIEWER),
            "signoff": make_user("signoff", Role.SIGN_OFF_OFFICER),
            "auditor": make_user("auditor", Role.AUDITOR),
            "administrator": make_user("administrator", Role.ADMINISTRATOR, is_staff=True),
        }
        owner = self.users["owner"]
        self.policy = make_policy(
            reference="POL-001",
            owner=owner,
            service_area=make_service_area("Housing"),
            covenant_functions=["housing"],
        )
        make_policy(reference="OTHER-1", owner=self.users["other_owner"])
        assign_perm("policies.edit_assessments", self.users["colleague"], self.policy)
        self.assessment = None
        self.action = None
        if state is not None:
            self.assessment = make_assessment(self.policy, by=owner, complete=True)
            self.action = add_action(self.assessment, owner=self.users["colleague"])
            if state != AssessmentState.DRAFT:
                set_state(self.assessment, state)
            if state == AssessmentState.SIGNED_OFF:
                # A stored file stands in for the signed PDF: the rows check who gets it.
                self.assessment.signed_pdf.save("matrix.pdf", ContentFile(b"%PDF-1.7\n"))


def policy_ref(world: World) -> list[object]:
    return [world.policy.reference]


def assessment_pk(world: World) -> list[object]:
    return [world.assessment.pk]


def part_args(world: World) -> list[object]:
    return [world.assessment.pk, "about"]


def action_pk(world: World) -> list[object]:
    return [world.action.pk]


D, SUB, R, A, S = (
    AssessmentState.DRAFT,
    AssessmentState.SUBMITTED,
    AssessmentState.IN_REVIEW,
    AssessmentState.APPROVED,
    AssessmentState.SIGNED_OFF,
)
# Who sees an assessment in each state; everyone else gets 404.
SEES = {
    D: {"owner", "colleague", "administrator"},
    SUB: {"owner", "colleague", "administrator", "reviewer"},
    R: {"owner", "colleague", "administrator", "reviewer"},
    A: {"owner", "colleague", "administrator", "reviewer", "signoff"},
    S: {"owner", "colleague", "administrator", "reviewer", "signoff", "auditor"},
}


def seen_as(state: AssessmentState, allowed: set[str]) -> dict[str, object]:
    """OK for the allowed, 403 for others who see the assessment, 404 for the rest."""
    answers: dict[str, object] = {}
    for role in ROLES:
        if role == "anonymous":
            answers[role] = LOGIN
        elif role not in SEES[state]:
            answers[role] = NOT_FOUND
        elif role in allowed:
            answers[role] = OK
        else:
            answers[role] = FORBIDDEN
    return answers


AUTHORS = {"owner", "colleague"}


def read_rows(url_name: str, args: Callable[[World], list[object]]) -> list[Row]:
    return [
        Row(url_name, "get", seen_as(state, SEES[state]), state, args) for state in (D, R, A, S)
    ]


def move_rows(url_name: str, state: AssessmentState, allowed: set[str], methods=("get", "post")):
    """A workflow move's page and its POST; each role meets the assessment afresh."""
    return [
        Row(
            url_name,
            method,
            seen_as(state, allowed),
            state,
            assessment_pk,
            fresh_world_per_role=method == "post",
        )
        for method in methods
    ]


def author_write_rows(
    url_name: str, args: Callable[[World], list[object]], *, methods=("get", "post"), **extra
) -> list[Row]:
    return [
        Row(url_name, method, seen_as(state, AUTHORS), state, args, **extra)
        for state in (D, R, S)
        for method in methods
    ]


ADMIN_ONLY = everyone(FORBIDDEN, administrator=OK)

ROWS: list[Row] = [
    Row("home", "get", everyone(OK)),
    # The accessibility statement is public, as the accessibility regulations expect.
    Row("accessibility", "get", everyone(OK, anonymous=OK)),
    Row("policies:register", "get", everyone(OK)),
    Row("policies:queue", "get", everyone(OK)),
    Row("policies:export", "get", everyone(OK)),
    Row("policies:create", "get", ADMIN_ONLY),
    Row("policies:create", "post", ADMIN_ONLY),
    Row("policies:import", "get", ADMIN_ONLY),
    Row("policies:import", "post", ADMIN_ONLY),
    Row("policies:import_confirm", "post", ADMIN_ONLY),
    Row("policies:detail", "get", everyone(OK), args=policy_ref),
    Row("policies:edit", "get", everyone(FORBIDDEN, owner=OK, administrator=OK), args=policy_ref),
    Row("policies:edit", "post", everyone(FORBIDDEN, owner=OK, administrator=OK), args=policy_ref),
    Row(
        "policies:sharing", "get", everyone(FORBIDDEN, owner=OK, administrator=OK), args=policy_ref
    ),
    Row(
        "policies:sharing", "post", everyone(FORBIDDEN, owner=OK, administrator=OK), args=policy_ref
    ),
    # Assessment content
    Row("assessments:start", "post", everyone(FORBIDDEN, owner=OK, colleague=OK), args=policy_ref),
    *read_rows("workflow:detail", assessment_pk),
    *read_rows("assessments:part", part_args),
    *author_write_rows("assessments:part", part_args, methods=("post",)),
    # Reviewers comment on a part; the author side answers beside it.
    *[
        Row("assessments:comment", "post", seen_as(state, AUTHORS | {"reviewer"}), state, part_args)
        for state in (D, R, S)
    ],
    *author_write_rows("assessments:action_add", assessment_pk),
    *author_write_rows("assessments:action_edit", action_pk),
    *author_write_rows("assessments:action_remove", action_pk, fresh_world_per_role=True),
    # Workflow moves
    *move_rows("workflow:submit", D, AUTHORS),
    *move_rows("workflow:recall", SUB, AUTHORS),
    *move_rows("workflow:start_review", SUB, {"reviewer"}),
    *move_rows("workflow:review", R, AUTHORS | {"reviewer"}, methods=("get",)),
    *move_rows("workflow:request_changes", R, {"reviewer"}),
    *move_rows("workflow:approve", R, {"reviewer"}),
    *move_rows("workflow:sign_off", A, {"signoff"}),
    *move_rows("workflow:return_to_author", A, {"signoff"}),
    *move_rows("workflow:withdraw", D, AUTHORS | {"administrator"}),
    *move_rows("workflow:comment", R, AUTHORS | {"reviewer"}, methods=("post",)),
    *read_rows("workflow:history", assessment_pk),
    # Signed PDFs and the audit page
    Row("workflow:signed_pdf", "get", seen_as(S, SEES[S]), S, assessment_pk),
    Row("audit:list", "get", everyone(FORBIDDEN, auditor=OK, administrator=OK)),
    Row("audit:zip", "get", everyone(FORBIDDEN, auditor=OK, administrator=OK)),
    Row("check:check", "get", everyone(OK)),
    Row("check:check", "post", everyone(OK)),
    *[
        Row(
            "assessments:action_update",
            method,
            seen_as(state, AUTHORS | {"administrator"}),
            state,
            action_pk,
        )
        for state in (D, S)
        for method in ("get", "post")
    ],
]


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str) -> None:  # type: ignore[no-untyped-def]
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return {name for name in names if not name.startswith(UNCHECKED_PREFIXES)}


def test_every_url_has_a_row_in_the_matrix():
    covered = {row.url_name for row in ROWS}
    missing = sorted(url_names() - covered)
    assert not missing, f"URLs with no row in the permission matrix: {missing}"


def answer(response) -> object:  # type: ignore[no-untyped-def]
    if response.status_code in (301, 302) and "/sign-in/" in response["Location"]:
        return LOGIN
    if response.status_code in (200, 302):
        return OK
    return response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row",
    ROWS,
    ids=[f"{r.method} {r.url_name}{' ' + r.state if r.state else ''}{r.label}" for r in ROWS],
)
def test_permission_matrix(client, row: Row):
    answers = {}
    world = None if row.fresh_world_per_role else World(row.state)
    for role in ROLES:
        savepoint = transaction.savepoint() if row.fresh_world_per_role else None
        here = world or World(row.state)
        url = reverse(row.url_name, args=row.args(here))
        client.logout()
        if role != "anonymous":
            client.force_login(here.users[role])
        response = getattr(client, row.method)(url)
        answers[role] = answer(response)
        if response.streaming:
            # Reading a download to its end lets the test client close its file (and only
            # that: response.close() would also close the database connection).
            b"".join(response.streaming_content)
        if savepoint is not None:
            transaction.savepoint_rollback(savepoint)
    assert answers == row.expected
