"""How each kind of node looks: colour and shape by type and kind, and the legend.

One table, used by both layouts and by the legend, so a colour on the canvas always
means what the legend says. Colours are (fill, border) pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GAP_BORDER = "#d1001f"
GAP_SHADOW = "rgba(209, 0, 31, 0.55)"
# A node whose gaps all rest only on an absence (basis "absent") is drawn apart from
# one with a stated or recorded gap, by more than colour: a dashed outline, a "?"
# badge instead of "⚠", and a muted colour.
ABSENT_BORDER = "#8c5a00"
ABSENT_SHADOW = "rgba(140, 90, 0, 0.35)"
ABSENT_DASHES = [6, 4]
GAP_MARKS = {"stated": "⚠", "recorded": "⚠", "absent": "?"}
BASIS_TEXT = {
    "stated": "stated by the reviewer",
    "recorded": "recorded: rests on facts the case records",
    "absent": "absent: rests only on something not being recorded (the sources may not say)",
}
EDGE_COLOUR = "#8a8f98"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

# Type-level defaults: shape, fill, border. Shapes with the label inside (ellipse, box,
# database) size themselves to the label; the others carry it underneath.
TYPES: dict[str, tuple[str, str, str]] = {
    "case": ("star", "#f2c14e", "#a67c00"),
    "source": ("box", "#f1f1f1", "#9a9a9a"),
    "actor": ("ellipse", "#e6e6e6", "#7a7a7a"),
    "event": ("dot", "#bab0ac", "#6f6761"),
    "concern": ("hexagon", "#ffbe7d", "#c46a12"),
    "duty": ("box", "#d6e4f5", "#4e79a7"),
    "tool": ("triangleDown", "#e5cfe0", "#8e5b86"),
    "finding": ("box", "#fff1a8", "#b89400"),
    "recommendation": ("box", "#cdeec8", "#3a8a35"),
    "other": ("dot", "#dddddd", "#888888"),
}

TYPE_TITLES: dict[str, str] = {
    "case": "Case",
    "source": "Sources",
    "actor": "Actors",
    "event": "Events",
    "concern": "Concerns",
    "duty": "Duties",
    "tool": "Tools",
    "finding": "Findings",
    "recommendation": "Recommendations",
    "other": "Other",
}

# Kind-level overrides: (shape or None for the type's, fill, border).
ACTOR_KINDS: dict[str, tuple[str | None, str, str]] = {
    "subject": (None, "#f6c6df", "#ae1f73"),
    "person": (None, "#fff3c4", "#c28a00"),
    "school": (None, "#fdd0a2", "#d9530b"),
    "police": (None, "#b3d4ef", "#2f6fb0"),
    "local-authority": (None, "#bfe5b8", "#2f8f45"),
    "social-care": (None, "#d3efcd", "#4a9a3f"),
    "panel": (None, "#dcd9ee", "#6a5fad"),
    "intervention-provider": (None, "#b5e3d8", "#1f8a72"),
    "health": (None, "#fbd0d9", "#c2366b"),
    "probation": (None, "#d5d6ea", "#55508f"),
    "prison": (None, "#cfcfe0", "#4a4670"),
    "government": (None, "#e0e0e0", "#5c5c5c"),
    "charity": (None, "#fde0ef", "#b3296f"),
    "other": (None, "#eeeeee", "#888888"),
}

EVENT_KINDS: dict[str, tuple[str | None, str, str]] = {
    "referral": ("triangle", "#f28e2b", "#b35f0e"),
    "communication": ("triangle", "#4e79a7", "#2d4f74"),
    "tasking": ("triangle", "#76b7b2", "#3e7f7a"),
    "assessment": ("dot", "#edc948", "#a88b14"),
    "decision": ("diamond", "#9b5fc0", "#5e2f80"),
    "meeting": ("dot", "#9c755f", "#654733"),
    "intervention": ("dot", "#59a14f", "#336b2b"),
    "review": ("dot", "#86bcb6", "#4b8a83"),
    "closure": ("square", "#79706e", "#4a4341"),
    "incident": ("star", "#e15759", "#9e2a2c"),
    "other": ("dot", "#bab0ac", "#6f6761"),
}

CONCERN_KINDS: dict[str, tuple[str | None, str, str]] = {
    "symptom": (None, "#ffbe7d", "#c46a12"),
    "underlying": (None, "#d37295", "#8f3a5a"),
    "risk": (None, "#ff9d9a", "#b8403c"),
    "need": (None, "#a0cbe8", "#3f7fae"),
}

KINDS: dict[str, dict[str, tuple[str | None, str, str]]] = {
    "actor": ACTOR_KINDS,
    "event": EVENT_KINDS,
    "concern": CONCERN_KINDS,
}

# Shapes whose label sits under the shape (vis-network's "dot" family), and their size.
LABEL_BELOW = {"dot", "diamond", "star", "triangle", "triangleDown", "square", "hexagon"}
SIZES = {"case": 22, "event": 15, "concern": 14, "tool": 15, "other": 12}


@dataclass(frozen=True)
class Look:
    """How one node is drawn."""

    shape: str
    fill: str
    border: str
    category: str  # the filter and legend key: "event:decision", "duty"
    group: str  # the node type: "event"


def look(node_type: str, kind: str | None) -> Look:
    """The shape and colours for a node of this type and kind."""
    shape, fill, border = TYPES.get(node_type, TYPES["other"])
    kinds = KINDS.get(node_type)
    if kinds is not None:
        key = kind if kind in kinds else "other"
        if key in kinds:
            kind_shape, fill, border = kinds[key]
            shape = kind_shape or shape
        return Look(shape, fill, border, f"{node_type}:{key}", node_type)
    group = node_type if node_type in TYPES else "other"
    return Look(shape, fill, border, group, group)


def legend(looks: Iterable[Look]) -> list[dict[str, Any]]:
    """Legend groups for the looks present, in a fixed order, with counts.

    Returns:
        ``[{key, label, items: [{key, label, shape, fill, border, count}]}]``; a type
        without kinds has one item, keyed like the group.
    """
    counts: Counter[Look] = Counter(looks)
    groups: dict[str, dict[str, Any]] = {}
    for node_type in TYPES:
        kinds = KINDS.get(node_type, {})
        present = [lk for lk in counts if lk.group == node_type]
        if not present:
            continue
        order = {kind: i for i, kind in enumerate(kinds)}
        present.sort(
            key=lambda lk: (order.get(lk.category.split(":", 1)[-1], len(order)), lk.category)
        )
        groups[node_type] = {
            "key": node_type,
            "label": TYPE_TITLES[node_type],
            "items": [
                {
                    "key": lk.category,
                    "label": (
                        lk.category.split(":", 1)[1].replace("-", " ")
                        if ":" in lk.category
                        else TYPE_TITLES[node_type]
                    ),
                    "shape": lk.shape,
                    "fill": lk.fill,
                    "border": lk.border,
                    "count": counts[lk],
                }
                for lk in present
            ],
        }
    return list(groups.values())


def node_colour(lk: Look, gaps: bool, absent_only: bool = False) -> dict[str, Any]:
    """vis-network's colour object: the same when hovered or selected, red-bordered for gaps
    (brown when every gap on the node rests only on an absence)."""
    border = (ABSENT_BORDER if absent_only else GAP_BORDER) if gaps else lk.border
    return {
        "background": lk.fill,
        "border": border,
        "highlight": {"background": lk.fill, "border": border if gaps else "#1a1a1a"},
        "hover": {"background": lk.fill, "border": border if gaps else "#1a1a1a"},
    }


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def display_date(text: str | None) -> str:
    """``2014-10`` -> ``Oct 2014``; ``2015-04-12`` -> ``12 Apr 2015``; ``2016`` stays."""
    if not text:
        return ""
    parts = str(text).split("-")
    try:
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 3:
            return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return str(text)


def relation_label(relation: str, attrs: Mapping[str, Any] | None = None) -> str:
    """An edge's label: the key's words (``addressed by``), a holder's role."""
    if relation == "holder" and attrs and attrs.get("role"):
        return f"{attrs['role']} holder"
    return relation.replace("_", " ")
