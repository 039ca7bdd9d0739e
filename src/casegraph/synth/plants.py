"""Planting gaps in a clean case: which gaps a case gets, and how each is planted.

Each gap of the catalogue is planted at its rate (:data:`DEFAULT_RATES`) in one of a
few variants; a plant may have side effects (an unaddressed concern also making the
exit premature, say), which the truth file records because it is computed from the
finished case (casegraph.synth.truth).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from casegraph.errors import InvalidArgument
from casegraph.gaps.registry import GAP_IDS
from casegraph.synth.vocab import GAP_FINDINGS, OUTSIDERS, SHARERS
from casegraph.time.dates import parse_date

if TYPE_CHECKING:
    from casegraph.synth.builder import CaseBuilder

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


def resolve_rates(rates: Mapping[str, float] | None = None) -> dict[str, float]:
    """The default rates, overridden by ``rates`` (gap id -> probability a case gets it).

    Raises:
        ValueError: an unknown gap id or a rate outside 0..1.
    """
    resolved = dict(DEFAULT_RATES)
    for gap, rate in (rates or {}).items():
        if gap not in resolved:
            near = difflib.get_close_matches(gap, GAP_IDS, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            raise InvalidArgument(f"unknown gap {gap!r} in rates{hint}")
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate <= 1:
            raise InvalidArgument(f"rate for {gap!r} must be a number from 0 to 1, not {rate!r}")
        resolved[gap] = float(rate)
    return resolved


def choose_plants(b: CaseBuilder) -> None:
    """Which gaps this case gets (each at its rate), and how each is planted."""
    rng = b.rng
    quiet_referrer = not b.in_panel(b.referrer)
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
    for gap in GAP_IDS:
        if rng.random() < b.rates[gap]:
            b.plan[gap] = rng.choice(variants[gap])


def pick_duty(b: CaseBuilder) -> dict[str, Any]:
    """A duty with an owner that no other plant has claimed yet."""
    free = [
        d
        for d in b.duties
        if d["id"] not in b.claimed
        and any(h["role"] in ("responsible", "accountable") for h in d["holders"])
    ]
    duty = b.rng.choice(free)
    b.claimed.add(duty["id"])
    return duty


def _short_tasking(
    b: CaseBuilder, tasking: tuple[str, str, str], sessions: tuple[str, str]
) -> dict[str, Any]:
    """A tasking of 2-4 sessions with fewer of them held (its delivered count given half
    the time): ``tasking`` is (id, summary, the event it follows), ``sessions`` (the
    sessions' id prefix, their summary)."""
    rng = b.rng
    tasking_id, summary, after = tasking
    m = rng.randint(2, 4)
    ev = b.event(
        tasking_id,
        "tasking",
        (3, 20),
        ["local-authority"],
        to=["intervention-provider"],
        planned=m,
        summary=summary,
    )
    b.insert_after(after, ev)
    done = rng.randint(0, m - 1)
    anchor = ev["id"]
    for i in range(1, done + 1):
        session = b.event(
            f"{sessions[0]}-{i}",
            "intervention",
            (5, 25),
            ["intervention-provider"],
            under=tasking_id,
            with_=[b.subject],
            summary=f"{sessions[1]} {i}",
        )
        b.insert_after(anchor, session)
        anchor = session["id"]
    if rng.random() < 0.5:
        ev["delivered"] = done
    return ev


def plant_responsibility_gap(b: CaseBuilder, variant: str) -> None:
    duty: dict[str, Any]
    if variant == "no-owner":
        duty = {
            "id": "keep-in-contact",
            "label": "Keep in contact with the original referrer",
            "holders": [
                {"actor": b.referrer, "role": "informed", "basis": "guidance"},
                {"actor": "police-prevent", "role": "consulted", "basis": "practice"},
            ],
            "discharged_by": [],
        }
    elif variant == "no-holders":
        duty = {"id": "handover-after-exit", "label": "Hand the case over after exit"}
        if b.rng.random() < 0.5:
            duty["clarity"] = "unowned"
    else:
        duty = {
            "id": "share-outcome",
            "label": "Share the exit decision with the referrer",
            "holders": [{"actor": "police-prevent", "role": "responsible", "basis": "guidance"}],
            "discharged_by": ["exit"],
            "clarity": "unowned",
        }
    b.duties.append(duty)
    b.claimed.add(duty["id"])
    b.entity["responsibility-gap"] = duty["id"]


def plant_blurred_ownership(b: CaseBuilder, variant: str) -> None:
    duty = pick_duty(b)
    b.entity["blurred-ownership"] = duty["id"]
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
    duty["holders"] = [{"actor": a, "role": r, "basis": g} for a, r, g in pair] + others


def plant_undischarged_duty(b: CaseBuilder, variant: str) -> None:
    free = [d for d in b.duties if d["id"] == "keep-referrer-informed" and d["id"] not in b.claimed]
    duty = free[0] if free and b.rng.random() < 0.5 else pick_duty(b)
    b.claimed.add(duty["id"])
    if variant == "empty":
        duty["discharged_by"] = []
    else:
        duty.pop("discharged_by", None)
    b.entity["undischarged-duty"] = duty["id"]


def plant_unrecorded_rationale(b: CaseBuilder, variant: str) -> None:
    ev = b.rng.choice([e for e in b.story if e["kind"] == "decision"])
    if variant == "absent":
        ev.pop("rationale", None)
    else:
        ev["rationale"] = None if variant == "null" else ""
    b.entity["unrecorded-rationale"] = ev["id"]


def plant_unaddressed_concern(b: CaseBuilder, variant: str) -> None:
    if variant == "referral-concern":
        concern = b.rng.choice(b.referral_concerns)
        if b.rng.random() < 0.5:
            concern["addressed_by"] = []
        else:
            concern.pop("addressed_by")
    else:
        concern = b.concern(
            b.free_concern(("underlying",)),
            "local-authority" if b.rng.random() < 0.5 else None,
            None,
        )
    b.claimed.add(concern["id"])
    b.entity["unaddressed-concern"] = concern["id"]


def plant_delivery_shortfall(b: CaseBuilder, variant: str) -> None:
    rng = b.rng
    if variant == "main-tasking":  # built short in support()
        b.entity["delivery-shortfall"] = "tasking"
        return
    if variant == "health-plan":
        if b.health and "planned" in b.ev("health-support"):
            ev = b.ev("health-support")
        else:
            health = b.actor(
                "mental-health-trust", "NHS mental health trust", "health", "organisation"
            )
            ev = b.event(
                "health-plan",
                "intervention",
                (3, 30),
                [health],
                with_=[b.subject],
                summary="Planned mental health appointments",
            )
            b.insert_after("tasking", ev)
        ev["planned"] = rng.randint(3, 8)
        ev["delivered"] = rng.randint(0, ev["planned"] - 1)
    else:
        ev = _short_tasking(
            b,
            ("follow-up-tasking", "Follow-up sessions commissioned after exit", "exit"),
            ("follow-up", "Follow-up session"),
        )
    b.entity["delivery-shortfall"] = ev["id"]


def plant_failed_communication(b: CaseBuilder, variant: str) -> None:
    rng = b.rng
    if variant == "tasking":
        ev = b.ev("tasking")
        ev["status"] = rng.choice(("miscommunicated", "miscommunicated", "failed"))
    else:
        ev = rng.choice([e for e in b.story if e["kind"] == "communication"])
        ev["status"] = rng.choice(("failed", "miscommunicated", "not-sent"))
    b.entity["failed-communication"] = ev["id"]


def plant_broken_feedback_loop(b: CaseBuilder, variant: str) -> None:
    rng = b.rng
    if variant == "silent-sharer":
        aid, label, type_ = rng.choice([s for s in SHARERS if s[0] not in b.actors])
        b.actor(aid, label, type_, "front-line")
        ev = b.event(
            "records-shared",
            "communication",
            (1, 20),
            [aid],
            to=["police-prevent"],
            summary=f"{label} passed concerns to Prevent",
        )
        cut = b.story.index(b.ev("exit"))
        b.insert_after(rng.choice(b.story[:cut])["id"], ev)
    elif variant == "undated-update":
        by, to = rng.choice(
            (("police-prevent", b.referrer), ("local-authority", "intervention-provider"))
        )
        ev = b.event(
            "email-update",
            "communication",
            (0, 0),
            [by],
            to=[to],
            summary="Undated email update",
            _free=True,
        )
    else:
        ev = b.ev("referral")
        start = b.story.index(ev)
        for later in b.story[start + 1 :]:
            for key in ("to", "with", "consulted", "informed"):
                if b.referrer in later.get(key, []):
                    later[key] = [a for a in later[key] if a != b.referrer]
    b.entity["broken-feedback-loop"] = ev["id"]


def plant_excluded_knowledge_holder(b: CaseBuilder, variant: str) -> None:
    if variant == "provider-concern":
        j = b.rng.randrange(len(b.sessions))
        b.concern(
            b.free_concern(("underlying", "need")),
            "intervention-provider",
            b.sessions[j],
            addressed_by=b.sessions[j:][:2],
        )
        who, target = "intervention-provider", b.ev("exit")
    else:
        who = b.referrer
        target = b.ev("exit" if variant == "exit-without-referrer" else "adoption")
    target["consulted"] = [a for a in target["consulted"] if a != who]
    silenced = b.plan.get("broken-feedback-loop") == "silent-referrer"
    target.setdefault("informed", [])
    if who not in target["informed"] and not (silenced and who == b.referrer):
        target["informed"].append(who)
    b.entity["excluded-knowledge-holder"] = target["id"]


def plant_premature_exit(b: CaseBuilder, variant: str) -> None:
    rng = b.rng
    if variant == "late-support":
        if b.police_concern is None and rng.random() < 0.3:
            by, at = "police-prevent", "screening"
        else:
            by, at = b.referrer, "referral"
        cid = b.free_concern(("underlying", "need"))
        health = b.actor("mental-health-trust", "NHS mental health trust", "health", "organisation")
        ev = b.event(
            "mental-health-referral",
            "intervention",
            (7, 90),
            [health],
            with_=[b.subject],
            summary="Mental health assessment arranged after exit",
        )
        anchors = ["exit", "review-6m"] + (["closure"] if rng.random() < 0.2 else [])
        b.insert_after(rng.choice(anchors), ev)
        b.concern(cid, by, at, addressed_by=[ev["id"]])
    else:
        _short_tasking(
            b,
            ("tasking-2", "Further sessions commissioned on underlying needs", b.sessions[-1]),
            ("tasking-2-session", "Further session"),
        )
    b.entity["premature-exit"] = "exit"


STORY_PLANTS: dict[str, Callable[[CaseBuilder, str], None]] = {
    "responsibility-gap": plant_responsibility_gap,
    "blurred-ownership": plant_blurred_ownership,
    "undischarged-duty": plant_undischarged_duty,
    "unrecorded-rationale": plant_unrecorded_rationale,
    "unaddressed-concern": plant_unaddressed_concern,
    "delivery-shortfall": plant_delivery_shortfall,
    "failed-communication": plant_failed_communication,
    "broken-feedback-loop": plant_broken_feedback_loop,
    "excluded-knowledge-holder": plant_excluded_knowledge_holder,
    "premature-exit": plant_premature_exit,
}


def plant_story(b: CaseBuilder) -> None:
    """The plants that change the story, before dates are assigned, in catalogue order."""
    for gap in GAP_IDS:
        if gap in b.plan and gap in STORY_PLANTS:
            STORY_PLANTS[gap](b, b.plan[gap])


def plant_tool(b: CaseBuilder) -> None:
    """The outdated-tool plant, if chosen."""
    if "outdated-tool" in b.plan:
        plant_outdated_tool(b, b.plan["outdated-tool"])


def plant_outdated_tool(b: CaseBuilder, variant: str) -> None:
    """After dates are known: a superseded tool needs a dated use to be outdated at."""
    dated = [e for e in b.story if e.get("tool") and e.get("date")]
    if variant == "status" or not dated:
        b.tools[0]["status"] = "outdated"
        b.entity["outdated-tool"] = next(e["id"] for e in b.story if e.get("tool"))
        return
    ev = b.rng.choice(dated)
    year = parse_date(ev["date"]).earliest.year - b.rng.randint(0, 3)
    b.tools.append(
        {
            "id": "vaf-local-template",
            "label": "Local vulnerability checklist (2012 template)",
            "status": b.rng.choice(("current", "outdated")),
            "superseded": str(year),
        }
    )
    ev["tool"] = "vaf-local-template"
    b.entity["outdated-tool"] = ev["id"]


def plant_findings(b: CaseBuilder) -> None:
    """Findings about planted gaps (half the time), then the review's own gaps."""
    rng = b.rng
    owners = b.owners()
    for gap in GAP_IDS:
        if gap in b.entity and gap in GAP_FINDINGS and rng.random() < 0.5:
            b.finding(
                GAP_FINDINGS[gap],
                gap,
                [b.entity[gap]],
                "Act on this finding across the partnership.",
                rng.choice(owners),
            )
    plan = b.plan
    if "unsupported-finding" in plan:
        fid = b.finding(
            "Agencies worked in silos.",
            None,
            None if plan["unsupported-finding"] == "absent" else [],
            "Hold joint training for panel members.",
            "local-authority",
        )
        b.entity["unsupported-finding"] = fid
    if "unanswered-finding" in plan:
        fid = b.finding("The subject's family were not engaged.", None, ["subject"], None, None)
        b.entity["unanswered-finding"] = fid
    if "misdirected-recommendation" in plan:
        # the Home Office commissions the review but holds no duty and takes part in
        # no event here, so it is outside the case's control structure too
        free = [o for o in OUTSIDERS if o[0] not in b.actors]
        aid = "home-office" if rng.random() < 0.5 else b.actor(*rng.choice(free))
        unanswered = b.entity.get("unanswered-finding")
        answerable = [f for f in b.findings if f["id"] != unanswered]
        rid = f"r{len(b.recs) + 1}"
        b.recs.append(
            {
                "id": rid,
                "text": "Issue national guidance on Channel exits.",
                "addresses": [rng.choice(answerable)["id"]],
                "owner": aid,
                "status": "open",
            }
        )
        b.entity["misdirected-recommendation"] = rid
