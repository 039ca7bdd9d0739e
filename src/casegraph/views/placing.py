"""Where each event stands in time, never contradicting casegraph's "later" relation.

The timeline and the report's chronology both need one moment per event and one
order of all events. Both come from here, so a chronology row and a timeline dot can
never disagree, and neither can disagree with :func:`casegraph.time.later.later_relation`:

- **bounds**: an event lies within its own date's period (a year, a month, a day),
  and no earlier than the start of anything it is later than, and no later than the
  end of anything later than it. An undated event's bounds come from those alone;
- **moment**: going through the events in an order that respects "later", each event
  stands after everything it is later than, spread evenly between that and its upper
  bound with the events that must still fit before that bound (a month-dated event
  after a visit on the 16th stands in the second half of the month, after the visit);
  with no upper bound, a month after; with no lower bound, a month before what
  follows; with neither, nowhere (``time`` None: "undated");
- **rank**: the position in that order; events at the same moment are ordered by
  rank, so sorting by ``(time, rank)`` never puts an event before one it is later than.

Each case is placed on its own (the relation never links two cases).
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

STEP_DAYS = 30.0  # how far from its one bound an event with one bound stands


@dataclass
class Placed:
    """One event's place in time.

    ``low``/``high``: the bounds in days (proleptic ordinal; ``-inf``/``inf`` when
    open); ``time``: the estimated moment (None: nothing places it in time); ``rank``:
    its position in an order of all events that respects "later"; ``later_than``: the
    events it is later than (the library's relation, restricted to its case).
    """

    iri: str
    low: float
    high: float
    time: float | None
    rank: int
    later_than: frozenset[str]

    @property
    def key(self) -> tuple[float, int]:
        """Sort key: by moment, then rank; undated events last."""
        return (self.time if self.time is not None else math.inf, self.rank)


def place_events(graph: nx.MultiDiGraph) -> dict[str, Placed]:
    """Place every event node of a casegraph NetworkX graph (one case or many).

    Uses ``casegraph.time.later.later_relation`` on each case's own events.
    """
    from casegraph.time.later import later_relation

    by_case: dict[str, list[str]] = defaultdict(list)
    for iri, attrs in graph.nodes(data=True):
        if attrs.get("type") == "event":
            by_case[str(attrs.get("case", ""))].append(iri)
    placed: dict[str, Placed] = {}
    if len(by_case) <= 1:
        for events in by_case.values():
            placed.update(_place(graph, events, later_relation(graph)))
    else:
        nodes: dict[str, list[str]] = defaultdict(list)
        for node, case in graph.nodes(data="case"):
            nodes[str(case or "")].append(node)
        for case in sorted(by_case):
            later = later_relation(graph.subgraph(nodes[case]).copy())
            placed.update(_place(graph, by_case[case], later))
    # Ranks are per case; make them unique across cases, keeping each case's order.
    for rank, iri in enumerate(sorted(placed, key=lambda i: (placed[i].rank, i))):
        placed[iri].rank = rank
    return placed


def chronological(placed: Mapping[str, Placed]) -> list[str]:
    """Event IRIs in chronological order (a linear extension of "later")."""
    return sorted(placed, key=lambda iri: placed[iri].key)


def _days(value: Any) -> float | None:
    if not value:
        return None
    try:
        return float(date.fromisoformat(str(value)[:10]).toordinal())
    except ValueError:
        return None


def _period(attrs: Mapping[str, Any]) -> tuple[float, float]:
    """An event's own period in days: [first day, last day + 1); open when undated."""
    first, last = _days(attrs.get("earliest")), _days(attrs.get("latest"))
    if (first is None or last is None) and attrs.get("date"):
        from casegraph.time.dates import parse_date

        try:
            parsed = parse_date(str(attrs["date"]))
        except ValueError:
            return (-math.inf, math.inf)
        first, last = parsed.earliest.toordinal(), parsed.latest.toordinal()
    if first is None or last is None:
        return (-math.inf, math.inf)
    return (float(first), float(last) + 1.0)


def _place(
    graph: nx.MultiDiGraph, events: list[str], later: Mapping[str, Any]
) -> dict[str, Placed]:
    members = set(events)
    preds = {e: {p for p in later.get(e, ()) if p in members and p != e} for e in events}
    succs: dict[str, set[str]] = {e: set() for e in events}
    for e, earlier in preds.items():
        for p in earlier:
            succs[p].add(e)
    period = {e: _period(graph.nodes[e]) for e in events}
    order = _linear_extension(events, preds, succs, period)
    low: dict[str, float] = {}
    for e in order:
        low[e] = max([period[e][0], *(low[p] for p in preds[e])])
    high: dict[str, float] = {}
    for e in reversed(order):
        high[e] = min([period[e][1], *(high[s] for s in succs[e])])
    # How many events after e must still fit before e's upper bound (a chain sharing it).
    chain: dict[str, int] = {}
    for e in reversed(order):
        chain[e] = max((1 + chain[s] for s in succs[e] if high[s] == high[e]), default=0)
    time: dict[str, float | None] = {}
    for e in order:
        before = [t for p in preds[e] if (t := time[p]) is not None]
        base = max([low[e], *before])
        hi = high[e]
        if base > -math.inf and hi < math.inf:
            time[e] = base + max(hi - base, 0.0) / (chain[e] + 2)
        elif base > -math.inf:
            time[e] = base + STEP_DAYS
        else:
            time[e] = None
    # No lower bound: a step before the earliest of what follows (in reverse order, so
    # a chain of such events steps back one by one).
    for e in reversed(order):
        if time[e] is None:
            after = [t for s in succs[e] if (t := time[s]) is not None]
            if after:
                time[e] = min(after) - STEP_DAYS
            elif high[e] < math.inf:
                time[e] = high[e] - STEP_DAYS
    return {
        e: Placed(e, low[e], high[e], time[e], rank, frozenset(preds[e]))
        for rank, e in enumerate(order)
    }


def _linear_extension(
    events: list[str],
    preds: Mapping[str, set[str]],
    succs: Mapping[str, set[str]],
    period: Mapping[str, tuple[float, float]],
) -> list[str]:
    """Kahn's algorithm; among the events free to come next, the earliest period first."""
    waiting = {e: len(preds[e]) for e in events}

    def key(e: str) -> tuple[float, float, str]:
        first, last = period[e]
        middle = (first + last) / 2 if first > -math.inf else math.inf
        return (middle, last, e)

    ready = [(key(e), e) for e in events if waiting[e] == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, e = heapq.heappop(ready)
        order.append(e)
        for s in succs[e]:
            waiting[s] -= 1
            if waiting[s] == 0:
                heapq.heappush(ready, (key(s), s))
    if len(order) < len(events):  # a cycle (validation refuses them): keep every event
        done = set(order)
        order.extend(sorted((e for e in events if e not in done), key=key))
    return order
