"""What the signed PDF says, in words: the frozen content and the audit trail made ready for
templates/documents/eqia.html.

Everything about the assessment comes from its content snapshot (eqia/snapshot.py), never
from the live rows, so the document shows exactly what was signed: codes become their labels,
ISO dates become "1 March 2027", times are shown in UK time with the zone named (GMT or BST).
The summary on the cover is eqia.summary's, built from the same snapshot. Only the audit trail
is read from the database, as it stands at render time.

A snapshot of an earlier schema (eqia.snapshot.SCHEMA_VERSION) still renders: what it did not
keep is left out, or read as it was before.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import dateformat, timezone
from django.utils.text import capfirst

from core.roles import Role
from eqia.action_plan import lead_words
from eqia.completeness import OPTIONAL_FIELDS, field_applies
from eqia.models import (
    PART_FIELDS,
    ActionStatus,
    Assessment,
    AssessmentState,
    AuditEntry,
    CharacteristicKind,
    Impact,
    Part,
    PolicyStage,
)
from eqia.summary import SIGNER_JOB_TITLE, AssessmentSummary, sign_off_capacity, summary_of
from policies.models import CovenantFunction
from workflow.timeline import describe, state_label

# What a field without an answer reads: "Not given" only where an answer was due.
NOT_GIVEN = "Not given"
NOT_APPLICABLE = "Not applicable"
NONE_GIVEN = "None"
COVENANT_NOT_REQUIRED = "Not required: the policy has no Covenant function."

# Where a field's verbose name does not read well as a label on its own.
READABLE_LABELS = {
    "policy_stage": "New, revised or existing policy",
    "decision_maker": "Decision-maker",
    "relevant_to_equality": "Relevant to equality",
    "relevance_reasons": "Why it is, or is not, relevant to equality",
    "covenant_functions_in_scope": "Covenant functions in scope",
}
# A table row with less text than this is kept on one page; a longer one may break across
# pages (at least three lines each side), so a long row leaves no large gap at a page foot.
BREAKABLE_ROW_CHARS = 700
# The short form the impact grid shows under each characteristic.
KIND_SHORT = {CharacteristicKind.STATUTORY: "Statutory", CharacteristicKind.LOCAL: "Local"}


@dataclass(frozen=True)
class FieldLine:
    """One field of a part: its label, its value in words ("" when none), and what it reads
    without one: "Not given" (due and missing), "Not applicable" or "None" (optional)."""

    label: str
    value: str
    is_long_text: bool = False
    blank: str = NOT_GIVEN

    @property
    def breakable(self) -> bool:
        return len(self.value) > BREAKABLE_ROW_CHARS


@dataclass(frozen=True)
class PartSection:
    number: int
    part: str
    title: str
    fields: list[FieldLine]


@dataclass(frozen=True)
class ImpactLine:
    characteristic: str
    kind: str
    aim_one_only: bool
    impact: str
    is_negative: bool
    evidence: str
    mitigation: str
    justification: str

    @property
    def breakable(self) -> bool:
        text = len(self.evidence) + len(self.mitigation) + len(self.justification)
        return text > BREAKABLE_ROW_CHARS

    @property
    def answer_missing(self) -> bool:
        """A negative impact needs a mitigation or a justification: neither was given."""
        return self.is_negative and not (self.mitigation or self.justification)


@dataclass(frozen=True)
class ActionLine:
    number: int
    description: str
    lead: str  # a person, a team or partner, or both (eqia.action_plan.lead_words)
    success_measure: str
    due: str
    status: str
    characteristics: str
    planned_in: str  # "Planned in EqIA v1" for an action this version inherited; else ""


@dataclass(frozen=True)
class AuditLine:
    sequence: int
    when: str
    who: str
    role: str
    what: str
    from_state: str
    to_state: str
    comment: str


@dataclass(frozen=True)
class DatedName:
    name: str
    when: str


def long_date(value: str | None) -> str:
    """An ISO date ("2027-03-01") as people write it: "1 March 2027"."""
    if not value:
        return ""
    return dateformat.format(datetime.date.fromisoformat(value), "j F Y")


def short_date(value: str | None) -> str:
    """An ISO date as tables show it: "1 Mar 2027"."""
    if not value:
        return ""
    return dateformat.format(datetime.date.fromisoformat(value), "j M Y")


def local_moment(value: datetime.datetime | str | None, *, short: bool = False) -> str:
    """A moment in the council's time zone, the zone named: "3 March 2026, 14:02 GMT"
    ("3 Mar 2026, 14:02 GMT" when short)."""
    if not value:
        return ""
    moment = datetime.datetime.fromisoformat(value) if isinstance(value, str) else value
    return dateformat.format(timezone.localtime(moment), f"j {'M' if short else 'F'} Y, H:i T")


def local_day(value: str | None) -> str:
    """The local date of an ISO moment: "3 March 2026"."""
    if not value:
        return ""
    moment = timezone.localtime(datetime.datetime.fromisoformat(value))
    return dateformat.format(moment, "j F Y")


def choice_labels(field: "models.Field[Any, Any]") -> dict[str, str]:
    return {str(code): str(label) for code, label in field.flatchoices}


def covenant_scope_labels() -> dict[str, str]:
    """Each function in scope of the Covenant duty with its Covenant function:
    "Housing: Allocations"."""
    functions = dict(CovenantFunction.choices)
    return {
        code: f"{functions.get(key, capfirst(key))}: {label}"
        for key, items in settings.EQIA_COVENANT_SCOPE.items()
        for code, label in items
    }


def assessment_field(name: str) -> "models.Field[Any, Any]":
    """One of the assessment's own fields: a snapshot holds nothing else."""
    field = Assessment._meta.get_field(name)
    assert isinstance(field, models.Field)  # not the other side of a relation
    return field


def field_label(name: str) -> str:
    return READABLE_LABELS.get(name) or capfirst(str(assessment_field(name).verbose_name))


def field_value(name: str, value: Any) -> str:
    """A snapshot value in words: Yes/No, choice labels, long dates; "" when not given."""
    if value is None or value == "" or value == []:
        return ""
    field = assessment_field(name)
    if name == "covenant_functions_in_scope":
        labels = covenant_scope_labels()
        return "; ".join(labels.get(code, code) for code in value)
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.DateField):
        return long_date(value)
    if field.choices:
        return choice_labels(field).get(str(value), str(value))
    return str(value)


def blank_words(name: str, answers: dict[str, Any], *, covenant_required: bool) -> str:
    """What an empty field reads: "Not applicable" where it is not asked of this assessment
    (eqia.completeness.field_applies), "None" where it is optional, else "Not given"."""
    if not field_applies(name, answers, covenant_required=covenant_required):
        return NOT_APPLICABLE
    return NONE_GIVEN if name in OPTIONAL_FIELDS else NOT_GIVEN


def all_answers(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Every part's fields, by name."""
    return {
        name: value
        for part in snapshot["parts"].values()
        for name, value in part.get("fields", {}).items()
    }


def decision_pathway(snapshot: dict[str, Any]) -> FieldLine:
    """The meetings or bodies whose decision the assessment informs, one a line."""
    meetings = [
        f"{meeting['body']}, {long_date(meeting['date'])}"
        for meeting in snapshot["decision_meetings"]
    ]
    return FieldLine(label="Decision pathway", value="\n".join(meetings), is_long_text=True)


def part_sections(snapshot: dict[str, Any]) -> list[PartSection]:
    """Every part in the order of Part, its fields in the order of PART_FIELDS; the decision
    pathway follows the planned decision date, as on the assessment's pages.

    The snapshot's own key order is not relied on: PostgreSQL's jsonb does not keep it.
    """
    answers = all_answers(snapshot)
    covenant_required = bool(snapshot["policy"]["covenant_functions"])
    sections = []
    for number, (part, names) in enumerate(PART_FIELDS.items(), start=1):
        stored = snapshot["parts"].get(part.value, {})
        values = stored.get("fields", {})
        fields = []
        for name in names:
            model_field = Assessment._meta.get_field(name)
            fields.append(
                FieldLine(
                    label=field_label(name),
                    value=field_value(name, values.get(name)),
                    is_long_text=isinstance(model_field, models.TextField),
                    blank=blank_words(name, answers, covenant_required=covenant_required),
                )
            )
            if name == "planned_decision_date":
                fields.append(decision_pathway(snapshot))
        sections.append(
            PartSection(
                number=number,
                part=part.value,
                title=stored.get("title") or part.label,
                fields=fields,
            )
        )
    return sections


def impact_lines(snapshot: dict[str, Any]) -> list[ImpactLine]:
    impact_labels = dict(Impact.choices)
    return [
        ImpactLine(
            characteristic=row["characteristic"],
            kind=KIND_SHORT.get(row["kind"], capfirst(row["kind"])),
            aim_one_only=bool(row.get("aim_one_only")),
            impact=impact_labels.get(row["impact"], "Not rated"),
            is_negative=row["impact"] == Impact.NEGATIVE,
            evidence=row["evidence"],
            mitigation=row["mitigation"],
            justification=row["justification"],
        )
        for row in snapshot["impact_grid"]
    ]


def action_lines(snapshot: dict[str, Any]) -> list[ActionLine]:
    """The plan as signed. Snapshots of schema 1 have no lead team, success measure or
    planning version: those read as not given."""
    status_labels = dict(ActionStatus.choices)
    version = snapshot["assessment"]["version"]
    lines = []
    for number, action in enumerate(snapshot["actions"], start=1):
        planned_in = action.get("planned_in_version")
        lines.append(
            ActionLine(
                number=number,
                description=action["description"],
                lead=lead_words(action["owner"] or "", action.get("lead_team", "")),
                success_measure=action.get("success_measure", ""),
                due=short_date(action["due_date"]),
                status=status_labels.get(action["status"], action["status"]),
                characteristics=", ".join(action["characteristics"]),
                planned_in=(
                    f"Planned in EqIA v{planned_in}"
                    if planned_in is not None and planned_in != version
                    else ""
                ),
            )
        )
    return lines


def audit_lines(entries: list[AuditEntry]) -> list[AuditLine]:
    return [
        AuditLine(
            sequence=entry.sequence,
            when=local_moment(entry.at, short=True),
            who=entry.actor_name,
            role=entry.actor_role,
            what=describe(entry),
            from_state=state_label(entry.from_state) if entry.from_state else "",
            to_state=state_label(entry.to_state) if entry.to_state else "",
            comment=entry.comment,
        )
        for entry in entries
    ]


def final_approvals(snapshot: dict[str, Any]) -> list[DatedName]:
    """The approvals of the last review round: the ones the assessment went forward on."""
    approvals = snapshot["approvals"]
    last_round = snapshot["assessment"]["review_round"]
    counted = [a for a in approvals if a["review_round"] == last_round] or approvals
    return [DatedName(a["approver"] or "", local_day(a["at"])) for a in counted]


def covenant_function_labels(codes: list[str]) -> str:
    labels = dict(CovenantFunction.choices)
    return ", ".join(labels.get(code, capfirst(code)) for code in codes)


def document_title(snapshot: dict[str, Any]) -> str:
    """The PDF's title: "POL-001 Equality impact assessment v2"."""
    reference = snapshot["policy"]["reference"]
    return f"{reference} Equality impact assessment v{snapshot['assessment']['version']}"


def signer_role(snapshot: dict[str, Any], entries: list[AuditEntry]) -> str:
    """ "Head of Housing, sign-off officer": the title the frozen content keeps (schema 3 on),
    else the one the sign-off's audit entry keeps."""
    sign_off = snapshot.get("sign_off") or {}
    if "job_title" in sign_off:
        return sign_off_capacity(sign_off["job_title"] or "")
    entry = next((e for e in reversed(entries) if e.details.get("move") == "sign_off"), None)
    if entry is None:
        return Role.SIGN_OFF_OFFICER.label
    return sign_off_capacity(entry.details.get(SIGNER_JOB_TITLE, ""))


def version_assessed(snapshot: dict[str, Any], issued_on: str) -> str:
    """Which version of the policy the assessment is of, in words: the policy as it stood at
    sign-off (or on the day of an unsigned copy), whether new, revised or reviewed, and when
    the register last recorded a review of it before this assessment."""
    about = snapshot["parts"]["about"]["fields"]
    sign_off = snapshot.get("sign_off")
    stage = about.get("policy_stage")
    words = str(PolicyStage(stage).label) if stage in PolicyStage.values else "The policy"
    if sign_off:
        words += f", as it stood when this assessment was signed off on {local_day(sign_off['at'])}"
    else:
        words += f", as it stands on {issued_on}"
    last_reviewed = snapshot["policy"].get("last_reviewed")
    if last_reviewed:
        words += f"; last reviewed on {long_date(last_reviewed)}"
    elif stage != PolicyStage.NEW:
        words += "; no earlier review is recorded"
    return words + "."


def document_context(
    snapshot: dict[str, Any],
    *,
    content_sha256: str,
    attachment_name: str,
    entries: list[AuditEntry],
) -> dict[str, Any]:
    """Everything templates/documents/eqia.html shows, from the snapshot and the trail."""
    policy, about = snapshot["policy"], snapshot["parts"]["about"]["fields"]
    sign_off = snapshot.get("sign_off")
    sections = part_sections(snapshot)
    covenant_values = snapshot["parts"]["covenant"]["fields"]
    covenant_required = bool(policy["covenant_functions"])
    approvals = final_approvals(snapshot)
    state = snapshot["assessment"]["state"]
    summary: AssessmentSummary = summary_of(snapshot)
    issued_on = (
        local_day(sign_off["at"]) if sign_off else long_date(timezone.localdate().isoformat())
    )
    return {
        "council": settings.EQIA_COUNCIL_NAME,
        "title": document_title(snapshot),
        "description": (
            f"Equality impact assessment of {policy['title']} ({policy['reference']}), "
            f"version {snapshot['assessment']['version']}"
        ),
        "reference": policy["reference"],
        "policy": policy,
        "policy_covenant_functions": covenant_function_labels(policy["covenant_functions"]),
        # Kept from schema 3 on: an earlier snapshot shows neither.
        "keeps_policy_document": "document_url" in policy,
        "policy_document": policy.get("document_url") or "",
        "version_assessed": version_assessed(snapshot, issued_on),
        "version": snapshot["assessment"]["version"],
        "previous_version": snapshot["assessment"]["previous_version"],
        "is_signed": sign_off is not None,
        "state_phrase": AssessmentState(state).phrase if state in AssessmentState.values else state,
        "decision_maker": about.get("decision_maker") or "",
        "planned_decision_date": long_date(about.get("planned_decision_date")),
        "approvals": approvals,
        "started": local_day(snapshot["assessment"]["created_at"]),
        "submitted": local_day(snapshot["assessment"]["submitted_at"]),
        "approved": approvals[-1].when if approvals else "",
        "sign_off": sign_off,
        "signed_off_day": local_day(sign_off["at"]) if sign_off else "",
        "signed_off_moment": local_moment(sign_off["at"]) if sign_off else "",
        "signer_role": signer_role(snapshot, entries),
        "signed_late": bool(sign_off and sign_off["after_planned_decision_date"]),
        # The summary a decision-maker reads first (eqia.summary), from the frozen content.
        "summary": summary,
        "sections": sections,
        "impacts": impact_lines(snapshot),
        # Other policies bearing on the same groups (eqia.cumulative); older snapshots lack it.
        "keeps_cumulative_links": "cumulative_links" in snapshot,
        "cumulative_links": snapshot.get("cumulative_links") or [],
        "actions": action_lines(snapshot),
        "covenant_required": covenant_required,
        "covenant_not_required": not covenant_required
        and not any(covenant_values.get(name) for name in PART_FIELDS[Part.COVENANT]),
        "covenant_not_required_text": COVENANT_NOT_REQUIRED,
        "audit": audit_lines(entries),
        "audit_head": entries[-1].entry_hash if entries else "",
        "time_zone": settings.TIME_ZONE,
        "content_sha256": content_sha256,
        "schema_version": snapshot["schema_version"],
        "attachment_name": attachment_name,
        "not_given": NOT_GIVEN,
    }
