"""The gaps that recur across a corpus, and the types of actor their results involve.

:func:`recurring` counts, for every gap of the catalogue, the cases it appears in,
and which types of actor those results involve.

Everything is read with SPARQL and the gap catalogue (casegraph.gaps.catalogue), so it works
the same on files in memory, an embedded store and a remote endpoint.

The **actors a gap result involves** (for :func:`recurring`'s breakdown by type):

- for the per-actor gaps (broken-feedback-loop, excluded-knowledge-holder): the
  result's ``actor``, and no one else;
- for every other gap: the actors among the result's ``evidence`` (a duty's owners,
  a recommendation's owner), plus the actors named by the reported entity itself: an
  event's ``by``, a concern's ``identified_by``, a recommendation's ``owner``.
  A finding names no actor, so finding gaps involve none unless their evidence does.

An actor of type ``person`` that is ``part_of`` another actor counts with the type of
that actor (one level): "a teacher at the school" counts as ``school``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from casegraph.cells import csv_text
from casegraph.errors import InvalidArgument
from casegraph.gaps.catalogue import gaps, iri_batches
from casegraph.gaps.registry import GAP_IDS, PER_ACTOR_GAPS
from casegraph.vocab import enum_value, item_iri

if TYPE_CHECKING:
    from casegraph.dataset import CaseDataset
    from casegraph.gaps.catalogue import GapResult


@dataclass(frozen=True)
class RecurringGap:
    """One gap id across a dataset.

    ``cases``: the cases with at least one result of this gap; ``share``: that over
    ``total_cases``; ``results``: the number of results; ``recurring``: ``cases`` is
    at least the threshold; ``by_actor_type``: for each actor type, the number of
    cases in which a result of this gap involves an actor of that type (see the
    module docstring; a result may involve several types, or none).
    """

    gap: str
    cases: int
    total_cases: int
    results: int
    recurring: bool
    by_actor_type: dict[str, int] = field(default_factory=dict)

    @property
    def share(self) -> float:
        return self.cases / self.total_cases if self.total_cases else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "gap": self.gap,
            "cases": self.cases,
            "total_cases": self.total_cases,
            "share": round(self.share, 4),
            "results": self.results,
            "recurring": self.recurring,
            "by_actor_type": dict(self.by_actor_type),
        }


def recurring(
    dataset: CaseDataset,
    threshold: int = 3,
    results: Iterable[GapResult] | None = None,
) -> list[RecurringGap]:
    """How many cases each gap of the catalogue appears in, and with which actor types.

    Args:
        dataset: the cases (memory, store or endpoint).
        threshold: a gap is flagged recurring when it appears in this many cases or more.
        results: gap results already computed for this dataset (``gaps(dataset)``);
            the catalogue is run when None.

    Returns:
        One :class:`RecurringGap` per catalogue gap id (those found nowhere included),
        most widespread first, then in catalogue order.

    Raises:
        ValueError: a threshold below 1.
        QueryError: a query failed on this engine.
    """
    if threshold < 1:
        raise InvalidArgument(f"threshold must be 1 or more, not {threshold}")
    if results is None:
        results = gaps(dataset)
    results = list(results)
    total = len(dataset.case_ids())
    types = _involved_types(dataset, results)
    cases: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    by_type: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for index, result in enumerate(results):
        cases[result.gap].add(result.case)
        counts[result.gap] += 1
        for kind in types[index]:
            by_type[result.gap][kind].add(result.case)
    order = {gap: n for n, gap in enumerate(GAP_IDS)}
    found = [
        RecurringGap(
            gap=gap,
            cases=len(cases[gap]),
            total_cases=total,
            results=counts[gap],
            recurring=len(cases[gap]) >= threshold,
            by_actor_type={
                kind: len(in_cases)
                for kind, in_cases in sorted(
                    by_type[gap].items(), key=lambda item: (-len(item[1]), item[0])
                )
            },
        )
        for gap in [*GAP_IDS, *sorted(set(cases) - set(GAP_IDS))]
    ]
    found.sort(key=lambda r: (-r.cases, order.get(r.gap, len(order)), r.gap))
    return found


# The OPTIONAL outside the GRAPH block, with ?g bound by then: inside it, Oxigraph
# evaluated the block over every actor of the store before joining the VALUES, once
# per batch (10,000 cases: 1.2 s a batch, 7.4 s in all; now 0.39 s in all).
_ACTOR_TYPES = """
SELECT ?item ?type ?orgType WHERE {
  VALUES ?item { %s }
  GRAPH ?g { ?item cg:actorType ?type }
  OPTIONAL { GRAPH ?g { ?item cg:partOf ?org . ?org cg:actorType ?orgType } }
}
"""

_ENTITY_ACTORS = """
SELECT ?item ?actor WHERE {
  VALUES ?item { %s }
  GRAPH ?g { ?item cg:by|cg:identifiedBy|cg:owner ?actor }
}
"""
# Two queries, not one: an OPTIONAL after the property path makes Oxigraph's plan
# quadratic in the VALUES block (300 cases: 17 s against 0.1 s).


def _involved_types(dataset: CaseDataset, results: Sequence[GapResult]) -> list[set[str]]:
    """For each result, the types of the actors it involves (module docstring)."""
    involved: list[set[str]] = []  # actor IRIs first, then their types
    entity_iris: set[str] = set()
    for r in results:
        if r.gap in PER_ACTOR_GAPS:
            involved.append({item_iri(r.case, r.actor)} if r.actor else set())
            continue
        involved.append({item_iri(r.case, e) for e in r.evidence})
        entity_iris.add(item_iri(r.case, r.entity))
    named: dict[str, set[str]] = defaultdict(set)
    for row in _batched(dataset, _ENTITY_ACTORS, entity_iris):
        named[str(row["item"])].add(str(row["actor"]))
    for r, actors in zip(results, involved, strict=True):
        if r.gap not in PER_ACTOR_GAPS:
            actors |= named.get(item_iri(r.case, r.entity), set())
    every = set().union(*involved) if involved else set()
    actor_type = {
        str(row["item"]): _actor_type(row) for row in _batched(dataset, _ACTOR_TYPES, every)
    }
    # evidence ids that are not actors (events, concerns) have no type and drop out here
    return [{actor_type[a] for a in actors if a in actor_type} for actors in involved]


def _actor_type(row: dict[str, Any]) -> str:
    kind = enum_value(row["type"], "actor-type")
    if kind == "person" and row.get("orgType") is not None:
        return enum_value(row["orgType"], "actor-type")
    return kind


def _batched(dataset: CaseDataset, template: str, iris: Iterable[str]) -> list[dict[str, Any]]:
    """Rows of ``template`` for every IRI, its batches run at once (casegraph.gaps.catalogue)."""
    return [row for rows in dataset.query_many(iri_batches(template, iris)) for row in rows.dicts()]


def format_recurring(found: Sequence[RecurringGap], threshold: int = 3) -> str:
    """The recurring-gap report as a text table, most widespread gap first."""
    total = found[0].total_cases if found else 0
    flagged = sum(r.recurring for r in found)
    noun = "case" if total == 1 else "cases"
    lines = [
        f"{flagged} of {len(found)} gaps recur in {threshold} or more of {total} {noun}",
        "",
    ]
    width = max([len("gap"), *(len(r.gap) for r in found)])
    lines.append(
        f"  {'gap':<{width}}  {'cases':>5}  {'share':>6}  {'results':>7}  actor types (cases)"
    )
    for r in found:
        mark = "*" if r.recurring else " "
        kinds = ", ".join(f"{kind} {n}" for kind, n in r.by_actor_type.items()) or "-"
        lines.append(
            f"{mark} {r.gap:<{width}}  {r.cases:>5}  {r.share:>6.1%}  {r.results:>7}  {kinds}"
        )
    lines += ["", f"* recurring: found in {threshold} or more cases"]
    return "\n".join(lines)


def recurring_csv(found: Sequence[RecurringGap]) -> str:
    """The recurring gaps as CSV: one row per gap, its actor types as ``type:cases``."""
    return csv_text(
        ["gap", "cases", "total_cases", "share", "results", "recurring", "actor_types"],
        (
            [
                r.gap,
                r.cases,
                r.total_cases,
                f"{r.share:.4f}",
                r.results,
                "yes" if r.recurring else "no",
                " ".join(f"{kind}:{n}" for kind, n in r.by_actor_type.items()),
            ]
            for r in found
        ),
    )
