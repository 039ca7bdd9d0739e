"""Facts derived at load time, so the gap queries stay plain SPARQL 1.1.

Interval ordering and transitive ``after`` chains are awkward in SPARQL, so they are
materialised once here and documented in the ontology:

- ``cg:earliest`` / ``cg:latest`` (xsd:date) on every dated event: its interval;
- ``cg:laterThan``: F cg:laterThan E when F is later than E (see casegraph.order);
- ``cg:supersededFrom`` (xsd:date) on a tool: the first day of its ``superseded`` period;
- ``cg:deliveredCount`` on an event with ``planned``: its ``delivered``, else the number
  of events ``under`` it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from casegraph.dates import PartialDate
from casegraph.order import Timed, later_relation


@dataclass
class Derived:
    """Derived facts for one case, keyed by item id."""

    intervals: dict[str, PartialDate] = field(default_factory=dict)
    later: dict[str, set[str]] = field(default_factory=dict)
    superseded_from: dict[str, PartialDate] = field(default_factory=dict)
    delivered_count: dict[str, int] = field(default_factory=dict)


@dataclass
class EventFacts:
    """What derivation needs of one event."""

    timed: Timed
    planned: int | None = None
    delivered: int | None = None
    under: str | None = None


def derive(events: dict[str, EventFacts], superseded: dict[str, PartialDate]) -> Derived:
    """Compute every derived fact of one case."""
    under_counts: dict[str, int] = {}
    for ev in events.values():
        if ev.under:
            under_counts[ev.under] = under_counts.get(ev.under, 0) + 1
    return Derived(
        intervals={eid: ev.timed.date for eid, ev in events.items() if ev.timed.date},
        later=later_relation({eid: ev.timed for eid, ev in events.items()}),
        superseded_from=dict(superseded),
        delivered_count={
            eid: ev.delivered if ev.delivered is not None else under_counts.get(eid, 0)
            for eid, ev in events.items()
            if ev.planned is not None
        },
    )
