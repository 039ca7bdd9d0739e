"""What both layouts put on a node: its look, tooltip, badge and side-panel details.

Everything here is data (strings, numbers, lists). Nothing is HTML: the page renders
tooltips and the side panel as text, so case text can never become markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from casegraph.text import shorten, shorten_words
from casegraph.views.style import (
    ABSENT_DASHES,
    ABSENT_SHADOW,
    BASIS_TEXT,
    FONT,
    GAP_MARKS,
    GAP_SHADOW,
    LABEL_BELOW,
    SIZES,
    Look,
    display_date,
    look,
    node_colour,
)
from casegraph.vocab import item_iri

# The item's own prose, in the order the side panel shows it.
TEXT_KEYS = ("summary", "outcome", "rationale", "text", "title")
# Short facts worth a line in the side panel, with their display names.
FACT_KEYS = (
    ("status", "status"),
    ("risk", "risk"),
    ("planned", "planned"),
    ("delivered", "delivered"),
    ("deliveredCount", "delivered (counted)"),
    ("stage_name", "stage"),
    ("stage_effect", "stage effect"),
    ("clarity", "clarity"),
    ("nature", "nature"),
    ("level", "level"),
    ("superseded", "superseded"),
    ("published", "published"),
    ("url", "url"),
    ("theme", "theme"),
    ("period_start", "period start"),
    ("period_end", "period end"),
)
GAP_KEYS = (
    "gap",
    "detail",
    "actor",
    "actor_label",
    "label",
    "evidence",
    "findings",
    "basis",
    "stated_by",
)

# A gap's evidence and detail can grow with the case (excluded-knowledge-holder lists
# every earlier concern of the actor left out: 900 events, an 8,000-character detail,
# in a 10,000-event case). The page is for finding one's way: it carries the first
# EVIDENCE_SHOWN items and says how many more, and cuts a detail at DETAIL_CHARS; the
# report and `casegraph gaps` give them whole.
EVIDENCE_SHOWN = 20
DETAIL_CHARS = 400

# Node IRI -> the gaps on it: dicts (or objects) with gap, detail, and maybe actor, ...
Highlights = Mapping[str, Sequence[Any]]

# vis-network's defaults for every node of a view (a node's own values win).
NODE_DEFAULTS: dict[str, Any] = {
    "font": {"face": FONT, "size": 14, "color": "#1f2328"},
    "borderWidth": 1.5,
    "borderWidthSelected": 3,
}


def gap_list(highlights: Highlights | None, iri: str) -> list[dict[str, Any]]:
    """The gaps recorded for one node, as plain JSON-ready dicts (unknown keys dropped)."""
    if not highlights:
        return []
    found = []
    for gap in highlights.get(iri, ()):
        item: dict[str, Any] = {}
        for key in GAP_KEYS:
            value = gap.get(key) if isinstance(gap, Mapping) else getattr(gap, key, None)
            if value is None:
                continue
            item[key] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
        evidence = item.get("evidence")
        if evidence and len(evidence) > EVIDENCE_SHOWN:
            more = len(evidence) - EVIDENCE_SHOWN
            item["evidence"] = [*evidence[:EVIDENCE_SHOWN], f"… and {more} more"]
        if "detail" in item:
            item["detail"] = shorten(item["detail"], DETAIL_CHARS, at_word=True)
        basis = item.get("basis")
        if basis in BASIS_TEXT:  # what the side panel says the gap rests on
            item["mark"] = GAP_MARKS[basis]
            by = f" ({', '.join(item.get('stated_by', []))})" if basis == "stated" else ""
            item["basis_text"] = BASIS_TEXT[basis] + by
        found.append(item)
    return found


def name_actors(graph: Any, highlights: Highlights | None) -> Highlights | None:
    """The highlights with each per-actor gap's ``actor_label`` (the actor's label), so
    the page can say for whom a gap was found ("excluded-knowledge-holder ... for
    Teachers at the school"), not only on which item."""
    if not highlights:
        return highlights
    named: dict[str, list[Any]] = {}
    for iri, gaps in highlights.items():
        entries = []
        for gap in gaps:
            entry = dict(gap) if isinstance(gap, Mapping) else dict(vars(gap))
            actor = entry.get("actor")
            if actor and not entry.get("actor_label"):
                case = graph.nodes[iri].get("case") if iri in graph else None
                node = item_iri(str(case), str(actor)) if case else None
                if node is not None and node in graph:
                    entry["actor_label"] = str(graph.nodes[node].get("label", actor))
            entries.append(entry)
        named[iri] = entries
    return named


def absent_only(gaps: Sequence[Mapping[str, Any]]) -> bool:
    """Every gap on the node rests only on an absence (drawn dashed, with a "?" badge)."""
    return bool(gaps) and all(gap.get("basis") == "absent" for gap in gaps)


def _plain(value: Any) -> Any:
    if isinstance(value, bool | int | float) or value is None:
        return value
    text = str(value)
    if text.startswith("https://w3id.org/casegraph/gap/"):
        return text.rsplit("/", 1)[1]
    return text


def details(attrs: Mapping[str, Any], gaps: list[dict[str, Any]]) -> dict[str, Any]:
    """The side panel's data for one node."""
    label = str(attrs.get("label", attrs.get("id", "")))
    texts = [
        [key, str(attrs[key])]
        for key in TEXT_KEYS
        if attrs.get(key) and (key == "rationale" or str(attrs[key]) != label)
    ]
    if (
        attrs.get("type") == "event"
        and attrs.get("kind") == "decision"
        and not attrs.get("rationale")
    ):
        texts.append(["rationale", "(not recorded)"])
    return {
        "id": str(attrs.get("id", "")),
        "case": str(attrs.get("case", "")),
        "type": str(attrs.get("type", "other")),
        "kind": attrs.get("kind") and str(attrs["kind"]),
        "label": label,
        "date": attrs.get("date") and str(attrs["date"]),
        "when": display_date(attrs.get("date")),
        "texts": texts,
        "facts": [
            [name, _plain(attrs[key])]
            for key, name in FACT_KEYS
            if attrs.get(key) not in (None, "")
        ],
        "sources": [
            {k: (str(v) if v is not None else None) for k, v in source.items()}
            for source in attrs.get("sources") or []
        ],
        "gaps": gaps,
    }


def tooltip(info: Mapping[str, Any]) -> str:
    """A plain-text tooltip: label, what it is, when, gaps and the first quotes."""
    lines = [shorten_words(info["label"], 160)]
    what = " · ".join(x for x in (info["type"], info.get("kind"), info.get("when")) if x)
    lines.append(what)
    for gap in info["gaps"]:
        who = gap.get("actor_label") or gap.get("actor")
        name = f"{gap.get('gap', 'gap')}" + (f" (for {shorten_words(who, 40)})" if who else "")
        basis = f" [{gap['basis']}]" if gap.get("basis") else ""
        lines.append(
            f"{gap.get('mark', '⚠')} {name}{basis}: {shorten_words(gap.get('detail', ''), 140)}"
        )
    for source in info["sources"][:2]:
        if source.get("quote"):
            where = ", ".join(x for x in (source.get("ref"), source.get("locator")) if x)
            lines.append(f"“{shorten_words(source['quote'], 140)}” ({where})")
    if len(info["sources"]) > 2:
        lines.append(f"+{len(info['sources']) - 2} more sources: click for all")
    return "\n".join(lines)


def vis_node(
    iri: str,
    attrs: Mapping[str, Any],
    highlights: Highlights | None,
    label: str | None = None,
    lk: Look | None = None,
) -> dict[str, Any]:
    """One vis-network node for a graph node, with its look, tooltip, badge and details."""
    lk = lk or look(str(attrs.get("type", "other")), attrs.get("kind"))
    gaps = gap_list(highlights, iri)
    info = details(attrs, gaps)
    info["group"] = lk.group
    info["cat"] = lk.category
    node: dict[str, Any] = {
        "id": iri,
        "label": label if label is not None else shorten_words(info["label"]),
        "title": tooltip(info),
        "shape": lk.shape,
        "color": node_colour(lk, bool(gaps), absent_only(gaps)),
        "cg": info,
    }
    if lk.shape in LABEL_BELOW:
        node["size"] = SIZES.get(lk.group, 14)
        node["font"] = {"strokeWidth": 4, "strokeColor": "#ffffff"}
    else:
        node["widthConstraint"] = {"maximum": 170}
        node["margin"] = 8
    if lk.shape == "box" and lk.group == "source":
        node["shapeProperties"] = {"borderDashes": [4, 3]}
    if gaps:
        node["borderWidth"] = 4
        node["borderWidthSelected"] = 5
        node["badge"] = f"⚠ {len(gaps)}"
        node["shadow"] = {"enabled": True, "color": GAP_SHADOW, "size": 14, "x": 0, "y": 0}
    if absent_only(gaps):
        node["badge"] = f"? {len(gaps)}"
        node["badgeAbsent"] = True
        node["shadow"]["color"] = ABSENT_SHADOW
        node["shapeProperties"] = {**node.get("shapeProperties", {}), "borderDashes": ABSENT_DASHES}
    return node


def title_and_period(graph: Any) -> tuple[str, str]:
    """The view's title (the case title, or how many cases) and period (``Oct 2014 to Dec 2015``,
    with an en dash)."""
    cases = [attrs for _, attrs in graph.nodes(data=True) if attrs.get("type") == "case"]
    starts = sorted(str(c["period_start"]) for c in cases if c.get("period_start"))
    ends = sorted(str(c["period_end"]) for c in cases if c.get("period_end"))
    if len(cases) == 1:
        title = str(cases[0].get("title") or cases[0].get("label") or cases[0].get("id"))
    elif cases:
        title = f"{len(cases)} cases"
    else:
        title = "casegraph view"
    period = " \u2013 ".join(display_date(d) for d in (starts[:1] + ends[-1:]))
    return title, period


def gap_entries(graph: Any, highlights: Highlights | None, shown: set[str]) -> list[dict[str, Any]]:
    """The sidebar's list of gaps: one entry per highlighted node of the graph.

    ``node`` is the node's id when the view shows it, else None (a duty in a timeline).
    Only an entry for a node the view does not show carries its ``gaps``: a shown
    node's are in its own details (``cg.gaps``), where the page reads them, so a long
    case's gaps travel once, not twice.
    """
    entries = []
    for iri in sorted(highlights or {}, key=str):
        if iri not in graph or not highlights or not highlights.get(iri):
            continue
        attrs = graph.nodes[iri]
        entry: dict[str, Any] = {
            "node": iri if iri in shown else None,
            "id": str(attrs.get("id", "")),
            "label": shorten_words(str(attrs.get("label", "")), 80),
            "type": str(attrs.get("type", "")),
        }
        if iri not in shown:
            entry["gaps"] = gap_list(highlights, iri)
        entries.append(entry)
    return entries
