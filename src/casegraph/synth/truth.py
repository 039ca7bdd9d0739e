"""The gap catalogue read literally, in plain Python, as the synthetic corpus's ground truth.

Each rule of product.md's "gap catalogue" is one function below, written from the
text of the rule and nothing else, so the truth file of a synthetic corpus can be
compared with what the SPARQL catalogue reports. It works on a case as a plain dict,
either as :mod:`casegraph.synth` builds it or as :func:`casegraph.read.casefile.check`
normalises a file (a reference may be one id or a list of ids).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from casegraph.gaps.ids import GAP_IDS
from casegraph.time.dates import PartialDate, parse_date
from casegraph.time.order import Chronology, Timed

_PASSED_ON = ("referral", "communication", "tasking")
_NOT_HEARD = ("failed", "not-sent")
_FAILED = ("failed", "miscommunicated", "not-sent")
_OWNER_ROLES = ("responsible", "accountable")

Result = tuple[str, str | None]  # (entity, actor)


def ids(value: Any) -> list[str]:
    """A reference field as a list of ids: absent or null is none, one id is a list of one."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _date(value: Any) -> PartialDate | None:
    return None if value is None or value == "" else parse_date(str(value))


class CaseView:
    """The helper notions of the catalogue (later, members, hears, takes part, owners,
    delivered) over one case."""

    def __init__(self, data: Mapping[str, Any]):
        self.case_id = str(data["case"]["id"])
        self.actors = {a["id"]: a for a in data.get("actors") or []}
        self.concerns = list(data.get("concerns") or [])
        self.duties = list(data.get("duties") or [])
        self.tools = {t["id"]: t for t in data.get("tools") or []}
        self.events = {e["id"]: e for e in data.get("events") or []}
        self.findings = list(data.get("findings") or [])
        self.recommendations = list(data.get("recommendations") or [])
        self.members = {
            aid: set(ids(a.get("members"))) | set(ids(a.get("chair")))
            for aid, a in self.actors.items()
        }
        self.dates = {eid: _date(e.get("date")) for eid, e in self.events.items()}
        timed = {
            eid: Timed(self.dates[eid], ids(e.get("after")), ids(e.get("before")))
            for eid, e in self.events.items()
        }
        self._time = Chronology(timed)
        self.under_count: dict[str, int] = {}
        for e in self.events.values():
            for parent in ids(e.get("under")):
                self.under_count[parent] = self.under_count.get(parent, 0) + 1
        # who hears in, and who takes part in, each event (the definitions, applied once)
        self.hearers: dict[str, set[str]] = {}
        self.takers_part: dict[str, set[str]] = {}
        for eid, e in self.events.items():
            by = ids(e.get("by"))
            direct = [
                *ids(e.get("to")),
                *ids(e.get("with")),
                *ids(e.get("consulted")),
                *ids(e.get("informed")),
            ]
            heard = set(direct) | self._members_of([*by, *direct])
            self.hearers[eid] = set() if e.get("status") in _NOT_HEARD else heard
            part = [*by, *ids(e.get("with")), *ids(e.get("consulted"))]
            self.takers_part[eid] = set(part) | self._members_of(part)

    def later(self, f: str, e: str) -> bool:
        """F is later than E."""
        return self._time.is_later(f, e)

    def _members_of(self, actors: list[str]) -> set[str]:
        """The members (and chair) of each actor, one level deep."""
        out: set[str] = set()
        for a in actors:
            out |= self.members.get(a, set())
        return out

    def hears(self, x: str, eid: str) -> bool:
        """X hears in event F: F's status is not failed or not-sent, and X is in F's to,
        with, consulted or informed, or a member of an actor in F's by or those."""
        return x in self.hearers[eid]

    def takes_part(self, x: str, eid: str) -> bool:
        """X is in F's by, with or consulted, or a member of an actor that is."""
        return x in self.takers_part[eid]

    @staticmethod
    def owners(duty: Mapping[str, Any], basis: str | None = None) -> set[str]:
        return {
            str(h["actor"])
            for h in duty.get("holders") or []
            if h.get("role") in _OWNER_ROLES and (basis is None or h.get("basis") == basis)
        }

    def delivered(self, event: Mapping[str, Any]) -> int:
        given = event.get("delivered")
        return int(given) if given is not None else self.under_count.get(event["id"], 0)

    def short(self, event: Mapping[str, Any]) -> bool:
        planned = event.get("planned")
        return planned is not None and self.delivered(event) < int(planned)


# -- one function per gap: each yields (entity, actor) -------------------------------------


def responsibility_gap(c: CaseView) -> Iterator[Result]:
    for duty in c.duties:
        if not c.owners(duty) or duty.get("clarity") == "unowned":
            yield duty["id"], None


def blurred_ownership(c: CaseView) -> Iterator[Result]:
    for duty in c.duties:
        holders = duty.get("holders") or []
        accountable = {h["actor"] for h in holders if h.get("role") == "accountable"}
        responsible = {h["actor"] for h in holders if h.get("role") == "responsible"}
        guidance, practice = c.owners(duty, "guidance"), c.owners(duty, "practice")
        if (
            len(accountable) >= 2
            or (len(responsible) >= 2 and not accountable)
            or (guidance and practice and guidance != practice)
            or duty.get("clarity") == "blurred"
        ):
            yield duty["id"], None


def undischarged_duty(c: CaseView) -> Iterator[Result]:
    for duty in c.duties:
        if c.owners(duty) and not ids(duty.get("discharged_by")):
            yield duty["id"], None


def unrecorded_rationale(c: CaseView) -> Iterator[Result]:
    for eid, event in c.events.items():
        if event.get("kind") == "decision" and not event.get("rationale"):
            yield eid, None


def unaddressed_concern(c: CaseView) -> Iterator[Result]:
    for concern in c.concerns:
        if not ids(concern.get("addressed_by")):
            yield concern["id"], None


def delivery_shortfall(c: CaseView) -> Iterator[Result]:
    for eid, event in c.events.items():
        if c.short(event):
            yield eid, None


def failed_communication(c: CaseView) -> Iterator[Result]:
    for eid, event in c.events.items():
        if event.get("status") in _FAILED:
            yield eid, None


def broken_feedback_loop(c: CaseView) -> Iterator[Result]:
    for eid, event in c.events.items():
        if event.get("kind") not in _PASSED_ON:
            continue
        for actor in dict.fromkeys(ids(event.get("by"))):
            if not any(c.hears(actor, fid) and c.later(fid, eid) for fid in c.events):
                yield eid, actor


def excluded_knowledge_holder(c: CaseView) -> Iterator[Result]:
    triggers: dict[str, set[str]] = {}
    for eid, event in c.events.items():
        if event.get("kind") == "referral":
            for actor in ids(event.get("by")):
                triggers.setdefault(actor, set()).add(eid)
    for concern in c.concerns:
        by, at = concern.get("identified_by"), concern.get("identified_at")
        if by and at:
            triggers.setdefault(str(by), set()).add(str(at))
    for did, decision in c.events.items():
        if decision.get("kind") != "decision":
            continue
        for actor in sorted(triggers):
            if any(c.later(did, t) for t in triggers[actor]) and not c.takes_part(actor, did):
                yield did, actor


def outdated_tool(c: CaseView) -> Iterator[Result]:
    for eid, event in c.events.items():
        tool = c.tools.get(event.get("tool")) if event.get("tool") else None
        if tool is None:
            continue
        superseded, when = _date(tool.get("superseded")), c.dates[eid]
        if tool.get("status") == "outdated" or (
            superseded is not None and when is not None and superseded.earliest <= when.earliest
        ):
            yield eid, None


def premature_exit(c: CaseView) -> Iterator[Result]:
    for xid, exit_ in c.events.items():
        stage = exit_.get("stage") or {}
        if stage.get("effect") != "exit" and exit_.get("kind") != "closure":
            continue
        open_concerns = [
            concern["id"]
            for concern in c.concerns
            if concern.get("identified_at")
            and c.later(xid, str(concern["identified_at"]))
            and not any(not c.later(a, xid) for a in ids(concern.get("addressed_by")))
        ]
        short_taskings: list[str] = []
        name = stage.get("name")
        if name:
            enters = [
                sid
                for sid, s in c.events.items()
                if (s.get("stage") or {}).get("name") == name
                and (s.get("stage") or {}).get("effect") == "enter"
                and c.later(xid, sid)
            ]
            short_taskings = [
                tid
                for tid, t in c.events.items()
                if t.get("kind") == "tasking"
                and c.short(t)
                and c.later(xid, tid)
                and any(c.later(tid, sid) for sid in enters)
            ]
        if open_concerns or short_taskings:
            yield xid, None


def unsupported_finding(c: CaseView) -> Iterator[Result]:
    for finding in c.findings:
        if not ids(finding.get("evidence")):
            yield finding["id"], None


def unanswered_finding(c: CaseView) -> Iterator[Result]:
    answered = {f for r in c.recommendations for f in ids(r.get("addresses"))}
    for finding in c.findings:
        if finding["id"] not in answered:
            yield finding["id"], None


def misdirected_recommendation(c: CaseView) -> Iterator[Result]:
    holders = {str(h["actor"]) for d in c.duties for h in d.get("holders") or []}
    for rec in c.recommendations:
        owner = rec.get("owner")
        if (
            owner
            and owner not in holders
            and not any(c.takes_part(str(owner), eid) for eid in c.events)
        ):
            yield rec["id"], None


RULES: dict[str, Callable[[CaseView], Iterator[Result]]] = {
    "responsibility-gap": responsibility_gap,
    "blurred-ownership": blurred_ownership,
    "undischarged-duty": undischarged_duty,
    "unrecorded-rationale": unrecorded_rationale,
    "unaddressed-concern": unaddressed_concern,
    "delivery-shortfall": delivery_shortfall,
    "failed-communication": failed_communication,
    "broken-feedback-loop": broken_feedback_loop,
    "excluded-knowledge-holder": excluded_knowledge_holder,
    "outdated-tool": outdated_tool,
    "premature-exit": premature_exit,
    "unsupported-finding": unsupported_finding,
    "unanswered-finding": unanswered_finding,
    "misdirected-recommendation": misdirected_recommendation,
}


def evaluate(data: Mapping[str, Any]) -> list[dict[str, str | None]]:
    """Every result the catalogue reports for one case, as truth rows.

    Args:
        data: one case, as built by :mod:`casegraph.synth` or as the checker
            normalises a case file (``CaseFile.data``).

    Returns:
        ``{"gap", "case", "entity", "actor"}`` rows, one per result (``actor`` is None
        except for the per-actor gaps), sorted by gap (catalogue order), entity, actor.
    """
    view = CaseView(data)
    rows: list[dict[str, str | None]] = []
    for gap in GAP_IDS:
        found = sorted(set(RULES[gap](view)), key=lambda r: (r[0], r[1] or ""))
        rows.extend({"gap": gap, "case": view.case_id, "entity": e, "actor": a} for e, a in found)
    return rows


__all__ = ["RULES", "CaseView", "evaluate", "ids"]
