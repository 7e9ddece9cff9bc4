"""The content of an assessment as one JSON document: what sign-off freezes and hashes.

The signed PDF embeds this document, so it is complete (every part, the impact grid, the
decision pathway, actions, approvals and the sign-off) and stable: keys are fixed by
``SCHEMA_VERSION``, choices are stored as their codes, dates as yyyy-mm-dd and times as
ISO 8601 in UTC. Change the shape only by raising ``SCHEMA_VERSION``.
"""

import datetime
import hashlib
import json
from typing import Any

from django.contrib.auth.models import User

from core.people import display_name
from eqia.models import PART_FIELDS, Assessment

# 2: each action has its lead team or partner, success measure and the version that planned it;
# the plan lists inherited actions too.
SCHEMA_VERSION = 2


def person(user: User | None) -> str | None:
    return display_name(user) if user is not None else None


def iso_date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def iso_utc(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    utc = value.astimezone(datetime.UTC).replace(microsecond=0)
    return utc.isoformat().replace("+00:00", "Z")


def plain(value: Any) -> Any:
    """A field value as JSON: dates as yyyy-mm-dd, lists copied, everything else as stored."""
    if isinstance(value, datetime.datetime):
        return iso_utc(value)
    if isinstance(value, datetime.date):
        return iso_date(value)
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def content_snapshot(assessment: Assessment) -> dict[str, Any]:
    """Everything the assessment says, as a JSON-serialisable dict (``SCHEMA_VERSION``)."""
    policy = assessment.policy
    previous = assessment.previous
    return {
        "schema_version": SCHEMA_VERSION,
        "policy": {
            "reference": policy.reference,
            "title": policy.title,
            "service_area": policy.service_area.name if policy.service_area else None,
            "owner": person(policy.owner),
            "covenant_functions": list(policy.covenant_functions),
        },
        "assessment": {
            "version": assessment.version,
            "state": assessment.state,
            "previous_version": previous.version if previous else None,
            "created_by": person(assessment.created_by),
            "created_at": iso_utc(assessment.created_at),
            "submitted_at": iso_utc(assessment.submitted_at),
            "review_round": assessment.review_round,
        },
        "parts": {
            part.value: {
                "title": part.label,
                "status": assessment.status_of(part).value,
                "fields": {name: plain(getattr(assessment, name)) for name in fields},
            }
            for part, fields in PART_FIELDS.items()
        },
        "impact_grid": [
            {
                "characteristic": row.characteristic.name,
                "kind": row.characteristic.kind,
                "aim_one_only": row.characteristic.aim_one_only,
                "impact": row.impact,
                "evidence": row.evidence,
                "mitigation": row.mitigation,
                "justification": row.justification,
            }
            for row in assessment.impacts.select_related("characteristic")
        ],
        "decision_meetings": [
            {"body": meeting.body, "date": iso_date(meeting.date)}
            for meeting in assessment.decision_meetings.all()
        ],
        # The plan as signed: its own actions and those inherited from earlier versions,
        # each with its lead (a person, a team or partner, or both) and where it was planned.
        "actions": [
            {
                "description": action.description,
                "owner": person(action.owner),
                "lead_team": action.lead_team,
                "success_measure": action.success_measure,
                "due_date": iso_date(action.due_date),
                "status": action.status,
                "characteristics": [c.name for c in action.characteristics.all()],
                "planned_in_version": action.assessment.version,
            }
            for action in assessment.plan_actions.select_related("owner", "assessment")
            .prefetch_related("characteristics")
            .order_by("due_date", "pk")
        ],
        "approvals": [
            {
                "approver": person(approval.approver),
                "review_round": approval.review_round,
                "at": iso_utc(approval.created_at),
                "comment": approval.comment,
            }
            for approval in assessment.approvals.select_related("approver")
        ],
        "sign_off": (
            {
                "by": person(assessment.signed_off_by),
                "at": iso_utc(assessment.signed_off_at),
                "attestation": assessment.attestation,
                "comment": assessment.sign_off_comment,
                "after_planned_decision_date": assessment.signed_after_decision_date,
                "late_explanation": assessment.late_sign_off_explanation,
            }
            if assessment.signed_off_by_id
            else None
        ),
    }


def canonical_json(snapshot: dict[str, Any]) -> bytes:
    """The one byte form of a snapshot that its hash covers."""
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def content_sha256(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(snapshot)).hexdigest()
