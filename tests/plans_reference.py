"""The council's draft Equality Objectives and Action Plan 2022-2025, as the reference document
(../shared/reference/equality-objectives-and-action-plan-2022-2025-draft.txt) gives it: its
themes, aims, objectives, actions, leads and targets, each in the order the document has them.
Typed from the document (spacing tidied), not from the demo spreadsheet, so the structure test
checks the spreadsheet and the renderer against the council's own words."""

THEMES = ["As a Community Leader", "As an Employer", "As a Service Provider"]

AIMS = [
    "To lead by example, to ensure every individual resident is connected and supported.",
    "To lead a diverse and inclusive workforce that is reflective of the borough of Maidstone "
    "where residents and colleagues feel safe, confident, and empowered to challenge and bring "
    "about change.",
    "To deliver inclusive services in accordance with Council\u2019s values.",
]

OBJECTIVES = [
    "We will work closely with our partners (Voluntary and Community Sector, Anchor "
    "Institutions, Parishes and Church and Faith groups) to:",
    "We will undertake a review of consultation and engagement activities to ensure that they "
    "maximise resident participation and are representative of Maidstone\u2019s demographic.",
    "We will support and promote diversity and inclusion in the borough through our "
    "communications and events \u2013 with a focus on our seldom-heard communities.",
    "We will support our serving and veteran communities through our commitment to the Armed "
    "Forces Covenant and responsibilities under the Armed Forces Act 2021 with guidance "
    "provided to staff across all services.",
    "We will train our staff so that they are skilled in inclusive practice, to work with "
    "communities who are less able, or willing, to participate in life in their local "
    "neighbourhoods.",
    "We will provide training and support to staff so they can recognise and manage "
    "unacceptable behaviours",
    "We will creating a strong, internal sense of community within the organisation.",
    "We will look after the mental health of our staff and recognise when this offer needs to "
    "change",
    "We will use specific and meaningful language when referring to diverse communities",
    "We will support access to services and support through ICT process, communication and "
    "join up with partners",
    "We will take an evidence-based approach to leading recovery in Maidstone including a "
    "specific work stream on communities.",
    "We will review the Equalities Impact Assessment processes.",
    "We will review and identify our policies where we consider equalities impacts and "
    "identify how we can improve outcomes through revisions to policy.",
]

ACTIONS = [
    "Identify opportunities for joined up working and improving our ability to share "
    "information to support and engage our wider communities",
    "Increase volunteering opportunities and participation, funding and support",
    "Create join up with Housing Associations to deliver hardship payments as part of the "
    "Xantura project",
    "Implement no wrong door (local campaign to signpost to services) \u2013 increasing access "
    "to services",
    "Provide access to digital training and support at Trinity House.",
    "Increase response rates from underrepresented groups though us of Let\u2019s Talk "
    "Maidstone (the Council\u2019s new public engagement platform)",
    "Expand internal Equality Diversity and Inclusion Group to provide internal direction and "
    "challenge",
    "Create Diversity Calendar - Annual calendar of events to celebrate diversity and promote "
    "inclusion in Maidstone",
    "Provide guidance to enable all staff to support Armed Forces Community",
    "Provide Staff training in Cultural Competencies",
    "Introduce Equalities Champions (including elected member and senior leadership)",
    "Deliver the Culture change project",
    "Introduce Annual staff EDI survey to identify need and benchmark progress",
    "Provide training and support for Mental Health Champions",
    "Adopt of LGA Inclusive Language Guide",
    "Proactively use \u2018neutral spaces\u2019 to increase access to support and services for "
    "residnets",
    "Identify emerging needs from Census data",
    "Include \u2018Poverty\u2019 as a local protected characteristic with the EqIA process",
    "Include Armed Forces Act 2021 in Equality, Diversity and Inclusion Policy",
    "Prioritise existing Policies by review date and implement process of review for equalities.",
]

# As the document lists them, block by block (a lead written once beside several actions is
# listed once).
LEADS = [
    "Housing/Revs and Bens",
    "All teams (led by Inclusion board)",
    "Communities, Policy & Engagement team",
    "Communities, Policy & Engagement team",
    "Communities, Policy & Engagement team",
    "Equality, Diversity and Inclusion Officer Group",
    "Policy, Communities & Engagement team",
    "Policy Communities & Engagement team",
    "Policy, Communities & Engagement team",
    "Policy, Communities & Engagement team",
    "Equality, Diversity and Inclusion Officer Group",
    "All Services",
    "Data Analytics team",
    "Policy, Communities & Engagement team",
    "Policy, Communities & Engagement team",
    "Policy, Communities & Engagement team",
]

TARGETS = [
    "April 2023",
    "March 2023",
    "Review Jan 2023",
    "Review Jan 2023",
    "Jan 2023",
    "March 2023",
    "March 2023",
    "Review Jan 2023",
    "April 2023",
    "Jan 2023",
    "April 2023",
    "Review Jan 2023",
    "Dec 2023 (ongoing release)",
    "Jan 2023",
    "Dec 2022",
    "Review Feb 2023",
]

CONNECTIONS = [
    ["Strategic Plan", "Communications Plan", "Recovery and Renewal Strategy",
     "Financial Inclusion Strategy"],
    ["Strategic Plan", "Workforce Strategy"],
    ["Strategic Plan", "Recovery & Renewal Strategy", "Digital Strategy"],
]  # fmt: skip


def in_order(text: str, expected: list[str]) -> list[str]:
    """The expected strings not found in ``text`` in this order (each after the one before)."""
    missing, position = [], 0
    for item in expected:
        found = text.find(item, position)
        if found < 0:
            missing.append(item)
        else:
            position = found + len(item)
    return missing
