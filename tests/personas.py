"""The people every test meets, defined once.

They are made once per test session, in the test database itself (``django_db_setup`` in
tests/conftest.py), so each test finds them without making them again; the fixtures named by
``PERSONAS`` (``owner``, ``reviewer``...) read them afresh for each test. Tests of the
database's transactions and the browser tests empty the database after them: ``persona``
makes again whoever is missing, with the role groups the migrations made.

alice owns the policies; bob is a policy owner she shares a policy with where a test says so;
charlie is a policy owner with no part in hers.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, User

from core.roles import Role, grant_administrator_permissions

PASSWORD = "password"  # tests/browser sign in with it


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    role: Role
    is_staff: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@example.gov.uk"


# The fixture name of each persona: the permission matrix uses these names too.
PERSONAS: dict[str, Persona] = {
    "owner": Persona("alice", "Alice", "Owen", Role.POLICY_OWNER),
    "colleague": Persona("bob", "Bob", "Baker", Role.POLICY_OWNER),
    "outsider": Persona("charlie", "Charlie", "Cole", Role.POLICY_OWNER),
    "reviewer": Persona("erin", "Erin", "Reid", Role.EDI_REVIEWER),
    "signoff_officer": Persona("sam", "Sam", "Sinclair", Role.SIGN_OFF_OFFICER),
    "auditor": Persona("audrey", "Audrey", "Adams", Role.AUDITOR),
    "administrator": Persona("ada", "Ada", "Admin", Role.ADMINISTRATOR, is_staff=True),
}
USERNAMES = frozenset(persona.username for persona in PERSONAS.values())


def role_groups() -> dict[Role, Group]:
    """The role groups: made by a migration, and made again here after a test emptied the
    database."""
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    if len(groups) < len(Role):
        for role in Role:
            if role.value not in groups:
                groups[role.value] = Group.objects.create(name=role.value)
        grant_administrator_permissions()
    return {role: groups[role.value] for role in Role}


def _create(persona: Persona, groups: dict[Role, Group]) -> User:
    user = User.objects.create_user(
        username=persona.username,
        password=PASSWORD,
        email=persona.email,
        first_name=persona.first_name,
        last_name=persona.last_name,
        is_staff=persona.is_staff,
    )
    user.groups.add(groups[persona.role])
    return user


def create_personas() -> None:
    """Make every persona that is not in the database yet."""
    existing = set(User.objects.filter(username__in=USERNAMES).values_list("username", flat=True))
    missing = [p for p in PERSONAS.values() if p.username not in existing]
    if missing:
        groups = role_groups()
        for persona in missing:
            _create(persona, groups)


def persona(name: str) -> User:
    """The persona called ``name`` in ``PERSONAS``, read afresh from the database (a test may
    change its user object freely); made again if a test emptied the database."""
    wanted = PERSONAS[name]
    try:
        return User.objects.get(username=wanted.username)
    except User.DoesNotExist:
        return _create(wanted, role_groups())
