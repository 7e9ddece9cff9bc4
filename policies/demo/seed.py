"""Demo users, one per role, and the demo register, loaded through the import service."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction

from core.dates import today
from core.roles import Role
from core.signing_keys import create_development_key
from policies.demo.register import DEMO_REFERENCES, register_csv
from policies.importing import ImportResult, import_policies
from policies.models import Policy

DEMO_PASSWORD = "demo-eqia-2026"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    email: str
    role: Role
    is_staff: bool = False


DEMO_USERS = [
    DemoUser("owner", "Olivia", "Owen", "owner@example.gov.uk", Role.POLICY_OWNER),
    DemoUser("reviewer", "Erin", "Reid", "reviewer@example.gov.uk", Role.EDI_REVIEWER),
    DemoUser("signoff", "Sam", "Sinclair", "signoff@example.gov.uk", Role.SIGN_OFF_OFFICER),
    DemoUser("auditor", "Audrey", "Adams", "auditor@example.gov.uk", Role.AUDITOR),
    DemoUser("admin", "Ada", "Admin", "admin@example.gov.uk", Role.ADMINISTRATOR, is_staff=True),
]

# Named owners in the demo register who are not demo logins get a proper name too.
OFFICER_NAMES = {
    "priya.patel@example.gov.uk": ("Priya", "Patel"),
    "tom.hughes@example.gov.uk": ("Tom", "Hughes"),
    "grace.okafor@example.gov.uk": ("Grace", "Okafor"),
    "dylan.evans@example.gov.uk": ("Dylan", "Evans"),
}


def ensure_demo_users() -> list[DemoUser]:
    """Create the demo logins that are missing; an existing one keeps its password."""
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": demo.email,
                "is_staff": demo.is_staff,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=demo.role))
    return DEMO_USERS


@dataclass(frozen=True)
class DemoRegister:
    result: ImportResult | None  # None: every demo policy was there already
    people: dict[str, User]

    def summary_line(self) -> str:
        if self.result is None:
            return f"all {len(DEMO_REFERENCES)} demo policies are loaded already; left as they are"
        return self.result.summary_line()


def ensure_development_signing_key() -> str | None:
    """Without a configured key, make a development one in signing/ so the demo signs out of
    the box; returns its folder when one was made. Never used when a key is configured."""
    if settings.EQIA_SIGNING_PKCS12:
        return None
    key = create_development_key(
        Path(settings.DEVELOPMENT_SIGNING_DIR), organisation=settings.EQIA_COUNCIL_NAME
    )
    settings.EQIA_SIGNING_PKCS12 = str(key.pkcs12_path)
    settings.EQIA_SIGNING_PASSPHRASE = key.passphrase
    settings.EQIA_SIGNING_TRUST_ROOTS = [str(key.ca_path)]
    return str(key.pkcs12_path.parent)


@transaction.atomic
def seed_demo_register() -> DemoRegister:
    """The demo logins and register (and a development signing key when none is set)."""
    ensure_development_signing_key()
    ensure_demo_users()
    present = frozenset(Policy.objects.values_list("reference", flat=True))
    missing = DEMO_REFERENCES - present
    result = (
        import_policies(
            content=register_csv(today(), leave_out=present), filename="demo-register.csv"
        )
        if missing
        else None
    )
    for email, (first_name, last_name) in OFFICER_NAMES.items():
        User.objects.filter(email__iexact=email, first_name="").update(
            first_name=first_name, last_name=last_name
        )
    people = {demo.username: User.objects.get(username=demo.username) for demo in DEMO_USERS}
    return DemoRegister(result=result, people=people)
