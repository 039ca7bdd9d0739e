"""Write a dataset in the formats other tools read: RDF for triple stores, GraphML and
GEXF for Gephi, Neo4j and yEd."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from casegraph.errors import UnknownCase
from casegraph.vocab import PREFIXES

if TYPE_CHECKING:
    import networkx as nx

    from casegraph.dataset import CaseDataset

RDF_FORMATS = {
    "turtle": "turtle",
    "nt": "nt",
    "nquads": "nquads",
    "jsonld": "json-ld",
    "trig": "trig",
}
GRAPH_FORMATS = ("graphml", "gexf")
FORMATS = (*RDF_FORMATS, *GRAPH_FORMATS)
SUFFIXES = {
    "turtle": ".ttl",
    "nt": ".nt",
    "nquads": ".nq",
    "jsonld": ".jsonld",
    "trig": ".trig",
    "graphml": ".graphml",
    "gexf": ".gexf",
}


def export(dataset: CaseDataset, fmt: str, cases: list[str] | None = None) -> bytes:
    """Serialise some or all cases.

    Turtle, N-Triples and JSON-LD hold one graph: with several cases they merge them
    (ids stay distinct, being IRIs under each case); TriG and N-Quads keep one named
    graph per case.

    Raises:
        UnknownCase: a case asked for is not in the dataset (nothing would be written).
    """
    if cases is not None:
        known = dataset.case_ids()
        unknown = [case for case in cases if case not in known]
        if unknown or not cases:
            raise UnknownCase(unknown or [""], known)
    if fmt in GRAPH_FORMATS:
        return _graph_export(dataset.to_networkx(cases), fmt)
    if fmt not in RDF_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    import rdflib

    wanted = cases if cases is not None else dataset.case_ids()
    target = rdflib.Dataset()
    for name, iri in PREFIXES.items():
        target.bind(name, iri)
    from casegraph.vocab import case_iri

    for case_id in wanted:
        graph = target.graph(rdflib.URIRef(case_iri(case_id)))
        graph.parse(data=dataset.nquads(case_id), format="nt")
    if fmt in ("trig", "nquads"):
        return target.serialize(format=RDF_FORMATS[fmt]).encode()
    merged = rdflib.Graph()
    for name, iri in PREFIXES.items():
        merged.bind(name, iri)
    for quad in target.quads((None, None, None, None)):
        merged.add(quad[:3])
    return merged.serialize(format=RDF_FORMATS[fmt]).encode()


def _graph_export(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """GraphML/GEXF take only scalar attributes: lists and dicts become JSON text.

    Nodes are keyed by IRI in both; in GEXF the item id is the attribute ``item_id``.
    """
    import io

    import networkx as nx

    flat = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        values = _scalars(attrs)
        if fmt == "gexf" and "id" in values:
            # networkx writes a node's `id` attribute as its GEXF id: item ids repeat
            # across cases, so keep the IRI as the id and the item id as `item_id`.
            values["item_id"] = values.pop("id")
        flat.add_node(node, **values)
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **_scalars(attrs))
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flat, buffer)
    else:
        nx.write_gexf(flat, buffer)
    return buffer.getvalue()


def _scalars(attrs: dict[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, list | dict):
            value = json.dumps(value, ensure_ascii=False)
        out[key] = value
    return out
