"""The demo: logins, the register and assessments in every state, made through the same
services the pages use. Safe to run again (a policy that already has an assessment is left as
it is).

The assessments happen over a council's year, not in one minute: each is started, submitted,
reviewed and signed off on days of its own (``Plan.started_days_ago`` and ``STEPS``), so
HOU-001's first version was signed off about a year before its second, and an action of the
first was completed in between. The register they belong to was imported weeks before the
first of them (policies.demo.seed), and every step happens on a working day. What each
assessment says is its policy's own (workflow.demo_text).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from core.dates import add_months, today
from core.people import display_name
from core.roles import Role
from eqia.actions import action_update_status
from eqia.audit import record
from eqia.content import comment_add, comment_resolve
from eqia.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Assessment,
    AssessmentState,
    AuditKind,
    Characteristic,
    DecisionMeeting,
    Outcome,
    Part,
    PartStatus,
    PolicyStage,
    ScreeningOutcome,
)
from eqia.services import assessment_start
from policies.demo.clock import DemoClock, demo_clock, working_day
from policies.demo.seed import REGISTER_IMPORTED_DAYS_AGO, DemoRegister, seed_demo_register
from policies.models import Policy
from workflow.demo_text import PolicyText, text_for
from workflow.services import make_move

OWNER_ROLE = Role.POLICY_OWNER.label


@dataclass(frozen=True)
class DemoAction:
    description: str
    lead: str | None  # "author" (the policy's owner), "edi" (the EDI officer) or no one
    team: str  # the lead team or partner, in words ("" for none)
    success_measure: str
    serves: tuple[str, ...]
    due_in_days: int  # after the version's sign-off (planned, for one not yet signed)
    status: ActionStatus = ActionStatus.OPEN
    note: str = ""  # the latest update, for one already moved on


HOUSING_ACTIONS = [
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
        20,
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
        14,
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
    DemoAction(
        "Review the banding of the first 50 applicants with a medical priority, with the "
        "occupational therapy service",
        "author",
        "",
        "Every case reviewed; any banding found wrong corrected and the applicant told",
        ("Disability",),
        95,
    ),
    DemoAction(
        "Explain the allocations scheme at the refugee resettlement drop-in, with an interpreter",
        None,
        "Refugee Resettlement team and Migrant Help",
        "Two sessions held; attendees can say how to join the register",
        ("Race", "Religion or belief"),
        110,
    ),
]


# The actions of the other demo plans, each fitting its policy.
ACTIONS_BY_POLICY: dict[str, list[DemoAction]] = {
    "HOU-002": [
        DemoAction(
            "Ask registered providers for their tenancy sustainment figures by age and disability",
            None,
            "Housing Strategy team and registered providers",
            "Figures from every provider with more than 100 homes in the district",
            ("Age", "Disability"),
            90,
        ),
        DemoAction(
            "Set out in the strategy how fixed-term tenancies are reviewed for households with "
            "a disabled member",
            "author",
            "",
            "A review route agreed with the disability forum and written into the strategy",
            ("Disability",),
            60,
        ),
    ],
    "HOU-009": [
        DemoAction(
            "Agree a reciprocal arrangement with neighbouring councils for survivors who need "
            "to move district",
            "author",
            "Kent Housing Group",
            "Arrangement signed by at least three neighbouring councils",
            ("Sex",),
            120,
        ),
        DemoAction(
            "Train housing officers with the local domestic abuse service on coercive control "
            "in same-sex relationships",
            None,
            "Housing Options team and Choices Domestic Abuse Service",
            "Every housing officer trained within six months",
            ("Sexual orientation", "Sex"),
            150,
        ),
    ],
    "CSF-004": [
        DemoAction(
            "Publish the safeguarding referral guide in easy read and the five most spoken "
            "community languages",
            None,
            "Community Safety team",
            "Guide published in six versions; referrals from those communities counted",
            ("Disability", "Race"),
            80,
        ),
        DemoAction(
            "Check with the Safeguarding Adults Board that the policy covers adults who are carers",
            "author",
            "",
            "Board's advice received and the policy changed where it asks",
            ("Age", "Disability"),
            45,
        ),
    ],
    "HR-001": [
        DemoAction(
            "Report shortlisting and appointment rates by ethnicity, disability and sex to the "
            "Workforce Equality Group each quarter",
            None,
            "HR Business Intelligence team",
            "Quarterly report; any group whose appointment rate is below four fifths of the "
            "highest explained",
            ("Race", "Disability", "Sex"),
            100,
        ),
        DemoAction(
            "Extend the guaranteed interview scheme to care leavers and check it works for "
            "veterans",
            "author",
            "Armed Forces Champion",
            "Scheme published on the jobs site; every eligible veteran interviewed",
            ("Armed Forces community", "Age"),
            120,
        ),
    ],
    "HR-002": [
        DemoAction(
            "Record flexible working requests and decisions by age and disability, as well as "
            "by sex",
            None,
            "HR Advisory team",
            "A year of decisions reported to the Workforce Equality Group",
            ("Sex", "Age", "Disability"),
            180,
        ),
        DemoAction(
            "Brief managers on considering requests from staff who are carers, and from staff "
            "going through the menopause",
            "author",
            "Learning and Development team",
            "Every people manager briefed; the briefing added to manager induction",
            ("Age", "Sex"),
            90,
        ),
    ],
    "REV-005": [
        DemoAction(
            "Refer residents in arrears to free debt advice before any enforcement agent is "
            "instructed",
            None,
            "Revenues team and Citizens Advice",
            "Every case offered a referral; enforcement referrals down by a fifth in a year",
            ("Poverty (socio-economic disadvantage)",),
            60,
        ),
        DemoAction(
            "Screen debtors for vulnerability (disability, mental ill health, recent "
            "bereavement) before recovery action",
            "author",
            "",
            "Screening questions used on every case; vulnerable debtors put on a support plan",
            ("Disability", "Age"),
            90,
        ),
    ],
    "HR-004": [
        DemoAction(
            "Train line managers on supporting staff through the menopause",
            None,
            "Learning and Development team",
            "Training offered to every line manager",
            ("Sex", "Age"),
            120,
        ),
        DemoAction(
            "Set up a staff menopause support network",
            "author",
            "Staff Wellbeing Group",
            "Network meeting monthly",
            ("Sex",),
            90,
        ),
    ],
}


def actions_for(policy: Policy) -> list[DemoAction]:
    return ACTIONS_BY_POLICY.get(policy.reference, HOUSING_ACTIONS)


@dataclass(frozen=True)
class Plan:
    reference: str
    state: AssessmentState
    # When each version was started, in days before today, oldest first: a policy with two
    # numbers has a first version, signed off, and the version in ``state``.
    started_days_ago: tuple[int, ...]
    actions: int = 2  # planned by the version in ``state``
    earlier_actions: int = 3  # planned by each earlier version
    # What became of an earlier version's actions before the next version began: (the
    # action's place in that plan, days after its sign-off, new status, the lead's note).
    updates: tuple[tuple[int, int, ActionStatus, str], ...] = ()


# The day of each step after a version is started, and the time of day it happens. Every
# version is started on a Tuesday (``started_on``), so each step falls on a working day.
STEPS: dict[str, tuple[int, datetime.time]] = {
    "start": (0, datetime.time(9, 40)),
    "withdraw": (6, datetime.time(16, 5)),
    "submit": (14, datetime.time(11, 20)),
    "start_review": (16, datetime.time(10, 0)),
    "comment": (17, datetime.time(14, 35)),
    "answer": (20, datetime.time(9, 15)),
    "request_changes": (24, datetime.time(15, 10)),
    "approve": (24, datetime.time(15, 10)),
    "sign_off": (30, datetime.time(12, 15)),
}

PLANS = [
    Plan("HOU-002", AssessmentState.DRAFT, started_days_ago=(12,)),
    Plan("HOU-009", AssessmentState.SUBMITTED, started_days_ago=(16,)),
    Plan("CSF-004", AssessmentState.IN_REVIEW, started_days_ago=(20,)),
    Plan("HR-001", AssessmentState.CHANGES_REQUESTED, started_days_ago=(35,)),
    Plan("HR-002", AssessmentState.APPROVED, started_days_ago=(28,)),
    Plan(
        "HOU-001",
        AssessmentState.SIGNED_OFF,
        # v1 signed off in October a year ago, v2 signed a month ago: a review cycle apart.
        started_days_ago=(420, 60),
        actions=19,  # with the one v1 action still in progress: twenty
        updates=(
            (2, 18, ActionStatus.DONE, "Forum met; two changes made to the letters."),
            (
                0,
                150,
                ActionStatus.DONE,
                "Easy read and large print versions published; no request for another format "
                "took more than a week.",
            ),
            (
                1,
                200,
                ActionStatus.IN_PROGRESS,
                "First six-monthly report went to the EDI group; waiting times by ethnicity "
                "still to be added",
            ),
        ),
    ),
    Plan("REV-005", AssessmentState.SIGNED_OFF, started_days_ago=(75,)),
    Plan("HR-004", AssessmentState.WITHDRAWN, started_days_ago=(40,)),
]
# Every version starts after the register was imported (up to six days earlier than planned,
# on the Tuesday before: ``started_on``), a few weeks at least.
assert all(max(plan.started_days_ago) + 6 < REGISTER_IMPORTED_DAYS_AGO - 30 for plan in PLANS)


def started_on(as_of: datetime.date, days_ago: int) -> datetime.date:
    """The Tuesday on or before ``days_ago`` days before ``as_of``: from a Tuesday, every step
    of STEPS falls on a working day."""
    day = as_of - datetime.timedelta(days=days_ago)
    return day - datetime.timedelta(days=(day.weekday() - 1) % 7)


def decision_day(day: datetime.date) -> datetime.date:
    """The Thursday on or after ``day`` (the day the decision-making bodies meet), out of the
    Christmas and New Year break, when they do not."""
    if (day.month, day.day) >= (12, 20):
        day = datetime.date(day.year + 1, 1, 3)
    elif (day.month, day.day) <= (1, 3):
        day = day.replace(day=3)
    return day + datetime.timedelta(days=(3 - day.weekday()) % 7)


def content_for(
    policy: Policy, plan: Plan, as_of: datetime.date, *, text: PolicyText, first: bool
) -> dict[str, Any]:
    """Every part's answers, in the policy's own words (workflow.demo_text). A later version
    keeps what starting it carried forward of the previous one's plan (``previous_plans``,
    eqia.services.what_came_of)."""
    covenant = text.covenant if policy.covenant_functions else None
    review_months = text.review_months or policy.review_frequency_months or 36
    content: dict[str, Any] = {
        "purpose": text.purpose,
        "scope": text.scope,
        "policy_stage": PolicyStage.EXISTING,
        "lead_officer_name": display_name(policy.owner) or "Lead officer",
        "lead_officer_role": text.lead_officer_role,
        "others_involved": text.others_involved,
        "consideration_began": add_months(as_of, -3),
        "decision_maker": text.decision_maker,
        "planned_decision_date": decision_day(add_months(as_of, 3)),
        "changes_since": text.changes_since,
        "relevant_to_equality": True,
        "relevance_reasons": text.relevance_reasons,
        "screening_outcome": ScreeningOutcome.FULL,
        "data_sources": text.data_sources,
        "engagement": text.engagement,
        "intersectionality": text.intersectionality,
        "cumulative_impact": text.cumulative_impact,
        "covenant_functions_in_scope": list(covenant.functions) if covenant else [],
        "covenant_unique_obligations": covenant.unique_obligations if covenant else "",
        "covenant_removing_disadvantage": covenant.removing_disadvantage if covenant else "",
        "covenant_special_provision": covenant.special_provision if covenant else "",
        "aim_eliminate_discrimination": text.aim_eliminate_discrimination,
        "aim_advance_opportunity": text.aim_advance_opportunity,
        "aim_foster_relations": text.aim_foster_relations,
        "outcome": Outcome.ADJUST if plan.actions else Outcome.NO_MAJOR_CHANGE,
        "adverse_impact_rating": text.adverse_impact_rating,
        "evidence_sufficiency": text.evidence_sufficiency,
        "review_date": add_months(as_of, review_months),
    }
    if first:
        # The policy's last assessment was made before the council kept them here.
        content["previous_plans"] = text.previous_plans
    return content


@transaction.atomic
def fill(
    assessment: Assessment, plan: Plan, author: User, as_of: datetime.date, *, actions: int
) -> None:
    """Write every part, as the author would on the part pages, each save on the trail."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    first = assessment.previous_id is None
    text = text_for(assessment.policy.reference, assessment.version, as_of)
    for name, value in content_for(assessment.policy, plan, as_of, text=text, first=first).items():
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
    DecisionMeeting.objects.create(
        assessment=assessment, body=text.decision_maker, date=decision_date
    )
    for row in assessment.impacts.select_related("characteristic"):
        written = text.impact_for(row.characteristic.name)
        row.impact, row.evidence, row.mitigation = (
            written.impact,
            written.evidence,
            written.mitigation,
        )
        row.save()
    # The plan: actions as a council writes them, led by people, teams and partners. A later
    # version inherits the open actions of the last signed one (assessment_start), so each
    # version plans new ones: it carries on down the policy's list where its last plan ended.
    edi_officer = User.objects.filter(username="reviewer").first() or author
    leads = {"author": author, "edi": edi_officer, None: None}
    characteristics = {c.name: c for c in Characteristic.objects.all()}
    listed = actions_for(assessment.policy)
    first_unused = Action.objects.filter(assessment__policy=assessment.policy).count()
    for number in range(actions):
        demo = listed[(first_unused + number) % len(listed)]
        action = Action.objects.create(
            assessment=assessment,
            description=demo.description,
            owner=leads[demo.lead],
            lead_team=demo.team,
            success_measure=demo.success_measure,
            due_date=as_of + datetime.timedelta(days=STEPS["sign_off"][0] + demo.due_in_days),
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


def advance(
    assessment: Assessment,
    plan: Plan,
    people: dict[str, User],
    *,
    target: AssessmentState,
    step: "Step",
) -> None:
    """Move the assessment through the workflow to ``target``, each move on its day; what
    the reviewer and the author say is the policy's own (workflow.demo_text)."""
    owner, reviewer, signoff = people["owner"], people["reviewer"], people["signoff"]
    text = text_for(assessment.policy.reference, assessment.version, step.started_on)
    review = text.review
    if target == AssessmentState.DRAFT:
        return
    if target == AssessmentState.WITHDRAWN:
        step("withdraw")
        make_move(
            "withdraw",
            assessment=assessment,
            by=owner,
            data={"reason": "The guidance is being merged into HR-002."},
        )
        return
    step("submit")
    make_move("submit", assessment=assessment, by=owner)
    if target == AssessmentState.SUBMITTED:
        return
    step("start_review")
    make_move("start_review", assessment=assessment, by=reviewer)
    step("comment")
    point = comment_add(
        assessment=assessment,
        by=reviewer,
        part=Part.EVIDENCE,
        text=review.question,
    )
    if target == AssessmentState.IN_REVIEW:
        return
    if target != AssessmentState.CHANGES_REQUESTED:
        # The author answers the point beside its part (pointing at what the part says: it
        # cannot be changed in review), and marks it resolved.
        step("answer")
        comment_add(assessment=assessment, by=owner, part=Part.EVIDENCE, text=review.answer)
        comment_resolve(comment=point, by=owner)
    if target == AssessmentState.CHANGES_REQUESTED:
        step("request_changes")
        make_move(
            "request_changes",
            assessment=assessment,
            by=reviewer,
            data={"comment": review.changes},
        )
        return
    step("approve")
    make_move(
        "approve",
        assessment=assessment,
        by=reviewer,
        data={"comment": review.approval},
    )
    if target == AssessmentState.APPROVED:
        return
    step("sign_off")
    make_move(
        "sign_off",
        assessment=assessment,
        by=signoff,
        data={
            "attestation": True,
            "attestation_text": settings.EQIA_ATTESTATION,
            "comment": f"Agreed: the {text.decision_maker} report will summarise this assessment.",
            "late_explanation": "",
        },
    )


class Step:
    """Moves the clock to a step of one version's life (STEPS), days after it was started."""

    def __init__(self, clock: DemoClock, started_on: datetime.date) -> None:
        self.clock, self.started_on = clock, started_on

    def __call__(self, name: str, *, extra_days: int = 0) -> datetime.date:
        days, at = STEPS[name]
        day = working_day(self.started_on + datetime.timedelta(days=days + extra_days))
        self.clock.go_to(day, at)
        return day


def update_earlier_actions(assessment: Assessment, plan: Plan, by: User, step: Step) -> None:
    """What became of an earlier version's actions before the next began, each on its day,
    as their lead records it (Update status)."""
    planned = list(assessment.actions.order_by("pk"))
    for place, days, status, note in sorted(plan.updates, key=lambda update: update[1]):
        if place < len(planned):
            step("sign_off", extra_days=days)
            action_update_status(action=planned[place], by=by, status=status, note=note)


def seed_demo_assessments(people: dict[str, User]) -> int:
    """Make the demo assessments that are missing; returns how many were made."""
    made = 0
    as_of = today()  # the real today: inside the clock, today is wherever the history is
    with demo_clock() as clock:
        for plan in PLANS:
            policy = Policy.objects.filter(reference=plan.reference).first()
            if policy is None or policy.assessments.exists():
                continue
            author = policy.owner or people["owner"]
            versions = len(plan.started_days_ago)
            for version, days_ago in enumerate(plan.started_days_ago, start=1):
                last = version == versions
                step = Step(clock, started_on(as_of, days_ago))
                step("start")
                assessment = assessment_start(policy=policy, by=author)
                fill(
                    assessment,
                    plan,
                    author,
                    step.started_on,
                    actions=plan.actions if last else plan.earlier_actions,
                )
                target = plan.state if last else AssessmentState.SIGNED_OFF
                advance(assessment, plan, {**people, "owner": author}, target=target, step=step)
                if not last:
                    update_earlier_actions(assessment, plan, author, step)
                made += 1
    return made


@dataclass(frozen=True)
class DemoResult:
    register: DemoRegister
    assessments_made: int


@transaction.atomic
def seed_demo() -> DemoResult:
    """The demo register and logins, then the demo assessments."""
    # Nothing signed yet: a development key that does not reach back to the demo's history
    # may be replaced by one that does (policies.demo.seed.ensure_development_signing_key).
    register = seed_demo_register(renew_key=not Assessment.objects.exists())
    return DemoResult(register=register, assessments_made=seed_demo_assessments(register.people))
