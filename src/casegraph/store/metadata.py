"""The metadata graph: what a store holds (VoID and DCAT) and where each case came from (PROV).

``load`` writes, in the graph ``https://w3id.org/casegraph/graphs/meta`` (casegraph's
own, never read as a case: see casegraph.vocab.case_graph_id), a record of each case,
in the same atomic write as the case itself, so a store never holds a case without
its record or a record without its case; replacing a case replaces its record and
removing it removes the record. In Turtle, for one case::

    <https://w3id.org/casegraph/catalog> a dcat:Catalog, void:Dataset ;
        dcterms:title "casegraph cases" ;
        void:vocabulary cg:, prov:, org:, skos: ;
        dcat:dataset <CASE> ; void:subset <CASE> .
    <CASE> a dcat:Dataset, void:Dataset, prov:Entity ;
        void:triples 629 ;
        prov:generatedAtTime "2026-12-06T07:10:00Z"^^xsd:dateTime ;
        prov:wasAttributedTo <https://w3id.org/casegraph/software/VERSION> ;
        prov:wasDerivedFrom <CASE#source-file> .
    <CASE#source-file> a prov:Entity ;
        rdfs:label "data/cases/x.yaml" ;
        spdx:checksum <CASE#source-file-sha256> .
    <CASE#source-file-sha256> a spdx:Checksum ;
        spdx:algorithm spdx:checksumAlgorithm_sha256 ; spdx:checksumValue "HEX" .
    <https://w3id.org/casegraph/software/VERSION> a prov:SoftwareAgent ;
        rdfs:label "casegraph VERSION" .

``CASE`` is the case's IRI, which also names its graph, so the record is about that
graph. ``prov:generatedAtTime`` is when the case's triples were made from the file
(UTC, to the second); the file is named as it was given to ``load``. The record uses
no casegraph term and no ``dcterms:identifier``, so no query over the cases matches it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from casegraph.vocab import (
    BASE,
    CASE,
    CG,
    DCTERMS,
    IRI,
    META_GRAPH,
    ORG,
    PROV,
    RDF_TYPE,
    RDFS,
    SKOS,
    XSD,
)

if TYPE_CHECKING:
    from casegraph.dataset import CaseDataset

CATALOG = BASE + "catalog"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
PREFIXES = {"void": VOID, "dcat": DCAT, "spdx": SPDX}

# What a user runs to read the records (docs/remote.md shows it); the tests run it too.
PROVENANCE_QUERY = f"""PREFIX dcat: <{DCAT}>
PREFIX void: <{VOID}>
PREFIX spdx: <{SPDX}>
PREFIX prov: <{PROV}>
PREFIX rdfs: <{RDFS}>
SELECT ?case ?triples ?loaded ?file ?sha256 ?software WHERE {{
  GRAPH <{META_GRAPH}> {{
    <{CATALOG}> dcat:dataset ?case .
    ?case void:triples ?triples ;
          prov:generatedAtTime ?loaded ;
          prov:wasAttributedTo/rdfs:label ?software ;
          prov:wasDerivedFrom ?source .
    ?source rdfs:label ?file ; spdx:checksum/spdx:checksumValue ?sha256 .
  }}
}} ORDER BY ?case"""


@functools.cache
def version() -> str:
    """casegraph's version as installed (``unknown`` when run from a bare source tree);
    read once per process (each lookup scans the installed packages)."""
    # Imported here: reading the package metadata is needed only when a case is written.
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version("casegraph")
    except PackageNotFoundError:
        return "unknown"


def sha256(path: str) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def record(
    graph: str,
    path: str,
    file_sha256: str,
    triples: int,
    when: dt.datetime | None = None,
    software_version: str | None = None,
) -> str:
    """One case's record as N-Triples (see the module docstring), for the metadata graph:
    made now by this casegraph, unless ``when`` and ``software_version`` say otherwise."""
    import pyoxigraph as ox  # the writer's engine: loaded by whoever writes a case

    def node(iri: str) -> Any:
        return ox.NamedNode(iri)

    stamp = (when or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    made_by = software_version or version()
    software = f"{BASE}software/{made_by}"
    case, source, checksum = (node(graph + end) for end in _OWN_NODES)
    a = node(RDF_TYPE)
    catalog = node(CATALOG)
    statements = [
        (catalog, a, node(DCAT + "Catalog")),
        (catalog, a, node(VOID + "Dataset")),
        (catalog, node(DCTERMS + "title"), ox.Literal("casegraph cases")),
        *((catalog, node(VOID + "vocabulary"), node(v)) for v in (CG, PROV, ORG, SKOS)),
        (catalog, node(DCAT + "dataset"), case),
        (catalog, node(VOID + "subset"), case),
        (case, a, node(DCAT + "Dataset")),
        (case, a, node(VOID + "Dataset")),
        (case, a, node(PROV + "Entity")),
        (case, node(VOID + "triples"), ox.Literal(str(triples), datatype=node(XSD + "integer"))),
        (case, node(PROV + "generatedAtTime"), ox.Literal(stamp, datatype=node(XSD + "dateTime"))),
        (case, node(PROV + "wasAttributedTo"), node(software)),
        (case, node(PROV + "wasDerivedFrom"), source),
        (source, a, node(PROV + "Entity")),
        (source, node(RDFS + "label"), ox.Literal(path)),
        (source, node(SPDX + "checksum"), checksum),
        (checksum, a, node(SPDX + "Checksum")),
        (checksum, node(SPDX + "algorithm"), node(SPDX + "checksumAlgorithm_sha256")),
        (checksum, node(SPDX + "checksumValue"), ox.Literal(file_sha256)),
        (node(software), a, node(PROV + "SoftwareAgent")),
        (node(software), node(RDFS + "label"), ox.Literal("casegraph " + made_by)),
    ]
    data = ox.serialize([ox.Triple(*t) for t in statements], format=ox.RdfFormat.N_TRIPLES)
    return bytes(data or b"").decode()


def read_records(dataset: CaseDataset, graph: str) -> str:
    """The record of one case graph as a dataset holds it (N-Triples; empty when it holds
    none), read with one query, so a case copied out of a store keeps its record."""
    lines = []
    for row in dataset.query(PROVENANCE_QUERY, {"case": IRI(graph)}).dicts():
        when = dt.datetime.strptime(row["loaded"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        made_by = str(row["software"]).removeprefix("casegraph ")
        lines.append(record(graph, row["file"], row["sha256"], row["triples"], when, made_by))
    return "".join(lines)


def record_nquads(record: str) -> bytes:
    """A record (N-Triples) as N-Quads in the metadata graph, to write beside its case."""
    return record.replace(" .\n", f" <{META_GRAPH}> .\n").encode()


def records_update(graphs: Sequence[str], records: Sequence[str]) -> str:
    """SPARQL Update operations (joined with ``;``) that remove what the metadata graph
    says of these case graphs and add these records, to send in the same request as
    the change to the cases themselves (one transaction). The graph IRIs must be
    plain IRIs (casegraph.vocab.SAFE_IRI; the callers check them); empty for nothing."""
    operations = []
    if graphs:
        subjects = " ".join(f"<{g}{end}>" for g in graphs for end in _OWN_NODES)
        names = " ".join(f"<{g}>" for g in graphs)
        operations += [
            f"DELETE {{ GRAPH <{META_GRAPH}> {{ ?s ?p ?o }} }} "
            f"WHERE {{ VALUES ?s {{ {subjects} }} GRAPH <{META_GRAPH}> {{ ?s ?p ?o }} }}",
            f"DELETE {{ GRAPH <{META_GRAPH}> {{ <{CATALOG}> ?p ?g }} }} "
            f"WHERE {{ VALUES ?g {{ {names} }} GRAPH <{META_GRAPH}> {{ <{CATALOG}> ?p ?g }} }}",
        ]
    lines = dict.fromkeys(line for r in records for line in r.splitlines(keepends=True))
    if lines:  # the catalogue's own lines repeat in every record: sent once
        operations.append(f"INSERT DATA {{ GRAPH <{META_GRAPH}> {{\n{''.join(lines)}}} }}")
    return " ;\n".join(operations)


# The nodes of a case's record: the case, its source file and the file's checksum.
_OWN_NODES = ("", "#source-file", "#source-file-sha256")


def records_about(ntriples: str, graphs: set[str]) -> str:
    """The lines of the metadata graph (N-Triples) that describe these case graphs: their
    records, the catalogue's links to them and what the records share (the catalogue's
    description, the software), for an export of those cases."""
    import pyoxigraph as ox  # the writer's engine, as in record()

    kept = []
    for triple in ox.parse(ntriples.encode(), format=ox.RdfFormat.N_TRIPLES):
        subject, obj = triple.subject.value, triple.object
        own = subject.split("#", 1)[0]
        another_record = own.startswith(CASE) and own not in graphs
        another_link = (
            subject == CATALOG
            and isinstance(obj, ox.NamedNode)
            and obj.value.startswith(CASE)
            and obj.value not in graphs
        )
        if not (another_record or another_link):
            kept.append(triple)
    return bytes(ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
