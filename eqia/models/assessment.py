from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin

from core.links import page_url
from eqia.models.choices import (
    EDITABLE_STATES,
    OPEN_STATES,
    AdverseRating,
    AssessmentState,
    Outcome,
    Part,
    PartStatus,
    PolicyStage,
    Publication,
    ScreeningOutcome,
    standing,
)


class Assessment(FSMModelMixin, models.Model):
    """One equality impact assessment of a policy: version N of that policy's assessments.

    Its state is protected: it moves only through the workflow's moves (workflow/moves.py),
    made by workflow.services.make_move on the AssessmentInWorkflow proxy, whose transitions
    the move table defines.
    """

    policy = models.ForeignKey(
        "policies.Policy", on_delete=models.PROTECT, related_name="assessments"
    )
    version = models.PositiveIntegerField()
    state = FSMField(default=AssessmentState.DRAFT, choices=AssessmentState, protected=True)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The signed assessment whose content this one started from.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    part_status = models.JSONField(default=dict, blank=True)

    # 1. About the policy
    purpose = models.TextField("purpose and aims of the policy", blank=True)
    scope = models.TextField("who the policy affects", blank=True)
    policy_stage = models.CharField("is this", max_length=10, choices=PolicyStage, blank=True)
    lead_officer_name = models.CharField("lead officer", max_length=150, blank=True)
    lead_officer_role = models.CharField("lead officer's role", max_length=150, blank=True)
    others_involved = models.TextField(
        "others involved", blank=True, help_text="One person a line: name, role."
    )
    consideration_began = models.DateField(
        "when consideration of equality began", null=True, blank=True
    )
    decision_maker = models.CharField(max_length=200, blank=True)
    planned_decision_date = models.DateField(null=True, blank=True)
    dpia_url = models.URLField(
        "data protection impact assessment (link)", max_length=500, blank=True
    )
    previous_plans = models.TextField(
        "what the previous assessment planned, and what came of it", blank=True
    )
    changes_since = models.TextField("what has changed since the last assessment", blank=True)

    # 2. Screening
    relevant_to_equality = models.BooleanField(null=True, blank=True)
    relevance_reasons = models.TextField("why", blank=True)
    screening_outcome = models.CharField(max_length=10, choices=ScreeningOutcome, blank=True)
    no_full_assessment_reasons = models.TextField("why no full assessment is needed", blank=True)

    # 3. Evidence and engagement
    data_sources = models.TextField("data and evidence used", blank=True)
    engagement = models.TextField("consultation and engagement", blank=True)

    # 4. Impacts (ImpactRow) and, below the grid:
    intersectionality = models.TextField(
        "people affected through more than one characteristic", blank=True
    )
    cumulative_impact = models.TextField("cumulative impact", blank=True)

    # 5. Armed Forces Covenant duty (Armed Forces Act 2021)
    covenant_functions_in_scope = models.JSONField(default=list, blank=True)
    covenant_unique_obligations = models.TextField(
        "the unique obligations and sacrifices made by the Armed Forces", blank=True
    )
    covenant_removing_disadvantage = models.TextField(
        "removing disadvantages arising from service", blank=True
    )
    covenant_special_provision = models.TextField(
        "whether special provision may be justified", blank=True
    )

    # 6. The three aims of the Public Sector Equality Duty
    aim_eliminate_discrimination = models.TextField(
        "aim 1: eliminate discrimination, harassment and victimisation", blank=True
    )
    aim_advance_opportunity = models.TextField("aim 2: advance equality of opportunity", blank=True)
    aim_foster_relations = models.TextField("aim 3: foster good relations", blank=True)

    # 7. Outcome
    outcome = models.CharField(max_length=20, choices=Outcome, blank=True)
    outcome_justification = models.TextField("countervailing factors and justification", blank=True)
    adverse_impact_rating = models.CharField(
        "overall adverse impact", max_length=10, choices=AdverseRating, blank=True
    )
    evidence_sufficiency = models.TextField("why the evidence is sufficient", blank=True)

    # 9. Review date of the assessment
    review_date = models.DateField("when this assessment will be reviewed", null=True, blank=True)

    # Workflow record (written by workflow/services.py only)
    state_since = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the assessment entered its state."
    )
    review_round = models.PositiveSmallIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    attestation = models.TextField(blank=True)
    sign_off_comment = models.TextField(blank=True)
    signed_after_decision_date = models.BooleanField(default=False)
    late_sign_off_explanation = models.TextField(blank=True)
    withdrawn_reason = models.TextField(blank=True)
    # The decision actually taken, recorded after sign-off (eqia.content.decision_record).
    decision_taken_on = models.DateField("date of the decision", null=True, blank=True)
    decision_body = models.CharField("who took it", max_length=200, blank=True)
    decision_result = models.TextField("what was decided", blank=True)
    decision_minutes_url = models.URLField("link to the minutes", max_length=500, blank=True)
    decision_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    decision_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    frozen_content = models.JSONField(null=True, blank=True, editable=False)
    signed_pdf = models.FileField(upload_to="signed-eqias/%Y/", blank=True, editable=False)
    signed_pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    content_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    # Publication on the public pages, decided at sign-off (eqia.publishing) and withdrawn by
    # publication.services.publication_withdraw; the public notice of a withdrawal says when
    # and why.
    publication = models.CharField(max_length=16, choices=Publication, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    not_published_reason = models.TextField("why it is not published", blank=True, editable=False)
    publication_withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    publication_withdrawn_reason = models.TextField(
        "why its publication was withdrawn", blank=True, editable=False
    )
    # The audit trail's length and last hash: a deleted last entry shows as a mismatch.
    audit_length = models.PositiveIntegerField(default=0, editable=False)
    audit_head = models.CharField(max_length=64, blank=True, editable=False)

    # Not a field (an annotation alone makes none): set by the policy page on the assessments
    # it lists, for its template: whether the signed-in user may open this one.
    visible_to_user: bool

    class Meta:
        ordering = ["policy__reference", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "version"], name="assessment_version_unique"),
            models.UniqueConstraint(
                fields=["policy"],
                condition=models.Q(state__in=OPEN_STATES),
                name="one_open_assessment_per_policy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy.reference} EqIA v{self.version}"

    def get_absolute_url(self) -> str:
        return page_url("workflow:detail", self.pk)

    @property
    def label(self) -> str:
        return f"EqIA v{self.version}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def current_state(self) -> AssessmentState:
        return AssessmentState(self.state)

    @property
    def standing(self) -> str:
        """Where it stands, in words: "EqIA v2 in review since 3 November 2026"."""
        return standing(self.version, self.state, self.state_since or self.created_at)

    @property
    def is_signed(self) -> bool:
        return self.state in (AssessmentState.SIGNED_OFF, AssessmentState.SUPERSEDED)

    @property
    def is_published(self) -> bool:
        """On the public pages now: signed (or superseded) and published, not withdrawn."""
        return self.is_signed and self.publication == Publication.PUBLISHED

    @property
    def current_publication(self) -> Publication | None:
        return Publication(self.publication) if self.publication else None

    def decision_date_passed(self) -> bool:
        """Signing off now would come after the decision the assessment should inform."""
        planned = self.planned_decision_date
        return planned is not None and planned < timezone.localdate()

    def covenant_part_required(self) -> bool:
        """Required when the policy has a Covenant function (housing, education, healthcare)."""
        return bool(self.policy.covenant_functions)

    def status_of(self, part: Part) -> PartStatus:
        return PartStatus(self.part_status.get(part.value, PartStatus.NOT_STARTED))


# The assessment fields each part's page edits, in order; the snapshot keeps the order.
# The impact grid's rows, the decision pathway and the action plan are rows of their own.
PART_FIELDS: dict[Part, list[str]] = {
    Part.ABOUT: [
        "purpose",
        "scope",
        "policy_stage",
        "lead_officer_name",
        "lead_officer_role",
        "others_involved",
        "consideration_began",
        "decision_maker",
        "planned_decision_date",
        "dpia_url",
        "previous_plans",
        "changes_since",
    ],
    Part.SCREENING: [
        "relevant_to_equality",
        "relevance_reasons",
        "screening_outcome",
        "no_full_assessment_reasons",
    ],
    Part.EVIDENCE: ["data_sources", "engagement"],
    Part.IMPACTS: ["intersectionality", "cumulative_impact"],
    Part.COVENANT: [
        "covenant_functions_in_scope",
        "covenant_unique_obligations",
        "covenant_removing_disadvantage",
        "covenant_special_provision",
    ],
    Part.AIMS: ["aim_eliminate_discrimination", "aim_advance_opportunity", "aim_foster_relations"],
    Part.OUTCOME: [
        "outcome",
        "outcome_justification",
        "adverse_impact_rating",
        "evidence_sufficiency",
    ],
    Part.ACTIONS: [],
    Part.REVIEW: ["review_date"],
}
