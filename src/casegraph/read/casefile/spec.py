"""The case file format, version 1, as data.

One table drives the checker, the JSON Schema and the RDF mapping, so the three can
never disagree about which keys exist. docs/case-format.md describes every key for
the people who write case files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORMAT_VERSION = 1
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

# The item lists of a case file, in file order, with the kind of item each holds.
SECTIONS: dict[str, str] = {
    "sources": "source",
    "actors": "actor",
    "concerns": "concern",
    "duties": "duty",
    "tools": "tool",
    "events": "event",
    "findings": "finding",
    "recommendations": "recommendation",
}

ENUMS: dict[str, tuple[str, ...]] = {
    "source-kind": ("review-report", "news-report", "guidance", "statement", "chronology", "other"),
    "actor-type": (
        "school",
        "police",
        "local-authority",
        "panel",
        "intervention-provider",
        "health",
        "social-care",
        "probation",
        "prison",
        "government",
        "charity",
        "person",
        "subject",
        "other",
    ),
    "level": ("government", "oversight", "organisation", "front-line", "subject"),
    "nature": ("symptom", "underlying", "risk", "need"),
    "role": ("responsible", "accountable", "consulted", "informed"),
    "basis": ("guidance", "practice", "claimed", "reviewer"),
    "clarity": ("clear", "blurred", "unowned"),
    "tool-status": ("current", "outdated"),
    "event-kind": (
        "referral",
        "communication",
        "tasking",
        "assessment",
        "decision",
        "meeting",
        "intervention",
        "review",
        "closure",
        "incident",
        "other",
    ),
    "event-status": ("delivered", "failed", "miscommunicated", "not-sent"),
    "risk": ("low", "medium", "high"),
    "stage-effect": ("enter", "exit"),
    "recommendation-status": ("open", "in-progress", "done"),
    # What a case's sources may be silent on (`case.silent_on`): each absence clause of
    # the gap catalogue belongs to one of these (casegraph.gaps.gap.Clause, docs/gaps.md).
    "aspect": (
        "ownership",
        "discharge",
        "rationale",
        "responses",
        "communications",
        "participation",
        "recommendations",
    ),
}


@dataclass(frozen=True)
class Field:
    """One key: what its value must be.

    ``type`` is one of: id, text, url, date, count, enum, enums (a list of values of
    one enum, each once), ref, refs, map, citations, holders, version, themes (one
    theme or a list, each once). ``target`` names the enum (for enum) or the item kinds a
    reference may point to (for ref/refs; ``"*"`` for any item).
    """

    type: str
    required: bool = False
    target: str | tuple[str, ...] = ()
    fields: dict[str, Field] = field(default_factory=dict)  # for map
    kinds: tuple[str, ...] = ()  # for event keys that go only with some kinds
    nullable: bool = True
    doc: str = ""


def _ref(*kinds: str, doc: str = "") -> Field:
    return Field("ref", target=kinds, doc=doc)


def _refs(*kinds: str, doc: str = "") -> Field:
    return Field("refs", target=kinds, doc=doc)


CITATION: dict[str, Field] = {
    "ref": Field(
        "ref", required=True, target=("source",), nullable=False, doc="id of the source document"
    ),
    "quote": Field("text", doc="exact words from the source"),
    "locator": Field("text", doc="where in the source, e.g. p. 12"),
}

HOLDER: dict[str, Field] = {
    "actor": Field("ref", required=True, target=("actor",), nullable=False),
    "role": Field("enum", required=True, target="role", nullable=False),
    "basis": Field("enum", target="basis"),
}

_SOURCE = Field("citations", doc="one {ref, quote, locator} or a list of them")
_PASSED_ON = ("referral", "communication", "tasking")
_COUNTED = ("tasking", "intervention")

ITEM_FIELDS: dict[str, dict[str, Field]] = {
    "source": {
        "id": Field("id", required=True, nullable=False),
        "title": Field("text"),
        "kind": Field("enum", target="source-kind"),
        "url": Field("url"),
        "published": Field("date"),
        "file": Field(
            "text",
            doc="the source's text (.txt, .md, .html or .pdf), relative to the case file; "
            "validate checks every quote citing this source against it",
        ),
        "sha256": Field(
            "text",
            doc="SHA-256 of the file when its quotes were last checked; validate reports "
            "a file that changed since",
        ),
    },
    "actor": {
        "id": Field("id", required=True, nullable=False),
        "label": Field("text"),
        "type": Field("enum", target="actor-type"),
        "level": Field("enum", target="level"),
        "part_of": _ref("actor"),
        "chair": _ref("actor"),
        "members": _refs("actor"),
        "source": _SOURCE,
    },
    "concern": {
        "id": Field("id", required=True, nullable=False),
        "label": Field("text"),
        "nature": Field("enum", target="nature"),
        "identified_by": _ref("actor"),
        "identified_at": _ref("event"),
        "addressed_by": _refs("event"),
        "source": _SOURCE,
    },
    "duty": {
        "id": Field("id", required=True, nullable=False),
        "label": Field("text"),
        "holders": Field("holders", fields=HOLDER),
        "discharged_by": _refs("event"),
        "clarity": Field("enum", target="clarity"),
        "source": _SOURCE,
    },
    "tool": {
        "id": Field("id", required=True, nullable=False),
        "label": Field("text"),
        "status": Field("enum", target="tool-status"),
        "superseded": Field("date"),
        "source": _SOURCE,
    },
    "event": {
        "id": Field("id", required=True, nullable=False),
        "kind": Field("enum", required=True, target="event-kind", nullable=False),
        "date": Field("date"),
        "by": _refs("actor"),
        "to": _refs("actor"),
        "with": _refs("actor"),
        "consulted": _refs("actor"),
        "informed": _refs("actor"),
        "about": _refs("concern"),
        "summary": Field("text"),
        "outcome": Field("text"),
        "rationale": Field("text"),
        "tool": _ref("tool"),
        "risk": Field("enum", target="risk"),
        "stage": Field(
            "map",
            fields={
                "name": Field("text"),
                "effect": Field("enum", target="stage-effect"),
            },
        ),
        "status": Field("enum", target="event-status", kinds=_PASSED_ON),
        "planned": Field("count", kinds=_COUNTED),
        "delivered": Field("count", kinds=_COUNTED),
        "under": Field("ref", target=("event",), kinds=("intervention",)),
        "after": _refs("event"),
        "before": _refs("event"),
        "source": _SOURCE,
    },
    "finding": {
        "id": Field("id", required=True, nullable=False),
        "text": Field("text"),
        "theme": Field(
            "themes",
            doc="one theme or a list: gap ids of the catalogue (the reviewer states that "
            "gap) or free themes",
        ),
        "evidence": _refs("*"),
        "source": _SOURCE,
    },
    "recommendation": {
        "id": Field("id", required=True, nullable=False),
        "text": Field("text"),
        "addresses": _refs("finding"),
        "owner": _ref("actor"),
        "status": Field("enum", target="recommendation-status"),
        "source": _SOURCE,
    },
}

CASE_FIELDS: dict[str, Field] = {
    "id": Field("id", required=True, nullable=False, doc="becomes the IRI base and named graph"),
    "title": Field("text"),
    "subject": _ref("actor", doc="the person at the centre of the case"),
    "period": Field("map", fields={"start": Field("date"), "end": Field("date")}),
    "review": Field(
        "map",
        fields={
            "title": Field("text"),
            "kind": Field("text"),
            "published": Field("date"),
            "commissioned_by": _refs("actor"),
        },
    ),
    "silent_on": Field(
        "enums",
        target="aspect",
        doc="aspects the case's sources do not cover, so that their absence is no "
        "evidence of a gap",
    ),
}

TOP_FIELDS: dict[str, Field] = {
    "casegraph": Field("version", required=True, nullable=False, doc="format version: 1"),
    "case": Field("map", required=True, fields=CASE_FIELDS, nullable=False),
    **{
        name: Field("items", target=kind, required=(name == "actors"))
        for name, kind in SECTIONS.items()
    },
}

# The edges of the NetworkX projection: every key that names other items, in the order
# a path step lists them (casegraph.graph.projection and .paths, `casegraph path --via`).
RELATIONS = (
    "by",
    "to",
    "with",
    "consulted",
    "informed",
    "about",
    "identified_by",
    "identified_at",
    "addressed_by",
    "discharged_by",
    "holder",
    "part_of",
    "chair",
    "members",
    "tool",
    "under",
    "after",
    "before",
    "evidence",
    "addresses",
    "owner",
    "subject",
    "commissioned_by",
)
