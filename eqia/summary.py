"""What an assessment says, read for people: each part's answers in words, the review dialogue,
and the summary a sign-off officer reads first (the read view, the sign-off page, and the
signed PDF's cover).

The summary is built from the assessment's content as a snapshot holds it (eqia.snapshot): the
live content for the pages, the frozen content for the PDF, by the same rules (``summary_of``).

Reads only: nothing here changes an assessment. Everything is built once, here, so every page
that shows an answer, a comment or the summary shows the same words.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.forms import BoundField
from django.utils import dateformat, timezone

from core.dates import long_date, today
from core.pages import Tag
from core.people import display_name
from core.refusals import Reason
from eqia.access import author_side_ids
from eqia.action_plan import lead_words
from eqia.completeness import covenant_scope_choices, part_status_tag, reason_anchor
from eqia.forms import PART_FORMS
from eqia.models import (
    LIVE_ACTION_STATUSES,
    PART_FIELDS,
    ActionStatus,
    Assessment,
    AssessmentState,
    AuditEntry,
    AuditKind,
    Impact,
    Outcome,
    Part,
    PartStatus,
    ReviewComment,
    is_overdue,
)
from eqia.snapshot import REVIEWER_SIDE, content_snapshot

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


REVIEWER_WORDS, AUTHOR_WORDS = "EDI reviewer", "Author"


def comment_side(reviewers: bool) -> str:
    return REVIEWER_WORDS if reviewers else AUTHOR_WORDS


def comment_state(*, reviewers: bool, resolved_by: str | None, withdrawn: bool) -> str:
    """Where a comment stands, in words: "Open" (a reviewer's point not yet dealt with),
    "Resolved by ...", "Withdrawn by its author", or "" for an answer."""
    if withdrawn:
        return "Withdrawn by its author"
    if resolved_by is not None:
        return f"Resolved by {resolved_by}"
    return "Open" if reviewers else ""


@dataclass(frozen=True)
class Said:
    """A comment in the review dialogue, in words: as a snapshot keeps it, or a live one."""

    author: str
    side: str  # "EDI reviewer" or "Author"
    at: datetime.datetime
    review_round: int
    text: str
    state: str  # "Open", "Resolved by ...", "Withdrawn by its author"

    @property
    def is_reviewers(self) -> bool:
        return self.side == REVIEWER_WORDS


@dataclass(frozen=True)
class DialogueEntry(Said):
    """A live comment in the review dialogue, as the pages show it (and tick it)."""

    comment: ReviewComment

    @property
    def pk(self) -> int:
        return self.comment.pk


Entry = TypeVar("Entry", bound=Said)


@dataclass(frozen=True)
class PartDialogue(Generic[Entry]):
    part: Part
    entries: list[Entry]

    @property
    def to_answer(self) -> int:
        return sum(1 for entry in self.entries if entry.is_reviewers and entry.state == "Open")


def _entry(comment: ReviewComment, author_side: set[int]) -> DialogueEntry:
    reviewers = comment.author_id not in author_side
    return DialogueEntry(
        comment=comment,
        author=display_name(comment.author),
        side=comment_side(reviewers),
        at=comment.created_at,
        review_round=comment.review_round,
        text=comment.text,
        state=comment_state(
            reviewers=reviewers,
            resolved_by=display_name(comment.resolved_by) if comment.resolved_at else None,
            withdrawn=comment.withdrawn_at is not None,
        ),
    )


def dialogue(assessment: Assessment) -> dict[Part, PartDialogue[DialogueEntry]]:
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


def dialogue_of(snapshot: dict[str, Any]) -> list[PartDialogue[Said]]:
    """The review dialogue a snapshot keeps (schema 3 on), the parts with comments only, in
    the order of Part; the same words as ``dialogue``."""
    by_part: dict[Part, list[Said]] = {part: [] for part in Part}
    for row in snapshot.get("review_dialogue") or []:
        if row["part"] not in Part.values:
            continue
        reviewers = row["side"] == REVIEWER_SIDE
        by_part[Part(row["part"])].append(
            Said(
                author=row["author"] or "",
                side=comment_side(reviewers),
                at=moment(row["at"]),
                review_round=row["review_round"],
                text=row["text"],
                state=comment_state(
                    reviewers=reviewers,
                    resolved_by=(row["resolved_by"] or "") if row["resolved_at"] else None,
                    withdrawn=row["withdrawn_at"] is not None,
                ),
            )
        )
    return [PartDialogue(part, entries) for part, entries in by_part.items() if entries]


# Who signed, in what capacity.


def signer_job_title(assessment: Assessment) -> str:
    """The signer's job title when they signed it off ("" when none was given, or before the
    service asked): as the frozen content keeps it (schema 3 on), else as the sign-off's audit
    entry does."""
    if assessment.signed_off_at is None:
        return ""
    frozen = (assessment.frozen_content or {}).get("sign_off") or {}
    if "job_title" in frozen:
        return str(frozen["job_title"] or "")
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
    as_of: datetime.date

    @property
    def overdue_words(self) -> str:
        """What an overdue action is called: a signed document's actions are overdue as of its
        sign-off (the frozen fact), a live page's as of today."""
        if self.signed_on is not None and self.as_of == self.signed_on:
            return "Overdue at sign-off"
        return "Overdue"

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
        days = (self.planned - self.as_of).days
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
    dialogue: list[PartDialogue[Said]] = field(default_factory=list)
    # False for a snapshot older than schema 3, which did not keep the dialogue.
    dialogue_kept: bool = True

    @property
    def comments(self) -> int:
        return sum(len(part.entries) for part in self.dialogue)

    @property
    def covenant_words(self) -> str:
        """Whether due regard to the Armed Forces Covenant duty was shown, in words."""
        if self.due_regard_shown:
            return "Due regard shown: the Covenant part is complete."
        if self.covenant_required:
            return "Due regard not shown yet: the Covenant part is not complete."
        return "Not required: the policy has no Covenant function."


def moment(value: str) -> datetime.datetime:
    """An ISO 8601 moment of a snapshot ("2026-11-27T14:02:00Z"), aware."""
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


def day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _label(name: str, code: Any) -> str:
    """A choice of an assessment field in words ("" when none was made)."""
    if not code:
        return ""
    model_field = Assessment._meta.get_field(name)
    labels = {str(key): str(label) for key, label in getattr(model_field, "flatchoices", [])}
    return labels.get(str(code), str(code))


def _action_line(action: dict[str, Any], as_of: datetime.date) -> ActionLine:
    due = day(action["due_date"])
    return ActionLine(
        description=action["description"],
        lead=lead_words(action["owner"] or "", action.get("lead_team", "")),
        due_date=due,
        status=str(ActionStatus(action["status"]).label)
        if action["status"] in ActionStatus.values
        else action["status"],
        overdue=is_overdue(action["status"], due, as_of),
    )


def _timing(snapshot: dict[str, Any], as_of: datetime.date) -> Timing:
    planned = day(snapshot["parts"]["about"]["fields"].get("planned_decision_date"))
    sign_off = snapshot.get("sign_off")
    if sign_off:
        return Timing(
            planned=planned,
            signed_on=timezone.localtime(moment(sign_off["at"])).date(),
            late=bool(sign_off["after_planned_decision_date"]),
            explanation=sign_off.get("late_explanation") or "",
            as_of=as_of,
        )
    return Timing(
        planned=planned,
        signed_on=None,
        late=planned is not None and planned < as_of,
        explanation="",
        as_of=as_of,
    )


def summary_of(
    snapshot: dict[str, Any], *, as_of: datetime.date | None = None
) -> AssessmentSummary:
    """The summary of an assessment's content as a snapshot holds it (eqia.snapshot): the one
    place its rules live, for the live assessment (``assessment_summary``) and the frozen
    content of a signed one (the PDF) alike.

    ``as_of`` is the day actions are overdue and the decision date late against: by default
    the sign-off day of a signed assessment, else today.
    """
    sign_off = snapshot.get("sign_off")
    if as_of is None:
        as_of = timezone.localtime(moment(sign_off["at"])).date() if sign_off else today()
    fields = {
        name: value
        for part in snapshot["parts"].values()
        for name, value in part.get("fields", {}).items()
    }
    actions = snapshot["actions"]
    by_characteristic: dict[str, list[ActionLine]] = {}
    for action in actions:
        for name in action["characteristics"]:
            by_characteristic.setdefault(name, []).append(_action_line(action, as_of))
    impact_labels = dict(Impact.choices)
    concerns = [
        ImpactConcern(
            characteristic=row["characteristic"],
            impact=str(impact_labels.get(row["impact"], row["impact"])),
            is_unknown=row["impact"] == Impact.UNKNOWN,
            evidence=row["evidence"],
            mitigation=row["mitigation"],
            justification=row["justification"],
            actions=by_characteristic.get(row["characteristic"], []),
        )
        for row in snapshot["impact_grid"]
        if row["impact"] in (Impact.NEGATIVE, Impact.UNKNOWN)
    ]
    scope = dict(covenant_scope_choices())
    covenant = snapshot["parts"].get("covenant", {})
    return AssessmentSummary(
        outcome=_label("outcome", fields.get("outcome")),
        outcome_justification=(
            fields.get("outcome_justification") or ""
            if fields.get("outcome") == Outcome.CONTINUE
            else ""
        ),
        adverse_impact=_label("adverse_impact_rating", fields.get("adverse_impact_rating")),
        evidence_sufficiency=fields.get("evidence_sufficiency") or "",
        concerns=concerns,
        open_actions=[
            _action_line(action, as_of)
            for action in actions
            if action["status"] in LIVE_ACTION_STATUSES
        ],
        covenant_required=bool(snapshot["policy"]["covenant_functions"]),
        covenant_functions=[
            scope.get(code, code) for code in fields.get("covenant_functions_in_scope") or []
        ],
        # A policy without a Covenant function may leave the part empty and still mark it
        # completed: regard is shown only by answers.
        due_regard_shown=covenant.get("status") == PartStatus.COMPLETED
        and (
            bool(snapshot["policy"]["covenant_functions"])
            or any(fields.get(name) for name in PART_FIELDS[Part.COVENANT])
        ),
        timing=_timing(snapshot, as_of),
        dialogue=dialogue_of(snapshot),
        dialogue_kept="review_dialogue" in snapshot,
    )


def assessment_summary(assessment: Assessment) -> AssessmentSummary:
    """The assessment in a page, as it stands now: outcome, overall adverse impact, every
    negative and not yet known impact with what answers it, the open actions, the Covenant
    duty, timing against the planned decision date, and the review dialogue (``summary_of``
    of its content now; actions overdue against today)."""
    return summary_of(content_snapshot(assessment), as_of=today())
