"""Fill an empty, migrated database for bench/serve.py: 10,000 policies with 300 owners and
1,000 assessments spread over every state (bulk written: a benchmark's data, not a journey)."""

import datetime
import random

import django

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from core.roles import Role  # noqa: E402
from eqia.models import (  # noqa: E402
    Action,
    Assessment,
    AssessmentState,
    AuditEntry,
    AuditKind,
    Characteristic,
    ImpactRow,
)
from policies.models import Policy, Relevance, ServiceArea  # noqa: E402

POLICIES, OWNERS, ASSESSMENTS = 10_000, 300, 1_000
PASSWORD = "bench-password-2026"


def main() -> None:
    rng = random.Random(2026)
    today = timezone.localdate()
    owners_group = Group.objects.get(name=Role.POLICY_OWNER)
    people = [
        User(
            username=f"officer{n:03d}",
            first_name=rng.choice(["Priya", "Tom", "Grace", "Dylan", "Asha", "Owen"]),
            last_name=f"Officer {n:03d}",
            email=f"officer{n:03d}@example.gov.uk",
        )
        for n in range(OWNERS)
    ]
    for person in people:
        person.set_unusable_password()
    User.objects.bulk_create(people, batch_size=500)
    owners = list(User.objects.filter(username__startswith="officer").order_by("pk"))
    owners_group.user_set.add(*owners)
    for username, role in [
        ("bench-owner", Role.POLICY_OWNER),
        ("bench-reviewer", Role.EDI_REVIEWER),
        ("bench-auditor", Role.AUDITOR),
    ]:
        user = User.objects.create_user(username, f"{username}@example.gov.uk", PASSWORD)
        user.first_name, user.last_name = "Bench", role.label
        user.save()
        user.groups.add(Group.objects.get(name=role))
    areas = [ServiceArea.objects.create(name=f"Service {n:02d}") for n in range(12)]
    bench_owner = User.objects.get(username="bench-owner")
    policies = [
        Policy(
            reference=f"P-{n:05d}",
            title=f"Policy number {n} on {rng.choice(['housing', 'waste', 'leisure', 'staff'])}",
            service_area=rng.choice(areas),
            owner=bench_owner if n < 40 else rng.choice(owners),
            equality_relevance=rng.choice(Relevance.values),
            covenant_functions=rng.choice([[], [], ["housing"], ["education"]]),
            last_reviewed=today - datetime.timedelta(days=rng.randint(0, 1500)),
            review_frequency_months=rng.choice([12, 24, 36]),
            next_review=today + datetime.timedelta(days=rng.randint(-400, 900)),
        )
        for n in range(POLICIES)
    ]
    Policy.objects.bulk_create(policies, batch_size=1000)
    # Every tenth policy, so that each run measures the same pages.
    chosen = list(Policy.objects.order_by("pk"))[:: POLICIES // ASSESSMENTS][:ASSESSMENTS]
    states = list(AssessmentState.values)
    assessments = [
        Assessment(
            policy=policy,
            version=1,
            created_by=policy.owner,
            state=states[n % len(states)]
            if states[n % len(states)] != AssessmentState.SUPERSEDED
            else AssessmentState.SIGNED_OFF,
            state_since=timezone.now(),
            submitted_at=timezone.now(),
            purpose="Benchmark assessment",
        )
        for n, policy in enumerate(chosen)
    ]
    Assessment.objects.bulk_create(assessments, batch_size=500)
    characteristics = list(Characteristic.objects.filter(is_active=True))
    made = list(Assessment.objects.all())
    ImpactRow.objects.bulk_create(
        [
            ImpactRow(assessment=a, characteristic=c, impact=rng.choice(["neutral", "negative"]))
            for a in made
            for c in characteristics
        ],
        batch_size=2000,
    )
    actions = Action.objects.bulk_create(
        [
            Action(
                assessment=a,
                description="Consult the disability forum",
                owner=a.created_by,
                due_date=today + datetime.timedelta(days=rng.randint(-30, 200)),
            )
            for a in made
        ],
        batch_size=1000,
    )
    Action.appears_in.through.objects.bulk_create(
        [
            Action.appears_in.through(action_id=act.pk, assessment_id=act.assessment_id)
            for act in actions
        ],
        batch_size=2000,
    )
    entries = []
    for assessment in made:
        entry = AuditEntry(
            assessment=assessment,
            sequence=1,
            kind=AuditKind.CREATED,
            actor_id=assessment.created_by_id,
            actor_name="Bench",
            actor_role="Policy owner",
            at=timezone.now().replace(microsecond=0),
            to_state="draft",
            previous_hash="",
        )
        entry.entry_hash = entry.compute_hash()
        entries.append(entry)
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    for entry in entries:
        Assessment.objects.filter(pk=entry.assessment_id).update(
            audit_length=1, audit_head=entry.entry_hash
        )
    # Statistics for the planner, as autovacuum would gather on a live database.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"{Policy.objects.count()} policies, {User.objects.count()} people, {len(made)} assessments"
    )


if __name__ == "__main__":
    main()
