"""IRIs: the vocabulary's, and stable ones for every case and item.

A case's IRI is also the name of its graph; an item's IRI is the case IRI, a slash
and its id. Nodes that belong to one item (a citation, a duty holder) hang off the
item's IRI with a fragment, so they can never collide with an item id.
"""

from __future__ import annotations

BASE = "https://w3id.org/casegraph/"
CG = BASE + "ns#"
GAP = BASE + "gap/"
CASE = BASE + "case/"

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"

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
