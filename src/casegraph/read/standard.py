"""The standard vocabularies asserted in the data: PROV-O, W3C ORG and SKOS.

casegraph's own terms (cg:) carry every fact; these triples restate the ones that have
a standard meaning, in each case's graph, so that a tool knowing PROV, ORG or SKOS
(and no reasoner, and nothing of casegraph) finds them with a plain SPARQL query:

- types: a case is a ``prov:Bundle`` (its IRI names the graph of its descriptions);
  every actor a ``prov:Agent``; persons and subjects ``prov:Person``; organisations
  (school, police, local authority, ...) ``org:Organization`` and
  ``prov:Organization``; a panel ``org:OrganizationalCollaboration`` (an
  ``org:Organization`` too); events ``prov:Activity``; sources, concerns, findings and
  recommendations ``prov:Entity``; tools ``prov:Plan`` (and ``prov:Entity``); a duty's
  holding ``prov:Association``; every closed-list value used a ``skos:Concept`` in
  its ``skos:ConceptScheme`` (a finding's gap theme in ``cg:scheme-gap``).
- relations: ``part_of`` as ``org:memberOf`` for a person or subject (a teacher in a
  school) and as ``org:subOrganizationOf`` for an organisation or panel (a unit of a
  force); a panel's ``members`` and ``chair`` as ``org:hasMember``, and
  ``org:memberOf`` from a person's side; an event's ``by`` as ``prov:wasAssociatedWith``.

They are computed from the cg: triples like casegraph.read.derive's facts, for case
files and RDF input alike, and dropped from RDF input before it is read (so a
re-imported export is recomputed, never doubled).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from casegraph.read.casefile.spec import ENUMS
from casegraph.vocab import CG, GAP, ORG, PROV, RDF_TYPE, SKOS

_LINE = re.compile(r"^<([^>]*)> <([^>]*)> <([^>]*)> \.$")
PERSONS = {"person", "subject"}
ORGANISATIONS = {
    "school",
    "police",
    "local-authority",
    "intervention-provider",
    "health",
    "social-care",
    "probation",
    "prison",
    "government",
    "charity",
}
_CLASS_TYPES = {
    "Case": (PROV + "Bundle", PROV + "Entity"),
    "Actor": (PROV + "Agent",),
    "Event": (PROV + "Activity",),
    "Source": (PROV + "Entity",),
    "Concern": (PROV + "Entity",),
    "Finding": (PROV + "Entity",),
    "Recommendation": (PROV + "Entity",),
    "Tool": (PROV + "Plan", PROV + "Entity"),
    "Holding": (PROV + "Association",),
}
# What these restate: dropped from RDF input, then computed again.
STANDARD_PREDICATES = (
    ORG + "memberOf",
    ORG + "subOrganizationOf",
    ORG + "hasMember",
    PROV + "wasAssociatedWith",
    SKOS + "inScheme",
)
STANDARD_NAMESPACES = (PROV, ORG, SKOS)


def is_standard(predicate: str, obj: str) -> bool:
    """True for a triple this module writes (so RDF input drops it)."""
    if predicate in STANDARD_PREDICATES:
        return True
    return predicate == RDF_TYPE and obj.startswith(STANDARD_NAMESPACES)


def standard_triples(ntriples: Iterable[str]) -> list[str]:
    """The PROV/ORG/SKOS triples (N-Triples lines) restating these cg: triples."""

    types: dict[str, set[str]] = defaultdict(set)
    actor_type: dict[str, str] = {}
    part_of: list[tuple[str, str]] = []
    members: list[tuple[str, str]] = []
    by: list[tuple[str, str]] = []
    concepts: set[str] = set()
    for line in ntriples:
        match = _LINE.match(line.rstrip("\n"))
        if not match:
            continue
        s, p, o = match.groups()
        if p == RDF_TYPE and o.startswith(CG):
            types[s].add(o[len(CG) :])
        elif p == CG + "actorType" and o.startswith(CG + "actor-type-"):
            actor_type[s] = o[len(CG + "actor-type-") :]
        elif p == CG + "partOf":
            part_of.append((s, o))
        elif p in (CG + "members", CG + "chair"):
            members.append((s, o))
        elif p == CG + "by":
            by.append((s, o))
        if (o.startswith(CG) and not o[len(CG) :][:1].isupper()) or o.startswith(GAP):
            concepts.add(o)
    out: list[str] = []

    def add(s: str, p: str, o: str) -> None:
        out.append(f"<{s}> <{p}> <{o}> .\n")

    for s in sorted(types):
        for cls in sorted(types[s]):
            for standard in _CLASS_TYPES.get(cls, ()):
                add(s, RDF_TYPE, standard)
        kind = actor_type.get(s)
        if "Actor" in types[s] and kind in PERSONS:
            add(s, RDF_TYPE, PROV + "Person")
        elif "Actor" in types[s] and kind in ORGANISATIONS:
            add(s, RDF_TYPE, ORG + "Organization")
            add(s, RDF_TYPE, PROV + "Organization")
        elif "Actor" in types[s] and kind == "panel":
            add(s, RDF_TYPE, ORG + "OrganizationalCollaboration")
            add(s, RDF_TYPE, ORG + "Organization")
    for member, whole in part_of:
        if actor_type.get(member) in PERSONS:
            add(member, ORG + "memberOf", whole)
        elif actor_type.get(member) in ORGANISATIONS | {"panel"}:
            add(member, ORG + "subOrganizationOf", whole)
    for group, member in sorted(set(members)):
        add(group, ORG + "hasMember", member)
        if actor_type.get(member) in PERSONS:
            add(member, ORG + "memberOf", group)
    for event, actor in by:
        add(event, PROV + "wasAssociatedWith", actor)
    for concept in sorted(concepts):
        scheme = "gap" if concept.startswith(GAP) else _scheme(concept[len(CG) :], ENUMS)
        if scheme is not None:
            add(concept, RDF_TYPE, SKOS + "Concept")
            add(concept, SKOS + "inScheme", CG + "scheme-" + scheme)
    return list(dict.fromkeys(out))


def _scheme(local: str, enums: dict[str, tuple[str, ...]]) -> str | None:
    for scheme, values in enums.items():
        prefix = scheme + "-"
        if local.startswith(prefix) and local[len(prefix) :] in values:
            return scheme
    return None
