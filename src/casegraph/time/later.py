"""The later relation on a case's NetworkX projection (event -> events it is later than).

:func:`case_graph` attaches it to one case's graph from the materialised
``cg:laterThan``; :func:`later_relation` reads it back, or computes the same relation
from the graph's dates and after/before edges for any other projection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from casegraph.vocab import case_iri

if TYPE_CHECKING:
    import networkx as nx

    from casegraph.dataset import CaseDataset


def case_graph(dataset: CaseDataset, case_id: str) -> nx.MultiDiGraph:
    """The projection of one case, with its materialised later relation attached.

    ``graph.graph["later"]`` maps each event node to the event nodes it is
    ``cg:laterThan`` (read from the RDF, where it was derived at load time).
    """
    from casegraph.store.engines import IRI

    graph = dataset.to_networkx([case_id])
    rows = dataset.query(
        "SELECT ?g ?f ?e WHERE { GRAPH ?g { ?f cg:laterThan ?e } }", {"g": IRI(case_iri(case_id))}
    )
    later: dict[str, set[str]] = {}
    for _, f, e in rows.rows:
        later.setdefault(str(f), set()).add(str(e))
    graph.graph["later"] = later
    return graph


def later_relation(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """For each event node, the event nodes it is provably later than.

    Uses ``graph.graph["later"]`` when present (what :func:`case_graph` reads from the
    materialised ``cg:laterThan``); otherwise computes the same relation from the
    graph's dates and after/before edges with casegraph.time.order.
    """
    if "later" in graph.graph:
        return graph.graph["later"]
    from casegraph.time.dates import parse_date
    from casegraph.time.order import Timed
    from casegraph.time.order import later_relation as closure

    timed = {}
    for node, attrs in graph.nodes(data=True):
        if attrs.get("type") == "event":
            after = [v for _, v, k in graph.out_edges(node, keys=True) if k == "after"]
            before = [v for _, v, k in graph.out_edges(node, keys=True) if k == "before"]
            date = parse_date(attrs["date"]) if attrs.get("date") else None
            timed[node] = Timed(date, after, before)
    return closure(timed)
