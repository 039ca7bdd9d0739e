"""A deterministic synthetic corpus modelled on England's Prevent pathway, with planted gaps.

Each case follows the pathway: a referral (school, college, police, health, social
care, a charity, a family member, ...), police Prevent screening, a Channel panel
(chaired by the local authority) deciding on adoption with the vulnerability
assessment framework, an intervention provider tasked with sessions, an exit
decision, reviews six and twelve months after exit, sometimes a re-referral, and
closure. The base case is free of every gap in the catalogue; gaps are then planted
at configurable rates, and the truth file lists exactly what the catalogue's rules
report for each case, computed by :mod:`casegraph.synth_truth` (so a plant's side
effects, e.g. an unaddressed concern also making the exit premature, are in it).

The same seed always gives byte-identical files.
"""

from __future__ import annotations

import difflib
import json
import random
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from json.encoder import encode_basestring_ascii
from pathlib import Path
from typing import Any

from casegraph.dates import parse_date
from casegraph.errors import CaseGraphError
from casegraph.synth_truth import GAPS, evaluate

DEFAULT_RATES: dict[str, float] = {
    "responsibility-gap": 0.06,
    "blurred-ownership": 0.10,
    "undischarged-duty": 0.08,
    "unrecorded-rationale": 0.12,
    "unaddressed-concern": 0.12,
    "delivery-shortfall": 0.10,
    "failed-communication": 0.10,
    "broken-feedback-loop": 0.15,
    "excluded-knowledge-holder": 0.12,
    "outdated-tool": 0.06,
    "premature-exit": 0.08,
    "unsupported-finding": 0.05,
    "unanswered-finding": 0.08,
    "misdirected-recommendation": 0.05,
}
FILES_PER_FOLDER = 1000
TruthRow = dict[str, str | None]


@dataclass(frozen=True)
class CorpusSummary:
    """What :func:`write_corpus` wrote.

    ``planted`` counts the cases each gap was planted in; ``results`` counts the
    truth rows per gap (a plant can cause several results, and other gaps).
    """

    out_dir: Path
    cases: int
    seed: int
    rates: dict[str, float]
    planted: dict[str, int]
    results: dict[str, int]
    truth_rows: int


def resolve_rates(rates: Mapping[str, float] | None = None) -> dict[str, float]:
    """The default rates, overridden by ``rates`` (gap id -> probability a case gets it).

    Raises:
        ValueError: an unknown gap id or a rate outside 0..1.
    """
    resolved = dict(DEFAULT_RATES)
    for gap, rate in (rates or {}).items():
        if gap not in resolved:
            near = difflib.get_close_matches(gap, GAPS, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            raise ValueError(f"unknown gap {gap!r} in rates{hint}")
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate <= 1:
            raise ValueError(f"rate for {gap!r} must be a number from 0 to 1, not {rate!r}")
        resolved[gap] = float(rate)
    return resolved


def generate_case(
    index: int, seed: int, rates: Mapping[str, float] | None = None
) -> tuple[str, list[TruthRow]]:
    """Generate one case.

    Args:
        index: the case's number in the corpus (0 or more).
        seed: the corpus seed (0 or more).
        rates: per-gap planting probabilities overriding :data:`DEFAULT_RATES`.

    Returns:
        The YAML text of the case file and its truth rows
        (``{"gap", "case", "entity", "actor"}``, as :func:`synth_truth.evaluate` gives).

    Raises:
        ValueError: a negative index or seed, or bad rates.
    """
    text, truth, _ = _generate(index, seed, resolve_rates(rates))
    return text, truth


def case_path(cases_dir: Path, case_id: str, index: int, cases: int) -> Path:
    """Where case ``index`` of a corpus of ``cases`` goes (folders of 1,000 past 1,000)."""
    if cases <= FILES_PER_FOLDER:
        return cases_dir / f"{case_id}.yaml"
    width = max(2, len(str((cases - 1) // FILES_PER_FOLDER)))
    return cases_dir / f"{index // FILES_PER_FOLDER:0{width}d}" / f"{case_id}.yaml"


def write_corpus(
    out_dir: str | Path,
    cases: int,
    seed: int,
    rates: Mapping[str, float] | None = None,
    progress: Callable[[int, int], None] | None = None,
    overwrite: bool = False,
) -> CorpusSummary:
    """Write a corpus: ``cases/<case-id>.yaml``, ``truth.jsonl`` and ``manifest.json``.

    Args:
        out_dir: the directory to write into (created if missing).
        cases: how many cases.
        seed: the corpus seed; the same seed gives byte-identical files.
        rates: per-gap planting probabilities overriding :data:`DEFAULT_RATES`.
        progress: called as ``progress(done, total)`` every 1,000 cases and at the end.
        overwrite: replace an existing ``cases`` folder instead of refusing.

    Returns:
        A :class:`CorpusSummary`.

    Raises:
        CaseGraphError: ``out_dir/cases`` already holds files and ``overwrite`` is false.
        ValueError: a negative count or seed, or bad rates.
    """
    if cases < 0 or seed < 0:
        raise ValueError(f"cases and seed must be 0 or more, not {cases} and {seed}")
    resolved = resolve_rates(rates)
    out = Path(out_dir)
    cases_dir = out / "cases"
    if cases_dir.exists() and any(cases_dir.iterdir()):
        if not overwrite:
            raise CaseGraphError(
                f"{cases_dir} already holds files; choose an empty directory or overwrite it"
            )
        shutil.rmtree(cases_dir)
    cases_dir.mkdir(parents=True, exist_ok=True)
    planted = dict.fromkeys(GAPS, 0)
    results = dict.fromkeys(GAPS, 0)
    rows = 0
    made: set[Path] = set()
    with (out / "truth.jsonl").open("w", encoding="utf-8", newline="\n") as truth_file:
        for index in range(cases):
            text, truth, gaps = _generate(index, seed, resolved)
            path = case_path(cases_dir, _case_id(seed, index), index, cases)
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_text(text, encoding="utf-8", newline="\n")
            for row in truth:
                truth_file.write(json.dumps(row) + "\n")
                results[str(row["gap"])] += 1
            rows += len(truth)
            for gap in gaps:
                planted[gap] += 1
            if progress is not None and ((index + 1) % 1000 == 0 or index + 1 == cases):
                progress(index + 1, cases)
    manifest = {
        "generator": "casegraph.synth",
        "seed": seed,
        "cases": cases,
        "rates": resolved,
        "planted": planted,
        "counts": results,
        "truth_rows": rows,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return CorpusSummary(out, cases, seed, resolved, planted, results, rows)


def _case_id(seed: int, index: int) -> str:
    return f"synth-{seed}-{index:06d}"


def _generate(
    index: int, seed: int, rates: dict[str, float]
) -> tuple[str, list[TruthRow], list[str]]:
    if index < 0 or seed < 0:
        raise ValueError("index and seed must be 0 or more")
    case_id = _case_id(seed, index)
    builder = _Builder(random.Random(f"casegraph-synth:{seed}:{index}"), case_id, rates)
    data = builder.build()
    truth = evaluate(data)
    # A cheap guard on the builder: every plant shows up, and a case with none is clean.
    # (The truth itself is the evaluator's output, side effects of plants included.)
    found = {str(row["gap"]) for row in truth}
    planted = [g for g in GAPS if g in builder.plan]
    missing = [g for g in planted if g not in found]
    if missing or (not planted and truth):
        raise AssertionError(
            f"synthetic case {case_id}: planted {planted} ({builder.plan}) but the rules "
            f"report {sorted(found)}"
        )
    return render(data), truth, planted


# -- vocabulary -------------------------------------------------------------------------

# (weight, org id, org label, type, level, (person id, person label) or None)
_REFERRERS: list[tuple[int, str, str, str, str | None, tuple[str, str] | None]] = [
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
_REFERRER_WEIGHTS = [r[0] for r in _REFERRERS]
_PANEL_EXTRAS = [
    ("mental-health-trust", "NHS mental health trust", "health"),
    ("childrens-social-care", "Children's social care", "social-care"),
    ("adult-social-care", "Adult social care", "social-care"),
    ("education-safeguarding", "Education safeguarding team", "local-authority"),
    ("probation", "Probation service", "probation"),
]
_SHARERS = [
    ("youth-offending-team", "Youth offending team", "social-care"),
    ("jobcentre", "Jobcentre Plus", "government"),
    ("housing-officer", "Council housing officer", "other"),
    ("sports-club", "Local boxing club", "other"),
    ("mosque-committee", "Mosque committee", "other"),
]
_OUTSIDERS = [
    ("department-for-education", "Department for Education", "government", "government"),
    ("ofsted", "Ofsted", "government", "oversight"),
    ("ctp-hq", "Counter Terrorism Policing headquarters", "police", "oversight"),
    ("nhs-england", "NHS England", "health", "oversight"),
]
_BOROUGHS = [
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
_FORCES = ["Midshire", "Westshire", "Eastshire", "Northmoor", "Southdown", "Greyvale"]
_PROVIDERS = [
    "Intervention provider (theological mentor)",
    "Intervention provider (ideological mentor)",
    "Intervention provider (youth mentor)",
    "Home Office-approved intervention provider",
]
_IDEOLOGIES = ["Islamist", "extreme right-wing", "mixed or unclear", "incel", "anti-government"]
# (id, label, nature); {ideology} is filled in per case
_CONCERNS: dict[str, list[tuple[str, str]]] = {
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
_NATURE_OF = {cid: nature for nature, pool in _CONCERNS.items() for cid, _ in pool}
_LABEL_OF = {cid: label for pool in _CONCERNS.values() for cid, label in pool}
_ADOPT_WHY = [
    "The VAF showed extremist engagement and vulnerabilities that Channel could address",
    "Multi-agency assessment found susceptibility to radicalisation; consent to support was given",
    "Concerns about ideology and isolation met the threshold for Channel support",
]
_EXIT_WHY = [
    "Ideological concerns reduced and the vulnerabilities identified were addressed",
    "The intervention provider reported sustained progress; no further Channel support needed",
    "Risk reassessed as low with the VAF after the planned sessions",
]
_DECLINE_WHY = [
    "No ideological driver identified; needs better met by early help",
    "Vulnerabilities are safeguarding needs rather than radicalisation risk",
    "Concerns did not meet the threshold for Channel; signposted to local services",
]
_GAP_FINDINGS = {
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


# -- the case builder ---------------------------------------------------------------------


def _pick_weighted(rng: random.Random, items: list[Any], weights: list[int]) -> Any:
    return rng.choices(items, weights)[0]


def _written(day: date, precision: str) -> tuple[str, date, date]:
    """A day as a review might write it, with the interval the written date stands for."""
    if precision == "day":
        return day.isoformat(), day, day
    if precision == "month":
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return f"{day.year}-{day.month:02d}", first, following - timedelta(days=1)
    return str(day.year), date(day.year, 1, 1), date(day.year, 12, 31)


class _Builder:
    """Builds one case: shape, plan, base story, plants, dates, findings."""

    def __init__(self, rng: random.Random, case_id: str, rates: dict[str, float]):
        self.rng = rng
        self.case_id = case_id
        self.rates = rates
        self.actors: dict[str, dict[str, Any]] = {}
        self.concerns: list[dict[str, Any]] = []
        self.duties: list[dict[str, Any]] = []
        self.tools: list[dict[str, Any]] = []
        self.story: list[dict[str, Any]] = []  # events in the order they happened
        self.findings: list[dict[str, Any]] = []
        self.recs: list[dict[str, Any]] = []
        self.sources: list[dict[str, Any]] = []
        self.triggers: list[str] = []  # actors who referred or identified a concern, so far
        self.plan: dict[str, str] = {}  # gap -> variant planted
        self.entity: dict[str, str] = {}  # gap -> the entity its plant targets
        self.claimed: set[str] = set()

    # -- small helpers -----------------------------------------------------------------

    def actor(
        self, aid: str, label: str, type_: str, level: str | None = None, **extra: Any
    ) -> str:
        if aid not in self.actors:
            item: dict[str, Any] = {"id": aid, "label": label, "type": type_}
            if level:
                item["level"] = level
            item.update(extra)
            self.actors[aid] = item
        return aid

    def members(self, aid: str) -> set[str]:
        a = self.actors.get(aid, {})
        return set(a.get("members", [])) | ({a["chair"]} if a.get("chair") else set())

    def takes_part(self, actor: str, event: dict[str, Any]) -> bool:
        part = event.get("by", []) + event.get("with", []) + event.get("consulted", [])
        return actor in part or any(actor in self.members(p) for p in part)

    def event(
        self, eid: str, kind: str, gap: tuple[int, int], by: list[str], **fields: Any
    ) -> dict[str, Any]:
        ev: dict[str, Any] = {"id": eid, "kind": kind, "by": by, "_gap": gap}
        for key, value in fields.items():
            ev[key.rstrip("_")] = value
        self.story.append(ev)
        return ev

    def insert_after(self, anchor: str, ev: dict[str, Any]) -> None:
        self.story.remove(ev)
        pos = next(i for i, e in enumerate(self.story) if e["id"] == anchor)
        self.story.insert(pos + 1, ev)

    def ev(self, eid: str) -> dict[str, Any]:
        return next(e for e in self.story if e["id"] == eid)

    def has(self, eid: str) -> bool:
        return any(e["id"] == eid for e in self.story)

    def trigger(self, actor: str) -> None:
        if actor not in self.triggers:
            self.triggers.append(actor)

    def decision(self, eid: str, gap: tuple[int, int], by: str, **fields: Any) -> dict[str, Any]:
        ev = self.event(eid, "decision", gap, [by], **fields)
        consulted = list(fields.get("consulted", []))
        for actor in self.triggers:
            if actor not in consulted and not self.takes_part(
                actor, {**ev, "consulted": consulted}
            ):
                consulted.append(actor)
        ev["consulted"] = consulted
        return ev

    def concern(self, cid: str, by: str | None, at: str | None, **extra: Any) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": cid,
            "label": _LABEL_OF[cid].format(ideology=self.ideology),
            "nature": _NATURE_OF[cid],
        }
        if by:
            item["identified_by"] = by
        if at:
            item["identified_at"] = at
        item.update(extra)
        self.concerns.append(item)
        if by and at:
            self.trigger(by)
        return item

    def free_concern(self, natures: tuple[str, ...]) -> str:
        used = {c["id"] for c in self.concerns}
        pool = [cid for n in natures for cid, _ in _CONCERNS[n] if cid not in used]
        if not pool:  # every concern of these natures is taken: any will do
            pool = [cid for cid in _NATURE_OF if cid not in used]
        return self.rng.choice(pool)

    def in_panel(self, actor: str) -> bool:
        return actor in self.members("channel-panel")

    # -- build -------------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        self.shape()
        self.choose_plants()
        if self.pre:
            self.first_contact()
        self.referral()
        self.channel()
        self.support()
        self.exit_and_reviews()
        if self.post:
            self.re_referral()
        self.closure()
        self.base_duties()
        for gap in GAPS:
            if gap in self.plan and gap in _STORY_PLANTS:
                _STORY_PLANTS[gap](self, self.plan[gap])
        self.assign_dates()
        if "outdated-tool" in self.plan:
            self.plant_outdated_tool(self.plan["outdated-tool"])
        self.base_findings()
        self.cite()
        return self.assemble()

    def shape(self) -> None:
        rng = self.rng
        self.ideology = rng.choice(_IDEOLOGIES)
        self.borough = rng.choice(_BOROUGHS)
        self.subject = self.actor(
            "subject", f"Person {chr(65 + rng.randrange(26))}", "subject", "subject"
        )
        self.actor(
            "police-prevent", f"{rng.choice(_FORCES)} Police Prevent team", "police", "organisation"
        )
        self.actor("local-authority", f"{self.borough} Council", "local-authority", "organisation")
        self.actor(
            "intervention-provider", rng.choice(_PROVIDERS), "intervention-provider", "front-line"
        )
        self.actor("home-office", "Home Office", "government", "government")
        _, org, label, type_, level, person = _pick_weighted(rng, _REFERRERS, _REFERRER_WEIGHTS)
        self.referrer_org = self.actor(org, label, type_, level)
        if person and rng.random() < 0.35:
            self.referrer = self.actor(person[0], person[1], "person", "front-line", part_of=org)
        else:
            self.referrer = org
        extras = rng.sample(_PANEL_EXTRAS, rng.choice((0, 0, 1, 1, 2)))
        for aid, alabel, atype in extras:
            self.actor(aid, alabel, atype, "organisation")
        self.extras = [e[0] for e in extras]
        self.actor(
            "channel-panel",
            f"{self.borough} Channel panel",
            "panel",
            "organisation",
            chair="local-authority",
            members=["local-authority", "police-prevent", *self.extras],
        )
        self.commissioners = ["home-office"]
        if rng.random() < 0.3:
            self.commissioners.append(
                self.actor("ctp", "Counter Terrorism Policing", "police", "oversight")
            )
        self.pre = rng.random() < 0.15
        self.post = rng.random() < 0.2
        self.planned = rng.randint(2, 6)
        self.tools.append(
            {"id": "vaf", "label": "Vulnerability Assessment Framework", "status": "current"}
        )

    def choose_plants(self) -> None:
        rng = self.rng
        quiet_referrer = not self.in_panel(self.referrer)
        variants: dict[str, list[str]] = {
            "responsibility-gap": ["no-owner", "no-holders", "stated-unowned"],
            "blurred-ownership": [
                "two-accountable",
                "guidance-vs-practice",
                "two-responsible",
                "stated-blurred",
            ],
            "undischarged-duty": ["empty", "absent"],
            "unrecorded-rationale": ["absent", "null", "empty"],
            "unaddressed-concern": ["referral-concern", "referral-concern", "unplaced-concern"],
            "delivery-shortfall": [
                "main-tasking",
                "main-tasking",
                "health-plan",
                "follow-up-tasking",
            ],
            "failed-communication": ["tasking", "communication"],
            "broken-feedback-loop": ["silent-sharer", "undated-update"]
            + (["silent-referrer"] if quiet_referrer else []),
            "excluded-knowledge-holder": ["provider-concern"]
            + (["exit-without-referrer", "adoption-without-referrer"] if quiet_referrer else []),
            "outdated-tool": ["status", "superseded-template"],
            "premature-exit": ["late-support", "late-support", "short-second-tasking"],
            "unsupported-finding": ["absent", "empty"],
            "unanswered-finding": ["no-recommendation"],
            "misdirected-recommendation": ["outsider"],
        }
        for gap in GAPS:
            if rng.random() < self.rates[gap]:
                self.plan[gap] = rng.choice(variants[gap])

    def first_contact(self) -> None:
        """An earlier referral that Prevent did not take on (re-referred later)."""
        rng = self.rng
        if rng.random() < 0.5:
            first = self.referrer
        else:
            _, org, label, type_, level, _p = _pick_weighted(rng, _REFERRERS, _REFERRER_WEIGHTS)
            first = self.actor(org, label, type_, level)
        cid = self.free_concern(("symptom",))
        self.event(
            "first-referral",
            "referral",
            (0, 0),
            [first],
            to=["police-prevent"],
            about=[cid],
            summary="First referral to Prevent",
        )
        self.concern(cid, first, "first-referral")
        self.trigger(first)
        self.event(
            "first-screening",
            "assessment",
            (3, 20),
            ["police-prevent"],
            consulted=[first],
            summary="Police Prevent screened the first referral",
        )
        self.decision(
            "gateway-decision",
            (1, 14),
            "police-prevent",
            informed=[first],
            outcome="No further Prevent action; signposted to early help",
            rationale=rng.choice(_DECLINE_WHY),
            about=[cid],
        )
        team = self.actor(
            "early-help-team",
            "Early help team",
            "local-authority",
            "front-line",
            part_of="local-authority",
        )
        self.event(
            "early-help",
            "intervention",
            (7, 40),
            [team],
            with_=[self.subject],
            summary="Early help support for the family",
        )
        self.concerns[-1]["addressed_by"] = ["early-help"]
        self.first_referrer = first

    def referral(self) -> None:
        rng = self.rng
        count = rng.randint(2, 4)
        chosen = [self.free_concern(("symptom",))]
        while len(chosen) < count:
            cid = self.free_concern(("symptom", "underlying", "risk", "need"))
            if cid not in chosen:
                chosen.append(cid)
        org_label = self.actors[self.referrer_org]["label"]
        ev = self.event(
            "referral",
            "referral",
            (90, 420) if self.pre else (0, 0),
            [self.referrer],
            to=["police-prevent"],
            about=chosen,
            summary=f"{org_label} referred {self.actors['subject']['label']} to Prevent",
        )
        if rng.random() < 0.3:
            ev["status"] = "delivered"
        self.trigger(self.referrer)
        self.referral_concerns = [self.concern(cid, self.referrer, "referral") for cid in chosen]
        screening = self.event(
            "screening",
            "assessment",
            (2, 21),
            ["police-prevent"],
            summary="Police Prevent gateway assessment of the referral",
        )
        if rng.random() < 0.7:
            screening["consulted"] = [self.referrer]
        self.police_concern = None
        if rng.random() < 0.25:
            cid = self.free_concern(("risk",))
            self.police_concern = self.concern(cid, "police-prevent", "screening")
        if self.extras and rng.random() < 0.4:
            sharer = rng.choice(self.extras)
            self.event(
                "info-sharing",
                "communication",
                (1, 14),
                [sharer],
                to=["police-prevent"],
                summary=f"{self.actors[sharer]['label']} shared its records with Prevent",
            )

    def channel(self) -> None:
        rng = self.rng
        self.event(
            "referral-to-channel",
            "communication",
            (1, 21),
            ["police-prevent"],
            to=[rng.choice(("local-authority", "channel-panel"))],
            summary="Police Prevent referred the case to the Channel panel",
        )
        if rng.random() < 0.6:
            self.event(
                "vaf-assessment",
                "assessment",
                (3, 20),
                ["local-authority"],
                with_=["police-prevent"],
                tool="vaf",
                summary="Vulnerability assessment completed for the panel",
            )
        ev = self.decision(
            "adoption",
            (7, 35),
            "channel-panel",
            outcome="Adopted as a Channel case",
            rationale=rng.choice(_ADOPT_WHY),
            tool="vaf",
            risk=rng.choice(("medium", "medium", "high")),
            stage={"name": "channel", "effect": "enter"},
            about=[c["id"] for c in self.concerns],
        )
        if rng.random() < 0.5:
            ev["informed"] = [self.subject]

    def support(self) -> None:
        rng = self.rng
        planned = self.planned
        tasking = self.event(
            "tasking",
            "tasking",
            (3, 21),
            ["local-authority"],
            to=["intervention-provider"],
            planned=planned,
            summary=f"Intervention provider tasked with {planned} sessions",
        )
        if rng.random() < 0.3:
            tasking["status"] = "delivered"
        sessions = planned
        if self.plan.get("delivery-shortfall") == "main-tasking":
            sessions = rng.randint(1, planned - 1)
            if rng.random() < 0.5:
                tasking["delivered"] = sessions
        elif rng.random() < 0.4:
            tasking["delivered"] = planned
            if rng.random() < 0.3:  # the file records fewer sessions than were delivered
                sessions = rng.randint(1, planned)
        for i in range(1, sessions + 1):
            self.event(
                f"session-{i}",
                "intervention",
                (5, 30),
                ["intervention-provider"],
                under="tasking",
                with_=[self.subject],
                summary=f"Mentoring session {i}",
            )
        self.sessions = [f"session-{i}" for i in range(1, sessions + 1)]
        health = None
        if rng.random() < 0.3:
            health = self.actor(
                *rng.choice(
                    (
                        (
                            "camhs",
                            "Child and adolescent mental health services",
                            "health",
                            "front-line",
                        ),
                        (
                            "mental-health-trust",
                            "NHS mental health trust",
                            "health",
                            "organisation",
                        ),
                    )
                )
            )
            support = self.event(
                "health-support",
                "intervention",
                (3, 30),
                [health],
                with_=[self.subject],
                summary="Mental health support",
            )
            if rng.random() < 0.4:
                support["planned"] = support["delivered"] = rng.randint(3, 8)
            if rng.random() < 0.3:
                support["_free"] = True  # undated, no chain: still not later than the exit
        self.health = health
        for concern in self.concerns:
            if "addressed_by" in concern:
                continue
            picks = rng.sample(self.sessions, min(len(self.sessions), rng.randint(1, 3)))
            treatable = concern["nature"] == "underlying" or concern["id"] == "assessment-need"
            if health and treatable and rng.random() < 0.7:
                picks = [*picks[:1], "health-support"] if rng.random() < 0.5 else ["health-support"]
            concern["addressed_by"] = sorted(picks)
        if rng.random() < 0.2:
            j = rng.randrange(len(self.sessions))
            cid = self.free_concern(("underlying", "need"))
            self.concern(
                cid, "intervention-provider", self.sessions[j], addressed_by=self.sessions[j:][:2]
            )
        if rng.random() < 0.5:
            self.event(
                "progress-report",
                "communication",
                (2, 14),
                ["intervention-provider"],
                to=[rng.choice(("local-authority", "channel-panel"))],
                summary="Intervention provider reported on progress",
            )
        if rng.random() < 0.4:
            self.event(
                "panel-review",
                "meeting",
                (7, 30),
                ["channel-panel"],
                with_=["intervention-provider"],
                summary="Panel reviewed progress",
            )
        if rng.random() < 0.5 and self.plan.get("broken-feedback-loop") != "silent-referrer":
            self.event(
                "referrer-update",
                "communication",
                (2, 30),
                ["police-prevent"],
                to=[self.referrer],
                summary="Police Prevent updated the referrer",
            )

    def exit_and_reviews(self) -> None:
        rng = self.rng
        self.decision(
            "exit",
            (7, 40),
            "channel-panel",
            consulted=["intervention-provider"],
            informed=[self.referrer],
            outcome="Exited from Channel",
            rationale=rng.choice(_EXIT_WHY),
            tool="vaf",
            risk="low",
            stage={"name": "channel", "effect": "exit"},
        )
        self.event(
            "review-6m",
            "review",
            (170, 200),
            ["channel-panel"],
            summary="Six-month post-exit review: no new concerns",
        )
        self.event(
            "review-12m",
            "review",
            (170, 200),
            ["channel-panel"],
            summary="Twelve-month post-exit review: no new concerns",
        )

    def re_referral(self) -> None:
        rng = self.rng
        if rng.random() < 0.4:
            again = self.referrer
        else:
            _, org, label, type_, level, _p = _pick_weighted(rng, _REFERRERS, _REFERRER_WEIGHTS)
            again = self.actor(org, label, type_, level)
        cids = [self.free_concern(("symptom", "risk"))]
        if rng.random() < 0.5:
            cids.append(self.free_concern(("underlying", "need")))
        self.event(
            "re-referral",
            "referral",
            (30, 300),
            [again],
            to=["police-prevent"],
            about=cids,
            summary="Re-referral to Prevent",
        )
        self.trigger(again)
        new = [self.concern(cid, again, "re-referral") for cid in cids]
        self.event(
            "re-screening",
            "assessment",
            (2, 21),
            ["police-prevent"],
            consulted=[again],
            summary="Police Prevent screened the re-referral",
        )
        ev = self.decision(
            "re-referral-decision",
            (7, 35),
            rng.choice(("channel-panel", "police-prevent")),
            informed=[again],
            outcome="Not adopted; signposted to local services",
            rationale=rng.choice(_DECLINE_WHY),
            about=cids,
        )
        if rng.random() < 0.5:
            ev["tool"] = "vaf"
        helper = self.actor(
            *rng.choice(
                (
                    ("youth-charity", "Youth charity", "charity", "front-line"),
                    ("adult-social-care", "Adult social care", "social-care", "organisation"),
                    ("early-help-team", "Early help team", "local-authority", "front-line"),
                )
            )
        )
        self.event(
            "signposting",
            "intervention",
            (7, 60),
            [helper],
            with_=[self.subject],
            summary="Support from local services after the re-referral",
        )
        for concern in new:
            concern["addressed_by"] = ["signposting"]
        self.re_referrer = again

    def closure(self) -> None:
        rng = self.rng
        informed = [self.referrer]
        if self.post and self.re_referrer not in informed:
            informed.append(self.re_referrer)
        self.event(
            "closure",
            "closure",
            (1, 30),
            [rng.choice(("police-prevent", "local-authority"))],
            informed=informed,
            summary="Case closed on the Prevent case management tracker",
        )

    def base_duties(self) -> None:
        rng = self.rng
        basis = rng.choice(("guidance", "practice"))

        def duty(
            did: str, label: str, holders: Sequence[tuple[str, str, str | None]], done: list[str]
        ) -> None:
            self.duties.append(
                {
                    "id": did,
                    "label": label,
                    "holders": [
                        {"actor": a, "role": r, **({"basis": b} if b else {})}
                        for a, r, b in holders
                    ],
                    "discharged_by": done,
                }
            )

        if rng.random() < 0.6:
            b = None if rng.random() < 0.1 else "guidance"
            holders = [("police-prevent", "responsible", b)]
            if rng.random() < 0.5:
                holders.append(("police-prevent", "accountable", b))
            duty(
                "screen-referral",
                "Screen the referral and gather information",
                holders,
                ["screening"],
            )
        own = [("local-authority", "accountable", "guidance")]
        if rng.random() < 0.3:
            own.append(("local-authority", "accountable", "practice"))
        own.append(("police-prevent", "consulted", "guidance"))
        duty("case-ownership", "Own and coordinate the Channel case", own, ["adoption", "exit"])
        duty(
            "commission-support",
            "Commission the intervention provider",
            [
                ("local-authority", "responsible", basis),
                ("intervention-provider", "informed", "practice"),
            ],
            ["tasking"],
        )
        if rng.random() < 0.6:
            duty(
                "deliver-support",
                "Deliver the commissioned sessions",
                [
                    ("intervention-provider", "responsible", "practice"),
                    ("local-authority", "accountable", "practice"),
                ],
                self.sessions[:3],
            )
        duty(
            "keep-referrer-informed",
            "Keep the referrer informed of progress and outcome",
            [
                ("police-prevent", "responsible", "guidance"),
                (self.referrer, "informed", "guidance"),
            ],
            ["referrer-update"] if self.has("referrer-update") else ["exit"],
        )
        if rng.random() < 0.6:
            duty(
                "post-exit-review",
                "Review the case six and twelve months after exit",
                [
                    ("local-authority", "accountable", "guidance"),
                    ("police-prevent", "responsible", "guidance"),
                ],
                ["review-6m", "review-12m"],
            )
        if self.has("info-sharing"):
            sharer = self.ev("info-sharing")["by"][0]
            duty(
                "share-information",
                "Share relevant records with Prevent",
                [(sharer, "responsible", "practice")],
                ["info-sharing"],
            )

    # -- plants that change the story (before dates are assigned) ------------------------

    def pick_duty(self) -> dict[str, Any]:
        free = [
            d
            for d in self.duties
            if d["id"] not in self.claimed
            and any(h["role"] in ("responsible", "accountable") for h in d["holders"])
        ]
        duty = self.rng.choice(free)
        self.claimed.add(duty["id"])
        return duty

    def plant_responsibility_gap(self, variant: str) -> None:
        duty: dict[str, Any]
        if variant == "no-owner":
            duty = {
                "id": "keep-in-contact",
                "label": "Keep in contact with the original referrer",
                "holders": [
                    {"actor": self.referrer, "role": "informed", "basis": "guidance"},
                    {"actor": "police-prevent", "role": "consulted", "basis": "practice"},
                ],
                "discharged_by": [],
            }
        elif variant == "no-holders":
            duty = {"id": "handover-after-exit", "label": "Hand the case over after exit"}
            if self.rng.random() < 0.5:
                duty["clarity"] = "unowned"
        else:
            duty = {
                "id": "share-outcome",
                "label": "Share the exit decision with the referrer",
                "holders": [
                    {"actor": "police-prevent", "role": "responsible", "basis": "guidance"}
                ],
                "discharged_by": ["exit"],
                "clarity": "unowned",
            }
        self.duties.append(duty)
        self.claimed.add(duty["id"])
        self.entity["responsibility-gap"] = duty["id"]

    def plant_blurred_ownership(self, variant: str) -> None:
        duty = self.pick_duty()
        self.entity["blurred-ownership"] = duty["id"]
        if variant == "stated-blurred":
            duty["clarity"] = "blurred"
            return
        owners = [h for h in duty["holders"] if h["role"] in ("responsible", "accountable")]
        others = [h for h in duty["holders"] if h not in owners]
        first = owners[0]["actor"] if owners else "local-authority"
        second = "police-prevent" if first != "police-prevent" else "local-authority"
        if variant == "two-accountable":
            pair = [(first, "accountable", "guidance"), (second, "accountable", "practice")]
        elif variant == "guidance-vs-practice":
            pair = [(first, "accountable", "guidance"), (second, "responsible", "practice")]
        else:
            pair = [(first, "responsible", "practice"), (second, "responsible", "practice")]
        duty["holders"] = [{"actor": a, "role": r, "basis": b} for a, r, b in pair] + others

    def plant_undischarged_duty(self, variant: str) -> None:
        free = [
            d
            for d in self.duties
            if d["id"] == "keep-referrer-informed" and d["id"] not in self.claimed
        ]
        duty = free[0] if free and self.rng.random() < 0.5 else self.pick_duty()
        self.claimed.add(duty["id"])
        if variant == "empty":
            duty["discharged_by"] = []
        else:
            duty.pop("discharged_by", None)
        self.entity["undischarged-duty"] = duty["id"]

    def plant_unrecorded_rationale(self, variant: str) -> None:
        ev = self.rng.choice([e for e in self.story if e["kind"] == "decision"])
        if variant == "absent":
            ev.pop("rationale", None)
        else:
            ev["rationale"] = None if variant == "null" else ""
        self.entity["unrecorded-rationale"] = ev["id"]

    def plant_unaddressed_concern(self, variant: str) -> None:
        if variant == "referral-concern":
            concern = self.rng.choice(self.referral_concerns)
            if self.rng.random() < 0.5:
                concern["addressed_by"] = []
            else:
                concern.pop("addressed_by")
        else:
            concern = self.concern(
                self.free_concern(("underlying",)),
                "local-authority" if self.rng.random() < 0.5 else None,
                None,
            )
        self.claimed.add(concern["id"])
        self.entity["unaddressed-concern"] = concern["id"]

    def plant_delivery_shortfall(self, variant: str) -> None:
        rng = self.rng
        if variant == "main-tasking":  # built short in support()
            self.entity["delivery-shortfall"] = "tasking"
            return
        if variant == "health-plan":
            if self.health and "planned" in self.ev("health-support"):
                ev = self.ev("health-support")
            else:
                health = self.actor(
                    "mental-health-trust", "NHS mental health trust", "health", "organisation"
                )
                ev = self.event(
                    "health-plan",
                    "intervention",
                    (3, 30),
                    [health],
                    with_=[self.subject],
                    summary="Planned mental health appointments",
                )
                self.insert_after("tasking", ev)
            ev["planned"] = rng.randint(3, 8)
            ev["delivered"] = rng.randint(0, ev["planned"] - 1)
        else:
            m = rng.randint(2, 4)
            ev = self.event(
                "follow-up-tasking",
                "tasking",
                (3, 20),
                ["local-authority"],
                to=["intervention-provider"],
                planned=m,
                summary="Follow-up sessions commissioned after exit",
            )
            self.insert_after("exit", ev)
            done = rng.randint(0, m - 1)
            anchor = ev["id"]
            for i in range(1, done + 1):
                session = self.event(
                    f"follow-up-{i}",
                    "intervention",
                    (5, 25),
                    ["intervention-provider"],
                    under="follow-up-tasking",
                    with_=[self.subject],
                    summary=f"Follow-up session {i}",
                )
                self.insert_after(anchor, session)
                anchor = session["id"]
            if rng.random() < 0.5:
                ev["delivered"] = done
        self.entity["delivery-shortfall"] = ev["id"]

    def plant_failed_communication(self, variant: str) -> None:
        rng = self.rng
        if variant == "tasking":
            ev = self.ev("tasking")
            ev["status"] = rng.choice(("miscommunicated", "miscommunicated", "failed"))
        else:
            ev = rng.choice([e for e in self.story if e["kind"] == "communication"])
            ev["status"] = rng.choice(("failed", "miscommunicated", "not-sent"))
        self.entity["failed-communication"] = ev["id"]

    def plant_broken_feedback_loop(self, variant: str) -> None:
        rng = self.rng
        if variant == "silent-sharer":
            aid, label, type_ = rng.choice([s for s in _SHARERS if s[0] not in self.actors])
            self.actor(aid, label, type_, "front-line")
            ev = self.event(
                "records-shared",
                "communication",
                (1, 20),
                [aid],
                to=["police-prevent"],
                summary=f"{label} passed concerns to Prevent",
            )
            cut = self.story.index(self.ev("exit"))
            self.insert_after(rng.choice(self.story[:cut])["id"], ev)
        elif variant == "undated-update":
            by, to = rng.choice(
                (("police-prevent", self.referrer), ("local-authority", "intervention-provider"))
            )
            ev = self.event(
                "email-update",
                "communication",
                (0, 0),
                [by],
                to=[to],
                summary="Undated email update",
                _free=True,
            )
        else:
            ev = self.ev("referral")
            start = self.story.index(ev)
            for later in self.story[start + 1 :]:
                for key in ("to", "with", "consulted", "informed"):
                    if self.referrer in later.get(key, []):
                        later[key] = [a for a in later[key] if a != self.referrer]
        self.entity["broken-feedback-loop"] = ev["id"]

    def plant_excluded_knowledge_holder(self, variant: str) -> None:
        if variant == "provider-concern":
            j = self.rng.randrange(len(self.sessions))
            self.concern(
                self.free_concern(("underlying", "need")),
                "intervention-provider",
                self.sessions[j],
                addressed_by=self.sessions[j:][:2],
            )
            who, target = "intervention-provider", self.ev("exit")
        else:
            who = self.referrer
            target = self.ev("exit" if variant == "exit-without-referrer" else "adoption")
        target["consulted"] = [a for a in target["consulted"] if a != who]
        silenced = self.plan.get("broken-feedback-loop") == "silent-referrer"
        target.setdefault("informed", [])
        if who not in target["informed"] and not (silenced and who == self.referrer):
            target["informed"].append(who)
        self.entity["excluded-knowledge-holder"] = target["id"]

    def plant_premature_exit(self, variant: str) -> None:
        rng = self.rng
        if variant == "late-support":
            if self.police_concern is None and rng.random() < 0.3:
                by, at = "police-prevent", "screening"
            else:
                by, at = self.referrer, "referral"
            cid = self.free_concern(("underlying", "need"))
            health = self.actor(
                "mental-health-trust", "NHS mental health trust", "health", "organisation"
            )
            ev = self.event(
                "mental-health-referral",
                "intervention",
                (7, 90),
                [health],
                with_=[self.subject],
                summary="Mental health assessment arranged after exit",
            )
            anchors = ["exit", "review-6m"] + (["closure"] if rng.random() < 0.2 else [])
            self.insert_after(rng.choice(anchors), ev)
            self.concern(cid, by, at, addressed_by=[ev["id"]])
        else:
            m = rng.randint(2, 4)
            ev = self.event(
                "tasking-2",
                "tasking",
                (3, 20),
                ["local-authority"],
                to=["intervention-provider"],
                planned=m,
                summary="Further sessions commissioned on underlying needs",
            )
            self.insert_after(self.sessions[-1], ev)
            done = rng.randint(0, m - 1)
            anchor = ev["id"]
            for i in range(1, done + 1):
                session = self.event(
                    f"tasking-2-session-{i}",
                    "intervention",
                    (5, 25),
                    ["intervention-provider"],
                    under="tasking-2",
                    with_=[self.subject],
                    summary=f"Further session {i}",
                )
                self.insert_after(anchor, session)
                anchor = session["id"]
            if rng.random() < 0.5:
                ev["delivered"] = done
        self.entity["premature-exit"] = "exit"

    # -- dates ----------------------------------------------------------------------------

    def assign_dates(self) -> None:
        """Give each event a true day, write it as precisely as a review might, and chain
        (after/before) wherever the written dates do not prove the order."""
        rng = self.rng
        day = date(2014, 1, 1) + timedelta(days=rng.randrange(365 * 7))
        prev: dict[str, Any] | None = None
        prev_latest: date | None = None
        for ev in self.story:
            lo, hi = ev["_gap"]
            day += timedelta(days=rng.randint(lo, hi))
            ev["_day"] = day
            if ev.get("_free"):
                continue
            roll = rng.random()
            kind = ev["kind"]
            if kind == "referral":
                precision = "day" if roll < 0.6 else "month"
            elif roll < 0.42:
                precision = "day"
            elif roll < 0.72:
                precision = "month"
            elif roll < 0.8 and kind != "decision":
                precision = "year"
            else:
                precision = None
            span = _written(day, precision) if precision else None
            if span:
                ev["date"], ev["_earliest"] = span[0], span[1]
            if prev is not None:
                proven = span is not None and prev_latest is not None and span[1] > prev_latest
                if not proven:
                    if rng.random() < 0.15:
                        prev.setdefault("before", []).append(ev["id"])
                    else:
                        ev.setdefault("after", []).append(prev["id"])
                elif rng.random() < 0.05:
                    ev.setdefault("after", []).append(prev["id"])
            prev, prev_latest = ev, span[2] if span else None
        tool_days = [e["_earliest"] for e in self.story if e.get("tool") == "vaf" and e.get("date")]
        if all(d < date(2024, 12, 1) for d in tool_days) and rng.random() < 0.5:
            self.tools[0]["superseded"] = "2024-12"

    def plant_outdated_tool(self, variant: str) -> None:
        dated = [e for e in self.story if e.get("tool") and e.get("date")]
        if variant == "status" or not dated:
            self.tools[0]["status"] = "outdated"
            self.entity["outdated-tool"] = next(e["id"] for e in self.story if e.get("tool"))
            return
        ev = self.rng.choice(dated)
        year = parse_date(ev["date"]).earliest.year - self.rng.randint(0, 3)
        self.tools.append(
            {
                "id": "vaf-local-template",
                "label": "Local vulnerability checklist (2012 template)",
                "status": self.rng.choice(("current", "outdated")),
                "superseded": str(year),
            }
        )
        ev["tool"] = "vaf-local-template"
        self.entity["outdated-tool"] = ev["id"]

    # -- findings, recommendations, sources -----------------------------------------------

    def base_findings(self) -> None:
        rng = self.rng
        owners = [
            "local-authority",
            "police-prevent",
            "channel-panel",
            "intervention-provider",
            self.referrer,
        ]
        pool = [
            (
                "Information was shared promptly between police Prevent and the local authority.",
                ["referral-to-channel", "screening"],
                "Keep the information-sharing agreement under review.",
            ),
            (
                "The intervention provider built a trusting relationship with the subject.",
                self.sessions[:2],
                "Share good mentoring practice with other Channel panels.",
            ),
            (
                "The panel applied the vulnerability assessment framework at adoption.",
                ["adoption", "vaf"],
                "Record VAF scores at every panel meeting.",
            ),
            (
                "Post-exit reviews took place on time.",
                ["review-6m", "review-12m"],
                "Keep six- and twelve-month post-exit reviews.",
            ),
        ]
        for text, evidence, rec in rng.sample(pool, rng.randint(1, 2)):
            self.finding(text, None, evidence, rec, rng.choice(owners))
        for gap in GAPS:
            if gap in self.entity and gap in _GAP_FINDINGS and rng.random() < 0.5:
                self.finding(
                    _GAP_FINDINGS[gap],
                    gap,
                    [self.entity[gap]],
                    "Act on this finding across the partnership.",
                    rng.choice(owners),
                )
        plan = self.plan
        if "unsupported-finding" in plan:
            fid = self.finding(
                "Agencies worked in silos.",
                None,
                None if plan["unsupported-finding"] == "absent" else [],
                "Hold joint training for panel members.",
                "local-authority",
            )
            self.entity["unsupported-finding"] = fid
        if "unanswered-finding" in plan:
            fid = self.finding(
                "The subject's family were not engaged.", None, ["subject"], None, None
            )
            self.entity["unanswered-finding"] = fid
        if "misdirected-recommendation" in plan:
            # the Home Office commissions the review but holds no duty and takes part in
            # no event here, so it is outside the case's control structure too
            free = [o for o in _OUTSIDERS if o[0] not in self.actors]
            aid = "home-office" if rng.random() < 0.5 else self.actor(*rng.choice(free))
            unanswered = self.entity.get("unanswered-finding")
            answerable = [f for f in self.findings if f["id"] != unanswered]
            rid = f"r{len(self.recs) + 1}"
            self.recs.append(
                {
                    "id": rid,
                    "text": "Issue national guidance on Channel exits.",
                    "addresses": [rng.choice(answerable)["id"]],
                    "owner": aid,
                    "status": "open",
                }
            )
            self.entity["misdirected-recommendation"] = rid

    def finding(
        self,
        text: str,
        theme: str | None,
        evidence: list[str] | None,
        rec: str | None,
        owner: str | None,
    ) -> str:
        fid = f"f{len(self.findings) + 1}"
        item: dict[str, Any] = {"id": fid, "text": text}
        if theme:
            item["theme"] = theme
        if evidence is not None:
            item["evidence"] = evidence
        self.findings.append(item)
        if rec:
            self.recs.append(
                {
                    "id": f"r{len(self.recs) + 1}",
                    "text": rec,
                    "addresses": [fid],
                    "owner": owner,
                    "status": self.rng.choice(("open", "in-progress", "done")),
                }
            )
        return fid

    def cite(self) -> None:
        rng = self.rng
        self.sources.append(
            {
                "id": "review",
                "title": "Prevent learning review (synthetic)",
                "kind": "review-report",
                "url": f"https://example.org/synth/{self.case_id}.pdf",
            }
        )
        if rng.random() < 0.5:
            self.sources.append(
                {"id": "chronology", "title": "Multi-agency chronology", "kind": "chronology"}
            )
        if rng.random() < 0.4:
            self.sources.append(
                {"id": "panel-minutes", "title": "Channel panel minutes", "kind": "other"}
            )
        refs = [s["id"] for s in self.sources]
        items = [
            *self.actors.values(),
            *self.concerns,
            *self.duties,
            *self.story,
            *self.findings,
            *self.recs,
        ]
        for item in items:
            if rng.random() < 0.2:
                quote = (
                    item.get("summary")
                    or item.get("outcome")
                    or item.get("text")
                    or item.get("label")
                    or item["id"]
                )
                cite: dict[str, Any] = {"ref": rng.choice(refs), "quote": quote}
                if rng.random() < 0.5:
                    cite["locator"] = f"p. {rng.randint(2, 60)}"
                item["source"] = [cite]
                if rng.random() < 0.1:
                    item["source"].append({"ref": rng.choice(refs), "quote": quote})

    def assemble(self) -> dict[str, Any]:
        rng = self.rng
        days = [e["_day"] for e in self.story]
        start, end = min(days), max(days)
        published = end + timedelta(days=rng.randint(90, 400))
        self.sources[0]["published"] = f"{published.year}-{published.month:02d}"
        events = [
            {
                k: v
                for k, v in e.items()
                if not k.startswith("_") and (v or k not in ("consulted", "informed"))
            }
            for e in self.story
        ]
        if rng.random() < 0.1:
            rng.shuffle(events)  # a case file may list events in any order
        label = self.actors["subject"]["label"]
        return {
            "casegraph": 1,
            "case": {
                "id": self.case_id,
                "title": f"Handling of {label}'s Prevent referral",
                "subject": "subject",
                "period": {
                    "start": f"{start.year}-{start.month:02d}",
                    "end": f"{end.year}-{end.month:02d}",
                },
                "review": {
                    "title": f"Prevent learning review: {label}",
                    "kind": "prevent-learning-review",
                    "published": f"{published.year}-{published.month:02d}",
                    "commissioned_by": self.commissioners,
                },
            },
            "sources": self.sources,
            "actors": list(self.actors.values()),
            "concerns": self.concerns,
            "duties": self.duties,
            "tools": self.tools,
            "events": events,
            "findings": self.findings,
            "recommendations": self.recs,
        }


_STORY_PLANTS: dict[str, Callable[[_Builder, str], None]] = {
    "responsibility-gap": _Builder.plant_responsibility_gap,
    "blurred-ownership": _Builder.plant_blurred_ownership,
    "undischarged-duty": _Builder.plant_undischarged_duty,
    "unrecorded-rationale": _Builder.plant_unrecorded_rationale,
    "unaddressed-concern": _Builder.plant_unaddressed_concern,
    "delivery-shortfall": _Builder.plant_delivery_shortfall,
    "failed-communication": _Builder.plant_failed_communication,
    "broken-feedback-loop": _Builder.plant_broken_feedback_loop,
    "excluded-knowledge-holder": _Builder.plant_excluded_knowledge_holder,
    "premature-exit": _Builder.plant_premature_exit,
}


# -- YAML ------------------------------------------------------------------------------

# How each key is written: quoted text, a flow list of ids, a flow mapping, a block list
# of flow mappings, or plain (ids, enums, dates and counts, which need no quoting).
_TEXT, _LIST, _BY, _FLOW, _BLOCK, _PLAIN = range(6)
_STYLE = {
    **dict.fromkeys(
        (
            "label",
            "title",
            "summary",
            "outcome",
            "rationale",
            "text",
            "quote",
            "locator",
            "url",
            "name",
        ),
        _TEXT,
    ),
    **dict.fromkeys(
        (
            "to",
            "with",
            "consulted",
            "informed",
            "about",
            "after",
            "before",
            "members",
            "addressed_by",
            "discharged_by",
            "evidence",
            "addresses",
            "commissioned_by",
        ),
        _LIST,
    ),
    "by": _BY,
    "stage": _FLOW,
    "period": _FLOW,
    "holders": _BLOCK,
    "source": _BLOCK,
}
_KEYS = {
    "source": "id title kind url published",
    "actor": "id label type level part_of chair members source",
    "concern": "id label nature identified_by identified_at addressed_by source",
    "duty": "id label holders discharged_by clarity source",
    "tool": "id label status superseded source",
    "event": "id kind date after before by to with consulted informed about under summary "
    "outcome rationale tool risk stage status planned delivered source",
    "finding": "id text theme evidence source",
    "recommendation": "id text addresses owner status source",
}
_ORDER = {
    kind: tuple((key, _STYLE.get(key, _PLAIN)) for key in keys.split())
    for kind, keys in _KEYS.items()
}
_SECTIONS = (
    ("sources", "source"),
    ("actors", "actor"),
    ("concerns", "concern"),
    ("duties", "duty"),
    ("tools", "tool"),
    ("events", "event"),
    ("findings", "finding"),
    ("recommendations", "recommendation"),
)


def _scalar(key: str, value: Any) -> str:
    if value is None:
        return "null"
    # JSON strings with every non-ASCII character escaped are valid YAML double-quoted
    # scalars (and no Unicode line separator can fold them)
    return encode_basestring_ascii(value) if _STYLE.get(key) == _TEXT else str(value)


def _flow(mapping: Mapping[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(k, v)}" for k, v in mapping.items()) + "}"


def render(data: Mapping[str, Any]) -> str:
    """Write a case (as the builder makes it) as case-file YAML, without a YAML library."""
    case = data["case"]
    review = case["review"]
    out = [
        "casegraph: 1",
        "case:",
        f"  id: {case['id']}",
        f"  title: {_scalar('title', case['title'])}",
        f"  subject: {case['subject']}",
        f"  period: {_flow(case['period'])}",
        "  review:",
        f"    title: {_scalar('title', review['title'])}",
        f"    kind: {review['kind']}",
        f"    published: {review['published']}",
        f"    commissioned_by: [{', '.join(review['commissioned_by'])}]",
    ]
    append = out.append
    for section, kind in _SECTIONS:
        items = data.get(section)
        if not items:
            continue
        append(f"{section}:")
        order = _ORDER[kind]
        for item in items:
            lead = "  - "
            for key, style in order:
                if key not in item:
                    continue
                value = item[key]
                if style == _TEXT:
                    append(f"{lead}{key}: {_scalar(key, value)}")
                elif style == _LIST or (style == _BY and len(value) != 1):
                    append(f"{lead}{key}: [{', '.join(value)}]")
                elif style == _BY:
                    append(f"{lead}{key}: {value[0]}")
                elif style == _FLOW or (key == "source" and len(value) == 1):
                    append(f"{lead}{key}: {_flow(value if style == _FLOW else value[0])}")
                elif style == _BLOCK:
                    append(f"{lead}{key}:")
                    out.extend(f"      - {_flow(v)}" for v in value)
                else:
                    append(f"{lead}{key}: {'null' if value is None else value}")
                lead = "    "
    return "\n".join(out) + "\n"


__all__ = [
    "DEFAULT_RATES",
    "CorpusSummary",
    "case_path",
    "generate_case",
    "render",
    "resolve_rates",
    "write_corpus",
]
