"""The words a draft recognises: agencies and roles, event verbs, dates, themes.

Plain tables, so a reviewer who finds a word missing adds one line. Everything is
matched case-insensitively unless it says otherwise.
"""

from __future__ import annotations

import re

# (id, pattern, type, level, default label, part_of): the agencies and roles a review
# names. Earlier entries win where patterns overlap, so longer phrases come first.
# A proper name before an agency's common name ("Ashby Vale Council"), case-sensitive.
PROPER = r"(?-i:(?!The |A |An |His |Her |Their )(?:[A-Z][a-z]+ )+)"
ACTORS: list[tuple[str, str, str, str | None, str, str | None]] = [
    ("ctp-hq", r"counter[- ]terrorism policing (?:headquarters|hq)", "police", "oversight",
     "Counter Terrorism Policing headquarters", None),
    ("counter-terrorism-policing", r"counter[- ]terrorism policing", "police", None,
     "Counter Terrorism Policing", None),
    ("police-prevent", rf"{PROPER}?police prevent(?: team| officers?| unit)?|"
     r"prevent (?:police|policing)(?: team)?|prevent officers?", "police", "organisation",
     "Police Prevent team", None),
    ("neighbourhood-police", r"neighbourhood polic(?:e|ing)(?: team)?", "police", "front-line",
     "Neighbourhood policing team", None),
    ("police-officer", r"police (?:constable|officer)s?|constables?", "person", "front-line",
     "Police officer", "neighbourhood-police"),
    ("police", rf"counter[- ]terrorism police|{PROPER}?police(?: force| service)?",
     "police", "front-line", "Police", None),
    ("mash", r"multi[- ]agency safeguarding hub|(?-i:MASH)", "other", "organisation",
     "Multi-agency safeguarding hub (MASH)", None),
    ("channel-panel", rf"{PROPER}?channel panel|"
     r"channel(?: programme)?(?=\W)(?! duties)", "panel", "organisation", "Channel panel", None),
    ("local-authority", rf"local authority|{PROPER}(?:borough |city |county )?council",
     "local-authority", "organisation", "The local authority", None),
    ("intervention-provider", r"(?:home office-approved )?intervention providers?|"
     r"mentors?", "intervention-provider", "front-line", "Intervention provider",
     None),
    ("home-office", r"home office(?!-)", "government", "government", "Home Office", None),
    ("department-for-education", r"department for education|(?-i:DfE)", "government", "government",
     "Department for Education", None),
    ("ofsted", r"ofsted", "government", "oversight", "Ofsted", None),
    ("nhs-england", r"nhs england", "health", "oversight", "NHS England", None),
    ("education-safeguarding", r"education safeguarding team", "local-authority",
     "organisation", "Education safeguarding team", None),
    ("dsl", r"designated safeguarding lead", "person", "front-line",
     "Designated safeguarding lead", "school"),
    ("teachers", r"teachers?", "person", "front-line", "Teachers", "school"),
    ("safeguarding-officer", r"(?:college )?safeguarding officer", "person", "front-line",
     "Safeguarding officer", "college"),
    ("school", r"(?:secondary |primary |high )?school(?!s\b| work)", "school", "front-line",
     "School", None),
    ("college", r"(?:further education )?college", "school", "front-line", "College", None),
    ("university", r"university", "school", "organisation", "University", None),
    ("gp", r"general practitioner|(?-i:GP)(?! practice| surgery)", "person", "front-line",
     "General practitioner", "gp-practice"),
    ("gp-practice", r"(?-i:GP) (?:practice|surgery)", "health", "front-line", "GP practice",
     None),
    ("mental-health-nurse", r"(?:community )?mental health nurse", "person", "front-line",
     "Mental health nurse", "mental-health-trust"),
    ("mental-health-trust",
     r"(?:NHS )?mental health (?:trust|services?)|(?-i:NHS) (?:foundation )?trust",
     "health", "organisation", "NHS mental health trust", None),
    ("childrens-social-care", r"children[’']?s social care|children[’']?s services",
     "social-care", "organisation", "Children's social care", None),
    ("adult-social-care", r"adult social care|adult services", "social-care", "organisation",
     "Adult social care", None),
    ("social-worker", r"social workers?", "person", "front-line", "Social worker", None),
    ("youth-offending-team", r"youth offending (?:team|service)", "social-care", "organisation",
     "Youth offending team", None),
    ("probation-officer", r"probation officers?", "person", "front-line", "Probation officer",
     "probation"),
    ("probation", r"probation(?: service)?", "probation", "organisation", "Probation service",
     None),
    ("prison", r"prison|(?-i:HMP [A-Z][a-z]+)", "prison", "organisation", "Prison", None),
    ("jobcentre", r"jobcentre(?: plus)?", "government", "front-line", "Jobcentre Plus", None),
    ("housing", r"(?:council )?housing (?:officer|association|provider|team)s?",
     "other", "organisation", "Housing", None),
    ("early-help", r"early help(?: team| service| hub)?", "social-care", "organisation",
     "Early help team", None),
    ("mosque-committee", r"mosque committee", "other", "organisation", "Mosque committee", None),
    ("youth-worker", r"youth workers?", "person", "front-line", "Youth worker", None),
    ("charity", r"(?:youth )?charity", "charity", "front-line", "Charity", None),
    ("family-member", r"family member(?: \((?:mother|father)\))?|"
     r"(?:his|her|their) (?:mother|father|parents?|brother|sister|family)",
     "person", None, "Family member", None),
    ("reviewer", r"(?:the )?(?:independent )?reviewer", "person", "oversight",
     "The reviewer", None),
]  # fmt: skip

# Capitalised words that start or are part of a name but never a person's name on
# their own (titles, places of the programme, month names ...).
NOT_NAMES = frozenset(
    """The A An In On At By For Of And But Or He She It His Her Their They This That These
    Those There When While After Before Then During From To With Without Over Under
    Prevent Channel Counter Terrorism Policing Police Home Office Council Security
    Minister Head Chief Constable Detective Mr Mrs Ms Dr Sir Dame Lord Lady MP
    Parliament Conservative Labour Act Islamist Extremism Extremist NHS England
    Department Education January February March April May June July August September
    October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    Review Learning Panel School College Intervention Provider Local Authority
    Ultimately Difficult Over Ofsted Mental Health Trust Social Care Children Adult
    Probation Service Greater Metropolitan Vulnerability Assessment Framework Support
    Record Responsibilities Tool Tasking Engagement Reviewer Report Programme""".split()  # noqa: SIM905
)
TITLES = r"(?:Sir|Dame|Lord|Lady|Mr|Mrs|Ms|Miss|Dr|Professor|Cllr|Councillor)"

MONTHS = [
    *("january", "february", "march", "april", "may", "june"),
    *("july", "august", "september", "october", "november", "december"),
]
_MONTH = "(" + "|".join(m.capitalize() for m in MONTHS) + ")"
# (pattern, precision). Years 1900-2099; an Act's year or a count is not a date.
DATES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "iso"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? {_MONTH},? ((?:19|20)\d\d)\b"), "day"),
    (re.compile(rf"\b{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?,? ((?:19|20)\d\d)\b"), "mdy"),
    (re.compile(rf"\b{_MONTH},? ((?:19|20)\d\d)\b"), "month"),
    (re.compile(r"(?<![\w.-])(?<!\d,)((?:19|20)\d\d)(?![\w-]|[,.]\d)"), "year"),
]
# A year that names something rather than dating the sentence ("the Act 2015").
NOT_A_YEAR = re.compile(r"(?:Act|Regulations|Order|Bill|Guidance|Strategy|Framework)\s*$")

# Words that put an event after the one before it in the text.
THEN = re.compile(
    r"(?<!since )\b(?:then|afterwards|after that|after this|subsequently|following this|later|"
    r"next|thereafter|at that point|at this point|at that time|at the same time)\b",
    re.IGNORECASE,
)
SAME_TIME = re.compile(r"\b(?:at (?:that|this) (?:point|time)|at the same time)\b", re.I)
# "before/after" followed by what the other event did ("before being exited").
ORDER_WORD = re.compile(r"\b(before|after|following|prior to)\b\s+(?:being\s+|having\s+)?", re.I)

# (kind, verb pattern, stem): the verbs that say what kind of event a sentence reports.
# The stem links "before being exited" to the sentence that says "was exited".
VERBS: list[tuple[str, str, str]] = [
    ("referral", r"re-?referred|referred|re-?referral|referral|made a referral", "refer"),
    ("tasking", r"tasked|tasking|commissioned|assigned|allocated", "task"),
    ("decision", r"adopted|adoption", "adopt"),
    ("decision", r"exited|exit(?:ed)? from|decided|decision|agreed|not adopted|signposted", "exit"),
    ("assessment", r"assessed|assessment|screened|screening|evaluated", "assess"),
    ("meeting", r"met|meeting|convened|discussed", "meet"),
    ("intervention", r"sessions?|mentoring|mentored|delivered support|support from", "session"),
    ("review", r"reviewed|(?:post-exit|six-month|twelve-month|\d+-month|panel|case|police)"
     r"(?: [a-z-]+)? review", "review"),
    ("closure", r"closed|closure", "close"),
    ("communication", r"wrote to|emailed|informed|told|updated|shared|sent|notified|"
     r"reported|called|passed on|contacted|phoned", "communicate"),
    ("incident", r"killed|murdered|attacked|assaulted|stabbed|murder|attack|arrested", "attack"),
    ("other", r"convicted|sentenced|charged|travelled|moved", "other"),
]  # fmt: skip
VERB_PATTERNS = [
    (kind, re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.I), stem)
    for kind, pattern, stem in VERBS
]
PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", re.I)

# A list a review names as findings or recommendations: the line that introduces it.
LIST_INTRO = re.compile(
    r"\b(?:identified|found|finds|sets? out|made|makes|following|these|were|are|"
    r"recommends|recommended|concluded|learning)\b[^:]*\b(issues|findings?|lessons|"
    r"learning points?|areas?|concerns|failings|shortcomings|weaknesses|"
    r"recommendations?|actions)\b[^:]*:\s*$",
    re.IGNORECASE,
)

# (gap id, wording): the gap a finding's words suggest, as a candidate theme.
THEMES: list[tuple[str, str]] = [
    ("unrecorded-rationale", r"rationale|record[- ]keeping|not recorded|reasons? (?:for|were) not"),
    ("blurred-ownership", r"blurred|unclear (?:who|which|whether)|ownership|shared responsibilit"),
    ("responsibility-gap", r"no (?:one|agency|body) (?:was )?(?:responsible|owned)|"
     r"nobody (?:owned|was responsible)|fell between"),
    ("outdated-tool", r"outdated|out of date|out-of-date|superseded|old version"),
    ("excluded-knowledge-holder", r"should have been involved|not (?:consulted|involved|invited)|"
     r"excluded|left out of"),
    ("delivery-shortfall", r"instead of|only (?:one|two|\d+) sessions?|fewer (?:sessions|than)|"
     r"not (?:all )?delivered|shortfall"),
    ("failed-communication", r"miscommunicat|breakdown in communication|not passed on|"
     r"never (?:received|arrived)|not (?:sent|shared)|lost in"),
    ("broken-feedback-loop", r"keep (?:in contact with|informed)|kept informed|feedback|"
     r"heard back|not told the outcome|not updated"),
    ("unaddressed-concern", r"did not (?:tackle|address)|not (?:been )?addressed|"
     r"vulnerabilities identified|unaddressed|underlying"),
    ("premature-exit", r"too (?:quickly|early|soon)|prematurely|closed before|exited before"),
    ("undischarged-duty", r"not carried out|failed to carry out|not discharged|did not happen"),
    ("misdirected-recommendation", r"addressed to the wrong|outside (?:its|their) control"),
    ("unsupported-finding", r"no evidence (?:for|of) (?:the|this) finding"),
    ("unanswered-finding", r"no recommendation"),
]  # fmt: skip
THEME_PATTERNS = [(gap, re.compile(pattern, re.I)) for gap, pattern in THEMES]

# Concerns: what someone was worried about in the subject.
CONCERN = re.compile(
    r"(?:concerns? (?:about|over|regarding|that)|identified (?:a|an) |"
    r"raised concerns? (?:about|over)?|worried (?:about|that)|noticed (?:a |an )?)"
    r"\s*(?P<what>(?:change|changes|decline|interest|support|withdrawal|hostil|risk|need|"
    r"vulnerab|[a-z])[^.;:]*)",
    re.IGNORECASE,
)
VULNERABILITY = re.compile(
    r"(?:underlying causes of )?(?:his|her|their|the (?:perpetrator|subject)[’']s|"
    r"[A-Z][a-z]+[’']s) vulnerabilit(?:y|ies)(?: to [a-z]+)?",
)
NATURE_WORDS = [
    ("underlying", re.compile(r"underlying|autism|neurodiver|trauma|bereave|isolation", re.I)),
    ("risk", re.compile(r"\brisk\b|travel|violence|ideolog|extremis", re.I)),
    ("need", re.compile(r"\bneeds?\b|housing|education|employment|support", re.I)),
]
