"""The "later" relation between events: one definition, used by validation and the graph.

F is later than E when the transitive closure of three relations says so: F ``after``
E; E ``before`` F; F's earliest possible moment after E's latest. Where the closure
does not order two events they are not ordered, even if one probably came first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from casegraph.time.dates import PartialDate


@dataclass
class Timed:
    """What ordering needs of one event."""

    date: PartialDate | None = None
    after: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)


def direct_later(events: Mapping[str, Timed]) -> dict[str, set[str]]:
    """Map each event to the events it is directly later than (one step of the closure)."""
    later: dict[str, set[str]] = {eid: set() for eid in events}
    for eid, ev in events.items():
        later[eid].update(e for e in ev.after if e in events)
        for f in ev.before:
            if f in later:
                later[f].add(eid)
    dated = sorted(
        ((eid, ev.date) for eid, ev in events.items() if ev.date is not None),
        key=lambda pair: pair[1].earliest,
    )
    # Sorted by start, each event is later than every event that ends before it starts.
    by_end = sorted(dated, key=lambda pair: pair[1].latest)
    for eid, when in dated:
        for other, other_when in by_end:
            if other_when.latest >= when.earliest:
                break
            later[eid].add(other)
    return later


def closure(direct: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """Transitive closure: for each event, every event it is (directly or by a chain) later than."""
    result: dict[str, set[str]] = {}
    for start in direct:
        seen: set[str] = set()
        stack = list(direct[start])
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(direct.get(node, ()))
        result[start] = seen
    return result


def later_relation(events: Mapping[str, Timed]) -> dict[str, set[str]]:
    """For each event, the set of events it is later than."""
    return closure(direct_later(events))


def contradictions(events: Mapping[str, Timed]) -> list[tuple[str, str, str]]:
    """Asserted ``after``/``before`` links that close a cycle.

    Returns:
        ``(event, key, other)`` for each ``event.key: other`` that the rest of the
        order contradicts (``other`` would end up both earlier and later than ``event``).
    """
    later = later_relation(events)
    found = []
    for eid, ev in events.items():
        for other in ev.after:
            if other in later and eid in later[other]:
                found.append((eid, "after", other))
        for other in ev.before:
            if other in later.get(eid, ()):
                found.append((eid, "before", other))
    return found
