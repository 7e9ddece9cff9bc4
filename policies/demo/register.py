"""A realistic district council policy register for the demo, with dates relative to today.

It is turned into a CSV file and loaded through the import service, the same way a council's
own spreadsheet would be, so the demo also shows the formats the import accepts.
"""

import csv
import datetime
import io

from core.dates import add_months

HEADERS = [
    "Reference",
    "Title",
    "Service area",
    "Owner email",
    "Type",
    "Status",
    "Last reviewed",
    "Review frequency (months)",
    "Next review",
    "Equality relevance",
    "Covenant function",
    "Document URL",
    "Notes",
]

OWNERS = {
    "olivia": "owner@example.gov.uk",  # the demo policy owner's own login
    "priya": "priya.patel@example.gov.uk",
    "tom": "tom.hughes@example.gov.uk",
    "grace": "grace.okafor@example.gov.uk",
    "dylan": "dylan.evans@example.gov.uk",
}

# reference, title, service area, owner, type, relevance, covenant, months since last review
# (None: never reviewed), review frequency in months (None: not set), notes
POLICIES: list[tuple[str, str, str, str, str, str, str, int | None, int | None, str]] = [
    ("HOU-001", "Housing Allocations Policy", "Housing", "olivia", "Policy", "High", "Housing", 40, 36, "Statutory allocations scheme under Part 6 Housing Act 1996."),
    ("HOU-002", "Tenancy Strategy", "Housing", "olivia", "Strategy", "High", "Housing", 26, 24, ""),
    ("HOU-003", "Homelessness and Rough Sleeping Strategy", "Housing", "olivia", "Strategy", "High", "Housing", 58, 60, "Five-year strategy; review due with the new Homelessness Reduction Act guidance."),
    ("HOU-004", "Disabled Facilities Grants Policy", "Housing", "priya", "Policy", "High", "Housing; Healthcare", 11, 12, ""),
    ("HOU-005", "Temporary Accommodation Placement Policy", "Housing", "priya", "Policy", "High", "Housing", None, None, "Adopted before the register began; review date to be agreed."),
    ("HOU-006", "Private Sector Housing Enforcement Policy", "Housing", "priya", "Policy", "Medium", "", 20, 24, ""),
    ("HOU-007", "Empty Homes Strategy", "Housing", "priya", "Strategy", "Low", "", 30, 36, ""),
    ("HOU-008", "Housing Adaptations and Assistance Policy", "Housing", "olivia", "Policy", "High", "Housing and Healthcare", 22, 24, ""),
    ("HOU-009", "Domestic Abuse Housing Policy", "Housing", "olivia", "Policy", "High", "Housing", 13, 12, ""),
    ("HOU-010", "Houses in Multiple Occupation Licensing Policy", "Housing", "priya", "Policy", "Medium", "", 4, 36, ""),
    ("REV-001", "Council Tax Reduction Scheme", "Revenues and Benefits", "tom", "Scheme", "High", "", 12, 12, "Annual scheme; must be agreed by Full Council before 11 March."),
    ("REV-002", "Discretionary Housing Payments Policy", "Revenues and Benefits", "tom", "Policy", "High", "Housing", 15, 12, ""),
    ("REV-003", "Council Tax Discretionary Relief Policy", "Revenues and Benefits", "tom", "Policy", "High", "", 9, 24, ""),
    ("REV-004", "Business Rates Discretionary Relief Policy", "Revenues and Benefits", "tom", "Policy", "Low", "", 18, 24, ""),
    ("REV-005", "Corporate Debt Recovery Policy", "Revenues and Benefits", "tom", "Policy", "High", "", 36, 24, "Affects residents in financial hardship: Poverty impact expected."),
    ("REV-006", "Household Support Fund Allocation Policy", "Revenues and Benefits", "tom", "Policy", "High", "", 6, 12, ""),
    ("PLN-001", "Local Plan Statement of Community Involvement", "Planning", "grace", "Statement", "Medium", "", 50, 60, ""),
    ("PLN-002", "Affordable Housing Supplementary Planning Document", "Planning", "grace", "Guidance", "High", "Housing", 28, 36, ""),
    ("PLN-003", "Planning Enforcement Policy", "Planning", "grace", "Policy", "Low", "", 14, 36, ""),
    ("PLN-004", "Gypsy and Traveller Site Allocations Policy", "Planning", "grace", "Policy", "High", "", 62, 60, ""),
    ("PLN-005", "Design Guide for Householder Extensions", "Planning", "grace", "Guidance", "None", "", 8, 60, ""),
    ("ENV-001", "Environmental Health Enforcement Policy", "Environmental Health", "dylan", "Policy", "Medium", "", 25, 24, ""),
    ("ENV-002", "Food Safety Service Plan", "Environmental Health", "dylan", "Plan", "Low", "", 11, 12, ""),
    ("ENV-003", "Air Quality Action Plan", "Environmental Health", "dylan", "Plan", "Medium", "Healthcare", 19, 12, "Links to the public health air quality programme."),
    ("ENV-004", "Noise Nuisance Procedure", "Environmental Health", "dylan", "Procedure", "Low", "", 40, 36, ""),
    ("ENV-005", "Pest Control Charging Policy", "Environmental Health", "dylan", "Policy", "Medium", "", None, 24, "Last review date lost in the 2021 system migration."),
    ("WST-001", "Assisted Waste Collection Policy", "Waste and Recycling", "dylan", "Policy", "High", "", 23, 24, ""),
    ("WST-002", "Garden Waste Subscription Charges", "Waste and Recycling", "dylan", "Policy", "Medium", "", 10, 12, ""),
    ("WST-003", "Fly-tipping Enforcement Policy", "Waste and Recycling", "dylan", "Policy", "Low", "", 27, 24, ""),
    ("WST-004", "Bulky Waste Collection Policy", "Waste and Recycling", "dylan", "Policy", "Medium", "", 2, 24, ""),
    ("LEI-001", "Leisure Concessions Scheme", "Leisure and Culture", "grace", "Scheme", "High", "Healthcare", 17, 12, "Includes the Armed Forces discount card."),
    ("LEI-002", "Exercise on Referral Programme", "Leisure and Culture", "grace", "Procedure", "High", "Healthcare", 5, 12, ""),
    ("LEI-003", "Arts and Culture Grants Policy", "Leisure and Culture", "grace", "Policy", "Medium", "", 31, 36, ""),
    ("LEI-004", "Parks and Open Spaces Strategy", "Parks and Open Spaces", "grace", "Strategy", "Medium", "", 44, 60, ""),
    ("LEI-005", "Play Area Improvement Plan", "Parks and Open Spaces", "grace", "Plan", "Medium", "", 12, 36, ""),
    ("LIC-001", "Statement of Licensing Policy", "Licensing", "priya", "Statement", "Medium", "", 55, 60, ""),
    ("LIC-002", "Hackney Carriage and Private Hire Licensing Policy", "Licensing", "priya", "Policy", "High", "", 34, 36, "Wheelchair-accessible vehicle requirements."),
    ("LIC-003", "Gambling Act Statement of Principles", "Licensing", "priya", "Statement", "Medium", "", 37, 36, ""),
    ("LIC-004", "Street Trading Policy", "Licensing", "priya", "Policy", "Low", "", 20, 36, ""),
    ("CSF-001", "Community Safety Partnership Plan", "Community Safety", "tom", "Plan", "High", "", 13, 12, ""),
    ("CSF-002", "Anti-social Behaviour Policy", "Community Safety", "tom", "Policy", "High", "Housing", 22, 24, ""),
    ("CSF-003", "CCTV Code of Practice", "Community Safety", "tom", "Procedure", "Medium", "", 28, 36, ""),
    ("CSF-004", "Safeguarding Children and Adults at Risk Policy", "Community Safety", "olivia", "Policy", "High", "", 11, 12, ""),
    ("CSF-005", "Prevent Duty Delivery Plan", "Community Safety", "tom", "Plan", "High", "", 9, 12, ""),
    ("HR-001", "Recruitment and Selection Policy", "Human Resources", "olivia", "Policy", "High", "", 30, 24, "Includes the guaranteed interview scheme for veterans."),
    ("HR-002", "Flexible Working Policy", "Human Resources", "olivia", "Policy", "High", "", 16, 24, ""),
    ("HR-003", "Reservist and Cadet Leave Policy", "Human Resources", "olivia", "Policy", "Medium", "", 49, 36, ""),
    ("HR-004", "Menopause in the Workplace Guidance", "Human Resources", "olivia", "Guidance", "Medium", "", 7, 24, ""),
    ("HR-005", "Pay Policy Statement", "Human Resources", "tom", "Statement", "Medium", "", 12, 12, "Statutory annual statement (Localism Act 2011 s38)."),
    ("HR-006", "Disciplinary Procedure", "Human Resources", "olivia", "Procedure", "Medium", "", None, 36, ""),
    ("CUS-001", "Customer Access Strategy", "Customer Services", "priya", "Strategy", "High", "", 35, 36, "Channel shift: digital exclusion is a Poverty and Age concern."),
    ("CUS-002", "Complaints Policy", "Customer Services", "priya", "Policy", "Medium", "", 21, 24, ""),
    ("CUS-003", "Interpretation and Translation Policy", "Customer Services", "priya", "Policy", "High", "", 38, 36, ""),
    ("CUS-004", "Unreasonable Complainant Behaviour Policy", "Customer Services", "priya", "Policy", "Medium", "", 3, 24, ""),
    ("FIN-001", "Procurement Strategy", "Finance", "tom", "Strategy", "Medium", "", 24, 36, "Social value weighting."),
    ("FIN-002", "Fees and Charges Policy", "Finance", "tom", "Policy", "High", "", 12, 12, ""),
    ("FIN-003", "Grants to Voluntary and Community Sector Policy", "Finance", "tom", "Policy", "High", "", 28, 24, ""),
    ("DEM-001", "Elections Polling Places Review", "Democratic Services", "grace", "Review", "High", "", 59, 60, "Accessibility of polling stations."),
    ("DEM-002", "Petitions Scheme", "Democratic Services", "grace", "Scheme", "Low", "", 70, 60, ""),
    ("ECO-001", "Economic Development Strategy", "Economic Development", "dylan", "Strategy", "Medium", "", 47, 60, ""),
    ("ECO-002", "Armed Forces Covenant Action Plan", "Economic Development", "dylan", "Plan", "High", "Housing; Education; Healthcare", 14, 12, "Council's own Covenant commitments."),
]


def _written_date(value: datetime.date, style: int) -> str:
    """The varied ways councils write dates, all of which the import accepts."""
    if style % 4 == 1:
        return value.isoformat()
    if style % 4 == 2:
        return f"{value.day}/{value.month}/{value.year}"
    return value.strftime("%d/%m/%Y")


# One archived policy follows the active ones.
ARCHIVED_REFERENCE = "OLD-001"
DEMO_REFERENCES = frozenset([*(row[0] for row in POLICIES), ARCHIVED_REFERENCE])


# The review cycle assumed, to go back to an earlier review, for a policy without one.
DEFAULT_CYCLE_MONTHS = 36


def last_reviews(as_of: datetime.date) -> dict[str, datetime.date | None]:
    """Each demo policy's last review as of ``as_of`` (None: not known)."""
    return {
        row[0]: add_months(as_of.replace(day=1), -row[7]) if row[7] is not None else None
        for row in POLICIES
    }


def reviews_at_import(
    as_of: datetime.date, imported_on: datetime.date
) -> tuple[dict[str, datetime.date | None], list[tuple[str, datetime.date]]]:
    """What the register said when it was imported on ``imported_on``, and the reviews made
    since (reference, day), oldest first: a policy last reviewed after the import was, in the
    imported register, last reviewed a review cycle (or cycles) earlier."""
    at_import: dict[str, datetime.date | None] = {}
    since: list[tuple[str, datetime.date]] = []
    every = {row[0]: row[8] or DEFAULT_CYCLE_MONTHS for row in POLICIES}
    for reference, last in last_reviews(as_of).items():
        if last is not None and last > imported_on:
            since.append((reference, last))
            while last > imported_on:
                last = add_months(last, -every[reference])
        at_import[reference] = last
    return at_import, sorted(since, key=lambda review: (review[1], review[0]))


def register_csv(
    as_of: datetime.date,
    *,
    leave_out: frozenset[str] = frozenset(),
    imported_on: datetime.date | None = None,
) -> bytes:
    """The demo register as a CSV file with a byte-order mark, as Excel saves it; without the
    policies in ``leave_out`` (those already in the register, which the demo leaves as they
    are: their reviews may have moved on since). With ``imported_on``, the register as it was
    that day (``reviews_at_import``): the reviews since are recorded after the import."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    reviewed = reviews_at_import(as_of, imported_on)[0] if imported_on else last_reviews(as_of)
    for index, row in enumerate(POLICIES):
        reference, title, area, owner, kind, relevance, covenant, ago, every, notes = row
        if reference in leave_out:
            continue
        last_reviewed = reviewed[reference]
        last_cell = _written_date(last_reviewed, index) if last_reviewed else "Unknown"
        writer.writerow(
            [
                reference,
                title,
                area,
                OWNERS[owner],
                kind,
                "Active",
                last_cell,
                every if every else "TBC",
                "",
                relevance,
                covenant,
                f"https://www.example.gov.uk/policies/{reference.lower()}",
                notes,
            ]
        )
    if ARCHIVED_REFERENCE in leave_out:
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    writer.writerow(
        [
            ARCHIVED_REFERENCE,
            "Customer Charter (2016)",
            "Customer Services",
            OWNERS["priya"],
            "Charter",
            "Archived",
            "01/04/2016",
            "36",
            "",
            "Low",
            "",
            "",
            "Replaced by CUS-001.",
        ]
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
