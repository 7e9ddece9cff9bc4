"""Saving an assessment's content: its parts and decision pathway, the comments on its parts
(added, resolved, withdrawn), and the decision actually taken after sign-off (the action plan:
eqia/actions.py).

Every write locks the assessment row, asks the gate (eqia/access.py) whether the person may
write now, saves, and adds an audit entry saying who changed what, in one transaction.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from core.dates import long_date, today, when
from core.people import display_name
from core.refusals import Reason, Refused, refuse_if_any
from core.roles import Role
from eqia.access import SIGNED_STATES, Capability, Rights, author_capacity, author_side_ids
from eqia.audit import record
from eqia.completeness import part_problems
from eqia.cumulative import LinkValues, links_replace
from eqia.models import (
    PART_FIELDS,
    Assessment,
    AuditKind,
    DecisionMeeting,
    Part,
    PartStatus,
    ReviewComment,
)

IMPACT_ROW_FIELDS = ["impact", "evidence", "mitigation", "justification"]


@dataclass
class PartSaved:
    """What a part save did: the fields it changed, the part's status now, and, when the
    author marked the part as completed but it is not, the problems that kept it in progress."""

    changed: list[str]
    status: PartStatus
    problems: list[Reason] = field(default_factory=list)
    reply: ReviewComment | None = None  # the author's reply saved with it (part_save_and_reply)
    comments: list[ReviewComment] = field(default_factory=list)  # every comment it changed


def lock(assessment: Assessment) -> Assessment:
    """The assessment re-read under its row lock, until the transaction ends."""
    return (
        Assessment.objects.select_related("policy__service_area", "policy__owner")
        .select_for_update(of=("self",))
        .get(pk=assessment.pk)
    )


def lock_for(assessment: Assessment, by: User, capability: Capability) -> Assessment:
    """The assessment under its row lock, once the gate lets the person do this now."""
    locked = lock(assessment)
    Rights(by, locked).require(capability)
    return locked


def mark_part(assessment: Assessment, part: Part, status: PartStatus) -> None:
    assessment.part_status = {**assessment.part_status, part.value: status.value}


def record_content(
    assessment: Assessment, *, by: User, part: Part, comment: str, changed: list[str]
) -> None:
    record(
        assessment,
        actor=by,
        actor_role=author_capacity(by, assessment.policy),
        kind=AuditKind.CONTENT,
        part=part.value,
        comment=comment,
        details={"changed": changed},
    )


def apply_values(target: Any, values: dict[str, Any], allowed: Iterable[str]) -> list[str]:
    """Set the given fields on ``target``; the names of those whose value changed."""
    allowed = list(allowed)
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"Not fields of this part: {', '.join(sorted(unknown))}")
    changed = []
    for name in allowed:
        if name in values and getattr(target, name) != values[name]:
            setattr(target, name, values[name])
            changed.append(name)
    return changed


def _replace_meetings(
    assessment: Assessment, meetings: Sequence[tuple[str, datetime.date]]
) -> bool:
    wanted = sorted((body.strip(), date) for body, date in meetings)
    current = sorted(assessment.decision_meetings.values_list("body", "date"))
    if wanted == current:
        return False
    assessment.decision_meetings.all().delete()
    DecisionMeeting.objects.bulk_create(
        DecisionMeeting(assessment=assessment, body=body, date=date) for body, date in wanted
    )
    return True


@transaction.atomic
def part_save(
    *,
    assessment: Assessment,
    by: User,
    part: Part | str,
    values: dict[str, Any] | None = None,
    impacts: dict[int, dict[str, Any]] | None = None,
    meetings: Sequence[tuple[str, datetime.date]] | None = None,
    links: Sequence[LinkValues] | None = None,
    completed: bool,
) -> PartSaved:
    """Save one part as the author left it: nothing need be complete to save.

    ``values`` holds the part's assessment fields, ``impacts`` the impact grid's rows by row
    id (Impacts part), ``meetings`` the whole decision pathway as (body, date) (About part),
    ``links`` every cumulative-impact link (Impacts part; eqia.cumulative.links_replace, which
    refuses with every reason and saves nothing when one is wrong).
    ``completed`` is the author's answer to "Have you completed this section?": yes marks the
    part completed only when ``part_problems`` finds nothing; otherwise it stays in progress
    and the problems come back to be shown at their fields.
    """
    part = Part(part)
    locked = lock_for(assessment, by, Capability.EDIT)
    field_changes = apply_values(locked, values or {}, PART_FIELDS[part])
    changed = list(field_changes)

    if impacts:
        if part != Part.IMPACTS:
            raise ValueError("Impact rows are saved with the Impacts part")
        rows = {row.pk: row for row in locked.impacts.select_related("characteristic")}
        for row_id, row_values in impacts.items():
            row = rows[row_id]  # KeyError for a row of another assessment: a programming error
            row_changed = apply_values(row, row_values, IMPACT_ROW_FIELDS)
            if row_changed:
                row.save(update_fields=row_changed)
                changed += [f"{row.characteristic.name}: {name}" for name in row_changed]

    if meetings is not None:
        if part != Part.ABOUT:
            raise ValueError("The decision pathway is saved with the About part")
        if _replace_meetings(locked, meetings):
            changed.append("decision_meetings")

    if links is not None:
        if part != Part.IMPACTS:
            raise ValueError("Cumulative-impact links are saved with the Impacts part")
        changed += links_replace(locked, links)

    problems = part_problems(locked, part) if completed else []
    status = PartStatus.COMPLETED if completed and not problems else PartStatus.IN_PROGRESS
    previous_status = locked.status_of(part)
    mark_part(locked, part, status)
    locked.save(update_fields=[*field_changes, "part_status", "updated_at"])
    record_content(
        locked,
        by=by,
        part=part,
        comment=(
            f"{part.label} saved: {status.label.lower()}"
            + (f" (was {previous_status.label.lower()})" if previous_status != status else "")
        ),
        changed=changed,
    )
    assessment.refresh_from_db()
    return PartSaved(changed=changed, status=status, problems=problems)


@dataclass
class CommentChanges:
    """What one page's form asks of the comments: new ones by part (blank ones are left out),
    and those to resolve or withdraw, by id."""

    new: dict[Part, str] = field(default_factory=dict)
    resolve: list[int] = field(default_factory=list)
    withdraw: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.typed or self.resolve or self.withdraw)

    @property
    def typed(self) -> dict[Part, str]:
        return {part: text.strip() for part, text in self.new.items() if text.strip()}


def comment_field(part: Part) -> str:
    """The name of the comment box of a part on a page with one box per part."""
    return f"{part.value}-text"


@transaction.atomic
def comments_apply(
    *, assessment: Assessment, by: User, changes: CommentChanges
) -> list[ReviewComment]:
    """Add every comment typed, resolve and withdraw those asked, in one transaction: all are
    made, or none, refused with every reason (a new comment's reason names its box)."""
    reasons: list[Reason] = []
    done: list[ReviewComment] = []
    for part, text in changes.typed.items():
        try:
            done.append(comment_add(assessment=assessment, by=by, part=part, text=text))
        except Refused as refused:
            # A reason about what was typed names its box; one about who or when is said once.
            reasons += [
                Reason(f"{part.label}: {reason.message}", field=comment_field(part))
                if reason.field == "text"
                else reason
                for reason in refused.reasons
            ]
    found = {c.pk: c for c in assessment.comments.filter(pk__in=changes.resolve + changes.withdraw)}
    for pks, service in [(changes.resolve, comment_resolve), (changes.withdraw, comment_withdraw)]:
        for pk in pks:
            if pk not in found:
                reasons.append(Reason("That comment is not one of this assessment's"))
                continue
            try:
                done.append(service(comment=found[pk], by=by))
            except Refused as refused:
                reasons += refused.reasons
    refuse_if_any(list(dict.fromkeys(reasons)))
    return done


@transaction.atomic
def part_save_and_reply(
    *,
    assessment: Assessment,
    by: User,
    part: Part | str,
    reply: str = "",
    comments: CommentChanges | None = None,
    **save: Any,
) -> PartSaved:
    """Save a part (``part_save``, with its arguments in ``save``) and, when one was typed, the
    author's reply to the reviewers on it, with any comment resolved or withdrawn from the
    same form, in one transaction: all are kept, or none."""
    part = Part(part)
    saved = part_save(assessment=assessment, by=by, part=part, **save)
    changes = comments or CommentChanges()
    if reply.strip():
        changes.new[part] = reply
    if changes:
        saved.comments = comments_apply(assessment=assessment, by=by, changes=changes)
        saved.reply = saved.comments[0] if changes.typed else None
    return saved


@transaction.atomic
def comment_add(*, assessment: Assessment, by: User, part: Part | str, text: str) -> ReviewComment:
    """A reviewer's comment on a part while in review, or the author's side answering on a
    part while in review or changes are requested."""
    locked = lock(assessment)
    rights = Rights(by, locked)
    reasons = rights.refusals(Capability.COMMENT)
    if part not in Part.values:
        reasons.append(Reason("Choose the part of the assessment to comment on", field="part"))
    if not text.strip():
        reasons.append(Reason("Enter your comment", field="text"))
    refuse_if_any(reasons)
    comment = ReviewComment.objects.create(
        assessment=locked,
        part=Part(part),
        author=by,
        text=text.strip(),
        review_round=locked.review_round,
    )
    record(
        locked,
        actor=by,
        actor_role=_comment_capacity(rights),
        kind=AuditKind.COMMENT,
        part=comment.part,
        comment=comment.text,
        details={"comment": comment.pk, "review_round": comment.review_round},
    )
    return comment


def _comment_capacity(rights: Rights) -> str:
    if rights.is_author_side:
        return author_capacity(rights.user, rights.assessment.policy)
    return Role.EDI_REVIEWER.label


def _lock_comment(comment: ReviewComment) -> tuple[Assessment, ReviewComment]:
    locked = lock(comment.assessment)
    return locked, ReviewComment.objects.select_for_update().get(pk=comment.pk, assessment=locked)


def resolve_refusals(
    rights: Rights, comment: ReviewComment, *, author_side: set[int] | None = None
) -> list[Reason]:
    """Why the person may not mark the comment as resolved now: only a reviewer's point is
    resolved, by the reviewer who made it or by the author's side, while they may comment.

    ``author_side`` (the policy's ``author_side_ids``) saves a query per comment on a page."""
    reasons = rights.refusals(Capability.COMMENT)
    if author_side is None:
        author_side = author_side_ids(rights.assessment.policy)
    if comment.author_id in author_side:
        reasons.append(Reason("Only a reviewer's comment is resolved: this is the author's answer"))
    elif not (comment.author_id == rights.user.pk or rights.is_author_side):
        reasons.append(
            Reason("Only the reviewer who made a comment, or the author's side, can resolve it")
        )
    if comment.withdrawn_at is not None:
        reasons.append(Reason("This comment was withdrawn by its author"))
    elif comment.resolved_at is not None:
        reasons.append(
            Reason(
                f"This comment was already resolved by {display_name(comment.resolved_by)} "
                f"at {when(comment.resolved_at)}"
            )
        )
    return reasons


def withdraw_refusals(rights: Rights, comment: ReviewComment) -> list[Reason]:
    """Why the person may not withdraw the comment now: only its author, before its review
    round closes (while they may still comment in the round it was made in)."""
    if comment.author_id != rights.user.pk:
        return [Reason("Only the person who wrote a comment can withdraw it")]
    if comment.withdrawn_at is not None:
        return [Reason(f"You already withdrew this comment at {when(comment.withdrawn_at)}")]
    if comment.resolved_at is not None:
        return [Reason("This comment was resolved: it can no longer be withdrawn")]
    if comment.review_round != rights.assessment.review_round or not rights.allows(
        Capability.COMMENT
    ):
        return [
            Reason(
                f"The review round of this comment (round {comment.review_round}) has closed: "
                "it can no longer be withdrawn"
            )
        ]
    return []


@transaction.atomic
def comment_resolve(*, comment: ReviewComment, by: User) -> ReviewComment:
    """Mark a reviewer's point as resolved (``resolve_refusals`` says who may, when). It stays
    on the record, marked, and the audit trail says who resolved it."""
    locked, comment = _lock_comment(comment)
    rights = Rights(by, locked)
    refuse_if_any(resolve_refusals(rights, comment))
    comment.resolved_at = timezone.now().replace(microsecond=0)
    comment.resolved_by = by
    comment.save(update_fields=["resolved_at", "resolved_by"])
    record(
        locked,
        actor=by,
        actor_role=_comment_capacity(rights),
        kind=AuditKind.COMMENT,
        part=comment.part,
        comment=f"Resolved: {comment.text[:200]}",
        details={"comment": comment.pk, "resolved": True, "review_round": comment.review_round},
    )
    return comment


@transaction.atomic
def comment_withdraw(*, comment: ReviewComment, by: User) -> ReviewComment:
    """Withdraw a mistaken comment (``withdraw_refusals`` says who may, when). It stays on the
    record, marked, and the audit trail says so."""
    locked, comment = _lock_comment(comment)
    rights = Rights(by, locked)
    refuse_if_any(withdraw_refusals(rights, comment))
    comment.withdrawn_at = timezone.now().replace(microsecond=0)
    comment.save(update_fields=["withdrawn_at"])
    record(
        locked,
        actor=by,
        actor_role=_comment_capacity(rights),
        kind=AuditKind.COMMENT,
        part=comment.part,
        comment=f"Withdrawn: {comment.text[:200]}",
        details={"comment": comment.pk, "withdrawn": True, "review_round": comment.review_round},
    )
    return comment


def decision_refusals(rights: Rights) -> list[Reason]:
    """Why the person may not record the decision taken now: the author's side or an
    administrator, once the assessment is signed off (or superseded)."""
    reasons = rights.refusals(Capability.RECORD_DECISION)
    if rights.assessment.state not in SIGNED_STATES:
        reasons.append(
            Reason(
                "The decision taken is recorded once the assessment is signed off: it is "
                f"{rights.assessment.current_state.phrase}"
            )
        )
    return reasons


DECISION_FIELDS = ["decision_taken_on", "decision_body", "decision_result", "decision_minutes_url"]


@transaction.atomic
def decision_record(
    *,
    assessment: Assessment,
    by: User,
    taken_on: datetime.date | None,
    body: str,
    result: str,
    minutes_url: str = "",
) -> list[str]:
    """Record the decision actually taken on the policy, after sign-off: its date, who took
    it, what was decided and a link to the minutes. It may be recorded again (corrected); each
    change is on the audit trail. The names of the fields changed."""
    locked = lock(assessment)
    rights = Rights(by, locked)
    reasons = decision_refusals(rights)
    if taken_on is None:
        reasons.append(Reason("Enter the date of the decision", field="taken_on"))
    elif taken_on > today():
        reasons.append(
            Reason(
                "The date of the decision must be today or in the past: record the decision "
                "once it is taken",
                field="taken_on",
            )
        )
    if not body.strip():
        reasons.append(Reason("Enter who took the decision", field="body"))
    if not result.strip():
        reasons.append(Reason("Enter what was decided", field="result"))
    refuse_if_any(reasons)
    assert taken_on is not None
    before = {name: getattr(locked, name) for name in DECISION_FIELDS}
    changed = apply_values(
        locked,
        {
            "decision_taken_on": taken_on,
            "decision_body": body.strip(),
            "decision_result": result.strip(),
            "decision_minutes_url": minutes_url.strip(),
        },
        DECISION_FIELDS,
    )
    if not changed:
        raise Refused(Reason("Nothing was changed: the decision recorded already says this"))
    first = locked.decision_recorded_at is None
    locked.decision_recorded_by = by
    locked.decision_recorded_at = timezone.now().replace(microsecond=0)
    locked.save(update_fields=[*changed, "decision_recorded_by", "decision_recorded_at"])
    record(
        locked,
        actor=by,
        actor_role=(
            author_capacity(by, locked.policy)
            if rights.is_author_side
            else Role.ADMINISTRATOR.label
        ),
        kind=AuditKind.DECISION,
        comment=(
            f"{'Decision recorded' if first else 'Decision record changed'}: "
            f"{locked.decision_body}, {long_date(taken_on)}. {locked.decision_result[:500]}"
        ),
        details={
            "changed": changed,
            "before": {name: _plain(before[name]) for name in changed},
            "after": {name: _plain(getattr(locked, name)) for name in changed},
        },
    )
    assessment.refresh_from_db()
    return changed


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value
