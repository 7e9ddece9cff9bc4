"""What an assessment says, read for people: each part's answers in words, the review dialogue,
and the summary a sign-off officer reads first (the read view, the sign-off page, and later
the PDF's cover).

Reads only: nothing here changes an assessment. Everything is built once, here, so every page
that shows an answer, a comment or the summary shows the same words.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.forms import BoundField
from django.utils import dateformat, timezone

from core.dates import long_date, today
from core.pages import Tag
from core.people import display_name
from core.refusals import Reason
from eqia.access import author_side_ids
from eqia.action_plan import lead_of, plan_of
from eqia.completeness import covenant_scope_choices, part_status_tag, reason_anchor
from eqia.forms import PART_FORMS
from eqia.models import (
    LIVE_ACTION_STATUSES,
    PART_FIELDS,
    Action,
    Assessment,
    AssessmentState,
    AuditEntry,
    AuditKind,
    Impact,
    Outcome,
    Part,
    PartStatus,
    ReviewComment,
)

# While the author's side can still answer a reviewer's point, an open one is shown as
# "Comments to answer" on the part.
ANSWERING_STATES = [
    AssessmentState.DRAFT,
    AssessmentState.SUBMITTED,
    AssessmentState.IN_REVIEW,
    AssessmentState.CHANGES_REQUESTED,
]
SIGN_OFF_CAPACITY = "sign-off officer"
# The key of the sign-off's audit entry details that keeps the signer's job title then.
SIGNER_JOB_TITLE = "signer_job_title"


# Each part's answers, in words.


@dataclass(frozen=True)
class Answer:
    """One answer of a part: the question as the part's page asks it, the answer in words
    ("" when none was given), and where on the part's page it is changed."""

    name: str
    label: str
    value: str
    anchor: str


def _display(field: BoundField | None, value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "isoformat"):
        return dateformat.format(value, "j F Y")
    choices = getattr(field.field, "choices", None) if field is not None else None
    if choices:
        flat = {}
        for key, label in choices:
            if isinstance(label, list | tuple):
                flat.update({str(k): v for k, v in label})
            else:
                flat[str(key)] = label
        if isinstance(value, list):
            return ", ".join(str(flat.get(str(item), item)) for item in value)
        return str(flat.get(str(value), value))
    return str(value)


def part_answers(assessment: Assessment, part: Part) -> list[Answer]:
    """The part's own fields as the part's page asks them, each answer in words, each with
    the anchor of its field on the part's page (where a reason about it links)."""
    form = PART_FORMS[part](assessment=assessment)
    return [
        Answer(
            name=name,
            label=str(form.fields[name].label),
            value=_display(form[name], getattr(assessment, name)),
            anchor=reason_anchor(Reason("", part.value, name)),
        )
        for name in PART_FIELDS[part]
    ]


# The review dialogue.


def reviewer_comments(assessment: Assessment) -> QuerySet[ReviewComment]:
    """The reviewers' points: comments from anyone but the author's side."""
    return assessment.comments.exclude(author_id__in=author_side_ids(assessment.policy))


def open_reviewer_comments(assessment: Assessment) -> QuerySet[ReviewComment]:
    """The reviewers' points neither resolved nor withdrawn."""
    return reviewer_comments(assessment).filter(resolved_at__isnull=True, withdrawn_at__isnull=True)


def parts_with_comments_to_answer(assessment: Assessment) -> set[str]:
    """The parts with a reviewer's point still open, while the author's side can answer it."""
    if assessment.state not in ANSWERING_STATES:
        return set()
    return set(open_reviewer_comments(assessment).values_list("part", flat=True))


def part_tags(assessment: Assessment) -> dict[Part, PartStatus | Tag]:
    """Each part's status as every page shows it: "Comments to answer" while a reviewer's
    point on it is open, else its status (eqia.completeness.part_status_tag)."""
    to_answer = parts_with_comments_to_answer(assessment)
    return {
        part: part_status_tag(assessment, part, comments_to_answer=part.value in to_answer)
        for part in Part
    }


@dataclass(frozen=True)
class DialogueEntry:
    """A comment in the review dialogue, as the pages show it."""

    comment: ReviewComment
    author: str
    side: str  # "EDI reviewer" or "Author"
    at: datetime.datetime
    review_round: int
    text: str
    state: str  # "Open", "Resolved by ...", "Withdrawn by its author"

    @property
    def pk(self) -> int:
        return self.comment.pk

    @property
    def is_reviewers(self) -> bool:
        return self.side == "EDI reviewer"


@dataclass(frozen=True)
class PartDialogue:
    part: Part
    entries: list[DialogueEntry]

    @property
    def to_answer(self) -> int:
        return sum(1 for entry in self.entries if entry.is_reviewers and entry.state == "Open")


def _entry(comment: ReviewComment, author_side: set[int]) -> DialogueEntry:
    reviewers = comment.author_id not in author_side
    if comment.withdrawn_at is not None:
        state = "Withdrawn by its author"
    elif comment.resolved_at is not None:
        state = f"Resolved by {display_name(comment.resolved_by)}"
    else:
        state = "Open" if reviewers else ""
    return DialogueEntry(
        comment=comment,
        author=display_name(comment.author),
        side="EDI reviewer" if reviewers else "Author",
        at=comment.created_at,
        review_round=comment.review_round,
        text=comment.text,
        state=state,
    )


def dialogue(assessment: Assessment) -> dict[Part, PartDialogue]:
    """Every comment and answer, part by part in order, oldest first within a part."""
    author_side = author_side_ids(assessment.policy)
    by_part: dict[Part, list[DialogueEntry]] = {part: [] for part in Part}
    comments = assessment.comments.select_related("author", "resolved_by").order_by(
        "created_at", "pk"
    )
    for comment in comments:
        if comment.part in Part.values:
            by_part[Part(comment.part)].append(_entry(comment, author_side))
    return {part: PartDialogue(part, entries) for part, entries in by_part.items()}


# Who signed, in what capacity.


def signer_job_title(assessment: Assessment) -> str:
    """The signer's job title when they signed it off, as the sign-off's audit entry keeps it
    ("" when none was given, or before the service asked)."""
    if assessment.signed_off_at is None:
        return ""
    entry = (
        AuditEntry.objects.filter(
            assessment=assessment, kind=AuditKind.TRANSITION, details__move="sign_off"
        )
        .order_by("-sequence")
        .only("details")
        .first()
    )
    return str(entry.details.get(SIGNER_JOB_TITLE, "")) if entry is not None else ""


def sign_off_capacity(job_title: str) -> str:
    """The signer's role line: "Head of Housing, sign-off officer" ("Sign-off officer" alone
    when they gave no job title)."""
    if job_title.strip():
        return f"{job_title.strip()}, {SIGN_OFF_CAPACITY}"
    return SIGN_OFF_CAPACITY[:1].upper() + SIGN_OFF_CAPACITY[1:]


# The summary the sign-off officer reads first.


@dataclass(frozen=True)
class ActionLine:
    description: str
    lead: str
    due_date: datetime.date | None
    status: str
    overdue: bool


@dataclass(frozen=True)
class ImpactConcern:
    """A negative or not yet known impact, with what answers it."""

    characteristic: str
    impact: str
    is_unknown: bool
    evidence: str
    mitigation: str
    justification: str
    actions: list[ActionLine]

    @property
    def answered(self) -> bool:
        if self.is_unknown:
            return bool(self.actions)
        return bool(self.mitigation or self.justification)


@dataclass(frozen=True)
class Timing:
    """The assessment against its planned decision date: regard comes before the decision."""

    planned: datetime.date | None
    signed_on: datetime.date | None
    late: bool
    explanation: str

    @property
    def words(self) -> str:
        if self.planned is None:
            return "No planned decision date was given."
        planned = long_date(self.planned)
        if self.signed_on is not None:
            signed = long_date(self.signed_on)
            if self.late:
                return f"Late: signed off on {signed}, after the planned decision date, {planned}."
            return f"On time: signed off on {signed}, before the planned decision date, {planned}."
        if self.late:
            return f"Late: the planned decision date, {planned}, has passed."
        days = (self.planned - today()).days
        ahead = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        return f"On time so far: the planned decision date is {planned} ({ahead})."


@dataclass(frozen=True)
class AssessmentSummary:
    """What a decision-maker reads first about one assessment."""

    outcome: str
    outcome_justification: str
    adverse_impact: str
    evidence_sufficiency: str
    concerns: list[ImpactConcern]
    open_actions: list[ActionLine]
    covenant_required: bool
    covenant_functions: list[str]
    due_regard_shown: bool
    timing: Timing
    dialogue: list[PartDialogue] = field(default_factory=list)

    @property
    def comments(self) -> int:
        return sum(len(part.entries) for part in self.dialogue)


def action_line(action: Action) -> ActionLine:
    return ActionLine(
        description=action.description,
        lead=lead_of(action),
        due_date=action.due_date,
        status=action.get_status_display(),
        overdue=action.is_live and action.due_date is not None and action.due_date < today(),
    )


def _timing(assessment: Assessment) -> Timing:
    if assessment.signed_off_at is not None:
        return Timing(
            planned=assessment.planned_decision_date,
            signed_on=timezone.localtime(assessment.signed_off_at).date(),
            late=assessment.signed_after_decision_date,
            explanation=assessment.late_sign_off_explanation,
        )
    return Timing(
        planned=assessment.planned_decision_date,
        signed_on=None,
        late=assessment.decision_date_passed(),
        explanation="",
    )


def assessment_summary(assessment: Assessment) -> AssessmentSummary:
    """The assessment in a page: outcome, overall adverse impact, every negative and not yet
    known impact with what answers it, the open actions, the Covenant duty, timing against the
    planned decision date, and the review dialogue."""
    actions = list(plan_of(assessment))
    by_characteristic: dict[int, list[ActionLine]] = {}
    for action in actions:
        for characteristic in action.characteristics.all():
            by_characteristic.setdefault(characteristic.pk, []).append(action_line(action))
    concerns = [
        ImpactConcern(
            characteristic=row.characteristic.name,
            impact=row.get_impact_display(),
            is_unknown=row.impact == Impact.UNKNOWN,
            evidence=row.evidence,
            mitigation=row.mitigation,
            justification=row.justification,
            actions=by_characteristic.get(row.characteristic_id, []),
        )
        for row in assessment.impacts.select_related("characteristic")
        if row.impact in (Impact.NEGATIVE, Impact.UNKNOWN)
    ]
    scope = dict(covenant_scope_choices())
    return AssessmentSummary(
        outcome=assessment.get_outcome_display() if assessment.outcome else "",
        outcome_justification=(
            assessment.outcome_justification if assessment.outcome == Outcome.CONTINUE else ""
        ),
        adverse_impact=assessment.get_adverse_impact_rating_display()
        if assessment.adverse_impact_rating
        else "",
        evidence_sufficiency=assessment.evidence_sufficiency,
        concerns=concerns,
        open_actions=[
            action_line(action) for action in actions if action.status in LIVE_ACTION_STATUSES
        ],
        covenant_required=assessment.covenant_part_required(),
        covenant_functions=[
            scope.get(code, code) for code in assessment.covenant_functions_in_scope
        ],
        due_regard_shown=assessment.status_of(Part.COVENANT) == PartStatus.COMPLETED,
        timing=_timing(assessment),
        dialogue=[part for part in dialogue(assessment).values() if part.entries],
    )
