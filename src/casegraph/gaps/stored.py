"""Each case's gap results, computed when the case is loaded and kept beside it.

Every rule of the catalogue matches inside one case graph, so a case's results depend
on that case alone. ``casegraph load`` runs the same SPARQL rules (with the same code
that shapes their results) over each batch of cases it reads, in memory, and writes
each case's results into the case's results graph, ``https://w3id.org/casegraph/
graphs/results/<case id>`` (one of casegraph's own graphs, never a case), in the same
atomic write as the case itself (casegraph.store.disk, casegraph.store.remote): a case
replaced or removed takes its results with it. The catalogue then reads a few thousand
cases' results at a time instead of running the rules over the whole store
(docs/architecture.md, "Stored results").

The stored results are three plain literals on the case's IRI:

- ``cg:catalogueFingerprint``: a hash of what made the results (:func:`fingerprint`:
  the rules, the code that runs them and shapes their results, casegraph's version);
- ``cg:gapResults``: the results as JSON, every field of each GapResult;
- ``cg:reviewFindings``: the case's reviewer findings as JSON, ``[id, label,
  themes]`` each, which the reconciliation with the results reads.

A case whose stored results have another fingerprint (the rules changed since it was loaded),
none, or more than one is computed live, so a stored result is never older than the
rules that would find it now.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Iterable
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from casegraph.vocab import CG, case_iri, results_iri, split_item_iri

if TYPE_CHECKING:
    from casegraph.gaps.catalogue import GapResult

# Bumped when the stored results' layout changes (what the JSON holds, the predicates).
FORMAT = "1"
FINGERPRINT = CG + "catalogueFingerprint"
RESULTS = CG + "gapResults"
FINDINGS = CG + "reviewFindings"
# The code whose change can change a result: each rule's home, and the running of them.
_SOURCES = ("catalogue.py", "detail.py", "gap.py", "registry.py", "stored.py")

# One value (``?predicate``: RESULTS or FINDINGS, set by the caller) of the stored
# results in each results graph named in VALUES (filled by catalogue.iri_batches).
STORED_QUERY = """
SELECT ?r ?case ?fingerprint ?value WHERE {
  VALUES ?r { %s }
  GRAPH ?r { ?case cg:catalogueFingerprint ?fingerprint ; ?predicate ?value }
}
"""


@functools.cache
def fingerprint() -> str:
    """What made stored results: a hash of the rules' queries and declarations, the modules
    that run them and shape results, the format and casegraph's version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("casegraph")
    except PackageNotFoundError:  # running from a source tree that is not installed
        release = "unknown"
    digest = hashlib.sha256(f"casegraph {release}; stored results {FORMAT}\n".encode())
    package = files("casegraph.gaps")
    rules = package / "rules"
    names = sorted(e.name for e in rules.iterdir() if e.name.endswith((".rq", ".py")))
    for entry in [*(package / n for n in _SOURCES), *(rules / n for n in names)]:
        digest.update(f"\n{entry.name}\n".encode())
        digest.update(entry.read_bytes())
    return digest.hexdigest()


def results_json(results: Iterable[GapResult]) -> str:
    """A case's results as stored, JSON: every field, in the order GapResult
    gives them (a source's keys too: the report prints them in that order)."""
    return json.dumps(
        [dataclasses.asdict(r) for r in results], ensure_ascii=False, separators=(",", ":")
    )


def parse_value(text: str) -> list[Any]:
    """A value of stored results: a JSON array (of GapResult's fields, or of findings)."""
    items = json.loads(text)
    if not isinstance(items, list):
        raise ValueError("a stored value is a JSON array")
    return items


def results_nquads(
    case_id: str, results: Iterable[GapResult], findings: Iterable[tuple[Any, ...]]
) -> tuple[bytes, int]:
    """A case's stored results as N-Quads in its results graph, and how many quads (three).

    ``findings`` are the case's reviewer findings as (id, label, themes), which the
    reconciliation with the results reads (catalogue.case_findings).
    """
    import pyoxigraph as ox

    subject = ox.NamedNode(case_iri(case_id))
    graph = ox.NamedNode(results_iri(case_id))
    listed = json.dumps([list(f) for f in findings], ensure_ascii=False, separators=(",", ":"))
    quads = [
        ox.Quad(subject, ox.NamedNode(FINGERPRINT), ox.Literal(fingerprint()), graph),
        ox.Quad(subject, ox.NamedNode(RESULTS), ox.Literal(results_json(results)), graph),
        ox.Quad(subject, ox.NamedNode(FINDINGS), ox.Literal(listed), graph),
    ]
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)  # bytes, as no file is given
    return data or b"", len(quads)


def case_of_results(graph: str) -> str | None:
    """The case id a results graph belongs to, or None for any other graph."""
    prefix = results_iri("")
    if not graph.startswith(prefix):
        return None
    parts = split_item_iri(case_iri(graph[len(prefix) :]))
    return parts[0] if parts and parts[0] and not parts[1] else None


def results_graphs(graphs: Iterable[str]) -> list[str]:
    """The results graphs among a dataset's graphs whose case is there too."""
    present = set(graphs)
    return sorted(g for g in present if (case := case_of_results(g)) and case_iri(case) in present)


def current_values(rows: Iterable[tuple[Any, ...]]) -> dict[str, str]:
    """Each case's stored value (JSON) from STORED_QUERY's rows, for the cases with
    exactly one, made by the running code (its fingerprint), about that case."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for graph, case, stamp, text in rows:
        found.setdefault(str(graph), []).append((str(case), str(stamp), str(text)))
    current = fingerprint()
    out = {}
    for graph, values in found.items():
        case_id = case_of_results(graph)
        if case_id is None or len(values) != 1:
            continue  # several: which one is the case's is unknown
        case, stamp, text = values[0]
        if stamp == current and case == case_iri(case_id):
            out[case_id] = text
    return out
