"""The words of the demo's assessments, each policy's own, as its lead officer would write them.

Every figure is quoted the same wherever it appears: the survey's response count in the
evidence and engagement answers, and in the author's reply to the reviewer (which points at
what the evidence part says). Dates are written relative to the day a version was started
(``{fy}``: the last full financial year before it; ``{consulted}``: the month of its
consultation), so the demo reads the same whenever it is loaded.
"""

import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any

from core.dates import add_months
from eqia.models import AdverseRating, Impact

# Each characteristic's group, as a sentence names it.
GROUPS = {
    "Age": "people of different ages",
    "Disability": "disabled people",
    "Gender reassignment": "trans people",
    "Marriage and civil partnership": "people who are married or in a civil partnership",
    "Pregnancy and maternity": "people who are pregnant or on maternity leave",
    "Race": "people of different ethnic groups",
    "Religion or belief": "people of different religions or beliefs",
    "Sex": "women and men",
    "Sexual orientation": "lesbian, gay and bisexual people",
    "Poverty (socio-economic disadvantage)": "people on low incomes",
    "Armed Forces community": "the Armed Forces community",
}
POVERTY = "Poverty (socio-economic disadvantage)"


@dataclass(frozen=True)
class ImpactText:
    impact: Impact
    evidence: str
    mitigation: str = ""


@dataclass(frozen=True)
class Review:
    """What passes between the reviewer and the author on the evidence part."""

    question: str  # the reviewer's point
    answer: str = ""  # the author's reply, true of the evidence part as written
    changes: str = ""  # the reviewer's request for changes, where changes are requested
    approval: str = ""  # the reviewer's word on approving


@dataclass(frozen=True)
class Covenant:
    functions: tuple[str, ...]
    unique_obligations: str
    removing_disadvantage: str
    special_provision: str


@dataclass(frozen=True)
class PolicyText:
    purpose: str
    scope: str
    lead_officer_role: str
    others_involved: str
    decision_maker: str
    previous_plans: str  # what the last assessment (on paper, before this service) planned
    changes_since: str
    relevance_reasons: str
    data_sources: str
    engagement: str
    intersectionality: str
    cumulative_impact: str
    aim_eliminate_discrimination: str
    aim_advance_opportunity: str
    aim_foster_relations: str
    evidence_sufficiency: str
    adverse_impact_rating: AdverseRating
    # The impact rows written out; every other characteristic is neutral, with ``neutral``
    # (``{group}``: GROUPS) as its evidence.
    impacts: dict[str, ImpactText]
    neutral: str
    review: Review
    covenant: Covenant | None = None
    review_months: int | None = None  # when this version is to be reviewed; None: its cycle

    def impact_for(self, characteristic: str) -> ImpactText:
        return self.impacts.get(
            characteristic,
            ImpactText(
                Impact.NEUTRAL,
                self.neutral.format(group=GROUPS.get(characteristic, characteristic.lower())),
            ),
        )

    def dated(self, started_on: datetime.date) -> "PolicyText":
        """The text with its dates filled in for a version started on ``started_on``."""
        values = {
            "fy": financial_year_before(started_on),
            "consulted": f"{add_months(started_on, -2):%B %Y}",
            "survey_year": f"{add_months(started_on, -4).year}",
        }

        def fill(value: Any) -> Any:
            if isinstance(value, str):
                return value.format(**values) if "{" in value else value
            if isinstance(value, ImpactText | Review):
                return dataclasses.replace(
                    value,
                    **{
                        item.name: fill(getattr(value, item.name))
                        for item in dataclasses.fields(value)
                    },
                )
            if isinstance(value, dict):
                return {key: fill(item) for key, item in value.items()}
            return value

        # ``neutral`` keeps its {group} (written {{group}}) for impact_for.
        filled = {item.name: fill(getattr(self, item.name)) for item in dataclasses.fields(self)}
        return dataclasses.replace(self, **filled)


def financial_year_before(day: datetime.date) -> str:
    """The last full financial year (April to March) before ``day``: "2024-25"."""
    end = day.year if day.month >= 4 else day.year - 1
    return f"{end - 1}-{end % 100:02d}"


HOU_001 = PolicyText(
    purpose=(
        "Sets out who can join the housing register, how each applicant is placed in a "
        "priority band, and how the council and its partner housing associations let social "
        "rented homes through choice-based lettings: the council's allocation scheme under "
        "Part 6 of the Housing Act 1996."
    ),
    scope=(
        "Everyone who applies to join the housing register or is on it, housing association "
        "tenants asking for a transfer, and the Housing Options officers who assess "
        "applications."
    ),
    lead_officer_role="Housing Needs Manager",
    others_involved=(
        "Erin Reid, Equality and Diversity Officer\nHousing Options team leaders\n"
        "The tenant panel and the disability forum"
    ),
    decision_maker="Cabinet",
    previous_plans=(
        "The last assessment (on paper, before this service) planned yearly monitoring of "
        "lettings by age, disability and ethnicity: done each year, and reported to the EDI "
        "group."
    ),
    changes_since=(
        "Revised statutory guidance on allocations for the Armed Forces community and for "
        "survivors of domestic abuse, and applications to the register up by a fifth since "
        "the last review."
    ),
    relevance_reasons=(
        "Social homes are scarce: the scheme decides who is offered one and how long they "
        "wait, and disabled people, older people, ethnic minority households and households "
        "on low incomes are over-represented on the register."
    ),
    data_sources=(
        "Housing register data for {fy} (4,812 active applications) was analysed by band, age, "
        "disability, ethnicity and household income. Applicants in the lowest income fifth "
        "wait on average 9 weeks longer for a two-bedroom home than others in the same band, "
        "because they more often bid for the lowest-rent homes, of which fewer become free. "
        "Complaints (63 in the year) show recurring concern about the clarity of banding "
        "letters and the cost of moving. Four of the district's neighbourhoods are among the "
        "most deprived 10% in England (Index of Multiple Deprivation); 38% of applicants live "
        "in them.\n\n"
        "The tenant panel and the disability forum were consulted in {consulted} (two "
        "workshops, 41 people), and an online survey ran for six weeks (312 responses; 69, or "
        "22%, from people who said they were disabled). Their views changed the draft: the "
        "deposit guarantee scheme is extended to transfers, and banding letters will also be "
        "sent in easy read."
    ),
    engagement=(
        "Tenant panel and disability forum workshops, {consulted} (41 people); an online "
        "survey over six weeks (312 responses)."
    ),
    intersectionality=(
        "Older disabled applicants on low incomes wait longest: they need ground-floor or "
        "adapted homes, of which few become free, and cannot afford to rent privately "
        "meanwhile."
    ),
    cumulative_impact=(
        "Rising rents and living costs bear on the same households, as do the benefit cap and "
        "the shortage of temporary accommodation."
    ),
    aim_eliminate_discrimination=(
        "The banding criteria were checked for indirect discrimination; the residence rule "
        "has exceptions for survivors of domestic abuse, care leavers and the Armed Forces "
        "community."
    ),
    aim_advance_opportunity=(
        "Letters in easy read and other languages, help to apply for anyone who cannot apply "
        "online, and adapted homes let first to applicants who need the adaptation."
    ),
    aim_foster_relations=(
        "How many homes were let in each band, and after how long a wait, is published each "
        "quarter, so applicants can see how homes are let and why."
    ),
    evidence_sufficiency=(
        "A full year of register data and complaints, and the views of the tenant panel, the "
        "disability forum and the survey's respondents. The register does not record sexual "
        "orientation or gender identity, but no complaint or response suggested a difference."
    ),
    adverse_impact_rating=AdverseRating.MEDIUM,
    impacts={
        "Age": ImpactText(
            Impact.NEUTRAL,
            "Applicants aged 60 and over are 18% of the register and wait no longer than "
            "others in the same band; sheltered homes are let to them first.",
        ),
        "Disability": ImpactText(
            Impact.POSITIVE,
            "Applicants with a medical need for a move are banded higher, and adapted homes go "
            "first to applicants who need the adaptation. Disabled applicants are 27% of the "
            "register.",
        ),
        "Gender reassignment": ImpactText(
            Impact.NEUTRAL,
            "The register does not record gender identity; no complaint, appeal or "
            "consultation response in the year raised a difference in treatment.",
        ),
        "Marriage and civil partnership": ImpactText(
            Impact.NEUTRAL,
            "Couples apply jointly and are banded the same whether they are married, in a "
            "civil partnership or neither.",
        ),
        "Pregnancy and maternity": ImpactText(
            Impact.NEUTRAL,
            "An unborn child counts towards a household's bedroom need from the 24th week of "
            "pregnancy; no pregnant applicant lost an offer through a missed bid in the year.",
        ),
        "Race": ImpactText(
            Impact.NEUTRAL,
            "Black, Asian and other ethnic minority households are 11% of the register and "
            "had 12% of the homes let in the year.",
        ),
        "Religion or belief": ImpactText(
            Impact.NEUTRAL,
            "Religion is recorded for 61% of applicants; lettings show no difference by "
            "religion, and no complaint raised one.",
        ),
        "Sex": ImpactText(
            Impact.NEUTRAL,
            "Women lead 64% of applying households, most of them single parents; their waits "
            "in each band match other households'.",
        ),
        "Sexual orientation": ImpactText(
            Impact.NEUTRAL,
            "The register does not record sexual orientation; no complaint, appeal or "
            "consultation response in the year said that lesbian, gay or bisexual applicants "
            "were treated differently.",
        ),
        POVERTY: ImpactText(
            Impact.NEGATIVE,
            "Applicants in the lowest income fifth wait on average 9 weeks longer for a "
            "two-bedroom home, and are less able to pay a deposit and the costs of moving.",
            "A hardship fund covers deposits and removal costs; letters signpost free debt "
            "advice; rent arrears under £500 do not bar an application.",
        ),
        "Armed Forces community": ImpactText(
            Impact.POSITIVE,
            "The local connection rule is waived for service leavers, and veterans injured in "
            "service are given extra preference.",
        ),
    },
    neutral="Register data for {fy} shows no difference in waiting times for {{group}}.",
    review=Review(
        question=(
            "Please say how many of the survey's respondents were disabled: the impact on "
            "disabled applicants rests on it."
        ),
        answer=(
            "69 of the 312 responses (22%) came from people who said they were disabled; the "
            "second paragraph of the evidence part gives the figure."
        ),
        approval="Thorough and well evidenced.",
    ),
    covenant=Covenant(
        functions=("housing_allocations",),
        unique_obligations=(
            "Service families are posted at short notice and often cannot build the local "
            "connection the scheme otherwise asks for."
        ),
        removing_disadvantage=(
            "The local connection rule is waived for serving members, for service leavers "
            "within five years of discharge, and for bereaved spouses and civil partners "
            "leaving service accommodation."
        ),
        special_provision=(
            "Extra preference for veterans with a serious injury, illness or disability "
            "caused by service is justified, and given."
        ),
    ),
    # The first version's changes were to be checked on a year's data: reviewed a year on.
    review_months=12,
)

# The second version, a year on: new figures, and what the first version's changes did.
HOU_001_V2 = dataclasses.replace(
    HOU_001,
    changes_since=(
        "A year of data on the changes v1 made (easy read banding letters, and the deposit "
        "guarantee extended to transfers), and applications to the register up by 5%."
    ),
    data_sources=(
        "Housing register data for {fy} (5,035 active applications) was analysed by band, age, "
        "disability, ethnicity and household income. The gap for applicants in the lowest "
        "income fifth has narrowed from 9 to 6 weeks for a two-bedroom home since the deposit "
        "guarantee was extended to transfers. Complaints fell from 63 to 41, and fewer are "
        "about banding letters since they have been sent in easy read. 37% of applicants live "
        "in the four neighbourhoods among the most deprived 10% in England (Index of Multiple "
        "Deprivation).\n\n"
        "The tenant panel and the disability forum were consulted again in {consulted} (two "
        "workshops, 37 people), and an online survey ran for six weeks (287 responses; 66, or "
        "23%, from people who said they were disabled). They asked for help with bidding for "
        "people who cannot bid online, which the scheme now gives."
    ),
    engagement=(
        "Tenant panel and disability forum workshops, {consulted} (37 people); an online "
        "survey over six weeks (287 responses)."
    ),
    evidence_sufficiency=(
        "A full year of register data and complaints, and the views of the tenant panel, the "
        "disability forum and the survey's respondents. The register does not record sexual "
        "orientation or gender identity: the action plan adds them to the monitoring form."
    ),
    impacts={
        **HOU_001.impacts,
        POVERTY: ImpactText(
            Impact.NEGATIVE,
            "Applicants in the lowest income fifth still wait on average 6 weeks longer for a "
            "two-bedroom home (9 weeks a year ago), and are less able to pay a deposit and the "
            "costs of moving.",
            HOU_001.impacts[POVERTY].mitigation,
        ),
    },
    review=dataclasses.replace(
        HOU_001.review,
        answer=(
            "66 of the 287 responses (23%) came from people who said they were disabled; the "
            "second paragraph of the evidence part gives the figure."
        ),
    ),
    review_months=None,
)

HOU_002 = PolicyText(
    purpose=(
        "Sets out what the council expects of the housing associations that let homes in the "
        "district: the kinds of tenancy they grant, when fixed-term tenancies are renewed, and "
        "how affordable rents are set, as the Localism Act 2011 requires."
    ),
    scope=(
        "Tenants and applicants of the 14 housing associations with homes in the district "
        "(about 9,600 homes), and the associations' housing officers."
    ),
    lead_officer_role="Housing Needs Manager",
    others_involved="Housing Strategy team\nThe registered providers' forum",
    decision_maker="Cabinet",
    previous_plans=(
        "The last assessment (on paper, before this service) asked the housing associations "
        "to report their tenancy types by age and disability: four of the fourteen did."
    ),
    changes_since=(
        "Two housing associations have stopped granting fixed-term tenancies, and affordable "
        "rents have risen faster than local incomes."
    ),
    relevance_reasons=(
        "Whether a tenancy is for life or for a fixed term, and the rent charged, matter most "
        "to families with children, disabled tenants and tenants on low incomes."
    ),
    data_sources=(
        "The housing associations' tenancy returns for {fy} (9,640 homes): 71% of tenancies "
        "are lifetime tenancies and 29% fixed-term. The Regulator of Social Housing's "
        "statistical data return; Census 2021; household incomes from ONS estimates."
    ),
    engagement=(
        "The registered providers' forum, {consulted}. A survey of tenants on fixed-term "
        "tenancies is planned before the strategy goes to Cabinet."
    ),
    intersectionality=(
        "Disabled tenants on fixed-term tenancies of adapted homes risk losing the adaptation "
        "when the tenancy is reviewed, if the household has grown smaller."
    ),
    cumulative_impact=(
        "Affordable rents of up to 80% of market rent, with the benefit cap, leave larger "
        "low-income households short each week."
    ),
    aim_eliminate_discrimination=(
        "The strategy asks every association to publish the criteria on which a fixed-term "
        "tenancy is renewed, so that renewals can be checked for indirect discrimination."
    ),
    aim_advance_opportunity=(
        "Lifetime tenancies are asked for in adapted homes and sheltered housing."
    ),
    aim_foster_relations=(
        "Tenants' panels of the associations are to be consulted on their tenancy policies."
    ),
    evidence_sufficiency=(
        "The associations' returns cover every home, but tenants have not yet been asked: the "
        "survey is to be done before the strategy is decided."
    ),
    adverse_impact_rating=AdverseRating.LOW,
    impacts={
        "Disability": ImpactText(
            Impact.NEGATIVE,
            "A fixed-term tenancy of an adapted home may not be renewed once the household no "
            "longer needs its size, although it still needs the adaptation.",
            "The strategy asks associations to grant lifetime tenancies of adapted homes, and "
            "to offer another adapted home before a fixed term ends.",
        ),
        "Age": ImpactText(
            Impact.NEUTRAL,
            "Every association grants tenants over 65 lifetime tenancies already.",
        ),
        POVERTY: ImpactText(
            Impact.NEGATIVE,
            "Affordable rents are above what housing benefit covers for larger homes in most of "
            "the district.",
            "Associations are asked to keep affordable rents within the Local Housing "
            "Allowance, and to refer tenants who fall behind to the council's Discretionary "
            "Housing Payments scheme.",
        ),
        "Armed Forces community": ImpactText(
            Impact.NEUTRAL,
            "Service leavers are housed through the allocations scheme and take the "
            "association's usual tenancy.",
        ),
    },
    neutral=(
        "The associations' returns do not record this; no tenant or association has raised a "
        "difference for {{group}}."
    ),
    review=Review(question=""),  # a draft: not reviewed yet
    covenant=Covenant(
        functions=("housing_tenancy_strategy",),
        unique_obligations=(
            "Families leaving service accommodation need a tenancy they can take up at short "
            "notice, wherever they are posted from."
        ),
        removing_disadvantage=(
            "Associations are asked to accept time in service accommodation as a settled "
            "tenancy history."
        ),
        special_provision=(
            "Considered, and none proposed: the allocations scheme already gives the Armed "
            "Forces community priority."
        ),
    ),
)

HOU_009 = PolicyText(
    purpose=(
        "Sets out how the council helps people made homeless, or at risk of it, by domestic "
        "abuse: priority on the housing register without a local connection test, safe "
        "temporary accommodation, and a sanctuary scheme that makes a survivor's home secure "
        "so they can stay in it."
    ),
    scope=(
        "Survivors of domestic abuse and their children who ask the council for help, tenants "
        "of the partner housing associations, and the Housing Options officers and refuge "
        "staff who support them."
    ),
    lead_officer_role="Housing Needs Manager",
    others_involved=(
        "The domestic abuse lead, Housing Options team\nThe refuge provider\n"
        "Kent and Medway domestic abuse partnership"
    ),
    decision_maker="Cabinet",
    previous_plans=(
        "The last assessment (on paper, before this service) planned a sanctuary scheme for "
        "survivors who want to stay in their home: set up, and 34 homes made secure last year."
    ),
    changes_since=(
        "The Domestic Abuse Act 2021 put survivors in priority need for housing, and the "
        "number of households asking for help because of domestic abuse rose from 142 to 188 "
        "a year."
    ),
    relevance_reasons=(
        "Most survivors who ask for help are women, and many have children; disabled, older, "
        "LGBT+ and ethnic minority survivors face particular barriers to asking for help."
    ),
    data_sources=(
        "Housing Options case records for {fy}: 188 households asked for help because of "
        "domestic abuse; 91% of the main applicants were women and 58% had children. The "
        "sanctuary scheme made 34 homes secure. The Kent and Medway domestic abuse needs "
        "assessment; Census 2021."
    ),
    engagement=(
        "Two focus groups of survivors, run with the refuge provider in {consulted} (11 "
        "women), and interviews with six male and LGBT+ survivors through the local domestic "
        "abuse service."
    ),
    intersectionality=(
        "Disabled and older women find it hardest to leave; survivors with no recourse to "
        "public funds cannot be housed by the council and are referred to the refuge "
        "provider's own fund."
    ),
    cumulative_impact=(
        "The shortage of one-bedroom temporary accommodation and the benefit cap bear on the "
        "same survivors."
    ),
    aim_eliminate_discrimination=(
        "Help is the same for every survivor, whatever their sex, sexual orientation or "
        "relationship to the abuser."
    ),
    aim_advance_opportunity=(
        "Survivors can ask for help in person, by phone or through the refuge provider, with an "
        "interpreter if they need one, and are seen by an officer of the sex they ask for."
    ),
    aim_foster_relations=(
        "The policy was written with survivors, and is promoted with the local domestic abuse "
        "service in places survivors go."
    ),
    evidence_sufficiency=(
        "A year of case records and survivors' own accounts; too few LGBT+ survivors asked "
        "for help to judge the impact on them, which the action plan addresses."
    ),
    adverse_impact_rating=AdverseRating.LOW,
    impacts={
        "Sex": ImpactText(
            Impact.POSITIVE,
            "Women are 91% of the survivors the policy helps; the sanctuary scheme lets them "
            "stay in their own homes.",
        ),
        "Sexual orientation": ImpactText(
            Impact.UNKNOWN,
            "Only five LGBT+ survivors asked for help in the year, too few to judge; the "
            "local service believes many do not come forward.",
        ),
        "Disability": ImpactText(
            Impact.NEUTRAL,
            "Disabled survivors were 22% of those who asked for help; the refuge has two "
            "accessible rooms, and sanctuary works are adapted to the survivor's needs.",
        ),
        "Race": ImpactText(
            Impact.NEUTRAL,
            "Ethnic minority survivors were 9% of those who asked for help, close to their "
            "share of the district's population (8%).",
        ),
        "Age": ImpactText(
            Impact.NEUTRAL,
            "Survivors aged 60 and over were 6% of those who asked for help; those who also "
            "need care are referred to the county council's adult social care.",
        ),
        "Pregnancy and maternity": ImpactText(
            Impact.POSITIVE,
            "Pregnant survivors and those with a new baby are placed in self-contained "
            "accommodation, never a shared hostel.",
        ),
        POVERTY: ImpactText(
            Impact.NEGATIVE,
            "Survivors often leave with no money of their own, and with rent arrears the "
            "abuser ran up in their name.",
            "Arrears run up by the abuser do not count against a survivor's housing "
            "application, and the council pays the first month's rent of a new tenancy.",
        ),
        "Armed Forces community": ImpactText(
            Impact.POSITIVE,
            "Spouses and partners who leave service accommodation because of abuse are not "
            "asked for a local connection.",
        ),
    },
    neutral="Case records for {fy} show no difference in the help given to {{group}}.",
    review=Review(question=""),  # submitted: not reviewed yet
    covenant=Covenant(
        functions=("housing_allocations", "housing_homelessness"),
        unique_obligations=(
            "Postings far from family and friends can leave abuse in service families hidden, "
            "and a survivor without anyone nearby to turn to."
        ),
        removing_disadvantage=(
            "A survivor leaving service accommodation is not asked for a local connection, and "
            "the council works with the unit welfare officer where the survivor agrees."
        ),
        special_provision=(
            "Considered: the priority every survivor has is enough, so none is proposed."
        ),
    ),
)

CSF_004 = PolicyText(
    purpose=(
        "Sets out how council staff, councillors, contractors and volunteers recognise and "
        "report a concern that a child, or an adult with care and support needs, is being "
        "abused or neglected, and how the council works with Kent County Council and the "
        "police under the Children Act 2004 and the Care Act 2014."
    ),
    scope=(
        "Children and adults at risk who come into contact with council services, and every "
        "employee, councillor, contractor and volunteer, who must know how to report a "
        "concern."
    ),
    lead_officer_role="Housing Needs Manager and designated safeguarding lead",
    others_involved=(
        "The designated safeguarding officers' group\nCommunity Safety team\n"
        "Kent County Council's safeguarding adults team"
    ),
    decision_maker="Cabinet",
    previous_plans=(
        "The last assessment (on paper, before this service) planned safeguarding training "
        "for every front-line officer: 92% are trained; councillors' training is still to be "
        "done."
    ),
    changes_since=(
        "The Kent and Medway safeguarding boards revised their procedures, and referrals from "
        "council staff rose from 96 to 131 a year."
    ),
    relevance_reasons=(
        "Children, disabled adults and older people are most of those at risk, and concerns "
        "about people who speak little English, or who are isolated in their community, are "
        "less often raised."
    ),
    data_sources=(
        "The council's safeguarding referral log for {fy}: 131 referrals, 74 about children "
        "and 57 about adults, recorded by age and sex. The Kent Safeguarding Adults Board's "
        "annual report; Census 2021. A survey of staff who had made a referral (58 responses) "
        "found most knew whom to call, but a third were unsure what to record."
    ),
    engagement=(
        "The designated safeguarding officers' group, {consulted}; a survey of staff who had "
        "made a referral (58 responses)."
    ),
    intersectionality=(
        "Older disabled adults who live alone, and disabled children whose parents are their "
        "carers, are the least visible to services."
    ),
    cumulative_impact=(
        "Reductions in the county council's early help services leave more concerns to be "
        "noticed first by district council staff."
    ),
    aim_eliminate_discrimination=(
        "The referral guidance reminds staff to judge a concern on the facts, whatever the "
        "person's ethnicity, religion or disability."
    ),
    aim_advance_opportunity=(
        "Staff are trained to use an interpreter or an accessible format when they talk to a "
        "person at risk."
    ),
    aim_foster_relations=(
        "The policy is shared with faith and community groups, so that their volunteers know "
        "how to raise a concern."
    ),
    evidence_sufficiency=(
        "A year of referrals and the staff survey; the referral log does not record ethnicity "
        "or disability."
    ),
    adverse_impact_rating=AdverseRating.LOW,
    impacts={
        "Age": ImpactText(
            Impact.POSITIVE,
            "Children (74 of the 131 referrals) and older people are most of those the policy "
            "protects.",
        ),
        "Disability": ImpactText(
            Impact.POSITIVE,
            "Adults with care and support needs, many of them disabled, are at the centre of "
            "the policy.",
        ),
        "Sex": ImpactText(
            Impact.NEUTRAL,
            "69 referrals were about girls and women and 62 about boys and men, in line with "
            "the population.",
        ),
        "Race": ImpactText(
            Impact.NEUTRAL,
            "The referral log does not record ethnicity; the safeguarding officers know of no "
            "difference in how concerns are handled.",
        ),
    },
    neutral=(
        "The referral log does not record this; the safeguarding officers' group knows of no "
        "case where {{group}} were treated differently."
    ),
    review=Review(
        question=(
            "The referral figures are given by age and sex only. Please add ethnicity, or say "
            "why the log does not record it: the impact on race rests on it."
        ),
    ),
)

HR_001 = PolicyText(
    purpose=(
        "Sets out how the council recruits its staff: how jobs are advertised, how candidates "
        "are shortlisted and interviewed, the guaranteed interview schemes, and the checks "
        "made before an offer, so that the best person is appointed on merit."
    ),
    scope=(
        "Everyone who applies for a job with the council (about 2,300 applications a year), "
        "the managers who recruit, and the HR recruitment team."
    ),
    lead_officer_role="Policy lead for the Workforce Equality Group",
    others_involved=(
        "HR recruitment team\nThe staff Disability, Race and Pride networks\nUNISON and GMB"
    ),
    decision_maker="Employment Committee",
    previous_plans=(
        "The last assessment (on paper, before this service) planned a trial of anonymised "
        "shortlisting: tried in two services, and now proposed for every job."
    ),
    changes_since=(
        "Anonymised shortlisting was tried in two services, and a guaranteed interview scheme "
        "for veterans was added."
    ),
    relevance_reasons=(
        "Who gets a job with the council, and so how well its workforce reflects the district, "
        "depends on how fair each stage of recruitment is."
    ),
    data_sources=(
        "Applicant monitoring for {fy}: 2,310 applications for 164 posts. Ethnic minority "
        "applicants made 14% of applications, disabled applicants 9% and women 58%. The "
        "workforce profile at 31 March: 8% of staff are from an ethnic minority and 7% are "
        "disabled. Census 2021 for the district's population."
    ),
    engagement=("The staff Disability, Race and Pride networks and the trade unions, {consulted}."),
    intersectionality=(
        "Older disabled applicants are the least likely to apply online, and the most likely "
        "to give up part-way through the application form."
    ),
    cumulative_impact=(
        "The pay and grading review under way bears on the same entry-level jobs most "
        "applicants apply for."
    ),
    aim_eliminate_discrimination=(
        "Candidates are shortlisted against the published criteria by two people, with names "
        "and personal details removed from applications."
    ),
    aim_advance_opportunity=(
        "Disabled candidates and veterans who meet the essential criteria are guaranteed an "
        "interview, and adjustments are offered at every stage."
    ),
    aim_foster_relations=(
        "Every interview panel includes someone from outside the recruiting team, trained in "
        "fair selection."
    ),
    evidence_sufficiency=(
        "A year of applicant monitoring and the staff networks' views; shortlisting and "
        "appointment rates are still to be added."
    ),
    adverse_impact_rating=AdverseRating.LOW,
    impacts={
        "Disability": ImpactText(
            Impact.POSITIVE,
            "Disabled candidates who meet the essential criteria are guaranteed an interview "
            "(Disability Confident).",
        ),
        "Race": ImpactText(
            Impact.UNKNOWN,
            "Ethnic minority applicants made 14% of applications, but only 8% of the "
            "workforce are from an ethnic minority; without shortlisting and appointment "
            "rates, why is not yet known.",
        ),
        "Age": ImpactText(
            Impact.NEUTRAL,
            "Applicants under 25 made 18% of applications; apprenticeships are open to "
            "applicants of every age.",
        ),
        "Sex": ImpactText(
            Impact.NEUTRAL,
            "Women made 58% of applications and are 61% of the workforce.",
        ),
        "Pregnancy and maternity": ImpactText(
            Impact.NEUTRAL,
            "An interview is moved for a candidate on maternity leave who asks.",
        ),
        POVERTY: ImpactText(
            Impact.NEUTRAL,
            "Applicants' incomes are not monitored; every job is advertised with its salary, "
            "and interview travel costs are paid.",
        ),
        "Religion or belief": ImpactText(
            Impact.NEUTRAL,
            "Interviews are moved off a religious festival when a candidate asks, and a quiet "
            "room is available on interview days.",
        ),
        "Armed Forces community": ImpactText(
            Impact.POSITIVE,
            "Veterans who meet the essential criteria are guaranteed an interview.",
        ),
    },
    neutral="Applicant monitoring for {fy} shows no difference in applications from {{group}}.",
    review=Review(
        question=(
            "The evidence gives applications only. Please add shortlisting and appointment "
            "rates by ethnicity, disability and sex: that is where differences show."
        ),
        changes=(
            "The evidence part needs shortlisting and appointment rates by characteristic, "
            "not only applications."
        ),
    ),
)

HR_002 = PolicyText(
    purpose=(
        "Sets out how staff can ask to change when, where or how long they work, from their "
        "first day, and how managers decide requests, so that requests are decided fairly and "
        "within two months. It now also carries the menopause guidance (HR-004)."
    ),
    scope="All 640 council employees, their line managers, and the HR Advisory team.",
    lead_officer_role="Policy lead for the Workforce Equality Group",
    others_involved="HR Advisory team\nThe staff disability and women's networks\nUNISON",
    decision_maker="Employment Committee",
    previous_plans=(
        "The last assessment (on paper, before this service) planned to monitor requests by "
        "sex: done each year; age and disability are not yet recorded."
    ),
    changes_since=(
        "The Employment Relations (Flexible Working) Act 2023 gives the right to ask from the "
        "first day, twice a year; the menopause guidance (HR-004) was merged into this policy."
    ),
    relevance_reasons=(
        "Flexible working matters most to staff with caring responsibilities (more of them "
        "women), disabled staff, older staff and staff going through the menopause."
    ),
    data_sources=(
        "Flexible working requests in {fy}: 148 requests, 131 of them (89%) agreed in full or "
        "in part; women made 112 of them (76%). The {survey_year} staff survey: 41 of the 212 "
        "responses (19%) came from staff who said they were disabled, and 68% of those said "
        "flexible working helped them stay in work. Workforce profile: 640 employees, 61% of "
        "them women."
    ),
    engagement=(
        "The staff survey, {survey_year} (212 responses); the staff disability and women's "
        "networks and UNISON, {consulted}."
    ),
    intersectionality=(
        "Women over 45 who are carers are the staff most likely to ask, and most affected by "
        "a refusal."
    ),
    cumulative_impact=(
        "The move to fewer desks in the civic offices bears on the staff who need a fixed "
        "workstation, many of them disabled."
    ),
    aim_eliminate_discrimination=(
        "A manager may refuse only for one of the business reasons the law allows, and a "
        "second manager checks every refusal."
    ),
    aim_advance_opportunity=(
        "Disabled staff may ask for a change as a reasonable adjustment, separately from a "
        "flexible working request."
    ),
    aim_foster_relations=(
        "Each decision is explained in a meeting, and the staff networks review the year's "
        "figures with HR."
    ),
    evidence_sufficiency=(
        "A year of requests and decisions and the staff survey; requests are not yet recorded "
        "by age or disability, which the action plan changes."
    ),
    adverse_impact_rating=AdverseRating.LOW,
    impacts={
        "Sex": ImpactText(
            Impact.POSITIVE,
            "Women made 76% of requests, and 89% of all requests were agreed in full or in part.",
        ),
        "Disability": ImpactText(
            Impact.POSITIVE,
            "68% of the disabled staff who answered the staff survey said flexible working "
            "helped them stay in work.",
        ),
        "Pregnancy and maternity": ImpactText(
            Impact.POSITIVE,
            "All 17 requests to return part-time after maternity leave were agreed in the year.",
        ),
        "Age": ImpactText(
            Impact.POSITIVE,
            "The menopause guidance now in the policy supports staff aged 45 to 55, a third of "
            "the workforce.",
        ),
        POVERTY: ImpactText(
            Impact.NEUTRAL,
            "Staff on the lowest grades made 31% of requests, close to their share of the "
            "workforce (33%).",
        ),
        "Armed Forces community": ImpactText(
            Impact.NEUTRAL,
            "Reservists' training is covered by the Reservist and Cadet Leave Policy (HR-003); "
            "no request from a reservist was refused.",
        ),
    },
    neutral=(
        "Requests are recorded by sex only; the staff survey found no difference in access to "
        "flexible working for {{group}}."
    ),
    review=Review(
        question=(
            "Please say how many disabled staff answered the staff survey: the impact on "
            "disabled staff rests on it."
        ),
        answer=(
            "41 of the 212 responses (19%) came from staff who said they were disabled; the "
            "evidence part gives the figure, with what they said."
        ),
        approval="Clear evidence from the year's requests and the staff survey.",
    ),
)

REV_005 = PolicyText(
    purpose=(
        "Sets out how the council recovers money owed to it (council tax, business rates, "
        "housing benefit overpayments and sundry debts), from reminders and payment "
        "arrangements to enforcement agents, and how it protects residents who are "
        "vulnerable or in hardship."
    ),
    scope=(
        "Residents and businesses who owe the council money, the Revenues team, and the "
        "enforcement agents who act for the council."
    ),
    lead_officer_role="Revenues and Benefits Manager",
    others_involved="Revenues team\nCitizens Advice\nThe council's enforcement agents",
    decision_maker="Cabinet",
    previous_plans=(
        "The last assessment (on paper, before this service) planned vulnerability screening "
        "before enforcement: a checklist was agreed, but it is not yet used on every case."
    ),
    changes_since=(
        "The Council Tax Protocol and the Debt Respite Scheme (Breathing Space) set out how "
        "councils should treat people in debt, and the number of accounts passed to "
        "enforcement agents rose by a quarter."
    ),
    relevance_reasons=(
        "People who fall behind are more often on low incomes, disabled or in poor mental "
        "health, and enforcement falls hardest on them."
    ),
    data_sources=(
        "Council tax recovery in {fy}: 9,120 reminders, 3,410 summonses and 1,260 accounts "
        "passed to enforcement agents, 470 of them (37%) of people getting council tax "
        "reduction. 64% of the accounts passed to enforcement agents were in the district's "
        "most deprived neighbourhoods. Citizens Advice debt advice figures for the district. "
        "A survey of residents who had been in arrears (126 responses) found that half had not "
        "known they could ask for a payment arrangement."
    ),
    engagement=(
        "Citizens Advice and the local money advice network, {consulted}; a survey of "
        "residents who had been in arrears (126 responses)."
    ),
    intersectionality=(
        "Disabled people on low incomes, and single parents, are the most likely to fall "
        "behind and the least able to deal with enforcement."
    ),
    cumulative_impact=(
        "The minimum payment under the council tax reduction scheme, energy costs and "
        "deductions from benefits fall on the same households."
    ),
    aim_eliminate_discrimination=(
        "Under the revised policy every account is screened for vulnerability before "
        "enforcement, and the enforcement agents follow the council's code of practice."
    ),
    aim_advance_opportunity=(
        "A payment arrangement is offered at every stage, with a referral to free debt advice."
    ),
    aim_foster_relations=(
        "Recovery letters are in plain English and say where to get free, independent help."
    ),
    evidence_sufficiency=(
        "A full year of recovery data, the advice agencies' knowledge of local debt, and the "
        "views of residents who had been in arrears."
    ),
    adverse_impact_rating=AdverseRating.MEDIUM,
    impacts={
        POVERTY: ImpactText(
            Impact.NEGATIVE,
            "64% of the accounts passed to enforcement agents were in the most deprived "
            "neighbourhoods, and 37% were of people getting council tax reduction; enforcement "
            "fees add to what they owe.",
            "Everyone in arrears is offered an affordable payment arrangement and a referral to "
            "free debt advice before enforcement; no account of a person getting council tax "
            "reduction goes to enforcement agents without a senior officer's review.",
        ),
        "Disability": ImpactText(
            Impact.NEGATIVE,
            "Disabled people and people in poor mental health find recovery letters and "
            "enforcement visits hardest to deal with.",
            "The revised policy screens every account for vulnerability before enforcement; a "
            "vulnerable resident's account is held while they get advice, and a Breathing Space "
            "is always honoured.",
        ),
        "Age": ImpactText(
            Impact.NEUTRAL,
            "Residents over 65 were 9% of those sent a reminder, fewer than their share of "
            "council tax payers.",
        ),
        "Armed Forces community": ImpactText(
            Impact.NEUTRAL,
            "The vulnerability screening asks whether someone has served, and signposts the "
            "Royal British Legion's debt advice.",
        ),
    },
    neutral=(
        "Recovery records do not show this; Citizens Advice knows of no difference in how "
        "{{group}} are treated."
    ),
    review=Review(
        question=(
            "How many of the accounts passed to enforcement agents were of people getting "
            "council tax reduction? That shows how far enforcement falls on low incomes."
        ),
        answer=(
            "470 of the 1,260 accounts (37%) were of people getting council tax reduction; "
            "the evidence part gives both figures."
        ),
        approval="The enforcement figures and the screening action answer my point.",
    ),
)

HR_004 = PolicyText(
    purpose=(
        "Guidance for staff and managers on support at work through the menopause: changes to "
        "the working day and workplace, time off for appointments, and where to get help."
    ),
    scope="All council employees, and their line managers.",
    lead_officer_role="Policy lead for the Workforce Equality Group",
    others_involved="HR Advisory team\nThe staff menopause café",
    decision_maker="Employment Committee",
    previous_plans="The guidance was adopted without an assessment; this is its first.",
    changes_since=(
        "The Equality and Human Rights Commission's guidance on menopause in the workplace was "
        "published, and sickness absence for menopause symptoms rose."
    ),
    relevance_reasons=(
        "The menopause affects women, and some trans and non-binary staff, mostly aged 45 to "
        "55: about a third of the workforce."
    ),
    data_sources=(
        "Sickness absence records for {fy}; the {survey_year} staff survey; the Equality and "
        "Human Rights Commission's guidance."
    ),
    engagement="The staff menopause café, {consulted}.",
    intersectionality=(
        "Older women in front-line jobs, with little say over their working day, are the most "
        "affected."
    ),
    cumulative_impact=(
        "Changes to the sickness absence triggers the same year bear on the same staff."
    ),
    aim_eliminate_discrimination=(
        "Absence for menopause symptoms is recorded separately, so that it does not count "
        "towards absence triggers."
    ),
    aim_advance_opportunity=(
        "Managers agree adjustments with the member of staff and record them in a plan."
    ),
    aim_foster_relations="The guidance aims to make the menopause something staff can talk about.",
    evidence_sufficiency="Enough for guidance; to be revisited with the flexible working policy.",
    adverse_impact_rating=AdverseRating.NONE,
    impacts={
        "Sex": ImpactText(
            Impact.POSITIVE,
            "The guidance supports the women who are most of the staff going through the "
            "menopause.",
        ),
        "Age": ImpactText(
            Impact.POSITIVE,
            "Staff aged 45 to 55 are a third of the workforce and most of those the guidance "
            "supports.",
        ),
        "Gender reassignment": ImpactText(
            Impact.NEUTRAL,
            "The guidance covers trans and non-binary staff who go through the menopause.",
        ),
    },
    neutral="The staff survey found no difference in the support given to {{group}}.",
    review=Review(question=""),  # withdrawn before it was submitted
)

TEXTS: dict[str, PolicyText] = {
    "HOU-001": HOU_001,
    "HOU-002": HOU_002,
    "HOU-009": HOU_009,
    "CSF-004": CSF_004,
    "HR-001": HR_001,
    "HR-002": HR_002,
    "REV-005": REV_005,
    "HR-004": HR_004,
}
LATER_VERSIONS: dict[tuple[str, int], PolicyText] = {("HOU-001", 2): HOU_001_V2}


def text_for(reference: str, version: int, started_on: datetime.date) -> PolicyText:
    """The words of one version of a demo policy's assessment, dated for the day it began."""
    chosen = LATER_VERSIONS.get((reference, version), TEXTS[reference])
    return chosen.dated(started_on)
