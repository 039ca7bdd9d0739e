"""The "later" relation between events, in linear space: bounds per event plus the links.

product.md defines *later* as the transitive closure of three relations: F ``after``
E; E ``before`` F; F's earliest possible moment after E's latest. The closure is
quadratic in a case's events, so it is never built. Instead :class:`Chronology`
keeps, per event, two days computed once in linear time over the chain of
``after``/``before`` links:

- ``not_before(v)``: the latest first day among v's own date and the dates of every
  event chained before v (v cannot have happened earlier);
- ``not_after(v)``: the earliest last day among v's own date and the dates of every
  event chained after v (v cannot have happened later);

and, for a case without contradictions, F is later than E exactly when F reaches E
along the links (F after ... after E), or ``not_after(E) < not_before(F)``. The
proof is in docs/gaps.md ("The later relation"); tests/test_later.py checks it
against the closure on random chains with partial dates. A case is free of
contradictions exactly when the links make no cycle and ``not_before(v) <=
not_after(v)`` for every event, which :meth:`Chronology.contradictions` reports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from casegraph.time.dates import PartialDate


@dataclass
class Timed:
    """What ordering needs of one event."""

    date: PartialDate | None = None
    after: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Contradiction:
    """An asserted link the rest of the order contradicts: ``event.key: other``.

    ``dated`` and ``against`` are the two dated events whose dates the chain through
    this link turns round (None when the links alone make a cycle).
    """

    event: str
    key: str  # "after" or "before"
    other: str
    dated: str | None = None
    against: str | None = None
    dated_when: str | None = None
    against_when: str | None = None

    def message(self, name: Callable[[str], str] = str) -> str:
        """What is wrong, for a user, with events called by ``name``."""
        link = f"{name(self.event)!r} {self.key} {name(self.other)!r}"
        ends = {self.dated, self.against}
        if self.dated is None or ends == {self.event, self.other}:
            return (
                f"{link} contradicts the dates or the other after/before (it makes a cycle); "
                "fix the order or the date"
            )
        return (
            f"{link} contradicts the dates: through the after/before links it puts "
            f"{name(self.dated)!r} ({self.dated_when}) after {name(str(self.against))!r} "
            f"({self.against_when}); fix the order or the date"
        )


class Chronology:
    """The later relation of one case: direct links and per-event bounds (linear size).

    Build it once per case from each event's date and ``after``/``before`` ids (ids
    that name no event are ignored: the checker reports them). Links are kept as
    "directly later than" adjacency; bounds are computed in one topological pass each
    way. On a case whose links make a cycle the bounds of the events on and beyond
    the cycle are left out (``contradictions`` names the cycle's links).
    """

    def __init__(self, events: Mapping[str, Timed]):
        self.dates: dict[str, PartialDate | None] = {eid: ev.date for eid, ev in events.items()}
        # F -> the events F is directly later than (F after E, or E before F), and back.
        self.earlier: dict[str, list[str]] = {eid: [] for eid in events}
        self.later: dict[str, list[str]] = {eid: [] for eid in events}
        # Which asserted keys made each link, for messages: (F, E) -> [(event, key, other)].
        self._asserted: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
        for eid, ev in events.items():
            for other in ev.after:
                self._link(eid, other, (eid, "after", other))
            for other in ev.before:
                self._link(other, eid, (eid, "before", other))
        self.rank = self._topological()
        self.not_before: dict[str, date] = {}
        self.not_after: dict[str, date] = {}
        self._bounds()

    def _link(self, later: str, earlier: str, asserted: tuple[str, str, str]) -> None:
        if later not in self.earlier or earlier not in self.earlier:
            return
        if (later, earlier) in self._asserted:
            self._asserted[(later, earlier)].append(asserted)
            return
        self._asserted[(later, earlier)] = [asserted]
        if later != earlier:  # E after E is kept only as a contradiction
            self.earlier[later].append(earlier)
            self.later[earlier].append(later)

    def _topological(self) -> dict[str, int]:
        """Rank of each event in an order where every link's earlier event comes first
        (Kahn's algorithm); events on or after a cycle of links get no rank."""
        waiting = {eid: len(earlier) for eid, earlier in self.earlier.items()}
        ready = [eid for eid, count in waiting.items() if count == 0]
        rank: dict[str, int] = {}
        while ready:
            eid = ready.pop()
            rank[eid] = len(rank)
            for nxt in self.later[eid]:
                waiting[nxt] -= 1
                if waiting[nxt] == 0:
                    ready.append(nxt)
        return rank

    def _bounds(self) -> None:
        ranked = sorted(self.rank, key=self.rank.__getitem__)
        for eid in ranked:  # earliest first: everything chained before is done
            when = self.dates[eid]
            best = when.earliest if when else None
            for e in self.earlier[eid]:
                lo = self.not_before.get(e)
                if lo is not None and (best is None or lo > best):
                    best = lo
            if best is not None:
                self.not_before[eid] = best
        for eid in reversed(ranked):  # latest first: everything chained after is done
            when = self.dates[eid]
            best = when.latest if when else None
            for f in self.later[eid]:
                hi = self.not_after.get(f)
                if hi is not None and (best is None or hi < best):
                    best = hi
            if best is not None:
                self.not_after[eid] = best

    # -- the relation ------------------------------------------------------------------

    def is_later(self, f: str, e: str) -> bool:
        """F is provably later than E (product.md's *later*), for a consistent case."""
        hi, lo = self.not_after.get(e), self.not_before.get(f)
        if hi is not None and lo is not None and hi < lo:
            return True
        return self.chained(f, e)

    def chained(self, f: str, e: str) -> bool:
        """F reaches E along ``after``/``before`` links (F after ... after E).

        A depth-first walk towards earlier events that never enters an event ranked
        before E (nothing there can reach E), so it stays within the chain between them.
        """
        if f == e or f not in self.rank or e not in self.rank or self.rank[f] < self.rank[e]:
            return False
        floor = self.rank[e]
        seen = {f}
        stack = [f]
        while stack:
            for nxt in self.earlier[stack.pop()]:
                if nxt == e:
                    return True
                if nxt not in seen and self.rank.get(nxt, -1) > floor:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    def sort_key(self, eid: str) -> tuple[int, date, int]:
        """A key whose ascending order never puts an event before one it is later than.

        Events with a lower bound come by that bound, undated chains first; ties (and
        undated events) follow the links. If F is later than E, then either its bound is
        larger (by dates) or equal-or-larger with a higher link rank (by links).
        """
        lo = self.not_before.get(eid)
        return (0, date.min, self.rank.get(eid, -1)) if lo is None else (1, lo, self.rank[eid])

    def ordered(self, events: Iterable[str] | None = None) -> list[str]:
        """Events (all by default) in an order consistent with *later* (:meth:`sort_key`)."""
        return sorted(self.dates if events is None else events, key=self.sort_key)

    # -- consistency -------------------------------------------------------------------

    def contradictions(self) -> list[Contradiction]:
        """The asserted links that the rest of the order contradicts.

        Either links that make a cycle (an event chained after itself, or ``E after
        E``), or a dated event chained after an event that starts after it ends:
        ``not_before(v) > not_after(v)``. For the latter, each such dated event D is
        reported once, at its first link on the chain towards the event whose start
        is D's ``not_before``.
        """
        found = [
            Contradiction(*link)
            for (f, e), links in self._asserted.items()
            for link in links
            if f == e
        ]
        if len(self.rank) < len(self.dates):
            cyclic = self._cyclic()
            found += [
                Contradiction(*link)
                for (f, e), links in self._asserted.items()
                for link in links
                if f != e and f in cyclic and e in cyclic
            ]
            return sorted(found, key=_link_order)
        for eid in sorted(self.rank, key=self.rank.__getitem__):
            when = self.dates[eid]
            if when is None or self.not_before[eid] <= when.latest:
                continue
            first = self._carrier(eid)
            target = first
            while (day := self.dates[target]) is None or day.earliest != self.not_before[eid]:
                target = self._carrier(target)
            against = self.dates[target]
            found += [
                Contradiction(*link, eid, target, when.text, against.text if against else None)
                for link in self._asserted[(eid, first)]
            ]
        return sorted(found, key=_link_order)

    def _carrier(self, eid: str) -> str:
        """The event directly before ``eid`` whose lower bound ``eid`` inherits."""
        return next(e for e in self.earlier[eid] if self.not_before.get(e) == self.not_before[eid])

    def _cyclic(self) -> set[str]:
        """Events on a cycle of links: the strongly connected components of more than
        one event (Tarjan's algorithm, without recursion), among the unranked events."""
        left = set(self.dates) - set(self.rank)
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on_stack: set[str] = set()
        cyclic: set[str] = set()
        for root in sorted(left):
            if root in index:
                continue
            work = [(root, iter(self.earlier[root]))]
            index[root] = low[root] = len(index)
            stack.append(root)
            on_stack.add(root)
            while work:
                node, edges = work[-1]
                nxt = next((e for e in edges if e in left), None)
                if nxt is not None:
                    if nxt not in index:
                        index[nxt] = low[nxt] = len(index)
                        stack.append(nxt)
                        on_stack.add(nxt)
                        work.append((nxt, iter(self.earlier[nxt])))
                    elif nxt in on_stack:
                        low[node] = min(low[node], index[nxt])
                    continue
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        cyclic.update(component)
        return cyclic


def _link_order(found: Contradiction) -> tuple[str, str, str]:
    return (found.event, found.key, found.other)
