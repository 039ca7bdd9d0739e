"""Who could have known what, and when: knowledge flows through the recorded events.

The rules mirror the gap catalogue's helper notions (design/product.md):

- **members** of an actor: its ``members`` and ``chair``, one level deep;
- X **takes part** in event F when X is in F's ``by``, ``with`` or ``consulted``, or
  is a member of an actor that is;
- X **hears** in F when F's ``status`` is not failed or not-sent, and X is in F's
  ``to``, ``with``, ``consulted`` or ``informed``, or is a member of an actor in F's
  ``by``, ``to``, ``with``, ``consulted`` or ``informed``. Being in F's own ``by`` is
  not hearing, and hearing does not pass from a member up to the panel.

What an actor holds, and from which event on (its *acquisition* event):

- a concern starts with each of its ``identified_by`` actors at its
  ``identified_at`` event (with no ``identified_at``, from an unknown time: the
  identifier may pass it on at any event);
- everyone who takes part or hears in event F holds F itself, and the concerns F is
  ``about`` or that list F in ``addressed_by``, from F on;
- at event F, everyone who hears in F receives everything held by anyone who takes
  part in F, provided the flow does not go back in time: a holder may pass on at F
  what it acquired at E unless E is provably later than F (the *later* relation,
  casegraph.time.order.Chronology; events it does not order, such as an undated event
  with no after/before chain, never block a flow).

``at`` bounds the flows to the events that could have happened by then: with an
event X, every event except those provably later than X (X itself included); with a
date D (a partial date stands for its whole period), every event except those
provably after D's last day (their ``not_before`` bound is after it: their own
earliest possible day, or that of an event chained before them, is later). A concern
*existed* by then unless its ``identified_at`` event is provably later. This is an
upper bound computed from the recorded flows only: what was said but not recorded is
not in it, and a recorded flow may not have carried everything its sender held.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from casegraph.errors import CaseGraphError
from casegraph.graph.names import is_multi_case, locate, resolve
from casegraph.text import shorten
from casegraph.time.dates import PartialDate, parse_date
from casegraph.time.later import case_graph, chronology

if TYPE_CHECKING:
    import networkx as nx

    from casegraph.dataset import CaseDataset

NOTE = (
    "Computed from the recorded flows only: an upper bound on what could have "
    "reached the actor, not a record of what it knew."
)
_NOT_DELIVERED = {"failed", "not-sent"}
_PARTICIPANT_KEYS = ("by", "with", "consulted")
_HEARER_KEYS = ("to", "with", "consulted", "informed")


@dataclass(frozen=True)
class Link:
    """One link of a chain: ``actor`` got the item at ``event`` (``how``), from ``source``.

    ``how`` is "identified" (the concern's identifier; ``event`` may be None),
    "took part" or "heard" (in ``event``; ``source`` is the actor who took part and
    held it, or None when the event itself carried it).
    """

    actor: str
    event: str | None
    how: str
    source: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"actor": self.actor, "event": self.event, "how": self.how, "from": self.source}


@dataclass(frozen=True)
class Known:
    """An item (concern or event) that could have reached the actor, and one shortest chain."""

    item: str
    type: str
    label: str
    date: str | None
    chain: tuple[Link, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "type": self.type,
            "label": self.label,
            "date": self.date,
            "chain": [link.to_json() for link in self.chain],
        }


@dataclass(frozen=True)
class Unreached:
    """A concern that existed by then but could not have reached the actor."""

    item: str
    label: str
    identified_by: tuple[str, ...]
    identified_at: str | None
    holders: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "label": self.label,
            "identified_by": list(self.identified_by),
            "identified_at": self.identified_at,
            "holders": list(self.holders),
        }


@dataclass(frozen=True)
class Knowledge:
    """What could have reached ``actor`` by ``at``, and the concerns that could not."""

    case: str
    actor: str
    actor_label: str
    at: str | None
    at_label: str | None
    known: tuple[Known, ...]
    unreached: tuple[Unreached, ...]
    note: str = NOTE

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "actor": self.actor,
            "actor_label": self.actor_label,
            "at": self.at,
            "at_label": self.at_label,
            "known": [k.to_json() for k in self.known],
            "unreached": [u.to_json() for u in self.unreached],
            "note": self.note,
        }


class _Case:
    """The flow structure of one case, read off the projection."""

    def __init__(self, graph: nx.MultiDiGraph, case: str):
        self.graph = graph
        nodes = {n: a for n, a in graph.nodes(data=True) if a.get("case") == case}
        self.events = sorted(n for n, a in nodes.items() if a.get("type") == "event")
        self.concerns = sorted(n for n, a in nodes.items() if a.get("type") == "concern")
        self.out: dict[str, dict[str, list[str]]] = {n: {} for n in nodes}
        for u, v, key in graph.edges(keys=True):
            if u in self.out:
                self.out[u].setdefault(key, []).append(v)
        self.time = chronology(graph)

    def refs(self, node: str, key: str) -> list[str]:
        return self.out.get(node, {}).get(key, [])

    def members(self, actor: str) -> list[str]:
        return self.refs(actor, "members") + self.refs(actor, "chair")

    def participants(self, event: str) -> list[str]:
        direct = [a for key in _PARTICIPANT_KEYS for a in self.refs(event, key)]
        return list(dict.fromkeys(direct + [m for a in direct for m in self.members(a)]))

    def hearers(self, event: str) -> list[str]:
        if self.graph.nodes[event].get("status") in _NOT_DELIVERED:
            return []
        direct = [a for key in _HEARER_KEYS for a in self.refs(event, key)]
        groups = [a for key in ("by", *_HEARER_KEYS) for a in self.refs(event, key)]
        return list(dict.fromkeys(direct + [m for a in groups for m in self.members(a)]))

    def carried(self, event: str) -> list[str]:
        """The event itself and the concerns it is about or addresses."""
        about = self.refs(event, "about")
        addressing = [c for c in self.concerns if event in self.refs(c, "addressed_by")]
        return list(dict.fromkeys([event, *about, *addressing]))


def _allowed(case: _Case, at_event: str | None, at_date: PartialDate | None) -> set[str]:
    """The events that could have happened by the cut-off."""
    if at_event is not None:
        return {e for e in case.events if not case.time.is_later(e, at_event)}
    if at_date is not None:
        bound = case.time.not_before
        return {e for e in case.events if e not in bound or bound[e] <= at_date.latest}
    return set(case.events)


_DATE_LIKE = re.compile(r"^\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?$")


def knew(graph: nx.MultiDiGraph, actor: str, at: str | None = None) -> Knowledge:
    """What could have reached ``actor`` by ``at`` through time-respecting flows.

    Args:
        graph: a NetworkX projection (casegraph.graph.projection;
            :func:`casegraph.time.later.case_graph` projects one case of a dataset).
        actor: the actor's id or label (see :func:`casegraph.graph.names.resolve`).
        at: an event (id or label) or a date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``);
            None for everything recorded.

    Returns:
        A :class:`Knowledge`: the concerns and events that could have reached the
        actor, each with one shortest chain, and the concerns that existed by then but
        could not have reached it (the information asymmetry), with who held them.

    Raises:
        UnknownNode, AmbiguousNode: the actor or the event is not found (or not unique).
    """
    node = resolve(graph, actor, types={"actor"})
    case_id = str(graph.nodes[node]["case"])
    multi = is_multi_case(graph)
    at_event = at_date = None
    if at is not None:
        try:
            at_date = parse_date(at)
        except ValueError as exc:
            if _DATE_LIKE.match(at.strip()):  # meant as a date: say what is wrong with it
                raise CaseGraphError(f"{exc} (as the moment to ask about)") from None
            prefix = f"{case_id}/" if multi and "/" not in at else ""
            at_event = resolve(graph, prefix + at, types={"event"})
    case = _Case(graph, case_id)
    allowed = _allowed(case, at_event, at_date)
    holds, first = _flow(case, allowed)

    def ident(n: str) -> str:
        attrs = graph.nodes[n]
        return f"{attrs['case']}/{attrs['id']}" if multi else str(attrs["id"])

    known = []
    for item in holds.get(node, {}):
        attrs = graph.nodes[item]
        chain = first[(node, item)]
        known.append(
            Known(
                ident(item),
                str(attrs["type"]),
                str(attrs.get("label", "")),
                attrs.get("date"),
                tuple(
                    Link(ident(a), ident(e) if e else None, how, ident(s) if s else None)
                    for a, e, how, s in chain
                ),
            )
        )
    known.sort(key=lambda k: (k.type != "concern", k.item))
    unreached = []
    for concern in case.concerns:
        origin = case.refs(concern, "identified_at")
        if concern in holds.get(node, {}) or (origin and origin[0] not in allowed):
            continue
        holders = sorted(ident(a) for a, items in holds.items() if concern in items)
        unreached.append(
            Unreached(
                ident(concern),
                str(graph.nodes[concern].get("label", "")),
                tuple(ident(a) for a in case.refs(concern, "identified_by")),
                ident(origin[0]) if origin else None,
                tuple(holders),
            )
        )
    at_text = at_label = None
    if at_event is not None:
        at_text, at_label = ident(at_event), str(graph.nodes[at_event].get("label", ""))
    elif at_date is not None:
        at_text = at_date.text
    return Knowledge(
        case_id,
        ident(node),
        str(graph.nodes[node].get("label", "")),
        at_text,
        at_label,
        tuple(known),
        tuple(unreached),
    )


# One fact: (acquisition event or None, chain of (actor, event or None, how, source actor
# or None)).
_Chain = tuple[tuple[str, "str | None", str, "str | None"], ...]


_Holds = dict[str, dict[str, list[tuple["str | None", _Chain]]]]


def _flow(case: _Case, allowed: set[str]) -> tuple[_Holds, dict[tuple[str, str], _Chain]]:
    """Every (actor, item) that could be held, with its non-dominated acquisitions.

    An acquisition at E lets the holder pass the item on at any event F that E is not
    later than (with no E, at any event). An acquisition at an event later than
    another's (or at the same event) can pass on nowhere the other cannot, so it is
    dropped. Each round adds one more flow to the chains, so the first chain recorded
    for (actor, item) is a shortest.

    Returns:
        The acquisitions, and the first (shortest) chain for each (actor, item).
    """
    holds: _Holds = {}
    first: dict[tuple[str, str], _Chain] = {}

    def no_better(at: str | None, than: str | None) -> bool:
        """An acquisition at ``at`` is usable nowhere one at ``than`` is not."""
        return than is None or at == than or (at is not None and case.time.is_later(at, than))

    def add(actor: str, item: str, at: str | None, chain: _Chain) -> bool:
        facts = holds.setdefault(actor, {}).setdefault(item, [])
        if any(no_better(at, other) for other, _ in facts):
            return False
        facts[:] = [(other, c) for other, c in facts if not no_better(other, at)]
        facts.append((at, chain))
        first.setdefault((actor, item), chain)
        return True

    for concern in case.concerns:
        origin = case.refs(concern, "identified_at")
        if origin and origin[0] not in allowed:
            continue
        event = origin[0] if origin else None
        for actor in case.refs(concern, "identified_by"):
            add(actor, concern, event, ((actor, event, "identified", None),))
    events = [e for e in case.events if e in allowed]
    hearers = {e: case.hearers(e) for e in events}
    participants = {e: case.participants(e) for e in events}
    for event in events:
        for item in case.carried(event):
            for actor in participants[event]:
                add(actor, item, event, ((actor, event, "took part", None),))
            for actor in hearers[event]:
                add(actor, item, event, ((actor, event, "heard", None),))
    changed = True
    while changed:
        changed = False
        snapshot = {a: {i: list(f) for i, f in items.items()} for a, items in holds.items()}
        for event in events:
            if not hearers[event]:
                continue
            for sender in participants[event]:
                for item, facts in snapshot.get(sender, {}).items():
                    usable = [
                        chain
                        for at, chain in facts
                        if at is None or not case.time.is_later(at, event)
                    ]
                    if not usable:
                        continue
                    chain = min(usable, key=len)
                    for hearer in hearers[event]:
                        if hearer != sender and add(
                            hearer, item, event, (*chain, (hearer, event, "heard", sender))
                        ):
                            changed = True
    return holds, first


def knew_in(dataset: CaseDataset, actor: str, at: str | None = None) -> Knowledge:
    """:func:`knew` on a dataset: finds the actor's case and projects only that case.

    Args:
        dataset: the cases.
        actor: an actor's id or label; ``case-id/actor-id`` in a multi-case dataset.
        at: as for :func:`knew`.

    Raises:
        UnknownNode, AmbiguousNode: as for :func:`knew`.
    """
    graphs: dict[str, nx.MultiDiGraph] = {}
    case_id, node = locate(dataset, actor, types={"actor"}, graphs=graphs)
    graph = graphs.get(case_id)
    return knew(graph if graph is not None else case_graph(dataset, case_id), node, at)


def format_knowledge(result: Knowledge) -> str:
    """The result as text: what could have reached the actor, through which chain, and
    the concerns that could not have (the information asymmetry)."""
    by = f" by {result.at}" + (f" ({shorten(result.at_label, 60)})" if result.at_label else "")
    if result.at is None:
        by = " by the end of the record"
    lines = [f"What could have reached {result.actor} ({shorten(result.actor_label, 60)}){by}:"]
    if not result.known:
        lines.append("  nothing")
    for item in result.known:
        when = f" [{item.date}]" if item.date else ""
        lines.append(f"  {item.type} {item.item}{when}: {shorten(item.label)}")
        lines.append(f"    via {_chain_text(item.chain)}")
    lines.append("")
    lines.append(f"Concerns in the case by then that could not have reached {result.actor}:")
    if not result.unreached:
        lines.append("  none")
    for concern in result.unreached:
        origin = ""
        if concern.identified_by:
            origin = f"; identified by {', '.join(concern.identified_by)}"
            origin += f" at {concern.identified_at}" if concern.identified_at else ""
        held = (
            f"; held by {', '.join(concern.holders)}" if concern.holders else "; no recorded holder"
        )
        lines.append(f"  concern {concern.item}: {shorten(concern.label)}{origin}{held}")
    lines.append("")
    lines.append(f"Note: {result.note}")
    return "\n".join(lines)


def _chain_text(chain: Sequence[Link]) -> str:
    parts = []
    for link in chain:
        if link.how == "identified":
            parts.append(
                f"{link.actor} identified it" + (f" at {link.event}" if link.event else "")
            )
        elif link.source:
            parts.append(f"{link.actor} heard it from {link.source} in {link.event}")
        else:
            parts.append(f"{link.actor} {link.how} in {link.event}")
    return " -> ".join(parts)
