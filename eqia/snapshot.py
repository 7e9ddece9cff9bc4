"""The content of an assessment as one JSON document: what sign-off freezes and hashes.

The signed PDF embeds this document, so it is complete (every part, the impact grid, the
decision pathway, actions, approvals, the review dialogue and the sign-off) and stable: keys
are fixed by ``SCHEMA_VERSION``, choices are stored as their codes, dates as yyyy-mm-dd and
times as ISO 8601 in UTC. Change the shape only by raising ``SCHEMA_VERSION``; readers of a
stored snapshot accept every earlier version (a key added later may be missing).
"""

import datetime
import hashlib
import json
from typing import Any

from django.contrib.auth.models import User

from core.models import Profile
from core.people import display_name
from eqia.access import author_side_ids
from eqia.cumulative import links_snapshot
from eqia.models import PART_FIELDS, Assessment

# 2: each action has its lead team or partner, success measure and the version that planned it;
# the plan lists inherited actions too.
# 3: the policy's document link and its last review before this assessment; the signer's job
# title; the review dialogue (every comment and answer, with who resolved or withdrew it);
# the cumulative-impact links (each other policy, the signed EqIA of it considered, the group).
SCHEMA_VERSION = 3
# The two sides of the review dialogue, as "review_dialogue" stores them.
REVIEWER_SIDE, AUTHOR_SIDE = "reviewer", "author"


def person(user: User | None) -> str | None:
    return display_name(user) if user is not None else None


def current_job_title(user_id: int | None) -> str:
    """The person's job title as stored now. Read afresh, not from the user's cached profile:
    sign-off may have just recorded the title it asked for (core.people.job_title_set)."""
    if user_id is None:
        return ""
    titles = Profile.objects.filter(user_id=user_id).values_list("job_title", flat=True)
    return titles.first() or ""


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
            "document_url": policy.document_url,
            # The review before this assessment's: sign-off records a new one afterwards.
            "last_reviewed": iso_date(policy.last_reviewed),
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
        # Cumulative impact, structured: each other policy linked, per group (eqia.cumulative).
        "cumulative_links": links_snapshot(assessment),
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
        "review_dialogue": review_dialogue(assessment),
        "sign_off": (
            {
                "by": person(assessment.signed_off_by),
                "job_title": current_job_title(assessment.signed_off_by_id),
                "at": iso_utc(assessment.signed_off_at),
                "attestation": assessment.attestation,
                "comment": assessment.sign_off_comment,
                "after_planned_decision_date": assessment.signed_after_decision_date,
                "late_explanation": assessment.late_sign_off_explanation,
            }
            if assessment.signed_off_at is not None
            else None
        ),
    }


def review_dialogue(assessment: Assessment) -> list[dict[str, Any]]:
    """Every comment and answer of the review, oldest first, each with its side (the reviewers'
    or the author's, as the policy's sharing stood then) and whether it was resolved or
    withdrawn."""
    author_side = author_side_ids(assessment.policy)
    return [
        {
            "part": comment.part,
            "author": person(comment.author),
            "side": AUTHOR_SIDE if comment.author_id in author_side else REVIEWER_SIDE,
            "at": iso_utc(comment.created_at),
            "review_round": comment.review_round,
            "text": comment.text,
            "resolved_by": person(comment.resolved_by),
            "resolved_at": iso_utc(comment.resolved_at),
            "withdrawn_at": iso_utc(comment.withdrawn_at),
        }
        for comment in assessment.comments.select_related("author", "resolved_by").order_by(
            "created_at", "pk"
        )
    ]


def canonical_json(snapshot: dict[str, Any]) -> bytes:
    """The one byte form of a snapshot that its hash covers."""
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def content_sha256(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(snapshot)).hexdigest()
