"""Where each event stands in time, never contradicting casegraph's "later" relation.

The timeline and the report's chronology both need one moment per event and one
order of all events. Both come from here, so a chronology row and a timeline dot can
never disagree, and neither can disagree with the library's relation
(:func:`casegraph.time.later.chronology`: each event's ``not_before``/``not_after``
days and its direct after/before links):

- **bounds**: an event lies between its ``not_before`` and ``not_after`` days (its own
  date's period, narrowed by everything chained before and after it); an undated
  event with nothing dated on one side is open on that side;
- **moment**: going through the events in an order that respects the links, each
  event stands after everything it is directly later than, spread evenly between that
  and its upper bound with the events that must still fit before that bound (a
  month-dated event after a visit on the 16th stands in the second half of the month,
  after the visit); with no upper bound, a month after; with no lower bound, a month
  before what follows; with neither, nowhere (``time`` None: "undated"). An event
  later than another by dates alone starts after that one's bound ends, so it stands
  after it too;
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
from typing import TYPE_CHECKING

from casegraph.time.later import chronology

if TYPE_CHECKING:
    import networkx as nx

    from casegraph.time.order import Chronology

STEP_DAYS = 30.0  # how far from its one bound an event with one bound stands


@dataclass
class Placed:
    """One event's place in time.

    ``low``/``high``: the bounds in days (proleptic ordinal; ``-inf``/``inf`` when
    open); ``time``: the estimated moment (None: nothing places it in time); ``rank``:
    its position in an order of all events that respects "later"; ``after``: the
    events it is directly later than (its after/before links).
    """

    iri: str
    low: float
    high: float
    time: float | None
    rank: int
    after: frozenset[str]

    @property
    def key(self) -> tuple[float, int]:
        """Sort key: by moment, then rank; undated events last."""
        return (self.time if self.time is not None else math.inf, self.rank)


def place_events(graph: nx.MultiDiGraph) -> dict[str, Placed]:
    """Place every event node of a casegraph NetworkX graph (one case or many)."""
    return place_by_case(graph)[0]


def place_by_case(graph: nx.MultiDiGraph) -> tuple[dict[str, Placed], dict[str, Chronology]]:
    """Place every event (as :func:`place_events`) and return each case's later relation
    with the places, for a caller that asks more of it (the timeline's ties), so the
    relation is built once."""
    by_case: dict[str, list[str]] = defaultdict(list)
    for iri, attrs in graph.nodes(data=True):
        if attrs.get("type") == "event":
            by_case[str(attrs.get("case", ""))].append(iri)
    placed: dict[str, Placed] = {}
    relations: dict[str, Chronology] = {}
    if len(by_case) <= 1:
        for case, events in by_case.items():
            relations[case] = relation(graph)
            placed.update(_place(graph, events, relations[case]))
    else:
        nodes: dict[str, list[str]] = defaultdict(list)
        for node, case in graph.nodes(data="case"):
            nodes[str(case or "")].append(node)
        for case in sorted(by_case):
            relations[case] = relation(graph.subgraph(nodes[case]))
            placed.update(_place(graph, by_case[case], relations[case]))
    # Ranks are per case; make them unique across cases, keeping each case's order.
    for rank, iri in enumerate(sorted(placed, key=lambda i: (placed[i].rank, i))):
        placed[iri].rank = rank
    return placed, relations


def relation(graph: nx.MultiDiGraph) -> Chronology:
    """The library's later relation of the graph's events (casegraph.time.later)."""
    return chronology(graph)


def chronological(placed: Mapping[str, Placed]) -> list[str]:
    """Event IRIs in chronological order (a linear extension of "later")."""
    return sorted(placed, key=lambda iri: placed[iri].key)


def _days(value: date | None, end: bool = False) -> float:
    if value is None:
        return math.inf if end else -math.inf
    return float(value.toordinal()) + (1.0 if end else 0.0)


def _place(graph: nx.MultiDiGraph, events: list[str], later: Chronology) -> dict[str, Placed]:
    members = set(events)
    preds = {e: {p for p in later.earlier.get(e, ()) if p in members} for e in events}
    succs = {e: {s for s in later.later.get(e, ()) if s in members} for e in events}
    low = {e: _days(later.not_before.get(e)) for e in events}
    high = {e: _days(later.not_after.get(e), end=True) for e in events}
    order = _linear_extension(events, preds, succs, low, high)
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
    low: Mapping[str, float],
    high: Mapping[str, float],
) -> list[str]:
    """Kahn's algorithm over the links; of the events free to come next, the earliest
    bounds first."""
    waiting = {e: len(preds[e]) for e in events}

    def key(e: str) -> tuple[float, float, str]:
        return (low[e] if low[e] > -math.inf else math.inf, high[e], e)

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
