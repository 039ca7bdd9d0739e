"""The NetworkX projection, derived from the RDF (never from the YAML).

One ``networkx.MultiDiGraph`` for one case or many. Nodes are keyed by IRI and carry:
``id``, ``case``, ``type`` (case, source, actor, concern, duty, tool, event, finding,
recommendation), ``kind`` (an event's kind, an actor's type, a concern's nature),
``label``, ``actor_type`` (actors), ``date``/``earliest``/``latest`` and the later
relation's bounds ``not_before``/``not_after`` (events; casegraph.time.later), the item's
own text keys (``summary``, ``outcome``, ``rationale``, ``text``, ...), a finding's
``theme`` (a gap id or the free text; a sorted list when it has several), a case's
``silent_on`` (a sorted list of aspects) and ``sources`` (a list of
``{ref, quote, locator}``). Edges run from the item that has the key to the item it
names, keyed and attributed by ``relation``: the format's key (``by``, ``to``,
``about``, ``addressed_by``, ``holder`` with ``role`` and ``basis``, ...).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from casegraph.read.casefile.spec import ENUMS, ITEM_FIELDS
from casegraph.read.mapping import property_iri
from casegraph.read.standard import STANDARD_PREDICATES
from casegraph.vocab import (
    CG,
    CLASSES,
    DCTERMS,
    GAP,
    IRI,
    LABEL_KEYS,
    RDF_TYPE,
    case_iri,
    enum_value,
    item_id,
    split_item_iri,
)

if TYPE_CHECKING:
    import networkx as nx

    from casegraph.dataset import CaseDataset

_TYPE_BY_CLASS = {CG + cls: kind for kind, cls in CLASSES.items()} | {CG + "Case": "case"}
_KIND_KEYS = {"event": "kind", "actor": "actor_type", "concern": "nature", "source": "kind"}


def _property_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for fields in ITEM_FIELDS.values():
        for key, spec in fields.items():
            keys.setdefault(property_iri(key, spec), key)
    keys[CG + "actorType"] = "actor_type"  # "type" is the node's own type
    keys[CG + "periodStart"] = "period_start"
    keys[CG + "periodEnd"] = "period_end"
    keys[CG + "supersededFrom"] = "superseded_from"
    keys[CG + "subject"] = "subject"
    keys[CG + "commissionedBy"] = "commissioned_by"
    keys[CG + "stageName"] = "stage_name"
    keys[CG + "stageEffect"] = "stage_effect"
    keys[CG + "silentOn"] = "silent_on"
    for derived in ("earliest", "latest", "deliveredCount"):
        keys[CG + derived] = derived
    keys[CG + "notBefore"] = "not_before"
    keys[CG + "notAfter"] = "not_after"
    return keys


_KEYS = _property_keys()
_SKIP = {
    CG + "inCase",
    CG + "hearsIn",  # derived: the graph has the event roles and memberships they come from
    CG + "takesPartIn",
    CG + "ownedBy",
    CG + "citation",
    CG + "holding",
    CG + "review",
    CG + "formatVersion",
    *STANDARD_PREDICATES,  # PROV/ORG restatements of the cg: relations above
}
_ENUM_PREFIX = CG
# Keys that may hold several values: a finding's themes, a case's silent aspects.
_MANY = {"theme", "silent_on"}


def to_networkx(dataset: CaseDataset, cases: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """Project some or all cases of a dataset into one MultiDiGraph.

    Args:
        dataset: the loaded cases.
        cases: case ids to include; all when None.
    """
    import networkx as nx

    wanted = list(cases) if cases is not None else dataset.case_ids()
    graph = nx.MultiDiGraph()
    for case_id in wanted:
        _add_case(graph, dataset, case_id)
    return graph


def _add_case(graph: nx.MultiDiGraph, dataset: CaseDataset, case_id: str) -> None:
    rows = dataset.engine.triples(case_iri(case_id))
    attrs: dict[str, dict[str, Any]] = defaultdict(dict)
    aux: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    links: list[tuple[str, str, str]] = []
    for s, p, o in rows:
        s, p = str(s), str(p)
        is_iri = isinstance(o, IRI)
        o = str(o) if is_iri else o
        if "#" in s:
            aux[s][p].append(o)  # a citation, a holder or the review
            continue
        if p == RDF_TYPE:
            if o in _TYPE_BY_CLASS:
                attrs[s]["type"] = _TYPE_BY_CLASS[o]
            continue
        if p in _SKIP:
            if p in (CG + "citation", CG + "holding"):
                links.append((s, p, o))
            continue
        key = _KEYS.get(p, p)
        if is_iri and o.startswith(_ENUM_PREFIX):
            value = _enum_name([o])
        elif is_iri and o.startswith(GAP):  # a finding's theme: the gap id, like a free theme
            value = o[len(GAP) :]
        elif is_iri and split_item_iri(o):
            links.append((s, key, o))
            continue
        else:
            value = o
        if key in _MANY:
            attrs[s].setdefault(key, []).append(str(value))
        else:
            attrs[s][key] = value
    # Nodes in IRI order, not in the order the engine gave the triples (a server has its
    # own): the graph's node order is its edges' order, which a view numbers and curves.
    for s, values in sorted(attrs.items()):
        if len(values.get("theme", ())) == 1:
            values["theme"] = values["theme"][0]  # one theme, as the case file writes it
        for key in _MANY & values.keys():
            if isinstance(values[key], list):
                values[key] = sorted(values[key])
        parts = split_item_iri(s)
        case, item = parts if parts else (case_id, s)
        node_type = values.get("type", "other")
        values["id"] = item or case
        values["case"] = case_id
        values.setdefault("sources", [])
        kind_key = _KIND_KEYS.get(node_type)
        values["kind"] = values.get(kind_key) if kind_key else None
        if "date" in values:
            values["date"] = str(values["date"])
        values["label"] = next((str(values[k]) for k in LABEL_KEYS if values.get(k)), values["id"])
        graph.add_node(s, **values)
    review = aux.get(f"{case_iri(case_id)}#review")
    if review is not None and case_iri(case_id) in graph:
        graph.nodes[case_iri(case_id)]["review"] = _review(review)
    # In a stable order whatever order the engine gave the triples in (a remote server
    # has its own): by item, relation, then target, citations and holders by number.
    links.sort(key=lambda link: (link[0], link[1], _numbered(link[2])))
    for s, key, o in links:
        if key == CG + "citation":
            cite = aux[o]
            graph.nodes[s]["sources"].append(
                {
                    "ref": item_id(cite[CG + "ref"][0]) if cite.get(CG + "ref") else None,
                    "quote": cite[CG + "quote"][0] if cite.get(CG + "quote") else None,
                    "locator": cite[CG + "locator"][0] if cite.get(CG + "locator") else None,
                }
            )
        elif key == CG + "holding":
            holder = aux[o]
            for actor in holder.get(CG + "holder", []):
                graph.add_edge(
                    s,
                    actor,
                    key="holder",
                    relation="holder",
                    role=_enum_name(holder.get(CG + "role")),
                    basis=_enum_name(holder.get(CG + "basis")),
                )
        else:
            graph.add_edge(s, o, key=key, relation=key)


def _numbered(iri: str) -> tuple[str, int]:
    """``...#source-10`` after ``...#source-9``: the trailing number compared as a number."""
    head, _, number = iri.rpartition("-")
    return (head, int(number)) if number.isdigit() else (iri, 0)


def _review(facts: dict[str, list[Any]]) -> dict[str, Any]:
    """The case's review as a node attribute: not a node of its own, so that paths and
    views do not run through it."""
    review: dict[str, Any] = {
        key: str(facts[prop][0])
        for key, prop in (
            ("title", DCTERMS + "title"),
            ("kind", CG + "reviewKind"),
            ("published", DCTERMS + "issued"),
        )
        if facts.get(prop)
    }
    review["commissioned_by"] = sorted(
        item_id(str(a)) for a in facts.get(CG + "commissionedBy", [])
    )
    return review


def _enum_name(values: list[Any] | None) -> str | None:
    """A closed-list IRI as its value: ``cg:event-kind-decision`` -> ``decision``."""
    if not values:
        return None
    for scheme, options in ENUMS.items():
        value = enum_value(values[0], scheme)
        if value in options:
            return value
    return None
