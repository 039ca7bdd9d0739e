"""Seeded random case files that use every key of format 1, for the gap cross-check.

Events are placed on a hidden timeline first; dates (of any precision, containing
the event's day), ``after`` and ``before`` are then drawn so they agree with it, so
every generated file is valid and ordered without cycles. Days fall within a few
months, so partial dates overlap and same-day events are common; some events have
no date and no chain.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import yaml

from casegraph.gaps.registry import GAP_IDS
from casegraph.read.casefile.spec import ENUMS

FREE_THEMES = ("free theme", "information sharing")
START = date(2019, 1, 1)
# Every kind, with the ones the rules single out drawn more often.
KINDS = (*ENUMS["event-kind"], "referral", "decision", "decision", "tasking", "closure")


def _some(rng: random.Random, pool: list[str], most: int = 2) -> Any:
    """A reference field: one id, a list of ids, or an empty list."""
    if not pool:
        return []
    picked = rng.sample(pool, k=min(len(pool), rng.randint(0, most)))
    if len(picked) == 1 and rng.random() < 0.4:
        return picked[0]
    return picked


# The gaps that can report an item, by the first letter of its generated id.
_GAPS_ON = {
    "a": (),
    "e": (
        "unrecorded-rationale",
        "delivery-shortfall",
        "failed-communication",
        "broken-feedback-loop",
        "excluded-knowledge-holder",
        "outdated-tool",
        "premature-exit",
    ),
    "c": ("unaddressed-concern",),
    "d": ("responsibility-gap", "blurred-ownership", "undischarged-duty"),
    "t": (),
    "f": ("unsupported-finding", "unanswered-finding"),
    "r": ("misdirected-recommendation",),
}


def _listed(value: Any) -> list[str]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _date(rng: random.Random, day: date) -> str:
    precision = rng.random()
    if precision < 0.1:
        return f"{day.year}"
    if precision < 0.5:
        return f"{day.year}-{day.month:02d}"
    return day.isoformat()


def _cite(rng: random.Random) -> Any:
    cites = [{"ref": rng.choice(["s1", "s2"])} for _ in range(rng.randint(1, 2))]
    for cite in cites:
        if rng.random() < 0.7:
            cite["quote"] = rng.choice(["said so", "quoted words", "another quote"])
        if rng.random() < 0.2:
            cite["locator"] = "p. 3"
    return cites[0] if len(cites) == 1 and rng.random() < 0.5 else cites


def random_case(rng: random.Random, case_id: str) -> dict[str, Any]:
    """One random, valid case file as a dict (see the module docstring)."""
    actor_ids = [f"a{i}" for i in range(rng.randint(2, 7))]
    event_ids = [f"e{i}" for i in range(rng.randint(0, 10))]
    concern_ids = [f"c{i}" for i in range(rng.randint(0, 4))]
    duty_ids = [f"d{i}" for i in range(rng.randint(0, 3))]
    tool_ids = [f"t{i}" for i in range(rng.randint(0, 2))]
    finding_ids = [f"f{i}" for i in range(rng.randint(0, 3))]
    rec_ids = [f"r{i}" for i in range(rng.randint(0, 3))]

    actors: list[dict[str, Any]] = []
    for aid in actor_ids:
        actor: dict[str, Any] = {"id": aid, "type": rng.choice(ENUMS["actor-type"])}
        if rng.random() < 0.5:
            actor["label"] = rng.choice([f"Actor {aid}", " ", ""])
        if rng.random() < 0.3:
            actor["level"] = rng.choice(ENUMS["level"])
        others = [a for a in actor_ids if a != aid]
        if rng.random() < 0.3 and others:
            actor["type"] = "panel"
            actor["members"] = rng.sample(others, k=rng.randint(1, min(3, len(others))))
            if rng.random() < 0.6:
                actor["chair"] = rng.choice(others)
        if rng.random() < 0.15 and others:
            parent = rng.choice(others)
            if not _reaches(parent, aid, {a["id"]: a.get("part_of") for a in actors}):
                actor["part_of"] = parent  # never a cycle: the checker refuses those
        if rng.random() < 0.2:
            actor["source"] = _cite(rng)
        actors.append(actor)

    days = sorted(START + timedelta(days=rng.randint(0, 120)) for _ in event_ids)
    events = []
    for index, (eid, day) in enumerate(zip(event_ids, days, strict=True)):
        kind = rng.choice(KINDS)
        event: dict[str, Any] = {"id": eid, "kind": kind}
        if rng.random() < 0.6:
            event["date"] = _date(rng, day)
        if index and rng.random() < 0.3:
            event["after"] = _some(rng, event_ids[:index], 2) or event_ids[index - 1]
        if index < len(event_ids) - 1 and rng.random() < 0.2:
            event["before"] = _some(rng, event_ids[index + 1 :], 1) or event_ids[index + 1]
        for key in ("by", "to", "with", "consulted", "informed"):
            if rng.random() < 0.45:
                event[key] = _some(rng, actor_ids)
        if concern_ids and rng.random() < 0.3:
            event["about"] = _some(rng, concern_ids)
        for key in ("summary", "outcome"):
            if rng.random() < 0.3:
                event[key] = f"{key} of {eid}"
        if rng.random() < 0.5:
            event["rationale"] = rng.choice(["because", "", "  ", None, " why "])
        if tool_ids and rng.random() < 0.4:
            event["tool"] = rng.choice(tool_ids)
        if rng.random() < 0.2:
            event["risk"] = rng.choice(ENUMS["risk"])
        if rng.random() < 0.35:
            stage: dict[str, Any] = {}
            if rng.random() < 0.8:
                stage["name"] = rng.choice(["channel", "prevent"])
            if rng.random() < 0.9 or not stage:
                stage["effect"] = rng.choice(ENUMS["stage-effect"])
            event["stage"] = stage
        if kind in ("referral", "communication", "tasking") and rng.random() < 0.5:
            event["status"] = rng.choice(ENUMS["event-status"])
        if kind in ("tasking", "intervention"):
            if rng.random() < 0.6:
                event["planned"] = rng.randint(0, 3)
            if rng.random() < 0.4:
                event["delivered"] = rng.randint(0, 3)
        if kind == "intervention" and rng.random() < 0.6:
            targets = [e for e in event_ids if e != eid]
            if targets:
                event["under"] = rng.choice(targets)
        if rng.random() < 0.3:
            event["source"] = _cite(rng)
        events.append(event)

    if len(events) >= 3 and rng.random() < 0.25:
        _plant_short_stage(rng, events)

    concerns = []
    for cid in concern_ids:
        concern: dict[str, Any] = {"id": cid}
        if rng.random() < 0.5:
            concern["label"] = f"Concern {cid}"
        if rng.random() < 0.7:
            concern["nature"] = rng.choice(ENUMS["nature"])
        if rng.random() < 0.7:
            concern["identified_by"] = rng.choice(actor_ids)
        if event_ids and rng.random() < 0.7:
            concern["identified_at"] = rng.choice(event_ids)
        if event_ids and rng.random() < 0.6:
            concern["addressed_by"] = _some(rng, event_ids)
        if rng.random() < 0.3:
            concern["source"] = _cite(rng)
        concerns.append(concern)

    duties = []
    for did in duty_ids:
        duty: dict[str, Any] = {"id": did}
        if rng.random() < 0.5:
            duty["label"] = f"Duty {did}"
        if rng.random() < 0.85:
            holders = []
            for _ in range(rng.randint(0, 4)):
                holder = {"actor": rng.choice(actor_ids), "role": rng.choice(ENUMS["role"])}
                if rng.random() < 0.7:
                    holder["basis"] = rng.choice(ENUMS["basis"])
                holders.append(holder)
            duty["holders"] = holders
        if event_ids and rng.random() < 0.5:
            duty["discharged_by"] = _some(rng, event_ids)
        if rng.random() < 0.3:
            duty["clarity"] = rng.choice(ENUMS["clarity"])
        if rng.random() < 0.3:
            duty["source"] = _cite(rng)
        duties.append(duty)

    tools = []
    for tid in tool_ids:
        tool: dict[str, Any] = {"id": tid, "label": f"Tool {tid}"}
        if rng.random() < 0.6:
            tool["status"] = rng.choice(ENUMS["tool-status"])
        if rng.random() < 0.6:
            tool["superseded"] = _date(rng, START + timedelta(days=rng.randint(0, 120)))
        if rng.random() < 0.3:
            tool["source"] = _cite(rng)
        tools.append(tool)

    every_id = actor_ids + event_ids + concern_ids + duty_ids + tool_ids + finding_ids + rec_ids
    findings = []
    for fid in finding_ids:
        finding: dict[str, Any] = {"id": fid}
        if rng.random() < 0.7:
            finding["text"] = f"Finding {fid}"
        if rng.random() < 0.8:
            finding["evidence"] = _some(rng, every_id, 5)
        if rng.random() < 0.7:  # one theme, or a list of distinct ones
            # Half the time, themes a gap could report on the evidence (so that many
            # results are stated by a finding); else any gap id or free theme.
            named = {gap for ref in _listed(finding.get("evidence")) for gap in _GAPS_ON[ref[0]]}
            pool = sorted(named) if named and rng.random() < 0.5 else [*GAP_IDS, *FREE_THEMES]
            themes = rng.sample(pool, k=min(len(pool), rng.randint(1, 3)))
            finding["theme"] = themes[0] if len(themes) == 1 and rng.random() < 0.5 else themes
        if rng.random() < 0.5:
            finding["source"] = _cite(rng)
        findings.append(finding)

    recommendations = []
    for rid in rec_ids:
        rec: dict[str, Any] = {"id": rid}
        if rng.random() < 0.6:
            rec["text"] = f"Recommendation {rid}"
        if finding_ids and rng.random() < 0.7:
            rec["addresses"] = _some(rng, finding_ids)
        if rng.random() < 0.7:
            rec["owner"] = rng.choice(actor_ids)
        if rng.random() < 0.3:
            rec["status"] = rng.choice(ENUMS["recommendation-status"])
        recommendations.append(rec)

    head: dict[str, Any] = {
        "id": case_id,
        "title": f"Generated case {case_id}",
        "period": {"start": "2019-01", "end": "2019-06"},
    }
    if rng.random() < 0.5:
        head["silent_on"] = rng.sample(ENUMS["aspect"], k=rng.randint(1, 3))
    return {
        "casegraph": 1,
        "case": head,
        "sources": [{"id": "s1", "kind": "review-report"}, {"id": "s2", "title": "Other"}],
        "actors": actors,
        "concerns": concerns,
        "duties": duties,
        "tools": tools,
        "events": events,
        "findings": findings,
        "recommendations": recommendations,
    }


def _plant_short_stage(rng: random.Random, events: list[dict[str, Any]]) -> None:
    """A stage entered, a tasking in it delivered short, the stage exited (in that order).

    Premature-exit's recorded clause (b) needs all three in order, which independent
    draws rarely give. Events are in timeline order, so `after` an earlier one agrees.
    """
    enter, task, leave = (events[i] for i in sorted(rng.sample(range(len(events)), 3)))
    name = rng.choice(["channel", "prevent"])
    enter["stage"] = {"name": name, "effect": "enter"}
    task["kind"] = "tasking"
    task.pop("under", None)
    task["planned"] = rng.randint(1, 3)
    task["delivered"] = task["planned"] - 1
    task["after"] = sorted({*_listed(task.get("after")), enter["id"]})
    leave["stage"] = {"name": name, "effect": "exit"}
    leave["after"] = sorted({*_listed(leave.get("after")), task["id"]})


def random_case_text(seed: int) -> str:
    """The YAML text of the case generated from one seed (its id is ``gen-<seed>``)."""
    rng = random.Random(seed)
    return yaml.safe_dump(random_case(rng, f"gen-{seed}"), sort_keys=False, allow_unicode=True)


def _reaches(start: str, goal: str, part_of: dict[str, Any]) -> bool:
    """True when following part_of from ``start`` arrives at ``goal``."""
    seen = set()
    node: Any = start
    while node is not None and node not in seen:
        if node == goal:
            return True
        seen.add(node)
        node = part_of.get(node)
    return False
