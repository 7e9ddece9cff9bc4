import pytest
from django.conf import settings
from django.db import connections

from core.roles import Role
from tests.factories import make_user
from tests.pgserver import PostgresUnavailable, TemporaryPostgres


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


@pytest.fixture
def owner(db):  # type: ignore[no-untyped-def]
    """alice, a policy owner."""
    return make_user("alice", Role.POLICY_OWNER, first_name="Alice", last_name="Owen")


@pytest.fixture
def colleague(db):  # type: ignore[no-untyped-def]
    """bob, a policy owner in alice's team."""
    return make_user("bob", Role.POLICY_OWNER, first_name="Bob", last_name="Baker")


@pytest.fixture
def outsider(db):  # type: ignore[no-untyped-def]
    """charlie, a policy owner with no part in alice's policies."""
    return make_user("charlie", Role.POLICY_OWNER, first_name="Charlie", last_name="Cole")


@pytest.fixture
def reviewer(db):  # type: ignore[no-untyped-def]
    return make_user("erin", Role.EDI_REVIEWER, first_name="Erin", last_name="Reid")


@pytest.fixture
def signoff_officer(db):  # type: ignore[no-untyped-def]
    return make_user("sam", Role.SIGN_OFF_OFFICER, first_name="Sam", last_name="Sinclair")


@pytest.fixture
def auditor(db):  # type: ignore[no-untyped-def]
    return make_user("audrey", Role.AUDITOR, first_name="Audrey", last_name="Adams")


@pytest.fixture
def administrator(db):  # type: ignore[no-untyped-def]
    return make_user("ada", Role.ADMINISTRATOR, first_name="Ada", last_name="Admin", is_staff=True)
