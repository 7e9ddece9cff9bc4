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
from policies.demo.clock import DemoClock, demo_clock, working_day
from policies.demo.register import DEMO_REFERENCES, register_csv, reviews_at_import
from policies.importing import ImportResult, import_policies
from policies.models import ChangeSource, Policy
from policies.services import policy_save

DEMO_PASSWORD = "demo-eqia-2026"
# The demo's history (workflow/demo.py) starts no earlier than this many days ago: the first
# EqIA of a policy signed about a year before its second.
DEMO_HISTORY_DAYS = 730
# The council loaded its register (the demo's spreadsheet import) about this many days ago, a
# couple of months before its first EqIA here (workflow/demo.py starts none earlier), on a
# working day; each review of a policy made since is recorded on its page, on the day.
REGISTER_IMPORTED_DAYS_AGO = 480
REGISTER_IMPORTED_AT = datetime.time(10, 30)
REGISTER_FILENAME = "policy-register.csv"
# Who loaded it: register imports are an administrator's, on the import page.
REGISTER_IMPORTED_BY = "admin"
REVIEW_RECORDED_AT = datetime.time(14, 20)
REVIEW_REASON = "Reviewed by the service: the policy stays as it is until its next review."


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


def ensure_officers() -> None:
    """The named owners who are not demo logins, with their names, before the register that
    names them is imported (as accounts the import would make: no password of their own)."""
    group, _ = Group.objects.get_or_create(name=Role.POLICY_OWNER)
    for email, (first_name, last_name) in OFFICER_NAMES.items():
        if User.objects.filter(email__iexact=email).exists():
            continue
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
        user.groups.add(group)


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


def register_imported_on(as_of: datetime.date) -> datetime.date:
    """The working day the demo's register was imported, ``REGISTER_IMPORTED_DAYS_AGO``
    before ``as_of`` (or the working day before that)."""
    day = as_of - datetime.timedelta(days=REGISTER_IMPORTED_DAYS_AGO)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


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
    longer-lived one when ``renew_key``: see ensure_development_signing_key).

    The register is imported as it was ``REGISTER_IMPORTED_DAYS_AGO`` days ago, by the demo
    administrator, on that day; the reviews of its policies since are recorded each on its day
    (``record_reviews_since``), so every policy's history reads in the order it happened."""
    ensure_development_signing_key(renew=renew_key)
    as_of = today()  # the real today: inside the clock, today is wherever the history is
    present = frozenset(Policy.objects.values_list("reference", flat=True))
    missing = DEMO_REFERENCES - present
    imported_on = register_imported_on(as_of)
    result = None
    with demo_clock() as clock:
        if missing:  # the logins and officers new to the demo were there before the import
            clock.go_to(imported_on, datetime.time(9, 5))
        ensure_demo_users()
        ensure_officers()
        if missing:
            clock.go_to(imported_on, REGISTER_IMPORTED_AT)
            result = import_policies(
                content=register_csv(as_of, leave_out=present, imported_on=imported_on),
                filename=REGISTER_FILENAME,
                by=User.objects.get(username=REGISTER_IMPORTED_BY),
            )
            record_reviews_since(as_of, imported_on, clock, only=missing)
    for email, (first_name, last_name) in OFFICER_NAMES.items():  # from an older demo
        User.objects.filter(email__iexact=email, first_name="").update(
            first_name=first_name, last_name=last_name
        )
    people = {demo.username: User.objects.get(username=demo.username) for demo in DEMO_USERS}
    return DemoRegister(result=result, people=people)


def record_reviews_since(
    as_of: datetime.date, imported_on: datetime.date, clock: DemoClock, *, only: frozenset[str]
) -> None:
    """Each review of a policy made after the register was imported, recorded by its owner on
    the policy's page on the day (its next review worked out from its review frequency)."""
    for reference, reviewed_on in reviews_at_import(as_of, imported_on)[1]:
        if reference not in only:
            continue
        policy = Policy.objects.select_related("owner").get(reference=reference)
        clock.go_to(working_day(reviewed_on), REVIEW_RECORDED_AT)
        policy.last_reviewed, policy.next_review = reviewed_on, None
        policy_save(policy=policy, by=policy.owner, source=ChangeSource.FORM, reason=REVIEW_REASON)
