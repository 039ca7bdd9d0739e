"""The later relation on a NetworkX projection: a :class:`casegraph.time.order.Chronology`.

The projection carries each event's ``date`` and its ``after``/``before`` edges (and
the derived ``not_before``/``not_after`` days read from the RDF), which is all the
relation needs: :func:`chronology` builds it in linear time, never as pairs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from casegraph.time.dates import parse_date
from casegraph.time.order import Chronology, Timed

if TYPE_CHECKING:
    import networkx as nx

    from casegraph.dataset import CaseDataset


def case_graph(dataset: CaseDataset, case_id: str) -> nx.MultiDiGraph:
    """The projection of one case (what paths, ``knew`` and the views work on)."""
    return dataset.to_networkx([case_id])


def chronology(graph: nx.MultiDiGraph) -> Chronology:
    """The later relation of the events of ``graph`` (one case or several).

    Keyed by node; built from the events' dates and ``after``/``before`` edges, so it
    is the relation the RDF's cg:notBefore/cg:notAfter and links encode.
    """
    timed = {}
    for node, attrs in graph.nodes(data=True):
        if attrs.get("type") == "event":
            after = [v for _, v, k in graph.out_edges(node, keys=True) if k == "after"]
            before = [v for _, v, k in graph.out_edges(node, keys=True) if k == "before"]
            date = parse_date(str(attrs["date"])) if attrs.get("date") else None
            timed[node] = Timed(date, after, before)
    return Chronology(timed)
