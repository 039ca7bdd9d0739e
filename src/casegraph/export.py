"""Write a dataset in the formats other tools read: RDF for triple stores, GraphML and
GEXF for Gephi, Neo4j and yEd."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, BinaryIO

from casegraph.errors import InvalidArgument, UnknownCase
from casegraph.vocab import META_GRAPH, PREFIXES, case_iri

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
# The graphs --with-ontology adds: the ontology under its namespace IRI, the shapes beside.
ONTOLOGY_GRAPH = "https://w3id.org/casegraph/ns"
SHAPES_GRAPH = "https://w3id.org/casegraph/shapes"
FORMATS = (*RDF_FORMATS, *GRAPH_FORMATS)


def export(
    dataset: CaseDataset, fmt: str, cases: list[str] | None = None, with_ontology: bool = False
) -> bytes:
    """Serialise some or all cases (see :func:`write_export`, which streams to a file).

    Turtle and N-Triples hold one graph: with several cases they merge them (ids stay
    distinct, being IRIs under each case); TriG, N-Quads and JSON-LD keep one named
    graph per case. JSON-LD is compacted with an ``@context`` of casegraph's prefixes.
    ``with_ontology`` adds casegraph's ontology and SHACL shapes (as the graphs
    ``https://w3id.org/casegraph/ns`` and ``.../shapes`` where the format has graphs,
    merged in Turtle and N-Triples), so a reader needs nothing from casegraph to
    interpret or check the data, and, from a store or an endpoint, the records of the
    exported cases in the metadata graph (``.../graphs/meta``; see
    casegraph.store.metadata): when and from which file each was loaded. Without it an
    export holds the cases alone, the same from files, a store or a server.

    Raises:
        UnknownCase: a case asked for is not in the dataset (nothing would be written).
    """
    import io

    buffer = io.BytesIO()
    write_export(dataset, fmt, buffer, cases, with_ontology)
    return buffer.getvalue()


# The formats an engine with its own serialiser writes as it reads (see write_export).
STREAMED_FORMATS = ("nt", "nquads", "turtle", "trig")


def write_export(
    dataset: CaseDataset,
    fmt: str,
    out: BinaryIO,
    cases: list[str] | None = None,
    with_ontology: bool = False,
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
        if with_ontology:
            raise ValueError("the ontology and shapes go with an RDF format, not " + fmt)
        out.write(_graph_export(dataset.to_networkx(cases), fmt))
        return
    if fmt not in RDF_FORMATS:
        raise InvalidArgument(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")

    wanted = cases if cases is not None else known
    stream = getattr(dataset.engine, "write_graphs", None)
    if fmt in STREAMED_FORMATS and stream is not None and not with_ontology:
        stream(out, fmt, [case_iri(case_id) for case_id in wanted], PREFIXES)
    else:
        out.write(_rdflib_export(dataset, fmt, wanted, with_ontology))


def _rdflib_export(
    dataset: CaseDataset, fmt: str, wanted: list[str], with_ontology: bool = False
) -> bytes:
    """The cases through an in-memory rdflib Dataset (JSON-LD, and engines that cannot
    serialise their own quads)."""
    import rdflib

    target = rdflib.Dataset()
    for name, iri in PREFIXES.items():
        target.bind(name, iri)
    for case_id in wanted:
        graph = target.graph(rdflib.URIRef(case_iri(case_id)))
        graph.parse(data=dataset.nquads(case_id), format="nt")
    if with_ontology:
        from importlib.resources import files

        for name, graph_iri in (("casegraph.ttl", ONTOLOGY_GRAPH), ("shapes.ttl", SHAPES_GRAPH)):
            text = (files("casegraph") / "ontology" / name).read_text(encoding="utf-8")
            target.graph(rdflib.URIRef(graph_iri)).parse(data=text, format="turtle")
        # Imported here: the metadata's reader is needed only for this option.
        from casegraph.store.metadata import PREFIXES as META_PREFIXES
        from casegraph.store.metadata import records_about

        records = records_about(
            dataset.engine.nquads(META_GRAPH), {case_iri(case_id) for case_id in wanted}
        )
        if records:
            target.graph(rdflib.URIRef(META_GRAPH)).parse(data=records, format="nt")
            for name, iri in META_PREFIXES.items():
                target.bind(name, iri)
    if fmt in ("trig", "nquads"):
        return target.serialize(format=RDF_FORMATS[fmt]).encode()
    if fmt == "jsonld":
        data: str = target.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
        return data.encode()
    merged = rdflib.Graph()
    for name, iri in PREFIXES.items():
        merged.bind(name, iri)
    for quad in target.quads((None, None, None, None)):
        merged.add(quad[:3])
    return merged.serialize(format=RDF_FORMATS[fmt]).encode()


def _graph_export(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """GraphML/GEXF take only scalar attributes: lists and dicts become JSON text.

    Nodes are keyed by IRI in both, and the item id is the attribute ``item_id``: GEXF
    would take an ``id`` attribute as the node's id, and igraph reads GraphML's ``id``
    attribute as its vertex name, losing the IRI.
    """
    import io

    import networkx as nx

    flat = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        values = _scalars(attrs)
        if "id" in values:  # item ids repeat across cases: the IRI stays the node id
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
        if isinstance(value, str):
            value = _xml_safe(value)
        out[key] = value
    return out


# Characters no XML 1.0 document may hold (tab and line breaks it may).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """Text with each character XML cannot carry written as ``\\uXXXX`` (as N-Triples
    writes it), so a label holding one exports instead of crashing the writer."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04X}", text)
