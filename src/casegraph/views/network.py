"""The network view: every item of the case and every relation between them."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from casegraph.text import shorten_words
from casegraph.views.layout import LABEL_WIDTH, LARGE, grid, positions
from casegraph.views.nodes import (
    NODE_DEFAULTS,
    Highlights,
    gap_entries,
    name_actors,
    title_and_period,
    vis_node,
)
from casegraph.views.style import EDGE_COLOUR, FONT, legend, look, relation_label

if TYPE_CHECKING:
    import networkx as nx

    from casegraph.views.net import CaseView  # pyvis: only when a view is built

# Up to GRID_LIMIT nodes the Python layout is a grid fitted to the window (final: a
# physics run would undo it). Up to PHYSICS_LIMIT the browser refines the Python layout
# with a short, bounded physics run; above it the Python positions are final.
GRID_LIMIT = 120
PHYSICS_LIMIT = 300
LABEL_CHARS = 30  # a node's label on the canvas is cut to this (in full on hover)
EDGE_FONT = 11
# An edge's label is drawn once the view is zoomed in past 100 % (font x scale at
# least this less one): at the first view it would be clutter, on hover it is in the tooltip.
EDGE_LABEL_THRESHOLD = 12.5
STABILISATION_ITERATIONS = 150


def network_view(
    graph: nx.MultiDiGraph,
    highlights: Highlights | None = None,
    title: str | None = None,
    physics: bool | None = None,
) -> CaseView:
    """Build the network view of a casegraph NetworkX graph.

    Args:
        graph: from ``CaseDataset.to_networkx()``: nodes keyed by IRI, edges keyed by relation.
        highlights: node IRI -> list of gaps (dicts with at least ``gap`` and ``detail``),
            e.g. from :func:`casegraph.views.gap_highlights`; those nodes get a red
            outline and a badge.
        title: the page title; by default the case title (or "N cases").
        physics: refine the layout in the browser; by default only up to
            ``PHYSICS_LIMIT`` nodes.

    Returns:
        A pyvis ``Network`` (a :class:`casegraph.views.net.CaseView`): one node per graph
        node and one edge per graph edge. Write it with :func:`casegraph.views.write_html`.
    """
    from casegraph.views.net import CaseView  # pyvis: only when a view is built

    highlights = name_actors(graph, highlights)
    small = len(graph) <= GRID_LIMIT
    physics = (not small and len(graph) <= PHYSICS_LIMIT) if physics is None else physics
    where = positions(graph.nodes, ((u, v) for u, v in graph.edges()))
    if small:
        where = grid(where)
    # In a grid (a small graph, or a part over LARGE nodes) each label has a cell.
    celled = small or len(graph) > LARGE
    looks = {}
    nodes = []
    for iri, attrs in graph.nodes(data=True):
        lk = look(str(attrs.get("type", "other")), attrs.get("kind"))
        looks[iri] = lk
        label = shorten_words(str(attrs.get("label", attrs.get("id", ""))), LABEL_CHARS)
        node = vis_node(iri, attrs, highlights, label=label if celled else None, lk=lk)
        node["x"], node["y"] = where[iri]
        if celled:
            node["widthConstraint"] = {"maximum": LABEL_WIDTH}
        nodes.append(node)
    edges = _edges(graph, large=len(graph) > PHYSICS_LIMIT)
    case_title, period = title_and_period(graph)
    meta: dict[str, Any] = {
        "layout": "network",
        "title": title or case_title,
        "period": period,
        "legend": legend(looks.values()),
        "gaps": gap_entries(graph, highlights, set(graph.nodes)),
        "physics": physics,
        # Above LARGE nodes a live layout takes seconds per frame in the browser (2,000
        # nodes: 0.4 s; 10,000: 2.4 s) and would only undo the grid: no "Physics" box.
        "offer_physics": len(graph) <= LARGE,
        "counts": {"nodes": len(nodes), "edges": len(edges)},
    }
    net = CaseView(meta)
    net.set_data(nodes, edges, _options(physics, large=len(graph) > PHYSICS_LIMIT))
    return net


def _edges(graph: nx.MultiDiGraph, large: bool) -> list[dict[str, Any]]:
    """One vis edge per graph edge; repeated edges between two nodes curve apart."""
    seen: Counter[frozenset[Any]] = Counter()
    edges = []
    labels = {iri: str(attrs.get("label", "")) for iri, attrs in graph.nodes(data=True)}
    for i, (u, v, key, attrs) in enumerate(graph.edges(keys=True, data=True)):
        relation = str(attrs.get("relation", key))
        text = relation_label(relation, attrs)
        pair = frozenset((u, v))
        nth = seen[pair]
        seen[pair] += 1
        extra = ", ".join(f"{k} {attrs[k]}" for k in ("role", "basis") if attrs.get(k))
        extra = f" ({extra})" if extra else ""
        edge: dict[str, Any] = {
            "id": f"e{i}",
            "from": u,
            "to": v,
            "label": text,
            "title": f"{shorten_words(labels.get(u, ''), 80)}\n— {relation}{extra} →\n"
            f"{shorten_words(labels.get(v, ''), 80)}",
            "cg": {"relation": relation},
        }
        if nth:
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 * nth}
        elif large:
            edge["smooth"] = False
        edges.append(edge)
    return edges


def _options(physics: bool, large: bool) -> dict[str, Any]:
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "nodes": NODE_DEFAULTS,
        # What every edge shares, said once rather than on each of thousands of edges.
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {
                "color": EDGE_COLOUR,
                "highlight": "#1f2328",
                "hover": "#1f2328",
                "opacity": 0.8,
            },
            "font": {
                "face": FONT,
                "size": EDGE_FONT,
                "color": "#5b6069",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "middle",
            },
            "scaling": {"label": {"drawThreshold": EDGE_LABEL_THRESHOLD}},
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
            "selectionWidth": 2,
            "hoverWidth": 1.5,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "multiselect": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
        },
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -140,
                "centralGravity": 0.012,
                "springLength": 150,
                "springConstant": 0.05,
                "damping": 0.5,
                "avoidOverlap": 1,
            },
            "maxVelocity": 40,
            "minVelocity": 1,
            "stabilization": {
                "enabled": physics,
                "iterations": STABILISATION_ITERATIONS,
                "updateInterval": 50,
                "fit": True,
            },
        },
    }
