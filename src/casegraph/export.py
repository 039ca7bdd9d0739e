"""Write a dataset in the formats other tools read: RDF for triple stores, GraphML and
GEXF for Gephi, Neo4j and yEd."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, BinaryIO

from casegraph.errors import InvalidArgument, UnknownCase
from casegraph.vocab import PREFIXES, case_iri

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


def export(dataset: CaseDataset, fmt: str, cases: list[str] | None = None) -> bytes:
    """Serialise some or all cases (see :func:`write_export`, which streams to a file).

    Turtle, N-Triples and JSON-LD hold one graph: with several cases they merge them
    (ids stay distinct, being IRIs under each case); TriG and N-Quads keep one named
    graph per case.

    Raises:
        UnknownCase: a case asked for is not in the dataset (nothing would be written).
    """
    import io

    buffer = io.BytesIO()
    write_export(dataset, fmt, buffer, cases)
    return buffer.getvalue()


# The formats an engine with its own serialiser writes as it reads (see write_export).
STREAMED_FORMATS = ("nt", "nquads", "turtle", "trig")


def write_export(
    dataset: CaseDataset, fmt: str, out: BinaryIO, cases: list[str] | None = None
) -> None:
    """Write some or all cases to ``out`` (what :func:`export` returns).

    On Oxigraph (in memory or a store on disk) N-Triples, N-Quads, Turtle and TriG are
    written by the engine's own serialiser from its quads as it reads them, case by
    case, so memory stays flat however large the store; JSON-LD, the graph formats and
    other engines are built in memory first.

    Raises:
        UnknownCase: a case asked for is not in the dataset (nothing is written).
        ValueError: an unknown format.
    """
    known = dataset.case_ids()
    if cases is not None:
        unknown = [case for case in cases if case not in known]
        if unknown or not cases:
            raise UnknownCase(unknown or [""], known)
    if fmt in GRAPH_FORMATS:
        out.write(_graph_export(dataset.to_networkx(cases), fmt))
        return
    if fmt not in RDF_FORMATS:
        raise InvalidArgument(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")

    wanted = cases if cases is not None else known
    stream = getattr(dataset.engine, "write_graphs", None)
    if fmt in STREAMED_FORMATS and stream is not None:
        stream(out, fmt, [case_iri(case_id) for case_id in wanted], PREFIXES)
    else:
        out.write(_rdflib_export(dataset, fmt, wanted))


def _rdflib_export(dataset: CaseDataset, fmt: str, wanted: list[str]) -> bytes:
    """The cases through an in-memory rdflib Dataset (JSON-LD, and engines that cannot
    serialise their own quads)."""
    import rdflib

    target = rdflib.Dataset()
    for name, iri in PREFIXES.items():
        target.bind(name, iri)
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
