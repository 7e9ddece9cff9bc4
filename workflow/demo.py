"""The demo: logins, the register and assessments in every state, made through the same
services the pages use. Safe to run again (a policy that already has an assessment is left as
it is)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from core.dates import add_months, today
from core.people import display_name
from core.roles import Role
from eqia.audit import record
from eqia.content import comment_add
from eqia.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Assessment,
    AssessmentState,
    AuditKind,
    Characteristic,
    DecisionMeeting,
    Impact,
    Outcome,
    Part,
    PartStatus,
    PolicyStage,
    ScreeningOutcome,
)
from eqia.services import assessment_start
from policies.demo.seed import DemoRegister, seed_demo_register
from policies.models import Policy
from workflow.services import make_move

OWNER_ROLE = Role.POLICY_OWNER.label

LONG_EVIDENCE = (
    "Housing register data for 2024-25 (4,812 active applications) was analysed by band, age, "
    "disability, ethnicity and household income. Applicants in the lowest income quintile wait "
    "on average 9 weeks longer for a two-bedroom home than others in the same band, because "
    "they more often bid for the lowest-rent properties, of which fewer become available. "
    "Complaints data (63 complaints in the year) shows recurring concern about the clarity of "
    "banding letters and the cost of moving. The Index of Multiple Deprivation 2019 places four "
    "of the district's neighbourhoods in the most deprived 10% nationally; 38% of applicants "
    "live in them.\n\nThe tenant panel and the disability forum were consulted in March 2026 "
    "(two workshops, 41 people) and an online survey ran for six weeks (312 responses, 22% from "
    "people who said they were disabled). Their views changed the draft: the deposit guarantee "
    "scheme was extended to transfers, and banding letters are now also sent in easy read."
)


@dataclass(frozen=True)
class Plan:
    reference: str
    state: AssessmentState
    poverty_negative: bool = False
    actions: int = 2
    long_text: bool = False
    versions: int = 1  # earlier signed versions before this one


@dataclass(frozen=True)
class DemoAction:
    description: str
    lead: str | None  # "author" (the policy's owner), "edi" (the EDI officer) or no one
    team: str  # the lead team or partner, in words ("" for none)
    success_measure: str
    serves: tuple[str, ...]
    due_in_days: int
    status: ActionStatus = ActionStatus.OPEN
    note: str = ""  # the latest update, for one already moved on


DEMO_ACTIONS = [
    DemoAction(
        "Publish the policy and a summary in easy read and large print, and check that the "
        "web page works with a screen reader",
        "author",
        "Communications and Marketing team",
        "Easy read and large print versions published; requests for other formats met within "
        "10 working days",
        ("Disability", "Age"),
        75,
        ActionStatus.IN_PROGRESS,
        "Easy read draft is with the disability forum for checking.",
    ),
    DemoAction(
        "Report outcomes by income band and ethnicity to the EDI group every six months",
        None,
        "Data Analytics team",
        "First report to the EDI group shows waiting times by income band and ethnicity",
        ("Poverty (socio-economic disadvantage)", "Race"),
        120,
    ),
    DemoAction(
        "Consult the disability forum on the new letters before they are sent",
        "author",
        "",
        "Forum consulted and the changes it asked for made to the letters",
        ("Disability",),
        10,
    ),
    DemoAction(
        "Train front-line staff on the Armed Forces Covenant duty and the local connection "
        "waiver for service leavers",
        "edi",
        "Housing Options team",
        "Every front-line officer trained; the waiver applied to every eligible service leaver",
        ("Armed Forces community",),
        150,
    ),
    DemoAction(
        "Offer an interpreter or translated letters to anyone who asks, and record how often "
        "they are asked for",
        None,
        "Customer Services team",
        "Language needs recorded on every new case; every request met",
        ("Race",),
        180,
    ),
    DemoAction(
        "Agree a target time for home adaptation assessments with the occupational therapy service",
        "author",
        "KCC occupational therapist",
        "Assessments completed within 12 weeks for nine in ten applicants",
        ("Disability", "Age"),
        -12,
    ),
    DemoAction(
        "Review the hardship fund's take-up by households in the lowest income band",
        "author",
        "",
        "Take-up by the lowest income band at least matches its share of applicants",
        ("Poverty (socio-economic disadvantage)",),
        240,
    ),
    DemoAction(
        "Meet local faith groups to find out how the policy affects people of different "
        "religions or beliefs",
        None,
        "Communities, Policy & Engagement team",
        "Evidence from at least four faith groups added to the next assessment",
        ("Religion or belief",),
        270,
    ),
    DemoAction(
        "Test the online form on a phone and with a screen reader, and fix what fails",
        None,
        "Digital Services team",
        "The form passes the council's accessibility checks (WCAG 2.2 AA)",
        ("Disability", "Age"),
        -30,
        ActionStatus.IN_PROGRESS,
        "Audit done: 7 issues found, 4 fixed so far.",
    ),
    DemoAction(
        "Publish the equality monitoring data on the council's open data pages each year",
        "edi",
        "Data Analytics team",
        "Data published by 30 June each year",
        (),
        300,
    ),
    DemoAction(
        "Brief councillors on the equality impacts before the decision",
        "author",
        "",
        "Briefing given; the Cabinet report summarises the assessment",
        (),
        20,
    ),
    DemoAction(
        "Run a weekly drop-in at the central library for people who cannot apply online",
        None,
        "Libraries and Customer Services",
        "Drop-in running; fewer than one in twenty applications started on paper are left "
        "unfinished",
        ("Age", "Poverty (socio-economic disadvantage)"),
        60,
    ),
    DemoAction(
        "Add sexual orientation and gender reassignment to the monitoring form, with a "
        "\u201cprefer not to say\u201d option",
        "edi",
        "",
        "New questions on the form; a first year of answers reported",
        ("Sexual orientation", "Gender reassignment"),
        90,
    ),
    DemoAction(
        "Ask the young people's council how the policy affects care leavers",
        None,
        "Children's Services participation team",
        "Young people's views recorded and answered in the next review",
        ("Age",),
        200,
    ),
    DemoAction(
        "Write to every household in temporary accommodation explaining the changes",
        "author",
        "",
        "Every household written to before the changes start",
        ("Poverty (socio-economic disadvantage)",),
        30,
    ),
    DemoAction(
        "Agree with the local armed forces charities how they refer people to the service",
        "author",
        "Armed Forces Champion and SSAFA",
        "Referral route agreed and published",
        ("Armed Forces community",),
        160,
    ),
    DemoAction(
        "Check that no one pregnant or on maternity leave misses out because of bidding deadlines",
        "author",
        "",
        "Cases reviewed each quarter; none found disadvantaged, or the rules changed",
        ("Pregnancy and maternity",),
        130,
    ),
    DemoAction(
        "Repeat the equality analysis after the first full year, using complaints and appeals",
        "edi",
        "Communities, Policy & Engagement team",
        "Analysis reported to the EDI group within 13 months of the decision",
        (),
        365,
    ),
    DemoAction(
        "Report waiting times by sex each quarter and look into any gap",
        None,
        "Data Analytics team",
        "Quarterly figures reported; any gap over 10% explained or acted on",
        ("Sex",),
        100,
    ),
    DemoAction(
        "Publish a \u201cyou said, we did\u201d note for everyone who took part in the "
        "consultation",
        None,
        "Communities, Policy & Engagement team",
        "Note published and sent to every participant who left contact details",
        (),
        45,
    ),
]


PLANS = [
    Plan("HOU-002", AssessmentState.DRAFT),
    Plan("HOU-009", AssessmentState.SUBMITTED),
    Plan("CSF-004", AssessmentState.IN_REVIEW),
    Plan("HR-001", AssessmentState.CHANGES_REQUESTED),
    Plan("HR-002", AssessmentState.APPROVED),
    Plan(
        "HOU-001",
        AssessmentState.SIGNED_OFF,
        poverty_negative=True,
        actions=18,  # with the 2 carried from v1: twenty
        long_text=True,
        versions=2,
    ),
    Plan("REV-005", AssessmentState.SIGNED_OFF, poverty_negative=True),
    Plan("HR-004", AssessmentState.WITHDRAWN),
]


def content_for(policy: Policy, plan: Plan, as_of: datetime.date) -> dict[str, Any]:
    covenant = bool(policy.covenant_functions)
    text = LONG_EVIDENCE if plan.long_text else ""
    return {
        "purpose": f"{policy.title}: sets out how the council will {policy.title.lower()} "
        "fairly, consistently and within the law.",
        "scope": "Residents who use the service, applicants, and the staff who deliver it.",
        "policy_stage": PolicyStage.EXISTING,
        "lead_officer_name": display_name(policy.owner) or "Lead officer",
        "lead_officer_role": f"{policy.service_area} manager" if policy.service_area else "Manager",
        "others_involved": "Equality and diversity officer, Equality adviser\nService users' panel",
        "consideration_began": add_months(as_of, -3),
        "decision_maker": "Cabinet",
        "planned_decision_date": add_months(as_of, 3),
        "previous_plans": "Monitor take-up by age, disability and ethnicity each year: done.",
        "changes_since": "New statutory guidance and a rise in demand since 2024.",
        "relevant_to_equality": True,
        "relevance_reasons": "The policy decides who receives a scarce service.",
        "screening_outcome": ScreeningOutcome.FULL,
        "data_sources": text or "Census 2021; service data 2024-25; complaints; national research.",
        "engagement": "Service users' panel, March 2026; online survey (212 responses).",
        "intersectionality": "Older disabled people on low incomes are most affected.",
        "cumulative_impact": "Rising living costs bear on the same households.",
        "covenant_functions_in_scope": ["housing_allocations"] if covenant else [],
        "covenant_unique_obligations": "Service families move often at short notice."
        if covenant
        else "",
        "covenant_removing_disadvantage": "Local connection rules are waived for service "
        "leavers and bereaved spouses."
        if covenant
        else "",
        "covenant_special_provision": "Extra preference for veterans with injuries from "
        "service is justified."
        if covenant
        else "",
        "aim_eliminate_discrimination": "Criteria were checked for indirect discrimination.",
        "aim_advance_opportunity": "Accessible formats and an assisted route are offered.",
        "aim_foster_relations": "Decisions are explained in plain English to all applicants.",
        "outcome": Outcome.ADJUST if plan.actions else Outcome.NO_MAJOR_CHANGE,
        "adverse_impact_rating": "medium" if plan.poverty_negative else "low",
        "evidence_sufficiency": "Recent local data and direct engagement cover every group.",
        "review_date": add_months(as_of, 36),
    }


@transaction.atomic
def fill(assessment: Assessment, plan: Plan, author: User, as_of: datetime.date) -> None:
    """Write every part, as the author would on the part pages, each save on the trail."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    for name, value in content_for(assessment.policy, plan, as_of).items():
        setattr(assessment, name, value)
    complete = plan.state != AssessmentState.DRAFT
    assessment.part_status = {
        part.value: (
            PartStatus.COMPLETED
            if complete or part in (Part.ABOUT, Part.SCREENING)
            else PartStatus.IN_PROGRESS
        )
        for part in Part
    }
    assessment.save()
    decision_date = assessment.planned_decision_date
    assert decision_date is not None  # content_for plans the decision
    DecisionMeeting.objects.create(assessment=assessment, body="Cabinet", date=decision_date)
    poverty = Characteristic.objects.get(name__startswith="Poverty")
    for row in assessment.impacts.select_related("characteristic"):
        name = row.characteristic.name
        if plan.poverty_negative and row.characteristic_id == poverty.pk:
            row.impact = Impact.NEGATIVE
            row.evidence = (
                "Households on low incomes are more likely to fall into arrears and less able "
                "to pay the costs of moving."
            )
            row.mitigation = (
                "A hardship fund covers deposits and removal costs; letters signpost free debt "
                "advice; arrears under £500 do not bar an application."
            )
        elif name == "Armed Forces community":
            row.impact = Impact.POSITIVE
            row.evidence = "Local connection is waived for service leavers."
        else:
            row.impact = Impact.NEUTRAL
            row.evidence = (LONG_EVIDENCE if plan.long_text else "") or (
                f"Service data shows no difference in outcomes for {name.lower()}."
            )
        row.save()
    # The plan: actions as a council writes them, led by people, teams and partners. A later
    # version inherits the open actions of the last signed one (assessment_start), so each
    # version plans new ones: it carries on down the list where the policy's last plan ended.
    edi_officer = User.objects.filter(username="reviewer").first() or author
    leads = {"author": author, "edi": edi_officer, None: None}
    characteristics = {c.name: c for c in Characteristic.objects.all()}
    first = (
        assessment.policy.pk + Action.objects.filter(assessment__policy=assessment.policy).count()
    )
    for number in range(plan.actions):
        demo = DEMO_ACTIONS[(first + number) % len(DEMO_ACTIONS)]
        action = Action.objects.create(
            assessment=assessment,
            description=demo.description,
            owner=leads[demo.lead],
            lead_team=demo.team,
            success_measure=demo.success_measure,
            due_date=as_of + datetime.timedelta(days=demo.due_in_days),
            status=demo.status,
        )
        action.appears_in.add(assessment)
        action.characteristics.set(
            [characteristics[name] for name in demo.serves if name in characteristics]
        )
        if demo.note:
            ActionUpdate.objects.create(
                action=action, status=demo.status, note=demo.note, by=leads[demo.lead] or author
            )
    for part in Part:
        record(assessment, actor=author, actor_role=OWNER_ROLE, kind=AuditKind.CONTENT, part=part)


def advance(assessment: Assessment, plan: Plan, people: dict[str, User]) -> None:
    """Move the assessment through the workflow to the plan's state."""
    owner, reviewer, signoff = people["owner"], people["reviewer"], people["signoff"]
    target = plan.state
    if target == AssessmentState.DRAFT:
        return
    if target == AssessmentState.WITHDRAWN:
        make_move(
            "withdraw",
            assessment=assessment,
            by=owner,
            data={"reason": "The guidance is being merged into HR-002."},
        )
        return
    make_move("submit", assessment=assessment, by=owner)
    if target == AssessmentState.SUBMITTED:
        return
    make_move("start_review", assessment=assessment, by=reviewer)
    comment_add(
        assessment=assessment,
        by=reviewer,
        part=Part.EVIDENCE,
        text="Please say how many disabled people responded to the survey.",
    )
    if target == AssessmentState.IN_REVIEW:
        return
    if target == AssessmentState.CHANGES_REQUESTED:
        make_move(
            "request_changes",
            assessment=assessment,
            by=reviewer,
            data={"comment": "The evidence part needs the survey's response by characteristic."},
        )
        return
    make_move(
        "approve",
        assessment=assessment,
        by=reviewer,
        data={"comment": "Thorough and well evidenced."},
    )
    if target == AssessmentState.APPROVED:
        return
    make_move(
        "sign_off",
        assessment=assessment,
        by=signoff,
        data={
            "attestation": True,
            "attestation_text": settings.EQIA_ATTESTATION,
            "comment": "Agreed.",
            "late_explanation": "",
        },
    )


def seed_demo_assessments(people: dict[str, User]) -> int:
    """Make the demo assessments that are missing; returns how many were made."""
    made = 0
    as_of = today()
    for plan in PLANS:
        policy = Policy.objects.filter(reference=plan.reference).first()
        if policy is None or policy.assessments.exists():
            continue
        author = policy.owner or people["owner"]
        for version in range(1, plan.versions + 1):
            # Earlier versions are plain signed assessments the last one carries forward.
            this = (
                plan
                if version == plan.versions
                else Plan(plan.reference, AssessmentState.SIGNED_OFF)
            )
            assessment = assessment_start(policy=policy, by=author)
            fill(assessment, this, author, as_of)
            advance(assessment, this, {**people, "owner": author})
            made += 1
    return made


@dataclass(frozen=True)
class DemoResult:
    register: DemoRegister
    assessments_made: int


@transaction.atomic
def seed_demo() -> DemoResult:
    """The demo register and logins, then the demo assessments."""
    register = seed_demo_register()
    return DemoResult(register=register, assessments_made=seed_demo_assessments(register.people))
