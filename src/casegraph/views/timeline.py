"""The timeline view: the swimlane chart reviewers draw by hand.

One lane (a horizontal band) per actor, time running left to right. Each event sits in
the lane of who did it (``by``; events with no ``by`` get a lane of their own), at its
date; a partial date stands at the middle of its month or year. An undated event sits
between the events its ``after``/``before`` chain puts it between, spread evenly along
the chain, or at the end when nothing orders it. Hand-overs (``to``) are arrows into the
receiving lanes; ``with``, ``consulted`` and a second ``by`` are dashed lines to the
lanes of those who took part, ``informed`` dotted arrows. x is proportional to time
over a few months and grows more slowly over longer stretches; a stretch of more than
a year is cut short and marked, so a six-year silence does not squeeze the months that
matter. The axis ticks go through the same mapping.
Positions are fixed (no physics).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from casegraph.views.nodes import (
    NODE_DEFAULTS,
    Highlights,
    gap_entries,
    title_and_period,
    vis_node,
)
from casegraph.views.style import (
    ACTOR_KINDS,
    display_date,
    legend,
    look,
    shorten,
)

if TYPE_CHECKING:
    import networkx as nx

    from casegraph.views.net import CaseView

LANE_HEIGHT = 120
NODE_OFFSET = -20  # events sit above the lane's middle, leaving room for their labels
PX_PER_DAY = 2.0  # a month is about 60 px
LINEAR_DAYS = 90  # up to this, x is proportional to time; beyond, SLOWER as much per day
SLOWER = 0.3
BREAK_DAYS = 400  # a longer stretch is cut down to BREAK_STEP and marked on the axis
BREAK_STEP = 250
MIN_STEP = 40  # between events at different times, in any lanes
EVENT_GAP = 150  # between two events in the same lane (room for their labels)
MARKER_GAP = 56  # between a marker (or a line passing through) and an event in a lane
STEP_DAYS = 30  # how far apart to put chained events that have no date on one side
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# How each participation is drawn: (line style, arrow).
LINKS = {
    "to": ("solid", True),
    "informed": ("dotted", True),
    "with": ("dashed", False),
    "consulted": ("dashed", False),
    "by": ("dashed", False),
}
NOTES = [
    {"style": "solid", "label": "addressed to (to): arrow into that lane"},
    {"style": "dashed", "label": "took part (with, consulted, also by)"},
    {"style": "dotted", "label": "informed"},
]


@dataclass
class _Event:
    iri: str
    attrs: dict[str, Any]
    by: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (relation, actor)
    preds: set[str] = field(default_factory=set)  # events this one is directly after
    succs: set[str] = field(default_factory=set)
    time: float | None = None  # days (proleptic ordinal), the middle of the date
    dated: bool = False
    anchored: bool = True
    order: int = 0
    lane: str = ""
    x: float = 0.0


def timeline_view(
    graph: nx.MultiDiGraph, highlights: Highlights | None = None, title: str | None = None
) -> CaseView:
    """Build the swimlane timeline of the events in a casegraph NetworkX graph.

    Args:
        graph: from ``CaseDataset.to_networkx()``.
        highlights: node IRI -> list of gaps, as for :func:`network_view`; events with
            gaps get a red outline and a badge, and every gap is listed in the page.
        title: the page title; by default the case title (or "N cases").

    Returns:
        A pyvis ``Network`` (a :class:`casegraph.views.net.CaseView`) with one node per
        event, small marker nodes where an arrow or line meets another lane, and one
        edge per participation. ``casegraph["lanes"]``, ``["ticks"]`` and ``["breaks"]``
        describe the lanes and the time axis; positions are fixed.
    """
    from casegraph.views.net import CaseView

    events = _events(graph)
    _place_in_time(events)
    lanes = _lanes(graph, events)
    lane_y = {lane["id"]: lane["y"] for lane in lanes}
    ordered = sorted(events.values(), key=lambda e: (e.time, e.order))
    breaks = _place_on_x(ordered, lane_y)

    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    looks = []
    for event in ordered:
        lk = look("event", event.attrs.get("kind"))
        looks.append(lk)
        when = display_date(event.attrs.get("date")) or "undated"
        node = vis_node(
            event.iri,
            event.attrs,
            highlights,
            lk=lk,
            label=f"{shorten(str(event.attrs.get('label', '')), 40)}\n{when}",
        )
        node.update(
            {
                "x": round(event.x, 1),
                "y": lane_y[event.lane] + NODE_OFFSET,
                "physics": False,
                "size": 16 if lk.shape in ("diamond", "star") else 12,
                "widthConstraint": {"maximum": 135},
            }
        )
        node["cg"]["lane"] = event.lane
        nodes.append(node)
        event_label = str(event.attrs.get("label", ""))
        for relation, actor in event.links:
            if actor == event.lane:  # addressed to itself: nothing to draw between lanes
                continue
            marker_id = f"{event.iri} {relation} {actor}"
            style, arrow = LINKS[relation]
            actor_label = str(graph.nodes[actor].get("label", actor))
            nodes.append(
                {
                    "id": marker_id,
                    "x": round(event.x, 1),
                    "y": lane_y[actor] + NODE_OFFSET,
                    "shape": "dot",
                    "size": 5,
                    "physics": False,
                    "label": " ",
                    "color": {
                        "background": lk.fill,
                        "border": lk.border,
                        "highlight": {"background": lk.fill, "border": "#1a1a1a"},
                        "hover": {"background": lk.fill, "border": "#1a1a1a"},
                    },
                    "title": f"{relation}: {actor_label}\n{shorten(event_label, 120)}",
                    "cg": {
                        "marker": True,
                        "event": event.iri,
                        "actor": actor,
                        "relation": relation,
                        "group": lk.group,
                        "cat": lk.category,
                    },
                }
            )
            edges.append(
                {
                    "id": f"l{len(edges)}",
                    "from": event.iri,
                    "to": marker_id,
                    "arrows": {"to": {"enabled": arrow, "scaleFactor": 0.6}},
                    "dashes": {"solid": False, "dashed": [7, 5], "dotted": [2, 4]}[style],
                    "width": 2 if relation == "to" else 1.4,
                    "color": {
                        "color": lk.border if relation == "to" else "#7d8590",
                        "highlight": "#1f2328",
                        "hover": "#1f2328",
                        "opacity": 0.9,
                    },
                    "smooth": False,
                    "title": f"{relation} {actor_label}",
                    "cg": {"relation": relation},
                }
            )

    xs = [e.x for e in ordered] or [0.0]
    ys = [lane["y"] for lane in lanes] or [0.0]
    bounds = {
        "x0": min(xs) - 70,
        "x1": max(xs) + 90,
        "y0": min(ys) - LANE_HEIGHT / 2 - 34,
        "y1": max(ys) + LANE_HEIGHT / 2,
    }
    case_title, period = title_and_period(graph)
    meta: dict[str, Any] = {
        "layout": "timeline",
        "title": title or case_title,
        "period": period,
        "legend": legend(looks),
        "notes": NOTES,
        "gaps": gap_entries(graph, highlights, set(events)),
        "physics": False,
        "lanes": lanes,
        "lane_height": LANE_HEIGHT,
        "ticks": _ticks(ordered),
        "breaks": breaks,
        "bounds": bounds,
        "counts": {
            "nodes": len(nodes),
            "edges": len(edges),
            "events": len(events),
            "lanes": len(lanes),
        },
    }
    net = CaseView(meta)
    net.set_data(nodes, edges, _options())
    return net


def _events(graph: nx.MultiDiGraph) -> dict[str, _Event]:
    events = {
        iri: _Event(iri, dict(attrs))
        for iri, attrs in graph.nodes(data=True)
        if attrs.get("type") == "event"
    }
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        if u not in events:
            continue
        relation = str(attrs.get("relation", key))
        event = events[u]
        if relation == "by" and graph.nodes[v].get("type") == "actor":
            event.by.append(v)
        elif relation in LINKS and graph.nodes[v].get("type") == "actor":
            event.links.append((relation, v))
        elif relation == "after" and v in events:
            event.preds.add(v)
            events[v].succs.add(u)
        elif relation == "before" and v in events:
            event.succs.add(v)
            events[v].preds.add(u)
    for event in events.values():
        event.by.sort()
        event.links.sort()
        # A second "by" is drawn like someone taking part; the event sits in the first.
        event.links = [("by", actor) for actor in event.by[1:]] + event.links
        when = _middle(event.attrs)
        if when is not None:
            event.time, event.dated = when, True
    return events


def _middle(attrs: dict[str, Any]) -> float | None:
    """The middle of an event's date interval, in days; None when undated."""
    earliest, latest = attrs.get("earliest"), attrs.get("latest")
    if not (earliest and latest) and attrs.get("date"):
        from casegraph.time.dates import parse_date

        try:
            parsed = parse_date(str(attrs["date"]))
        except ValueError:
            return None
        earliest, latest = parsed.earliest.isoformat(), parsed.latest.isoformat()
    if not (earliest and latest):
        return None
    try:
        first = date.fromisoformat(str(earliest)[:10]).toordinal()
        last = date.fromisoformat(str(latest)[:10]).toordinal()
    except ValueError:
        return None
    return (first + last) / 2


def _topological(events: dict[str, _Event]) -> list[str]:
    """Events in an order that respects the after/before chains (dated ones by date)."""
    waiting = {iri: len(e.preds) for iri, e in events.items()}

    def key(iri: str) -> tuple[float, str]:
        event = events[iri]
        return (event.time if event.time is not None else math.inf, iri)

    ready = sorted((iri for iri, n in waiting.items() if n == 0), key=key)
    order: list[str] = []
    while ready:
        iri = ready.pop(0)
        order.append(iri)
        for succ in events[iri].succs:
            waiting[succ] -= 1
            if waiting[succ] == 0:
                ready.append(succ)
        ready.sort(key=key)
    # A cycle (which validation refuses) must not lose events.
    order.extend(sorted((iri for iri in events if iri not in set(order)), key=key))
    return order


def _place_in_time(events: dict[str, _Event]) -> None:
    """Give every undated event a time from its chain: evenly between its dated ends."""
    order = _topological(events)
    for i, iri in enumerate(order):
        events[iri].order = i
    low: dict[str, float] = {}
    depth: dict[str, int] = {}
    for iri in order:
        event = events[iri]
        bounds = [events[p].time if events[p].dated else low[p] for p in event.preds]
        low[iri] = max((b for b in bounds if b is not None and b > -math.inf), default=-math.inf)
        depth[iri] = 1 + max((depth[p] for p in event.preds if not events[p].dated), default=0)
    high: dict[str, float] = {}
    height: dict[str, int] = {}
    for iri in reversed(order):
        event = events[iri]
        bounds = [events[s].time if events[s].dated else high[s] for s in event.succs]
        high[iri] = min((b for b in bounds if b is not None and b < math.inf), default=math.inf)
        height[iri] = 1 + max((height[s] for s in event.succs if not events[s].dated), default=0)
    dated = [e.time for e in events.values() if e.dated and e.time is not None]
    end = max(dated, default=0.0)
    for iri in order:
        event = events[iri]
        if event.dated:
            continue
        lo, hi = low[iri], high[iri]
        if lo > -math.inf and hi < math.inf:
            span = max(hi - lo, 0.0)
            event.time = lo + span * depth[iri] / (depth[iri] + height[iri])
        elif lo > -math.inf:
            event.time = lo + depth[iri] * STEP_DAYS
        elif hi < math.inf:
            event.time = hi - height[iri] * STEP_DAYS
        else:
            # Nothing orders it: after everything, in an "undated" stretch.
            event.anchored = False
            event.time = end + 10_000 + depth[iri]


def _lanes(graph: nx.MultiDiGraph, events: dict[str, _Event]) -> list[dict[str, Any]]:
    """One lane per actor taking part in an event: the subject first, then by first event."""
    first: dict[str, tuple[float, int]] = {}
    cases = {str(e.attrs.get("case", "")) for e in events.values()}
    for event in sorted(events.values(), key=lambda e: (e.time, e.order)):
        event.lane = event.by[0] if event.by else f"unattributed:{event.attrs.get('case', '')}"
        for actor in [event.lane] + [a for _, a in event.links]:
            first.setdefault(actor, (event.time or 0.0, event.order))

    def rank(lane: str) -> tuple[int, float, int, str]:
        if lane.startswith("unattributed:"):
            return (2, 0.0, 0, lane)
        subject = graph.nodes[lane].get("kind") == "subject"
        return (0 if subject else 1, *first[lane], lane)

    lanes = []
    for i, lane in enumerate(sorted(first, key=rank)):
        if lane.startswith("unattributed:"):
            case = lane.split(":", 1)[1]
            label = "No actor recorded" + (f" ({case})" if len(cases) > 1 else "")
            colour = "#57606a"
        else:
            attrs = graph.nodes[lane]
            label = shorten(str(attrs.get("label", lane)), 30)
            if len(cases) > 1:
                label = f"{label} ({attrs.get('case', '')})"
            colour = ACTOR_KINDS.get(str(attrs.get("kind")), ACTOR_KINDS["other"])[2]
        lanes.append({"id": lane, "label": label, "y": i * LANE_HEIGHT, "colour": colour})
    return lanes


def _place_on_x(ordered: list[_Event], lane_y: dict[str, float]) -> list[dict[str, Any]]:
    """Left to right in time order, keeping events in one lane clear of each other.

    Returns the compressed stretches of time, for the axis.
    """
    last_event: dict[str, float] = {}
    last_mark: dict[str, float] = {}
    breaks: list[dict[str, Any]] = []
    prev: _Event | None = None
    same_time: list[_Event] = []
    lanes_by_y = sorted(lane_y, key=lane_y.__getitem__)
    for event in ordered:
        marks = [actor for _, actor in event.links if actor != event.lane]
        ys = [lane_y[event.lane]] + [lane_y[a] for a in marks]
        passing = [
            lane
            for lane in lanes_by_y
            if min(ys) < lane_y[lane] < max(ys) and lane != event.lane and lane not in marks
        ]
        if prev is None:
            x = 0.0
        else:
            assert event.time is not None and prev.time is not None
            gap = event.time - prev.time
            if gap > 0:
                step = _step(gap)
                if gap > BREAK_DAYS or event.anchored != prev.anchored:
                    step = BREAK_STEP
                    label = "undated" if not event.anchored else _duration(gap)
                    breaks.append(
                        {"x0": prev.x + 60, "x1": prev.x + BREAK_STEP - 60, "label": label}
                    )
                x = prev.x + step
            else:
                chained = any(p.iri in event.preds or event.iri in p.succs for p in same_time)
                x = prev.x + (MIN_STEP if chained else 0)
        needs = [
            last_event.get(event.lane, -math.inf) + EVENT_GAP,
            last_mark.get(event.lane, -math.inf) + MARKER_GAP,
        ]
        needs += [last_event.get(lane, -math.inf) + MARKER_GAP for lane in marks + passing]
        needs += [last_mark.get(lane, -math.inf) + MARKER_GAP / 2 for lane in marks]
        event.x = max([x, *needs])
        last_event[event.lane] = event.x
        for lane in marks + passing:
            last_mark[lane] = event.x
        if prev is None or event.time != prev.time or event.x != prev.x:
            same_time = []
        same_time.append(event)
        prev = event
    return breaks


def _step(days: float) -> float:
    """Room for a stretch of time: linear up to three months, then slower."""
    if days <= LINEAR_DAYS:
        return max(MIN_STEP, days * PX_PER_DAY)
    return LINEAR_DAYS * PX_PER_DAY + (days - LINEAR_DAYS) * PX_PER_DAY * SLOWER


def _duration(days: float) -> str:
    years = days / 365.25
    if years >= 1.5:
        return f"{round(years)} years"
    months = round(days / 30.44)
    return f"{months} months"


def _ticks(ordered: list[_Event]) -> list[dict[str, Any]]:
    """Year (major) and month (minor) ticks, placed through the same time-to-x mapping."""
    # Only dated events anchor the axis: an undated event's time is our estimate.
    anchored = [e for e in ordered if e.dated and e.time is not None]
    if not anchored:
        return []
    # The x of each distinct time: leftmost on arrival, rightmost on leaving.
    points: dict[float, list[float]] = defaultdict(list)
    for event in anchored:
        assert event.time is not None
        points[event.time].append(event.x)
    times = sorted(points)
    t_first, t_last = times[0], times[-1]

    def x_at(t: float) -> float | None:
        if t < t_first:
            gap = t_first - t
            return None if gap > 62 else min(points[t_first]) - gap * PX_PER_DAY
        if t > t_last:
            gap = t - t_last
            return None if gap > 62 else max(points[t_last]) + gap * PX_PER_DAY
        for a, b in itertools.pairwise(times):
            if a <= t <= b:
                xa, xb = max(points[a]), min(points[b])
                return xa + (xb - xa) * (t - a) / (b - a)
        return min(points[t])

    def local_scale(t: float) -> float:
        for a, b in itertools.pairwise(times):
            if a <= t <= b:
                return (min(points[b]) - max(points[a])) / (b - a)
        return PX_PER_DAY

    start = date.fromordinal(int(t_first) - 62)
    end = date.fromordinal(int(t_last) + 62)
    ticks = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        t = float(date(year, month, 1).toordinal())
        x = x_at(t)
        if x is not None:
            if month == 1:
                ticks.append({"x": round(x, 1), "label": str(year), "major": True})
            elif local_scale(t) * 30 >= 34:
                ticks.append({"x": round(x, 1), "label": _MONTHS[month - 1], "major": False})
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return ticks


def _options() -> dict[str, Any]:
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "nodes": NODE_DEFAULTS,
        "edges": {"smooth": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "dragNodes": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "zoomSpeed": 0.7,
        },
    }
