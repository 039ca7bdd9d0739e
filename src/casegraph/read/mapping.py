"""Case file (format 1) to RDF, as N-Triples text.

Every key of the format becomes a triple (see the ontology for each property); the
derived facts of casegraph.read.derive are added. Writing N-Triples directly lets every
engine bulk-parse the same text: rdflib in memory, Oxigraph embedded or remote.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casegraph.read.casefile.check import CaseFile
from casegraph.read.casefile.spec import ITEM_FIELDS, SECTIONS, Field
from casegraph.read.derive import MEMBERS_HEAR_ROLES, CaseFacts, Derived, EventFacts, derive
from casegraph.read.standard import standard_triples
from casegraph.time.dates import PartialDate, parse_date
from casegraph.time.order import Timed
from casegraph.vocab import (
    CG,
    CLASSES,
    DCTERMS,
    GAP,
    RDF_TYPE,
    RDFS,
    XSD,
    case_iri,
    enum_iri,
    item_iri,
)

# Keys whose property is not cg:<camelCase key>.
PROPERTY_OVERRIDES = {
    "label": RDFS + "label",
    "title": DCTERMS + "title",
    "published": DCTERMS + "issued",
    "id": DCTERMS + "identifier",
}

# Closed-list keys: the enum's name in spec.ENUMS is also the property's stem.
ENUM_PROPERTIES = {
    "source-kind": "sourceKind",
    "actor-type": "actorType",
    "level": "level",
    "nature": "nature",
    "role": "role",
    "basis": "basis",
    "clarity": "clarity",
    "tool-status": "toolStatus",
    "event-kind": "eventKind",
    "event-status": "status",
    "risk": "risk",
    "stage-effect": "stageEffect",
    "recommendation-status": "recommendationStatus",
    "aspect": "silentOn",
}

_DATE_TYPES = {"year": XSD + "gYear", "month": XSD + "gYearMonth", "day": XSD + "date"}


def camel(key: str) -> str:
    """``identified_by`` -> ``identifiedBy``."""
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


def property_iri(key: str, spec: Field) -> str:
    """The property a format key maps to."""
    if spec.type == "enum":
        return CG + ENUM_PROPERTIES[str(spec.target)]
    return PROPERTY_OVERRIDES.get(key, CG + camel(key))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def iri(value: str) -> str:
    return f"<{value}>"


def literal(text: str, datatype: str | None = None) -> str:
    quoted = f'"{_escape(text)}"'
    return f"{quoted}^^<{datatype}>" if datatype else quoted


def date_literal(when: PartialDate) -> str:
    return literal(when.text, _DATE_TYPES[when.precision])


def day_literal(day: Any) -> str:
    return literal(day.isoformat(), XSD + "date")


def integer(value: int) -> str:
    return literal(str(value), XSD + "integer")


class _Writer:
    def __init__(self, case_id: str, kinds: dict[str, str]):
        self.case_id = case_id
        self.kinds = kinds
        self.lines: list[str] = []

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self.lines.append(f"<{subject}> <{predicate}> {obj} .\n")

    def item(self, item_id: str) -> str:
        return item_iri(self.case_id, item_id)

    def value(self, subject: str, key: str, spec: Field, value: Any) -> None:
        """Add the triples for one key of an item."""
        prop = property_iri(key, spec)
        kind = spec.type
        if kind in ("ref", "refs"):
            for ref in value if isinstance(value, list) else [value]:
                self.add(subject, prop, iri(self.item(ref)))
        elif kind == "enum":
            self.add(subject, prop, iri(enum_iri(str(spec.target), value)))
        elif kind == "date":
            self.add(subject, prop, date_literal(parse_date(value)))
        elif kind == "count":
            self.add(subject, prop, integer(value))
        elif kind == "url":
            self.add(subject, prop, literal(value, XSD + "anyURI"))
        elif kind == "themes":  # each a gap concept (gap:{id}) or a free-text literal
            from casegraph.gaps.registry import GAP_IDS  # the gaps' homes: only for themes

            for theme in value:
                self.add(subject, prop, iri(GAP + theme) if theme in GAP_IDS else literal(theme))
        elif kind == "citations":
            for n, cite in enumerate(value, 1):
                node = f"{subject}#source-{n}"
                self.add(subject, CG + "citation", iri(node))
                self.add(node, RDF_TYPE, iri(CG + "Citation"))
                self.add(node, CG + "ref", iri(self.item(cite["ref"])))
                for sub in ("quote", "locator"):
                    if sub in cite:
                        self.add(node, CG + sub, literal(cite[sub]))
        elif kind == "holders":
            for n, holder in enumerate(value, 1):
                node = f"{subject}#holder-{n}"
                self.add(subject, CG + "holding", iri(node))
                self.add(node, RDF_TYPE, iri(CG + "Holding"))
                self.add(node, CG + "holder", iri(self.item(holder["actor"])))
                self.add(node, CG + "role", iri(enum_iri("role", holder["role"])))
                if "basis" in holder:
                    self.add(node, CG + "basis", iri(enum_iri("basis", holder["basis"])))
        elif kind == "map":  # an event's stage: flattened onto the event
            for sub, sub_value in value.items():
                name = "stageName" if sub == "name" else None
                sub_spec = spec.fields[sub]
                if name:
                    self.add(subject, CG + name, literal(sub_value))
                else:
                    self.value(subject, sub, sub_spec, sub_value)
        else:  # text, id
            self.add(subject, prop, literal(str(value)))


def case_ntriples(case: CaseFile) -> str:
    """The N-Triples of one checked case file, derived facts included."""
    case_id = case.case_id
    out = _Writer(case_id, case.kinds)
    c = case_iri(case_id)
    head = case.data["case"]
    out.add(c, RDF_TYPE, iri(CG + "Case"))
    out.add(c, DCTERMS + "identifier", literal(case_id))
    out.add(c, CG + "formatVersion", integer(case.data["casegraph"]))
    if "title" in head:
        out.add(c, DCTERMS + "title", literal(head["title"]))
    if "subject" in head:
        out.add(c, CG + "subject", iri(out.item(head["subject"])))
    for key, prop in (("start", "periodStart"), ("end", "periodEnd")):
        if key in head.get("period", {}):
            out.add(c, CG + prop, date_literal(parse_date(head["period"][key])))
    for aspect in head.get("silent_on", []):
        out.add(c, CG + "silentOn", iri(enum_iri("aspect", aspect)))
    if "review" in head:
        review = head["review"]
        r = f"{c}#review"
        out.add(c, CG + "review", iri(r))
        out.add(r, RDF_TYPE, iri(CG + "Review"))
        if "title" in review:
            out.add(r, DCTERMS + "title", literal(review["title"]))
        if "kind" in review:
            out.add(r, CG + "reviewKind", literal(review["kind"]))
        if "published" in review:
            out.add(r, DCTERMS + "issued", date_literal(parse_date(review["published"])))
        for actor in review.get("commissioned_by", []):
            out.add(r, CG + "commissionedBy", iri(out.item(actor)))
    for section, kind in SECTIONS.items():
        fields = ITEM_FIELDS[kind]
        for entry in case.data.get(section, []):
            subject = out.item(entry["id"])
            out.add(subject, RDF_TYPE, iri(CG + CLASSES[kind]))
            out.add(subject, CG + "inCase", iri(c))
            for key, value in entry.items():
                out.value(subject, key, fields[key], value)
    add_derived(out.add, case_id, derive_from_case(case))
    out.lines.extend(standard_triples(out.lines))
    return "".join(out.lines)


def derive_from_case(case: CaseFile) -> Derived:
    """Derived facts computed from the checked case data."""
    events = {
        ev["id"]: EventFacts(
            Timed(
                parse_date(ev["date"]) if "date" in ev else None,
                ev.get("after", []),
                ev.get("before", []),
            ),
            ev.get("planned"),
            ev.get("delivered"),
            ev.get("under"),
            {role: ev[role] for role in MEMBERS_HEAR_ROLES if role in ev},
            ev.get("status"),
        )
        for ev in case.data.get("events", [])
    }
    facts = CaseFacts(
        superseded={
            tool["id"]: parse_date(tool["superseded"])
            for tool in case.data.get("tools", [])
            if "superseded" in tool
        },
        members={
            actor["id"]: set(actor.get("members", []))
            | ({actor["chair"]} if "chair" in actor else set())
            for actor in case.data.get("actors", [])
        },
        holders={
            duty["id"]: [(holder["actor"], holder["role"]) for holder in duty["holders"]]
            for duty in case.data.get("duties", [])
            if "holders" in duty
        },
    )
    return derive(events, facts)


# The predicates casegraph.read.derive computes: dropped from RDF input and recomputed.
DERIVED_PROPERTIES = tuple(
    CG + name
    for name in (
        "earliest",
        "latest",
        "notBefore",
        "notAfter",
        "supersededFrom",
        "deliveredCount",
        "hearsIn",
        "takesPartIn",
        "ownedBy",
    )
)
# Derived by earlier versions and no longer: dropped from RDF input too (cg:laterThan
# was the later relation stored as its quadratic closure; see casegraph.time.order).
RETIRED_PROPERTIES = (CG + "laterThan",)


def add_derived(
    add: Any, case_id: str, derived: Derived, iri_of: Callable[[str], str] | None = None
) -> None:
    """Write derived facts with ``add(subject, predicate, object_ntriples)``.

    Args:
        add: receives each derived triple.
        case_id: the case the facts belong to.
        derived: the facts, keyed by item id (or by IRI, with ``iri_of``).
        iri_of: turns a key of ``derived`` into the item's IRI; by default the key is an
            item id of ``case_id``. RDF input passes IRIs through unchanged.
    """
    to_iri = iri_of if iri_of is not None else (lambda key: item_iri(case_id, key))
    for eid, when in derived.intervals.items():
        subject = to_iri(eid)
        add(subject, CG + "earliest", day_literal(when.earliest))
        add(subject, CG + "latest", day_literal(when.latest))
    for eid, day in derived.not_before.items():
        add(to_iri(eid), CG + "notBefore", day_literal(day))
    for eid, day in derived.not_after.items():
        add(to_iri(eid), CG + "notAfter", day_literal(day))
    for tid, when in derived.superseded_from.items():
        add(to_iri(tid), CG + "supersededFrom", day_literal(when.earliest))
    for eid, count in derived.delivered_count.items():
        add(to_iri(eid), CG + "deliveredCount", integer(count))
    for eid, actors in derived.hears.items():
        for actor in sorted(actors):
            add(to_iri(actor), CG + "hearsIn", iri(to_iri(eid)))
    for eid, actors in derived.takes_part.items():
        for actor in sorted(actors):
            add(to_iri(actor), CG + "takesPartIn", iri(to_iri(eid)))
    for duty, owners in derived.owners.items():
        for actor in sorted(owners):
            add(to_iri(duty), CG + "ownedBy", iri(to_iri(actor)))
