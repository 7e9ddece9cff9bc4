"""Benchmark of the signed PDF: render + sign, and verify, of a full realistic assessment.

    .venv/bin/python bench/pdf.py

Builds, in a scratch SQLite database, an assessment with several paragraphs for every
characteristic, twenty actions and thirty audit entries, signs it off, then prints the median
over ten runs of render + sign (target <= 1.0 s) and of verify (target <= 0.1 s), with the
page count and the file size.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eqia.models import Assessment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = 10

PARAGRAPH = (
    "Service data for 2024-25 was analysed by age, disability, sex, ethnicity, religion, "
    "sexual orientation and household income, and compared with the Census 2021 profile of "
    "the district. Differences of more than five percentage points were followed up with the "
    "service managers and, where the reason was not clear, raised with the equality forum. "
)


def build_assessment() -> "Assessment":
    import datetime

    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.db import transaction

    from core.roles import Role
    from eqia.audit import record
    from eqia.models import Action, AuditKind, Characteristic, Impact, Part
    from eqia.services import assessment_start
    from policies.models import Policy, ServiceArea
    from tests.assessment_factories import fill_complete
    from workflow.services import make_move

    def person(username: str, first: str, last: str, role: Role) -> User:
        user = User.objects.create_user(username, f"{username}@example.gov.uk", "x")
        user.first_name, user.last_name = first, last
        user.save()
        user.groups.add(Group.objects.get(name=role))
        return user

    owner = person("olivia", "Olivia", "Owen", Role.POLICY_OWNER)
    reviewer = person("erin", "Erin", "Reid", Role.EDI_REVIEWER)
    signoff = person("sam", "Sam", "Sinclair", Role.SIGN_OFF_OFFICER)
    policy = Policy.objects.create(
        reference="HOU-001",
        title="Housing Allocations Policy",
        service_area=ServiceArea.objects.create(name="Housing"),
        owner=owner,
        covenant_functions=["housing"],
    )
    assessment = assessment_start(policy=policy, by=owner)
    fill_complete(assessment)
    for row in assessment.impacts.all():
        row.impact = Impact.NEGATIVE if "Poverty" in row.characteristic.name else Impact.NEUTRAL
        row.evidence = PARAGRAPH * 4
        row.mitigation = PARAGRAPH * 2 if row.impact == Impact.NEGATIVE else ""
        row.save()
    poverty = Characteristic.objects.get(name__startswith="Poverty")
    for number in range(20):
        action = Action.objects.create(
            assessment=assessment,
            description=f"Action {number + 1}: " + PARAGRAPH[:160],
            owner=owner,
            due_date=datetime.date(2027, 1, 1) + datetime.timedelta(days=30 * number),
        )
        action.characteristics.set([poverty])
    with transaction.atomic():
        for number in range(24):  # with the moves below: thirty audit entries
            record(
                assessment,
                actor=owner,
                actor_role=Role.POLICY_OWNER.label,
                kind=AuditKind.CONTENT,
                part=list(Part)[number % len(Part)],
            )
    assessment = make_move("submit", assessment=assessment, by=owner)
    assessment = make_move("start_review", assessment=assessment, by=reviewer)
    assessment = make_move("approve", assessment=assessment, by=reviewer)
    return make_move(
        "sign_off",
        assessment=assessment,
        by=signoff,
        data={
            "attestation": bool(settings.EQIA_ATTESTATION),
            "attestation_text": settings.EQIA_ATTESTATION,
        },
    )


def run() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from workflow.documents.render import render_assessment_pdf
    from workflow.documents.signing import sign_pdf
    from workflow.documents.verification import verify_pdf_bytes

    call_command("migrate", verbosity=0)
    assessment = build_assessment()
    signer = assessment.signed_off_by

    def render_and_sign() -> bytes:
        return sign_pdf(
            render_assessment_pdf(assessment),
            signer_name=signer.get_full_name(),
            signer_role="Sign-off officer",
            signed_at=assessment.signed_off_at,
        )

    render_and_sign()  # warm fonts and caches
    timings, signed = [], b""
    for _ in range(RUNS):
        start = time.perf_counter()
        signed = render_and_sign()
        timings.append(time.perf_counter() - start)
    stored = assessment.signed_pdf.open("rb").read()
    verify_pdf_bytes(stored)
    checks, verdict = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        verdict = verify_pdf_bytes(stored)
        checks.append(time.perf_counter() - start)
    assert verdict is not None and verdict.valid, verdict
    pages = subprocess.run(
        ["pdfinfo", "-"], input=signed, capture_output=True, check=False
    ).stdout.decode()
    page_count = next(
        (line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "?"
    )
    render_median, verify_median = statistics.median(timings), statistics.median(checks)
    print(f"render + sign: median {render_median:.3f} s over {RUNS} runs (target <= 1.0 s)")
    print(f"verify: median {verify_median * 1000:.0f} ms over {RUNS} runs (target <= 100 ms)")
    print(f"document: {page_count} pages, {len(signed) / 1024:.0f} KiB")


def main() -> int:
    if "--child" in sys.argv:
        run()
        return 0
    from core.signing_keys import create_development_key

    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "eqia.settings",
            "DEBUG": "0",
            "SECRET_KEY": "benchmark-only-secret-key-" + "x" * 30,
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": f"sqlite:///{scratch}/bench.sqlite3",
            "MEDIA_ROOT": f"{scratch}/media",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "ERROR",
            **create_development_key(Path(scratch) / "key").settings(),
        }
        return subprocess.call([sys.executable, __file__, "--child"], env=env)


if __name__ == "__main__":
    sys.exit(main())
