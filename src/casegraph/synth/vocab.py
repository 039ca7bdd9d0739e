"""The synthetic corpus's vocabulary: referrers, agencies, places, concerns and wording.

Drawn on by the case builder; changing a list changes every corpus a seed gives.
"""

from __future__ import annotations

# (weight, org id, org label, type, level, (person id, person label) or None)
REFERRERS: list[tuple[int, str, str, str, str | None, tuple[str, str] | None]] = [
    (
        25,
        "school",
        "Secondary school",
        "school",
        "front-line",
        ("dsl", "Designated safeguarding lead"),
    ),
    (
        10,
        "college",
        "Further education college",
        "school",
        "front-line",
        ("safeguarding-officer", "College safeguarding officer"),
    ),
    (3, "university", "University", "school", "organisation", None),
    (
        20,
        "neighbourhood-police",
        "Neighbourhood policing team",
        "police",
        "front-line",
        ("police-officer", "Police constable"),
    ),
    (6, "gp-practice", "GP practice", "health", "front-line", ("gp", "General practitioner")),
    (
        6,
        "mental-health-trust",
        "NHS mental health trust",
        "health",
        "organisation",
        ("mental-health-nurse", "Community mental health nurse"),
    ),
    (
        8,
        "childrens-social-care",
        "Children's social care",
        "social-care",
        "organisation",
        ("social-worker", "Social worker"),
    ),
    (
        4,
        "youth-charity",
        "Youth charity",
        "charity",
        "front-line",
        ("youth-worker", "Youth worker"),
    ),
    (6, "family-member", "Family member (mother)", "person", None, None),
    (
        5,
        "probation",
        "Probation service",
        "probation",
        "organisation",
        ("probation-officer", "Probation officer"),
    ),
    (3, "housing-provider", "Housing association", "other", "organisation", None),
]
REFERRER_WEIGHTS = [r[0] for r in REFERRERS]
PANEL_EXTRAS = [
    ("mental-health-trust", "NHS mental health trust", "health"),
    ("childrens-social-care", "Children's social care", "social-care"),
    ("adult-social-care", "Adult social care", "social-care"),
    ("education-safeguarding", "Education safeguarding team", "local-authority"),
    ("probation", "Probation service", "probation"),
]
SHARERS = [
    ("youth-offending-team", "Youth offending team", "social-care"),
    ("jobcentre", "Jobcentre Plus", "government"),
    ("housing-officer", "Council housing officer", "other"),
    ("sports-club", "Local boxing club", "other"),
    ("mosque-committee", "Mosque committee", "other"),
]
OUTSIDERS = [
    ("department-for-education", "Department for Education", "government", "government"),
    ("ofsted", "Ofsted", "government", "oversight"),
    ("ctp-hq", "Counter Terrorism Policing headquarters", "police", "oversight"),
    ("nhs-england", "NHS England", "health", "oversight"),
]
BOROUGHS = [
    "Northfield",
    "Eastmoor",
    "Westbridge",
    "Southvale",
    "Riverton",
    "Ashby Vale",
    "Kingsmere",
    "Oakhurst",
    "Marlow Heath",
    "Brackenford",
    "Hollinwood",
    "Stanmere",
]
FORCES = ["Midshire", "Westshire", "Eastshire", "Northmoor", "Southdown", "Greyvale"]
PROVIDERS = [
    "Intervention provider (theological mentor)",
    "Intervention provider (ideological mentor)",
    "Intervention provider (youth mentor)",
    "Home Office-approved intervention provider",
]
IDEOLOGIES = ["Islamist", "extreme right-wing", "mixed or unclear", "incel", "anti-government"]
# (id, label, nature); {ideology} is filled in per case
CONCERNS: dict[str, list[tuple[str, str]]] = {
    "symptom": [
        ("demeanour", "Change in demeanour, appearance and behaviour"),
        ("withdrawal", "Withdrawn from friends and family"),
        ("extremist-material", "Viewing {ideology} material online"),
        ("support-for-group", "Expressed support for a proscribed {ideology} group"),
        ("violent-drawings", "Drawings of violent imagery in school work"),
        ("hostile-comments", "Hostile comments about other faiths or ethnic groups"),
        ("secrecy", "Increased secrecy about online contacts"),
    ],
    "underlying": [
        ("isolation", "Social isolation and low self-esteem"),
        ("bereavement", "Unresolved grief after a family bereavement"),
        ("identity", "Struggle with identity and belonging"),
        ("neurodiversity", "Possible undiagnosed autism"),
        ("domestic-abuse", "Exposure to domestic abuse at home"),
        ("anxiety", "Anxiety and depression"),
        ("grievance", "Sense of grievance and injustice"),
    ],
    "risk": [
        ("online-contact", "Contact online with a known extremist"),
        ("weapons-interest", "Interest in weapons and past attacks"),
        ("travel-risk", "Risk of travel to a conflict zone"),
        ("drawn-in", "Risk of being drawn into terrorism"),
    ],
    "need": [
        ("mentoring-need", "Needs ideological mentoring"),
        ("education-need", "Needs support back into education or work"),
        ("assessment-need", "Needs a mental health assessment"),
        ("housing-need", "Needs stable housing"),
    ],
}
NATURE_OF = {cid: nature for nature, pool in CONCERNS.items() for cid, _ in pool}
LABEL_OF = {cid: label for pool in CONCERNS.values() for cid, label in pool}
ADOPT_WHY = [
    "The VAF showed extremist engagement and vulnerabilities that Channel could address",
    "Multi-agency assessment found susceptibility to radicalisation; consent to support was given",
    "Concerns about ideology and isolation met the threshold for Channel support",
]
EXIT_WHY = [
    "Ideological concerns reduced and the vulnerabilities identified were addressed",
    "The intervention provider reported sustained progress; no further Channel support needed",
    "Risk reassessed as low with the VAF after the planned sessions",
]
DECLINE_WHY = [
    "No ideological driver identified; needs better met by early help",
    "Vulnerabilities are safeguarding needs rather than radicalisation risk",
    "Concerns did not meet the threshold for Channel; signposted to local services",
]
GAP_FINDINGS = {
    "responsibility-gap": "No agency owned this responsibility.",
    "blurred-ownership": "Responsibility was blurred between the police and the local authority.",
    "undischarged-duty": "This responsibility was not carried out.",
    "unrecorded-rationale": "The rationale for the decision was not explicit.",
    "unaddressed-concern": "The underlying vulnerabilities were not addressed.",
    "delivery-shortfall": "Fewer sessions were delivered than were commissioned.",
    "failed-communication": "A breakdown in communication undermined the tasking.",
    "broken-feedback-loop": "Agencies that shared information did not hear back.",
    "excluded-knowledge-holder": "The referrer was not involved in later decisions.",
    "outdated-tool": "The panel used an out-of-date assessment tool.",
    "premature-exit": "The case was exited from Channel too quickly.",
}
