"""The gap catalogue in plain Python, written from product.md's rules, to check the SPARQL.

It reads the checked case dict (``casegraph.read.casefile.check``'s ``CaseFile.data``)
and imports nothing of casegraph.gaps, the queries, the RDF mapping or
casegraph.time.order: only partial dates (casegraph.time.dates). The "later" relation
is computed here from its definition, as the full transitive closure
(:func:`later_closure`), so it is the oracle for the linear-size bounds that casegraph
uses. Each rule below is the catalogue's text, clause by clause; the evidence each
result carries is the one documented in the queries.

Evidence basis (docs/gaps.md): each clause is recorded, or an absence of one aspect
(or of none: always evaluated). An absence clause whose aspect the case lists in
``silent_on`` does not match. A result's ``stated_by`` are the findings themed with
its gap whose evidence names its entity; its basis is stated (some finding states
it), else recorded (some recorded clause matched), else absent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from casegraph.time.dates import PartialDate, parse_date

GAP_IDS = (
    "responsibility-gap",
    "blurred-ownership",
    "undischarged-duty",
    "unrecorded-rationale",
    "unaddressed-concern",
    "delivery-shortfall",
    "failed-communication",
    "broken-feedback-loop",
    "excluded-knowledge-holder",
    "outdated-tool",
    "premature-exit",
    "unsupported-finding",
    "unanswered-finding",
    "misdirected-recommendation",
)
PER_ACTOR = ("broken-feedback-loop", "excluded-knowledge-holder")
OWNER_ROLES = ("responsible", "accountable")
LABEL_KEYS = ("label", "outcome", "summary", "text")

Key = tuple[str, str, str, str | None]  # (gap, case, entity, actor)


@dataclass
class Expected:
    """What the catalogue must report for one (gap, case, entity, actor)."""

    evidence: set[str] = field(default_factory=set)
    label: str = ""
    sources: list[dict[str, str | None]] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    basis: str = "absent"
    stated_by: list[str] = field(default_factory=list)


RECORDED = "recorded"  # a clause resting on recorded facts (an absence: its aspect)


def later_closure(
    events: dict[str, tuple[PartialDate | None, list[str], list[str]]],
) -> dict[str, set[str]]:
    """product.md's *later*, from its definition: for each event F, every event E that F
    is later than, i.e. the transitive closure of three relations: F ``after`` E; E
    ``before`` F; F's earliest possible moment after E's latest.

    Args:
        events: each event's (date, after ids, before ids); ids naming no event are ignored.
    """
    direct: dict[str, set[str]] = {eid: set() for eid in events}
    for f, (when_f, after, before) in events.items():
        direct[f].update(e for e in after if e in events)
        for g in before:
            if g in events:
                direct[g].add(f)
        for e, (when_e, _, _) in events.items():
            if when_f and when_e and when_f.earliest > when_e.latest:
                direct[f].add(e)
    closure = {}
    for start in events:
        seen: set[str] = set()
        stack = list(direct[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(direct[node])
        closure[start] = seen
    return closure


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


class Case:
    """One checked case and the helper notions of the catalogue over it."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.case_id = data["case"]["id"]
        self.items: dict[str, dict[str, Any]] = {}
        for section in (
            "sources",
            "actors",
            "concerns",
            "duties",
            "tools",
            "events",
            "findings",
            "recommendations",
        ):
            for item in data.get(section, []):
                self.items[item["id"]] = item
        self.actors = {a["id"]: a for a in data.get("actors", [])}
        self.events = {e["id"]: e for e in data.get("events", [])}
        self.concerns = data.get("concerns", [])
        self.duties = data.get("duties", [])
        self.tools = {t["id"]: t for t in data.get("tools", [])}
        self.findings = data.get("findings", [])
        self.recommendations = data.get("recommendations", [])
        timed = {
            eid: (
                parse_date(ev["date"]) if "date" in ev else None,
                as_list(ev.get("after")),
                as_list(ev.get("before")),
            )
            for eid, ev in self.events.items()
        }
        self.dates = {eid: when for eid, (when, _, _) in timed.items()}
        self.earlier_than = later_closure(timed)  # F -> every E that F is later than
        self.silent = set(as_list(data["case"].get("silent_on")))

    # -- helper notions ----------------------------------------------------------------

    def later(self, f: str, e: str) -> bool:
        """F is later than E."""
        return e in self.earlier_than.get(f, set())

    def certain_by(self, eid: str) -> date | None:
        """The day by which event ``eid`` had certainly happened: the earliest last day
        of it and of every dated event later than it (None when none is dated)."""
        ends = [
            when.latest
            for other in (eid, *(f for f, earlier in self.earlier_than.items() if eid in earlier))
            if (when := self.dates[other]) is not None
        ]
        return min(ends, default=None)

    def certain_by_key(self, eid: str) -> tuple[bool, date | None, str]:
        """Events in the order excluded-knowledge-holder picks its trigger by: the day by
        which each had certainly happened, earliest first (none last), then the id."""
        day = self.certain_by(eid)
        return (day is None, day, eid)

    def members(self, actor: str) -> set[str]:
        """Members and chair, one level deep."""
        a = self.actors.get(actor, {})
        found = set(as_list(a.get("members")))
        if a.get("chair"):
            found.add(a["chair"])
        return found

    def hears(self, x: str, f: str) -> bool:
        ev = self.events[f]
        if ev.get("status") in ("failed", "not-sent"):
            return False
        direct = set()
        for key in ("to", "with", "consulted", "informed"):
            direct.update(as_list(ev.get(key)))
        if x in direct:
            return True
        around = direct | set(as_list(ev.get("by")))
        return any(x in self.members(y) for y in around)

    def takes_part(self, x: str, f: str) -> bool:
        ev = self.events[f]
        part = set()
        for key in ("by", "with", "consulted"):
            part.update(as_list(ev.get(key)))
        return x in part or any(x in self.members(y) for y in part)

    @staticmethod
    def owners(duty: dict[str, Any], basis: str | None = None) -> set[str]:
        return {
            h["actor"]
            for h in duty.get("holders", [])
            if h["role"] in OWNER_ROLES and (basis is None or h.get("basis") == basis)
        }

    def delivered(self, eid: str) -> int:
        ev = self.events[eid]
        if "delivered" in ev:
            return int(ev["delivered"])
        return sum(1 for other in self.events.values() if other.get("under") == eid)

    def short(self, eid: str) -> bool:
        ev = self.events[eid]
        return "planned" in ev and self.delivered(eid) < int(ev["planned"])

    # -- rules ---------------------------------------------------------------------------

    def results(self) -> dict[tuple[str, str, str | None], tuple[set[str], set[str]]]:
        """(gap, entity, actor) -> (evidence ids, what the matching clauses rest on).

        Each ``add`` is one clause matching: ``rests_on`` is RECORDED or the aspect of
        an absence clause ("" for an absence with no aspect).
        """
        out: dict[tuple[str, str, str | None], tuple[set[str], set[str]]] = {}

        def add(
            gap: str,
            entity: str,
            evidence: Iterable[str] = (),
            actor: str | None = None,
            *,
            rests_on: str,
        ) -> None:
            if rests_on in self.silent:
                return  # the sources are silent on this aspect: no evidence of a gap
            ids, bases = out.setdefault((gap, entity, actor), (set(), set()))
            ids.update(evidence)
            bases.add(rests_on)

        for duty in self.duties:
            owners = self.owners(duty)
            clarity = duty.get("clarity")
            if not owners:
                add("responsibility-gap", duty["id"], rests_on="ownership")
            if clarity == "unowned":
                add("responsibility-gap", duty["id"], owners, rests_on=RECORDED)
            accountable = {
                h["actor"] for h in duty.get("holders", []) if h["role"] == "accountable"
            }
            responsible = {
                h["actor"] for h in duty.get("holders", []) if h["role"] == "responsible"
            }
            guidance = self.owners(duty, "guidance")
            practice = self.owners(duty, "practice")
            if (
                len(accountable) >= 2
                or (len(responsible) >= 2 and not accountable)
                or (guidance and practice and guidance != practice)
                or clarity == "blurred"
            ):
                add("blurred-ownership", duty["id"], owners, rests_on=RECORDED)
            if owners and not duty.get("discharged_by"):
                add("undischarged-duty", duty["id"], owners, rests_on="discharge")

        for eid, ev in self.events.items():
            rationale = ev.get("rationale")
            if ev["kind"] == "decision" and (
                rationale is None or not re.search(r"[^ \t\r\n]", rationale)
            ):
                add("unrecorded-rationale", eid, rests_on="rationale")
            if self.short(eid):
                add(
                    "delivery-shortfall",
                    eid,
                    [o for o, other in self.events.items() if other.get("under") == eid],
                    rests_on=RECORDED,
                )
            if ev.get("status") in ("failed", "miscommunicated", "not-sent"):
                add("failed-communication", eid, rests_on=RECORDED)
            if ev["kind"] in ("referral", "communication", "tasking"):
                for actor in as_list(ev.get("by")):
                    if not any(self.hears(actor, f) for f in self.events if self.later(f, eid)):
                        add("broken-feedback-loop", eid, [actor], actor, rests_on="communications")
            tool = self.tools.get(ev.get("tool", ""))
            if tool is not None:
                superseded = parse_date(tool["superseded"]) if "superseded" in tool else None
                date = parse_date(ev["date"]) if "date" in ev else None
                if tool.get("status") == "outdated" or (
                    superseded and date and superseded.earliest <= date.earliest
                ):
                    add("outdated-tool", eid, [tool["id"]], rests_on=RECORDED)
            self.premature_exit(eid, ev, add)

        for concern in self.concerns:
            if not concern.get("addressed_by"):
                add("unaddressed-concern", concern["id"], rests_on="responses")

        triggers: dict[str, set[str]] = {}
        for eid, ev in self.events.items():
            if ev["kind"] == "referral":
                for actor in as_list(ev.get("by")):
                    triggers.setdefault(actor, set()).add(eid)
        for concern in self.concerns:
            if concern.get("identified_by") and concern.get("identified_at"):
                triggers.setdefault(concern["identified_by"], set()).add(concern["identified_at"])
        for actor, events in triggers.items():
            for did, decision in self.events.items():
                if decision["kind"] != "decision" or self.takes_part(actor, did):
                    continue
                earlier = [t for t in events if self.later(did, t)]
                if earlier:
                    first = min(earlier, key=self.certain_by_key)
                    add(
                        "excluded-knowledge-holder",
                        did,
                        {first, actor},
                        actor,
                        rests_on="participation",
                    )

        answered = {f for rec in self.recommendations for f in as_list(rec.get("addresses"))}
        for finding in self.findings:
            if not finding.get("evidence"):
                add("unsupported-finding", finding["id"], rests_on="")
            if finding["id"] not in answered:
                add("unanswered-finding", finding["id"], rests_on="recommendations")

        holders = {h["actor"] for duty in self.duties for h in duty.get("holders", [])}
        for rec in self.recommendations:
            owner = rec.get("owner")
            if (
                owner
                and owner not in holders
                and not any(self.takes_part(owner, f) for f in self.events)
            ):
                add("misdirected-recommendation", rec["id"], [owner], rests_on="ownership")
        return out

    def premature_exit(self, eid: str, ev: dict[str, Any], add: Any) -> None:
        stage = ev.get("stage", {})
        if stage.get("effect") != "exit" and ev["kind"] != "closure":
            return
        open_concerns = {
            c["id"]
            for c in self.concerns
            if c.get("identified_at")
            and self.later(eid, c["identified_at"])
            and all(self.later(a, eid) for a in as_list(c.get("addressed_by")))
        }
        short_taskings: set[str] = set()
        name = stage.get("name")
        if name is not None:
            enters = [
                e
                for e, other in self.events.items()
                if other.get("stage", {}).get("name") == name
                and other.get("stage", {}).get("effect") == "enter"
                and self.later(eid, e)
            ]
            short_taskings = {
                t
                for t, task in self.events.items()
                if task["kind"] == "tasking"
                and self.short(t)
                and self.later(eid, t)
                and any(self.later(t, e) for e in enters)
            }
        if open_concerns:  # (a) rests on no addressed_by: an absence of responses
            add("premature-exit", eid, open_concerns, rests_on="responses")
        if short_taskings:  # (b) rests on recorded counts
            add("premature-exit", eid, short_taskings, rests_on=RECORDED)

    # -- result keys -----------------------------------------------------------------------

    def label(self, item_id: str) -> str:
        item = self.items[item_id]
        for key in LABEL_KEYS:
            value = item.get(key)
            if value is not None and str(value).strip():
                return str(value)
        return item_id

    def sources(self, entity: str, evidence: Iterable[str]) -> list[dict[str, str | None]]:
        out: list[dict[str, str | None]] = []
        for item_id in [entity, *sorted(evidence)]:
            for cite in self.items[item_id].get("source", []):
                entry = {"ref": cite["ref"], "quote": cite.get("quote")}
                if entry not in out:
                    out.append(entry)
        return out

    def findings_naming(self, entity: str) -> list[str]:
        return sorted(f["id"] for f in self.findings if entity in as_list(f.get("evidence")))

    def stating(self, gap: str, entity: str) -> list[str]:
        """The findings themed with ``gap`` whose evidence names ``entity``."""
        return sorted(
            f["id"]
            for f in self.findings
            if gap in as_list(f.get("theme")) and entity in as_list(f.get("evidence"))
        )


def expected_results(data: dict[str, Any]) -> dict[Key, Expected]:
    """Every result the catalogue must give for one checked case, keyed by its identity."""
    case = Case(data)
    out = {}
    for (gap, entity, actor), (evidence, bases) in case.results().items():
        stated_by = case.stating(gap, entity)
        basis = "stated" if stated_by else "recorded" if RECORDED in bases else "absent"
        out[(gap, case.case_id, entity, actor)] = Expected(
            evidence=evidence,
            label=case.label(entity),
            sources=case.sources(entity, evidence),
            findings=case.findings_naming(entity),
            basis=basis,
            stated_by=stated_by,
        )
    return out
