"""The content rules of an assessment, in one place.

The part pages show each problem at its field when the author marks a part as completed;
``submit`` refuses while ``submission_problems`` lists anything. Every problem is a Reason
whose ``part`` is the Part value to fix and whose ``field`` is the form field name on that
part's page (the field's element id is ``id_<field>``; see ``reason_url``).
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.forms import BaseForm
from django.urls import reverse

from core.dates import today
from core.errors import ErrorLink, form_error_links
from core.pages import Tag
from core.refusals import Reason
from eqia.models import (
    Action,
    Assessment,
    Impact,
    ImpactRow,
    Outcome,
    Part,
    PartStatus,
    PolicyStage,
    ScreeningOutcome,
)

# The name of the "Have you completed this section?" radios on every part page.
COMPLETED_FIELD = "completed"
# The prefix of the decision meeting rows on the About page (a Django formset).
MEETINGS_PREFIX = "meetings"
# Fields shown as radios or checkboxes: their first option carries the id (``id_<field>_0``).
OPTION_FIELDS = {
    "policy_stage",
    "relevant_to_equality",
    "screening_outcome",
    "covenant_functions_in_scope",
    "outcome",
    "adverse_impact_rating",
    COMPLETED_FIELD,
}


def impact_prefix(row: ImpactRow) -> str:
    """The form prefix of one impact grid row: its fields are ``impact-<row pk>-<name>``."""
    return f"impact-{row.pk}"


def impact_field(row: ImpactRow, name: str) -> str:
    return f"{impact_prefix(row)}-{name}"


def covenant_scope_choices(functions: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """Every function in scope of the Covenant duty, as (code, label); all functions by default."""
    scope = settings.EQIA_COVENANT_SCOPE
    keys = list(scope) if functions is None else [f for f in functions if f in scope]
    return [(code, label) for key in keys for code, label in scope[key]]


def part_is_required(assessment: Assessment, part: Part) -> bool:
    """Every part is required, except the Covenant part for a policy with no Covenant function."""
    return part != Part.COVENANT or assessment.covenant_part_required()


COMMENTS_TO_ANSWER = Tag("Comments to answer", "orange")


def part_status_tag(
    assessment: Assessment, part: Part, *, comments_to_answer: bool = False
) -> PartStatus | Tag:
    """How every page shows a part's status: "Comments to answer" while a reviewer's point on
    it is open (eqia.summary.part_tags knows which), and an optional part not started reads
    "Optional"."""
    if comments_to_answer:
        return COMMENTS_TO_ANSWER
    status = assessment.status_of(part)
    if status == PartStatus.NOT_STARTED and not part_is_required(assessment, part):
        return Tag("Optional", "grey")
    return status


def required_parts(assessment: Assessment) -> list[Part]:
    return [part for part in Part if part_is_required(assessment, part)]


def needs_full_assessment(assessment: Assessment) -> bool:
    """Until screening says otherwise, a full assessment is what the author must write."""
    return full_assessment_needed(assessment.screening_outcome)


def full_assessment_needed(screening_outcome: str) -> bool:
    return screening_outcome != ScreeningOutcome.NOT_NEEDED


def follows_earlier_policy(policy_stage: str) -> bool:
    """A revised or existing policy: the author says what its previous assessment planned and
    what has changed since."""
    return policy_stage in (PolicyStage.REVISED, PolicyStage.EXISTING)


# Fields asked only in some cases, and the case, read from the assessment's other answers
# (field name to value) and whether the policy has a Covenant function. The rules below use
# the same conditions.
CONDITIONAL_FIELDS: dict[str, Callable[[Mapping[str, Any], bool], bool]] = {
    "previous_plans": lambda answers, _: follows_earlier_policy(answers.get("policy_stage", "")),
    "changes_since": lambda answers, _: follows_earlier_policy(answers.get("policy_stage", "")),
    "no_full_assessment_reasons": lambda answers, _: (
        not full_assessment_needed(answers.get("screening_outcome", ""))
    ),
    **{
        name: lambda answers, _: full_assessment_needed(answers.get("screening_outcome", ""))
        for name in ("data_sources", "engagement", "intersectionality", "cumulative_impact")
    },
    **{
        name: lambda _, covenant_required: covenant_required
        for name in (
            "covenant_functions_in_scope",
            "covenant_unique_obligations",
            "covenant_removing_disadvantage",
            "covenant_special_provision",
        )
    },
    "outcome_justification": lambda answers, _: answers.get("outcome") == Outcome.CONTINUE,
}
# Fields an author may leave blank in every case.
OPTIONAL_FIELDS = {"others_involved", "dpia_url"}


def field_applies(name: str, answers: Mapping[str, Any], *, covenant_required: bool) -> bool:
    """Whether the field is asked of this assessment at all (a field that does not apply reads
    "Not applicable", never "Not given")."""
    condition = CONDITIONAL_FIELDS.get(name)
    return condition is None or condition(answers, covenant_required)


class _Problems:
    """Collects the problems of one part, each prefixed with the part's name."""

    def __init__(self, part: Part) -> None:
        self.part = part
        self.reasons: list[Reason] = []

    def add(self, field: str, message: str) -> None:
        self.reasons.append(Reason(f"{self.part.label}: {message}", self.part.value, field))

    def require(self, assessment: Assessment, fields: dict[str, str]) -> None:
        """``fields`` maps a field name to what to ask for when it is blank."""
        for field, ask in fields.items():
            value = getattr(assessment, field)
            if value is None or (isinstance(value, str | list) and not value):
                self.add(field, ask)


def _rows(assessment: Assessment) -> list[ImpactRow]:
    return list(assessment.impacts.select_related("characteristic"))


def _characteristics_with_actions(assessment: Assessment) -> set[int]:
    """Who the plan's actions serve: its own actions and those it inherited."""
    through = Action.characteristics.through
    return set(
        through.objects.filter(action__appears_in=assessment).values_list(
            "characteristic_id", flat=True
        )
    )


def _about(assessment: Assessment, problems: _Problems) -> None:
    problems.require(
        assessment,
        {
            "purpose": "enter the purpose and aims of the policy",
            "scope": "enter who the policy affects",
            "policy_stage": "say whether the policy is new, revised or an existing policy",
            "lead_officer_name": "enter the lead officer's name",
            "lead_officer_role": "enter the lead officer's role",
            "consideration_began": "enter when consideration of equality began",
            "decision_maker": "enter the decision-maker",
            "planned_decision_date": "enter the planned decision date",
        },
    )
    if (
        assessment.consideration_began
        and assessment.planned_decision_date
        and assessment.consideration_began > assessment.planned_decision_date
    ):
        problems.add(
            "consideration_began",
            "consideration of equality must begin before the planned decision date",
        )
    if not assessment.decision_meetings.exists():
        problems.add(
            f"{MEETINGS_PREFIX}-0-body",
            "add at least one meeting or body on the decision pathway, with its date",
        )
    if follows_earlier_policy(assessment.policy_stage):
        problems.require(
            assessment,
            {
                "previous_plans": "enter what the previous assessment planned, and what came of it",
                "changes_since": "enter what has changed since the last assessment",
            },
        )


def _screening(assessment: Assessment, problems: _Problems) -> None:
    problems.require(
        assessment,
        {
            "relevant_to_equality": "say whether the policy is relevant to equality",
            "relevance_reasons": "explain why the policy is or is not relevant to equality",
            "screening_outcome": "say whether a full assessment is needed",
        },
    )
    if assessment.screening_outcome != ScreeningOutcome.NOT_NEEDED:
        return
    if not assessment.no_full_assessment_reasons:
        problems.add("no_full_assessment_reasons", "explain why no full assessment is needed")
    needing_full = [
        row for row in _rows(assessment) if row.impact in (Impact.NEGATIVE, Impact.UNKNOWN)
    ]
    if needing_full:
        names = ", ".join(
            f"{row.characteristic.name} ({row.get_impact_display().lower()})"
            for row in needing_full
        )
        problems.add(
            "screening_outcome",
            "a full assessment is needed because an impact is negative or not yet known: " + names,
        )


def _evidence(assessment: Assessment, problems: _Problems) -> None:
    if needs_full_assessment(assessment):
        problems.require(
            assessment,
            {
                "data_sources": "enter the data and evidence used",
                "engagement": "enter the consultation and engagement done",
            },
        )


def _impacts(assessment: Assessment, problems: _Problems) -> None:
    with_actions = _characteristics_with_actions(assessment)
    for row in _rows(assessment):
        name = row.characteristic.name
        if not row.impact:
            problems.add(impact_field(row, "impact"), f"rate the impact on {name}")
        if not row.evidence:
            problems.add(impact_field(row, "evidence"), f"give the evidence for {name}")
        if row.impact == Impact.NEGATIVE and not (row.mitigation or row.justification):
            problems.add(
                impact_field(row, "mitigation"),
                f"the impact on {name} is negative: enter a mitigation or a justification",
            )
        if row.impact == Impact.UNKNOWN and row.characteristic_id not in with_actions:
            problems.add(
                impact_field(row, ACTION_FIELD),
                f"the impact on {name} is not yet known: add an action to the action plan "
                f"for {name} to gather the evidence or consult",
            )
    if needs_full_assessment(assessment):
        problems.require(
            assessment,
            {
                "intersectionality": "enter who is affected through more than one characteristic",
                "cumulative_impact": "enter the cumulative impact",
            },
        )


def _covenant(assessment: Assessment, problems: _Problems) -> None:
    if not assessment.covenant_part_required():
        return
    known = {code for code, _ in covenant_scope_choices()}
    if not [code for code in assessment.covenant_functions_in_scope if code in known]:
        problems.add(
            "covenant_functions_in_scope", "select at least one function in scope of the duty"
        )
    problems.require(
        assessment,
        {
            "covenant_unique_obligations": (
                "enter how regard was had to the unique obligations and sacrifices made by "
                "the Armed Forces"
            ),
            "covenant_removing_disadvantage": (
                "enter how regard was had to removing disadvantages arising from service"
            ),
            "covenant_special_provision": (
                "enter how regard was had to whether special provision may be justified"
            ),
        },
    )


def _aims(assessment: Assessment, problems: _Problems) -> None:
    problems.require(
        assessment,
        {
            "aim_eliminate_discrimination": (
                "enter how the policy eliminates discrimination, harassment and victimisation"
            ),
            "aim_advance_opportunity": "enter how the policy advances equality of opportunity",
            "aim_foster_relations": "enter how the policy fosters good relations",
        },
    )


def _outcome(assessment: Assessment, problems: _Problems) -> None:
    problems.require(
        assessment,
        {
            "outcome": "choose the outcome",
            "adverse_impact_rating": "rate the overall adverse impact",
            "evidence_sufficiency": "explain why the evidence is sufficient",
        },
    )
    if assessment.outcome == Outcome.CONTINUE and not assessment.outcome_justification:
        problems.add(
            "outcome_justification",
            "to continue despite adverse impact, enter the countervailing factors and the "
            "justification",
        )
    if assessment.outcome in (Outcome.ADJUST, Outcome.STOP) and not (
        assessment.plan_actions.exists()
    ):
        problems.add(
            "outcome",
            f"the outcome \u201c{assessment.get_outcome_display()}\u201d needs at least one "
            "action in the action plan",
        )


def _actions(assessment: Assessment, problems: _Problems) -> None:
    """Each action the draft planned needs its words, a lead and a due date. An inherited one
    is an earlier version's content (moved on, never changed, here): it is numbered with the
    plan but not checked."""
    for number, action in enumerate(assessment.plan_actions.all(), start=1):
        if action.assessment_id != assessment.pk:
            continue
        missing = [
            what
            for what, present in [
                ("a description", bool(action.description.strip())),
                (
                    "a lead (a person, a team or partner, or both)",
                    bool(action.owner_id is not None or action.lead_team.strip()),
                ),
                ("a due date", action.due_date is not None),
            ]
            if not present
        ]
        if missing:
            problems.add(f"action-{action.pk}", f"action {number} needs {' and '.join(missing)}")


def _review(assessment: Assessment, problems: _Problems) -> None:
    if assessment.review_date is None:
        problems.add("review_date", "enter when this assessment will be reviewed")
    elif assessment.review_date <= today():
        problems.add("review_date", "the review date must be in the future")


RULES: dict[Part, Callable[[Assessment, _Problems], None]] = {
    Part.ABOUT: _about,
    Part.SCREENING: _screening,
    Part.EVIDENCE: _evidence,
    Part.IMPACTS: _impacts,
    Part.COVENANT: _covenant,
    Part.AIMS: _aims,
    Part.OUTCOME: _outcome,
    Part.ACTIONS: _actions,
    Part.REVIEW: _review,
}


def part_problems(assessment: Assessment, part: Part | str) -> list[Reason]:
    """What stops the part being complete, as stored now; empty when it is complete."""
    part = Part(part)
    problems = _Problems(part)
    RULES[part](assessment, problems)
    return problems.reasons


def submission_problems(assessment: Assessment) -> list[Reason]:
    """Every reason the assessment cannot be submitted: each problem of every required part,
    and each required part not marked as completed."""
    reasons: list[Reason] = []
    for part in required_parts(assessment):
        reasons.extend(part_problems(assessment, part))
        if assessment.status_of(part) != PartStatus.COMPLETED:
            reasons.append(Reason(f"Mark {part.label} as completed", part.value, COMPLETED_FIELD))
    return reasons


# A reason about an impact's missing action names this field of the impact's row: its anchor is
# the row's "Save and add an action" button.
ACTION_FIELD = "action"


def reason_anchor(reason: Reason) -> str:
    """The element id on the part page where the reason is put right."""
    if not reason.field:
        return "main-content"
    if reason.field.startswith("impact-") and reason.field.endswith(f"-{ACTION_FIELD}"):
        return f"{reason.field.removesuffix(ACTION_FIELD)}add-action"
    if reason.field in OPTION_FIELDS or reason.field.endswith("-impact"):
        return f"id_{reason.field}_0"
    return f"id_{reason.field}"


def reason_url(assessment: Assessment, reason: Reason) -> str:
    """The part page of the reason, at its field; the assessment page when it has no part."""
    if not reason.part:
        return assessment.get_absolute_url()
    page = reverse("assessments:part", args=[assessment.pk, reason.part])
    return f"{page}#{reason_anchor(reason)}"


def error_links_for(
    assessment: Assessment, reasons: list[Reason], form: BaseForm | None = None
) -> list[ErrorLink]:
    """The error summary of a page about the assessment: a reason with a part links to the part
    page at its field; one whose field is on ``form`` is shown beside it (Django's add_error,
    when the form is bound) and linked there; any other is listed."""
    links = []
    for reason in reasons:
        if reason.part:
            links.append(ErrorLink(reason.message, reason_url(assessment, reason)))
        elif form is not None and form.is_bound and reason.field in form.fields:
            form.add_error(reason.field, reason.message)
        elif form is not None and form.is_bound and not reason.field:
            form.add_error(None, reason.message)
        else:
            links.append(ErrorLink(reason.message))
    return links + form_error_links(form)
