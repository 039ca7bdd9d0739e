"""The catalogue's helper notions in plain Python, over a case as a plain dict.

Each gap's home reads its rule literally with these (its ``truth`` function), written
from the text of the rule and nothing else, so the truth file of a synthetic corpus
can be compared with what the SPARQL catalogue reports. A case is a plain dict,
either as :mod:`casegraph.synth` builds it or as :func:`casegraph.read.casefile.check`
normalises a file (a reference may be one id or a list of ids).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casegraph.time.dates import PartialDate, parse_date
from casegraph.time.order import Chronology, Timed

_NOT_HEARD = ("failed", "not-sent")
_OWNER_ROLES = ("responsible", "accountable")

Result = tuple[str, str | None]  # (entity, actor)


def ids(value: Any) -> list[str]:
    """A reference field as a list of ids: absent or null is none, one id is a list of one."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def date_of(value: Any) -> PartialDate | None:
    """A date field as a partial date (None when absent or empty)."""
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
        self.dates = {eid: date_of(e.get("date")) for eid, e in self.events.items()}
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


__all__ = ["CaseView", "Result", "date_of", "ids"]
