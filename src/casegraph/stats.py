"""What a dataset holds: items by type and kind, date range and sources, per case.

Computed with SPARQL so it reads the same from memory, a store or an endpoint.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from casegraph.gcpause import gc_paused
from casegraph.vocab import CG, CLASSES, enum_value, item_id

if TYPE_CHECKING:
    from casegraph.dataset import CaseDataset

_TYPES = {CG + cls: kind for kind, cls in CLASSES.items()}

_COUNTS = """
SELECT ?g ?type (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s a ?type } } GROUP BY ?g ?type
"""
# Kinds apart from the counts, each with its type bound: one query with an OPTIONAL
# kind path inside the GRAPH block took 58 s and 740 MB at 10,000 cases (and did not
# finish in 300 s at 60,000, past 4 GB); these two take 3.4 s and 5.6 s.
_KINDS = """
SELECT ?g ?type ?kind (COUNT(?s) AS ?n) WHERE {
  { GRAPH ?g { ?s cg:eventKind ?kind ; a cg:Event } BIND (cg:Event AS ?type) }
  UNION { GRAPH ?g { ?s cg:actorType ?kind ; a cg:Actor } BIND (cg:Actor AS ?type) }
} GROUP BY ?g ?type ?kind
"""
_DATES = """
SELECT ?g (MIN(?first) AS ?start) (MAX(?last) AS ?end) (COUNT(DISTINCT ?e) AS ?dated) WHERE {
  GRAPH ?g { ?e cg:earliest ?first ; cg:latest ?last }
} GROUP BY ?g
"""
_SOURCES = """
SELECT ?g ?source ?title (COUNT(DISTINCT ?cite) AS ?citations)
       (COUNT(DISTINCT ?quote) AS ?quotes) WHERE {
  GRAPH ?g {
    ?source a cg:Source .
    OPTIONAL { ?source dcterms:title ?title }
    OPTIONAL { ?cite cg:ref ?source . OPTIONAL { ?cite cg:quote ?quote } }
  }
} GROUP BY ?g ?source ?title
"""


def _kind_value(kind: Any) -> str:
    """A cg:eventKind or cg:actorType IRI as its value (``decision``, ``police``)."""
    for scheme in ("event-kind", "actor-type"):
        value = enum_value(kind, scheme)
        if value != str(kind):
            return value
    return str(kind)


def stats(dataset: CaseDataset) -> dict[str, dict[str, Any]]:
    """Per case id: ``counts`` {type: n}, ``kinds`` {type: {kind: n}}, ``dates``, ``sources``."""
    with gc_paused():  # a dict per case and type: millions at 60,000 cases (casegraph.gcpause)
        return _stats(dataset)


def _stats(dataset: CaseDataset) -> dict[str, dict[str, Any]]:
    cases: dict[str, dict[str, Any]] = defaultdict(
        lambda: {
            "counts": defaultdict(int),
            "kinds": defaultdict(lambda: defaultdict(int)),
            "dates": None,
            "sources": [],
        }
    )
    for g, type_iri, n in dataset.query(_COUNTS).rows:
        if type_iri in _TYPES:
            cases[item_id(g)]["counts"][_TYPES[type_iri]] += n
    for g, type_iri, kind, n in dataset.query(_KINDS).rows:
        cases[item_id(g)]["kinds"][_TYPES[type_iri]][_kind_value(kind)] += n
    for g, start, end, dated in dataset.query(_DATES).rows:
        cases[item_id(g)]["dates"] = {"first": start, "last": end, "dated_events": dated}
    for g, source, title, citations, quotes in dataset.query(_SOURCES).rows:
        cases[item_id(g)]["sources"].append(
            {"id": item_id(source), "title": title, "citations": citations, "quotes": quotes}
        )
    return {case_id: _plain(entry) for case_id, entry in sorted(cases.items())}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return sorted(
            (_plain(v) for v in value),
            key=lambda v: str(v.get("id", v)) if isinstance(v, dict) else str(v),
        )
    return value


def format_stats(report: dict[str, dict[str, Any]]) -> str:
    """The stats as text a person reads."""
    lines = []
    order = ["actor", "event", "concern", "duty", "tool", "finding", "recommendation", "source"]
    for case_id, entry in report.items():
        lines.append(f"case {case_id}")
        for item_type in order:
            n = entry["counts"].get(item_type, 0)
            kinds = entry["kinds"].get(item_type)
            detail = ", ".join(f"{k} {v}" for k, v in kinds.items()) if kinds else ""
            lines.append(
                f"  {item_type + 's' if item_type != 'duty' else 'duties':<16}{n:>4}"
                + (f"  ({detail})" if detail else "")
            )
        dates = entry["dates"]
        if dates:
            lines.append(
                f"  dates           {dates['first']} to {dates['last']} "
                f"({dates['dated_events']} dated events)"
            )
        for source in entry["sources"]:
            title = f" {source['title']!r}" if source["title"] else ""
            lines.append(
                f"  source          {source['id']}{title}: {source['citations']} "
                f"citations, {source['quotes']} distinct quotes"
            )
    return "\n".join(lines)
