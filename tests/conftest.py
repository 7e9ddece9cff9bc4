from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connections

from eqia.models import Assessment
from tests.assessment_factories import make_assessment
from tests.personas import PERSONAS, create_personas, persona
from tests.pgserver import PostgresUnavailable, TemporaryPostgres
from workflow.services import make_move


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgres",
        action="store_true",
        help="run the suite against a temporary PostgreSQL 15 server the tests start themselves",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--postgres"):
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL: the test command runs it again with --postgres"
    )
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request: pytest.FixtureRequest, django_db_modify_db_settings_parallel_suffix: None
) -> None:
    """With --postgres, point the default database at a server started for this session."""
    if not request.config.getoption("--postgres"):
        return
    try:
        server = TemporaryPostgres().start()
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    request.addfinalizer(server.stop)
    settings.DATABASES["default"].update(server.database_settings())
    # A connection made before this point would keep the SQLite backend: start afresh.
    connections.settings["default"].update(server.database_settings())
    connections["default"].close()
    del connections["default"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database, with the personas in it once for the whole session."""
    with django_db_blocker.unblock():
        create_personas()


# The personas (tests/personas.py), read afresh for each test.


@pytest.fixture
def owner(db: None) -> User:
    """alice (Alice Owen), a policy owner: the policies tests make are hers."""
    return persona("owner")


@pytest.fixture
def colleague(db: None) -> User:
    """bob (Bob Baker), a policy owner in alice's team; a policy is shared with him only
    where a test shares it."""
    return persona("colleague")


@pytest.fixture
def outsider(db: None) -> User:
    """charlie (Charlie Cole), a policy owner with no part in alice's policies."""
    return persona("outsider")


@pytest.fixture
def reviewer(db: None) -> User:
    """erin (Erin Reid), an EDI reviewer."""
    return persona("reviewer")


@pytest.fixture
def signoff_officer(db: None) -> User:
    """sam (Sam Sinclair), a sign-off officer for every service area."""
    return persona("signoff_officer")


@pytest.fixture
def auditor(db: None) -> User:
    """audrey (Audrey Adams), an auditor."""
    return persona("auditor")


@pytest.fixture
def administrator(db: None) -> User:
    """ada (Ada Admin), an administrator with access to the Django admin."""
    return persona("administrator")


@pytest.fixture
def personas(db: None) -> dict[str, User]:
    """Every persona by its fixture name (the permission matrix's roles)."""
    return {name: persona(name) for name in PERSONAS}


# An assessment of alice's taken by real moves to where a workflow test starts.


@pytest.fixture
def submitted(owner: User) -> Assessment:
    """alice's complete assessment, submitted by her."""
    return make_move("submit", assessment=make_assessment(by=owner, complete=True), by=owner)


@pytest.fixture
def in_review(submitted: Assessment, reviewer: User) -> Assessment:
    """Taken into review by erin."""
    return make_move("start_review", assessment=submitted, by=reviewer)


@pytest.fixture
def approved(in_review: Assessment, reviewer: User) -> Assessment:
    """Approved by erin."""
    return make_move("approve", assessment=in_review, by=reviewer)


@pytest.fixture(scope="module")
def audit_trigger_off(django_db_setup: None, django_db_blocker: Any) -> Any:
    """For a module of transactional tests on PostgreSQL: after each, the tables are emptied
    with TRUNCATE, which the audit trail's trigger refuses (migration workflow/0003). Off for
    the module, on again after it."""

    def set_trigger(state: str) -> None:
        with django_db_blocker.unblock(), connections["default"].cursor() as cursor:
            if connections["default"].vendor == "postgresql":
                cursor.execute(f"ALTER TABLE workflow_auditentry {state} TRIGGER USER")

    set_trigger("DISABLE")
    yield
    set_trigger("ENABLE")
