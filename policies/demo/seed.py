"""Demo users, one per role, and the demo register, loaded through the import service."""

import datetime
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from core.dates import today
from core.people import job_title, job_title_set
from core.roles import Role
from core.signing_keys import create_development_key
from policies.demo.register import DEMO_REFERENCES, register_csv
from policies.importing import ImportResult, import_policies
from policies.models import Policy

DEMO_PASSWORD = "demo-eqia-2026"
# The demo's history (workflow/demo.py) starts no earlier than this many days ago: the first
# EqIA of a policy signed about a year before its second.
DEMO_HISTORY_DAYS = 730


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    email: str
    role: Role
    job_title: str
    is_staff: bool = False


DEMO_USERS = [
    DemoUser(
        "owner",
        "Olivia",
        "Owen",
        "owner@example.gov.uk",
        Role.POLICY_OWNER,
        "Housing Needs Manager",
    ),
    DemoUser(
        "reviewer",
        "Erin",
        "Reid",
        "reviewer@example.gov.uk",
        Role.EDI_REVIEWER,
        "Equality and Diversity Officer",
    ),
    DemoUser(
        "signoff",
        "Sam",
        "Sinclair",
        "signoff@example.gov.uk",
        Role.SIGN_OFF_OFFICER,
        "Director of Place and Communities",
    ),
    DemoUser(
        "auditor",
        "Audrey",
        "Adams",
        "auditor@example.gov.uk",
        Role.AUDITOR,
        "Internal Audit Manager",
    ),
    DemoUser(
        "admin",
        "Ada",
        "Admin",
        "admin@example.gov.uk",
        Role.ADMINISTRATOR,
        "Digital Services Manager",
        is_staff=True,
    ),
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
        if not job_title(user):  # one given since is theirs to keep
            job_title_set(user=user, title=demo.job_title)
    return DEMO_USERS


@dataclass(frozen=True)
class DemoRegister:
    result: ImportResult | None  # None: every demo policy was there already
    people: dict[str, User]

    def summary_line(self) -> str:
        if self.result is None:
            return f"all {len(DEMO_REFERENCES)} demo policies are loaded already; left as they are"
        return self.result.summary_line()


def ensure_development_signing_key(*, renew: bool = False) -> str | None:
    """Without a configured key, make a development one in signing/ so the demo signs out of
    the box; returns its folder when one was made. A configured key is never replaced, but for
    the development key in signing/ when ``renew`` (nothing is signed with it yet) and it does
    not reach back to the start of the demo's history (DEMO_HISTORY_DAYS)."""
    configured = settings.EQIA_SIGNING_PKCS12
    if configured and not (renew and _short_lived_development_key(Path(configured))):
        return None
    key = create_development_key(
        Path(settings.DEVELOPMENT_SIGNING_DIR),
        organisation=settings.EQIA_COUNCIL_NAME,
        valid_from=history_starts(),
    )
    settings.EQIA_SIGNING_PKCS12 = str(key.pkcs12_path)
    settings.EQIA_SIGNING_PASSPHRASE = key.passphrase
    settings.EQIA_SIGNING_TRUST_ROOTS = [str(key.ca_path)]
    return str(key.pkcs12_path.parent)


def history_starts() -> datetime.datetime:
    """The earliest moment the demo's history may reach: its signatures are made then."""
    return timezone.now() - datetime.timedelta(days=DEMO_HISTORY_DAYS)


def _short_lived_development_key(path: Path) -> bool:
    """The development key in signing/, made valid only from after the demo's history starts
    (as keys made before the demo had a history were)."""
    if path.parent.resolve() != Path(settings.DEVELOPMENT_SIGNING_DIR).resolve():
        return False
    try:
        _, certificate, _ = pkcs12.load_key_and_certificates(
            path.read_bytes(), settings.EQIA_SIGNING_PASSPHRASE.encode() or None
        )
    except (OSError, ValueError):
        return False  # not ours to judge: signing says what is wrong with it
    return certificate is not None and certificate.not_valid_before_utc > history_starts()


@transaction.atomic
def seed_demo_register(*, renew_key: bool = False) -> DemoRegister:
    """The demo logins and register (and a development signing key when none is set, or a
    longer-lived one when ``renew_key``: see ensure_development_signing_key)."""
    ensure_development_signing_key(renew=renew_key)
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
