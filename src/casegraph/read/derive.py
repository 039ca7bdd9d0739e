"""Facts derived at load time, so the gap queries stay plain SPARQL 1.1 and fast.

Interval ordering over ``after`` chains is awkward in SPARQL, and the
helper notions of the gap catalogue (product.md: hears, takes part, owners) would
otherwise be re-derived by every query that uses them, at every query. They are
materialised once here and documented in the ontology:

- ``cg:earliest`` / ``cg:latest`` (xsd:date) on every dated event: its interval;
- ``cg:notBefore`` / ``cg:notAfter`` (xsd:date) on every event that has them: the
  bounds of casegraph.time.order.Chronology (the latest start among the event and everything
  chained before it; the earliest end among it and everything chained after it). F is
  later than E when F reaches E along ``cg:after``/``^cg:before`` or E's cg:notAfter is
  before F's cg:notBefore: two dates per event, never the quadratic closure;
- ``cg:supersededFrom`` (xsd:date) on a tool: the first day of its ``superseded`` period;
- ``cg:deliveredCount`` on an event with ``planned``: its ``delivered``, else the number
  of events ``under`` it;
- ``cg:hearsIn``: actor X cg:hearsIn event F when X hears in F;
- ``cg:takesPartIn``: actor X cg:takesPartIn event F when X takes part in F;
- ``cg:ownedBy``: duty D cg:ownedBy actor X when X is one of D's owners.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from casegraph.time.dates import PartialDate
from casegraph.time.order import Chronology, Timed

# Where an actor hears in an event itself, and where its members and chair hear.
HEARING_ROLES = ("to", "with", "consulted", "informed")
MEMBERS_HEAR_ROLES = ("by", *HEARING_ROLES)
# Where an actor, and the members and chair of an actor, take part in an event.
TAKING_PART_ROLES = ("by", "with", "consulted")
# An event with one of these statuses reached nobody: nobody hears in it.
LOST_STATUSES = frozenset({"failed", "not-sent"})
# The holder roles that make a holder one of a duty's owners.
OWNER_ROLES = frozenset({"responsible", "accountable"})


@dataclass
class Derived:
    """Derived facts for one case, keyed by item id."""

    intervals: dict[str, PartialDate] = field(default_factory=dict)
    not_before: dict[str, date] = field(default_factory=dict)
    not_after: dict[str, date] = field(default_factory=dict)
    superseded_from: dict[str, PartialDate] = field(default_factory=dict)
    delivered_count: dict[str, int] = field(default_factory=dict)
    hears: dict[str, set[str]] = field(default_factory=dict)  # event -> actors
    takes_part: dict[str, set[str]] = field(default_factory=dict)  # event -> actors
    owners: dict[str, set[str]] = field(default_factory=dict)  # duty -> actors


@dataclass
class EventFacts:
    """What derivation needs of one event."""

    timed: Timed
    planned: int | None = None
    delivered: int | None = None
    under: str | None = None
    parties: Mapping[str, Sequence[str]] = field(default_factory=dict)  # key -> actor ids
    status: str | None = None


@dataclass
class CaseFacts:
    """What derivation needs of one case besides its events."""

    superseded: dict[str, PartialDate] = field(default_factory=dict)  # tool -> period
    members: dict[str, set[str]] = field(default_factory=dict)  # actor -> members, chair
    holders: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # duty -> (actor, role)


def derive(events: dict[str, EventFacts], case: CaseFacts) -> Derived:
    """Compute every derived fact of one case."""
    under_counts: dict[str, int] = {}
    for ev in events.values():
        if ev.under:
            under_counts[ev.under] = under_counts.get(ev.under, 0) + 1
    chronology = Chronology({eid: ev.timed for eid, ev in events.items()})
    return Derived(
        intervals={eid: ev.timed.date for eid, ev in events.items() if ev.timed.date},
        not_before=chronology.not_before,
        not_after=chronology.not_after,
        superseded_from=dict(case.superseded),
        delivered_count={
            eid: ev.delivered if ev.delivered is not None else under_counts.get(eid, 0)
            for eid, ev in events.items()
            if ev.planned is not None
        },
        hears={
            eid: actors
            for eid, ev in events.items()
            if ev.status not in LOST_STATUSES
            and (actors := _reached(ev, HEARING_ROLES, MEMBERS_HEAR_ROLES, case.members))
        },
        takes_part={
            eid: actors
            for eid, ev in events.items()
            if (actors := _reached(ev, TAKING_PART_ROLES, TAKING_PART_ROLES, case.members))
        },
        owners={
            duty: owners
            for duty, holders in case.holders.items()
            if (owners := {actor for actor, role in holders if role in OWNER_ROLES})
        },
    )


def _reached(
    event: EventFacts,
    roles: Sequence[str],
    member_roles: Sequence[str],
    members: Mapping[str, set[str]],
) -> set[str]:
    """The actors in ``roles`` of the event, with the members and chair of those in
    ``member_roles`` (one level deep: membership is not transitive)."""
    reached = {actor for role in roles for actor in event.parties.get(role, ())}
    for role in member_roles:
        for actor in event.parties.get(role, ()):
            reached.update(members.get(actor, ()))
    return reached
