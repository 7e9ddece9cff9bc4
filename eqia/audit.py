"""Writing and checking the audit trail (eqia.models.AuditEntry).

Writers hold the assessment's row lock (select_for_update) inside the transaction of their
change, so the chain of one assessment is written one entry at a time."""

import hmac
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from core.people import display_name
from eqia.models import Assessment, AuditEntry, AuditKind
from eqia.models.audit import audit_key, chain_hash


def record(
    assessment: Assessment,
    *,
    actor: User,
    actor_role: str,
    kind: AuditKind,
    from_state: str = "",
    to_state: str = "",
    part: str = "",
    comment: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    if not connection.in_atomic_block:
        raise RuntimeError("Audit entries are written inside the transaction of their change")
    entry = AuditEntry(
        assessment=assessment,
        sequence=assessment.audit_length + 1,
        kind=kind,
        actor=actor,
        actor_name=display_name(actor),
        actor_role=actor_role,
        at=timezone.now().replace(microsecond=0),
        from_state=from_state,
        to_state=to_state,
        part=part,
        comment=comment,
        details=details or {},
        previous_hash=assessment.audit_head,
    )
    entry.entry_hash = entry.compute_hash()
    entry.save(force_insert=True)
    assessment.audit_length, assessment.audit_head = entry.sequence, entry.entry_hash
    # A plain UPDATE: the state field is protected and content fields are not ours to save.
    Assessment.objects.filter(pk=assessment.pk).update(
        audit_length=entry.sequence, audit_head=entry.entry_hash
    )
    return entry


@dataclass
class AuditVerification:
    entries: int = 0
    assessments: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> str:
        return self.problems[0] if self.problems else ""


def _chain_problem(
    label: str, recorded_length: int, recorded_head: str, entries: Iterator[AuditEntry]
) -> tuple[int, str | None]:
    """Walk one assessment's entries in sequence order; the count seen and the first break."""
    expected, previous_hash, seen = 1, "", 0
    for entry in entries:
        seen += 1
        if entry.sequence == 1 and entry.kind != AuditKind.CREATED:
            return seen, f"the trail of {label} does not begin with its start: entries are missing"
        if entry.sequence != expected:
            if entry.sequence > expected:
                missing = (
                    f"entry #{expected}"
                    if entry.sequence == expected + 1
                    else f"entries #{expected} to #{entry.sequence - 1}"
                )
                verb = "is" if entry.sequence == expected + 1 else "are"
                return seen, f"{missing} of {label} {verb} missing (deleted)"
            return seen, f"entry #{entry.sequence} of {label} is out of sequence"
        if entry.compute_hash() != entry.entry_hash:
            return seen, f"entry #{entry.sequence} of {label} was changed after it was written"
        if entry.previous_hash != previous_hash:
            # A rewritten entry whose own hash was recomputed shows here, in its successor.
            return seen, (
                f"entry #{entry.sequence - 1} of {label} was changed after it was written "
                f"(entry #{entry.sequence} no longer links to it)"
            )
        if entry.kind == AuditKind.KEYED and entry.details.get("previous_check") != "intact":
            return seen, (
                f"the trail of {label} was already broken when it was keyed (entry "
                f"#{entry.sequence}): {entry.details.get('previous_check')}"
            )
        previous_hash, expected = entry.entry_hash, expected + 1
    last = expected - 1
    if last == 0:
        # Every assessment starts with an entry: none at all means its trail was removed.
        return seen, f"{label} has no audit trail: its entries were deleted"
    if recorded_length > last:
        return seen, (
            f"the last entries of {label} were deleted: the trail ends at entry #{last} "
            f"but {recorded_length} were written"
        )
    if recorded_length < last:
        return seen, (
            f"{label} records {recorded_length} audit entries but its trail has {last}: "
            "its record of the trail was changed"
        )
    if previous_hash != recorded_head:
        return seen, (
            f"entry #{last} of {label} was changed after it was written (it no longer matches "
            "the assessment's record of its last entry)"
        )
    return seen, None


def verify_audit_trails() -> AuditVerification:
    """Walk every assessment's chain: sequence 1..n without gaps, each entry's hash
    recomputed, each link to the previous entry, and the end matching the assessment's
    record of its length and last hash. Problems are listed assessment by assessment, the
    first break of each."""
    result = AuditVerification()
    assessments = Assessment.objects.select_related("policy").order_by("pk")
    for assessment in assessments.iterator(chunk_size=500):
        entries = AuditEntry.objects.filter(assessment=assessment).order_by("sequence")
        seen, problem = _chain_problem(
            str(assessment),
            assessment.audit_length,
            assessment.audit_head,
            entries.iterator(chunk_size=500),
        )
        result.assessments += 1
        result.entries += entries.count() if problem else seen
        if problem:
            result.problems.append(problem)
    return result


# Checkpoints: the heads of every chain, kept outside the database (manage.py audit_checkpoint),
# against which a later check proves nothing written before was rewritten or removed.

CHECKPOINT_VERSION = 1


def checkpoint() -> dict[str, Any]:
    """Every assessment's trail length and last hash now, signed with the audit key."""
    heads = {
        str(pk): {"label": f"{reference} EqIA v{version}", "length": length, "head": head}
        for pk, reference, version, length, head in Assessment.objects.order_by("pk").values_list(
            "pk", "policy__reference", "version", "audit_length", "audit_head"
        )
    }
    body = {
        "version": CHECKPOINT_VERSION,
        "made_at": timezone.now().replace(microsecond=0).isoformat(),
        "heads": heads,
    }
    return {**body, "signature": chain_hash(body, audit_key())}


def checkpoint_problems(data: Any) -> list[str]:
    """What a checkpoint file says is wrong with the trails now: a trail it names that no
    longer reaches its recorded length, or whose entry at that length is not the one it
    recorded. A checkpoint that is not signed with the audit key is refused as a whole."""
    if not isinstance(data, dict) or not isinstance(data.get("heads"), dict):
        return ["the checkpoint file is not a checkpoint"]
    body = {key: value for key, value in data.items() if key != "signature"}
    if not hmac.compare_digest(str(data.get("signature", "")), chain_hash(body, audit_key())):
        return [
            "the checkpoint's signature does not match: it was changed, or made with another key"
        ]
    problems = []
    heads = data["heads"]
    found = {
        str(pk): (length, head)
        for pk, length, head in Assessment.objects.filter(
            pk__in=[int(pk) for pk in heads if str(pk).isdigit()]
        ).values_list("pk", "audit_length", "audit_head")
    }
    hashes = {
        (str(assessment_id), sequence): entry_hash
        for assessment_id, sequence, entry_hash in AuditEntry.objects.filter(
            assessment_id__in=[int(pk) for pk in found]
        ).values_list("assessment_id", "sequence", "entry_hash")
    }
    for pk, recorded in heads.items():
        label, length, head = recorded.get("label", pk), recorded["length"], recorded["head"]
        if pk not in found:
            problems.append(f"{label} was in the checkpoint but is no longer on record")
            continue
        if found[pk][0] < length:
            problems.append(
                f"{label} had {length} audit entries at the checkpoint and has {found[pk][0]} now"
            )
        elif length and hashes.get((pk, length)) != head:
            problems.append(
                f"entry #{length} of {label} is not the one the checkpoint recorded: the trail "
                "was rewritten"
            )
    return problems
