"""IRIs: the vocabulary's, and stable ones for every case and item.

A case's IRI is also the name of its graph; an item's IRI is the case IRI, a slash
and its id. Nodes that belong to one item (a citation, a duty holder) hang off the
item's IRI with a fragment, so they can never collide with an item id. Also here: the
class of each kind of item, the keys an item's label comes from, and the helpers that
turn IRIs back into ids and closed-list values.
"""

from __future__ import annotations

import re
from typing import Any

BASE = "https://w3id.org/casegraph/"
CG = BASE + "ns#"
GAP = BASE + "gap/"
CASE = BASE + "case/"
# casegraph's own graphs beside the cases (none of them is a case; see case_graph_id):
# what a store records about its cases (casegraph.store.metadata), and cases being
# written to a server (casegraph.store.remote). A graph casegraph keeps per case goes
# under OWN_GRAPHS too, never under CASE.
OWN_GRAPHS = BASE + "graphs/"
META_GRAPH = OWN_GRAPHS + "meta"
STAGING = OWN_GRAPHS + "staging/"
# Each case's gap results, kept beside it (casegraph.gaps.stored): a graph per case.
RESULTS = OWN_GRAPHS + "results/"

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"

# The class (cg:<Name>) of each kind of item of a case.
CLASSES = {
    "source": "Source",
    "actor": "Actor",
    "concern": "Concern",
    "duty": "Duty",
    "tool": "Tool",
    "event": "Event",
    "finding": "Finding",
    "recommendation": "Recommendation",
}

# The keys an item's label is taken from, in order (then its id).
LABEL_KEYS = ("label", "outcome", "summary", "text", "title")

# Literal datatypes read as whole numbers (counts, and integers in query results).
INTEGER_TYPES = frozenset(
    XSD + name
    for name in (
        "integer",
        "nonNegativeInteger",
        "int",
        "long",
        "short",
        "byte",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
        "positiveInteger",
    )
)

# An IRI that can be written between < and > in SPARQL as it is (SPARQL 1.1, IRIREF).
SAFE_IRI = re.compile(r'^[^\x00-\x20<>"{}|^`\\]+$')


class IRI(str):
    """A string that is an IRI (so bindings and output can tell it from a literal)."""

    __slots__ = ()


PREFIXES: dict[str, str] = {
    "cg": CG,
    "gap": GAP,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": RDFS,
    "xsd": XSD,
    "dcterms": DCTERMS,
    "prov": PROV,
    "org": ORG,
    "skos": SKOS,
}


def sparql_prologue() -> str:
    """PREFIX lines for every prefix above, to put in front of a user's query."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def case_iri(case_id: str) -> str:
    """The IRI of a case, which is also the name of its graph."""
    return CASE + case_id


def case_graph_id(graph: str) -> str | None:
    """The id of the case a graph holds, None for any other graph (casegraph's own
    under OWN_GRAPHS, a server's system graphs, anyone else's).

    Every listing of cases goes through this one test: a case graph is exactly a case
    IRI, ``CASE`` and an id with no ``/`` or ``#``.
    """
    parts = split_item_iri(graph)
    if parts is None or parts[1] or not parts[0] or "#" in graph[len(CASE) :]:
        return None
    return parts[0]


def results_iri(case_id: str) -> str:
    """The graph holding a case's stored gap results (casegraph's own, never a case)."""
    return RESULTS + case_id


def item_iri(case_id: str, item_id: str) -> str:
    """The IRI of one item (actor, event, ...) of a case."""
    return f"{CASE}{case_id}/{item_id}"


def enum_iri(scheme: str, value: str) -> str:
    """The SKOS concept for one value of a closed list, e.g. ``cg:event-kind-decision``."""
    return f"{CG}{scheme}-{value}"


def split_item_iri(iri: str) -> tuple[str, str] | None:
    """``(case id, item id)`` for an item IRI, the case id alone as ``(id, "")`` for a case."""
    if not iri.startswith(CASE):
        return None
    rest = iri[len(CASE) :].split("#", 1)[0]
    case_id, _, item_id = rest.partition("/")
    return case_id, item_id


def item_id(iri: Any) -> str:
    """The id in an item IRI (the case id for a case IRI); any other IRI as it is."""
    parts = split_item_iri(str(iri))
    if parts:
        return parts[1] or parts[0]
    return str(iri)


def enum_value(value: Any, scheme: str) -> str:
    """``cg:event-status-not-sent`` -> ``not-sent``; a value of no such scheme as it is."""
    prefix = f"{CG}{scheme}-"
    text = str(value)
    return text[len(prefix) :] if text.startswith(prefix) else text
