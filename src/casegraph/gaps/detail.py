"""What a gap's query returned for one result, and the words its detail sentence needs.

Each gap's home writes its sentence with a :class:`Facts`: the evidence, the actor,
the other variables the query bound, and the labels of the items involved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from casegraph.vocab import enum_value, item_id


@dataclass
class Found:
    """The rows of one (gap, case, entity, actor), gathered before shaping."""

    gap: str
    graph: str
    entity: str
    actor: str | None
    evidence: set[str] = field(default_factory=set)
    facts: dict[str, set[Any]] = field(default_factory=lambda: defaultdict(set))
    clauses: set[str] = field(default_factory=set)  # the names of the clauses that matched


def plural(count: int, noun: str) -> str:
    """``1 concern``, ``2 concerns``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


@dataclass
class Facts:
    """One result's facts, as a gap's ``detail`` function reads them."""

    found: Found
    labels: Mapping[str, str]

    @property
    def evidence(self) -> set[str]:
        """The IRIs the query bound to ``?evidence`` (and the actor, for per-actor gaps)."""
        return self.found.evidence

    @property
    def actor(self) -> str | None:
        return self.found.actor

    @property
    def clauses(self) -> set[str]:
        """The names of the rule's clauses that matched (those the case is silent on left out)."""
        return self.found.clauses

    def values(self, var: str) -> set[str]:
        """Every value the query bound to ``?var``, as text."""
        return {str(v) for v in self.found.facts.get(var, ())}

    def fact(self, var: str) -> Any:
        """One value of ``?var`` (the least, so the sentence is stable), or None."""
        values = self.found.facts.get(var)
        return min(values, key=str) if values else None

    def enum(self, var: str, scheme: str) -> str | None:
        """The value of ``?var`` as the name in its closed list (None when unbound)."""
        value = self.fact(var)
        return enum_value(value, scheme) if value else None

    def names(self, iris: Iterable[str]) -> str:
        """The items' labels (their ids when unlabelled), sorted: "A", "A and B", "A, B and C"."""
        names = sorted(self.labels.get(iri) or item_id(iri) for iri in iris)
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + " and " + names[-1]

    def ids(self, iris: Iterable[str]) -> str:
        """The items' ids, sorted, comma-separated."""
        return ", ".join(sorted(item_id(iri) for iri in iris))
