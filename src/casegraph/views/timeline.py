"""The timeline view: the swimlane chart reviewers draw by hand.

One lane (a horizontal band) per actor, time running left to right. Each event sits in
the lane of who did it (``by``; events with no ``by`` get a lane of their own), at the
moment :mod:`casegraph.views.placing` gives it, so the drawing never contradicts the
"later" relation: a month-dated event after a visit on the 16th is drawn after the
visit, and an undated event between the events its after/before links put it between.
Hand-overs (``to``) are arrows into the receiving lanes; ``with``, ``consulted`` and a
second ``by`` are dashed lines to the lanes of those who took part, ``informed``
dotted arrows.

The axis is proportional to time: one scale (pixels per day) for the whole view, so
each month is as wide as its days. A silence longer than about a year is cut out and
marked on the axis ("≈ 5 years"), and events with nothing placing them in time stand
after the last one, marked "undated". Events of one lane whose labels would overlap
go on a second row of that lane, never further along the axis. The scale is chosen
so that the dated stretches share about ``TIME_WIDTH`` pixels, which the page shows
whole, with labels at a readable size, in a 1400 x 900 window. Positions are fixed
(no physics).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from casegraph.text import shorten_words
from casegraph.views.nodes import (
    NODE_DEFAULTS,
    Highlights,
    gap_entries,
    name_actors,
    title_and_period,
    vis_node,
)
from casegraph.views.placing import place_by_case
from casegraph.views.style import (
    ACTOR_KINDS,
    display_date,
    legend,
    look,
)

if TYPE_CHECKING:
    import networkx as nx

    from casegraph.time.order import Chronology
    from casegraph.views.net import CaseView

TIME_WIDTH = 760.0  # the dated stretches share about this many pixels
MAX_PX_PER_DAY = 8.0  # a case of a few days is not stretched further than this
MIN_PX_PER_DAY = 0.02
BREAK_DAYS = 400  # a longer silence is cut out of the axis...
BREAK_WIDTH = 110.0  # ...and drawn this wide, marked with its length
UNDATED_STEP = 150.0  # between events that nothing places in time
NUDGE = 8.0  # between two events at the same moment that "later" orders
LABEL_CHARS = 28  # an event's label is cut to this many characters...
LABEL_WIDTH = 140  # ...and wrapped at this width (vis-network's widthConstraint)
CHAR_PX = 7.6  # about the width of a character of the 14 px label font
LABEL_GAP = 10.0  # between two labels side by side
MAX_ROWS = 4  # a long case's axis is widened until its lanes need about this many rows
LANE_TOP = 30.0  # the band at the top of a lane that holds its name
ROW_HEIGHT = 92.0  # a dot, two lines of label, its date, and room for the badge below
LANE_PAD = 6.0
AXIS_BAND = 34.0
EDGE = 18.0  # ticks reach this far into a cut-out silence's margin
NODE_SIZE = 12
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
    time: float | None = None  # days (proleptic ordinal); None: nothing places it
    rank: int = 0
    after: frozenset[str] = frozenset()  # events it is directly later than
    lane: str = ""
    x: float = 0.0
    row: int = 0
    label: str = ""


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
    from casegraph.views.net import CaseView  # pyvis: only when a view is built

    highlights = name_actors(graph, highlights)
    events, relations = _events(graph)
    ordered = sorted(events.values(), key=lambda e: _key(e))
    lane_of = _lane_ids(events)
    breaks, scale = _place_on_x(ordered, relations)
    rows = _rows(ordered, lane_of)
    lanes = _lanes(graph, ordered, lane_of, rows)
    lane_top = {lane["id"]: lane["y"] - lane["height"] / 2 for lane in lanes}

    def y_of(lane: str, row: int = 0) -> float:
        return lane_top[lane] + LANE_TOP + NODE_SIZE + row * ROW_HEIGHT

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
            label=f"{event.label}\n{when}",
        )
        node.update(
            {
                "x": round(event.x, 1),
                "y": round(y_of(event.lane, event.row), 1),
                "physics": False,
                "size": NODE_SIZE + 2 if lk.shape in ("diamond", "star") else NODE_SIZE,
                "widthConstraint": {"maximum": LABEL_WIDTH},
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
                    "y": round(y_of(actor), 1),
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
                    "title": f"{relation}: {actor_label}\n{shorten_words(event_label, 120)}",
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
    half = min(LABEL_WIDTH, LABEL_CHARS * CHAR_PX) / 2 + 6
    bounds = {
        "x0": min(xs) - half,
        "x1": max(xs) + half,
        "y0": (min(lane_top.values()) if lanes else 0.0) - AXIS_BAND,
        "y1": max((lane["y"] + lane["height"] / 2 for lane in lanes), default=0.0),
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
        "lane_height": ROW_HEIGHT + LANE_TOP,
        "px_per_day": scale,
        "ticks": _ticks(ordered, scale),
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


def _events(graph: nx.MultiDiGraph) -> tuple[dict[str, _Event], dict[str, Chronology]]:
    """The events, with who did them, who took part, and their place in time; and
    each case's later relation."""
    events = {
        iri: _Event(iri, dict(attrs))
        for iri, attrs in graph.nodes(data=True)
        if attrs.get("type") == "event"
    }
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        if u not in events or graph.nodes[v].get("type") != "actor":
            continue
        relation = str(attrs.get("relation", key))
        if relation == "by":
            events[u].by.append(v)
        elif relation in LINKS:
            events[u].links.append((relation, v))
    placed, relations = place_by_case(graph)
    for event in events.values():
        event.by.sort()
        event.links.sort()
        # A second "by" is drawn like someone taking part; the event sits in the first.
        event.links = [("by", actor) for actor in event.by[1:]] + event.links
        where = placed[event.iri]
        event.time, event.rank, event.after = where.time, where.rank, where.after
        event.label = shorten_words(str(event.attrs.get("label", "")), LABEL_CHARS)
    return events, relations


def _key(event: _Event) -> tuple[float, int]:
    return (event.time if event.time is not None else math.inf, event.rank)


def _lane_ids(events: dict[str, _Event]) -> dict[str, str]:
    """Each event's lane: its first ``by``, or its case's "no actor recorded" lane."""
    lane_of = {}
    for event in events.values():
        event.lane = event.by[0] if event.by else f"unattributed:{event.attrs.get('case', '')}"
        lane_of[event.iri] = event.lane
    return lane_of


def _label_width(event: _Event) -> float:
    when = display_date(event.attrs.get("date")) or "undated"
    longest = max(len(event.label), len(when))
    return min(float(LABEL_WIDTH), longest * CHAR_PX)


def _rows(ordered: list[_Event], lane_of: dict[str, str]) -> dict[str, int]:
    """Put each event on the first row of its lane where its label clears the others."""
    ends: dict[str, list[float]] = defaultdict(list)  # lane -> right end of each row
    for event in sorted(ordered, key=lambda e: (e.x, e.rank)):
        half = _label_width(event) / 2
        rows = ends[lane_of[event.iri]]
        for row, end in enumerate(rows):
            if end + LABEL_GAP <= event.x - half:
                rows[row] = event.x + half
                event.row = row
                break
        else:
            rows.append(event.x + half)
            event.row = len(rows) - 1
    return {lane: len(rows) for lane, rows in ends.items()}


def _lanes(
    graph: nx.MultiDiGraph,
    ordered: list[_Event],
    lane_of: dict[str, str],
    rows: dict[str, int],
) -> list[dict[str, Any]]:
    """One lane per actor taking part in an event: the subject first, then by first event.

    Each lane is as tall as its rows of events; ``y`` is its middle.
    """
    first: dict[str, tuple[float, int]] = {}
    cases = {str(e.attrs.get("case", "")) for e in ordered}
    for event in ordered:
        for actor in [lane_of[event.iri]] + [a for _, a in event.links]:
            first.setdefault(actor, _key(event))

    def rank(lane: str) -> tuple[int, float, int, str]:
        if lane.startswith("unattributed:"):
            return (2, 0.0, 0, lane)
        subject = graph.nodes[lane].get("kind") == "subject"
        return (0 if subject else 1, *first[lane], lane)

    lanes = []
    top = 0.0
    for lane in sorted(first, key=rank):
        if lane.startswith("unattributed:"):
            case = lane.split(":", 1)[1]
            label = "No actor recorded" + (f" ({case})" if len(cases) > 1 else "")
            colour = "#57606a"
        else:
            attrs = graph.nodes[lane]
            label = shorten_words(str(attrs.get("label", lane)), 30)
            if len(cases) > 1:
                label = f"{label} ({attrs.get('case', '')})"
            colour = ACTOR_KINDS.get(str(attrs.get("kind")), ACTOR_KINDS["other"])[2]
        height = LANE_TOP + max(rows.get(lane, 0), 1) * ROW_HEIGHT + LANE_PAD
        lanes.append(
            {"id": lane, "label": label, "y": top + height / 2, "height": height, "colour": colour}
        )
        top += height
    return lanes


def _segments(times: list[float]) -> list[tuple[float, float]]:
    """The stretches of time with events, cut wherever a silence exceeds BREAK_DAYS."""
    segments: list[tuple[float, float]] = []
    for t in sorted(set(times)):
        if segments and t - segments[-1][1] <= BREAK_DAYS:
            segments[-1] = (segments[-1][0], t)
        else:
            segments.append((t, t))
    return segments


def _place_on_x(
    ordered: list[_Event], relations: dict[str, Chronology]
) -> tuple[list[dict[str, Any]], float]:
    """x proportional to time (one scale), silences cut out, undated events at the end.

    Two events at the same moment that "later" orders stand NUDGE apart, the later one
    to the right. Returns the breaks (for the axis) and the scale in pixels per day.
    """
    segments = _segments([e.time for e in ordered if e.time is not None])
    days = sum(end - start for start, end in segments)
    room = max(TIME_WIDTH - BREAK_WIDTH * max(len(segments) - 1, 0), TIME_WIDTH / 3)
    scale = min(MAX_PX_PER_DAY, max(MIN_PX_PER_DAY, room / days)) if days else MAX_PX_PER_DAY
    if days:
        # A long chronology squeezed into TIME_WIDTH would stack each lane's labels in
        # a hundred rows; widen the axis instead (the page opens at the first events, to
        # be panned) until the busiest lane's events, spread evenly, need MAX_ROWS rows.
        busiest = max(Counter(e.lane for e in ordered if e.time is not None).values())
        crowded = busiest * (LABEL_WIDTH + LABEL_GAP) / (MAX_ROWS * days)
        scale = min(MAX_PX_PER_DAY, max(scale, crowded))
    starts: list[tuple[float, float, float]] = []  # (first day, last day, x of first day)
    breaks: list[dict[str, Any]] = []
    x = 0.0
    for n, (start, end) in enumerate(segments):
        if n:
            gap = start - segments[n - 1][1]
            breaks.append({"x0": x + 20, "x1": x + BREAK_WIDTH - 20, "label": _duration(gap)})
            x += BREAK_WIDTH
        starts.append((start, end, x))
        x += (end - start) * scale

    def x_at(t: float) -> float:
        for start, end, x0 in starts:
            if start <= t <= end:
                return x0 + (t - start) * scale
        raise ValueError(t)

    # Per case, the dated events placed so far, sorted by x: an event's ties are the
    # tail of its case's list from its own x on (found by bisection, not by a scan,
    # so placing stays n log n on a chronology of thousands of events).
    placed_x: dict[str, list[float]] = defaultdict(list)
    placed_at: dict[str, list[_Event]] = defaultdict(list)
    last = 0.0
    undated = 0
    for event in ordered:
        if event.time is None:
            if undated == 0:
                breaks.append({"x0": last + 20, "x1": last + BREAK_WIDTH - 20, "label": "undated"})
                x = last + BREAK_WIDTH
            else:
                x += UNDATED_STEP
            event.x = x
            undated += 1
            continue
        event.x = x_at(event.time)
        # Ties in time: keep everything this event is later than to its left.
        case = str(event.attrs.get("case", ""))
        xs, at = placed_x[case], placed_at[case]
        near = at[bisect_left(xs, event.x - 1e-9) :]
        if near:
            chron = relations[case]
            earlier = [p.x for p in near if chron.is_later(event.iri, p.iri)]
            if earlier:
                event.x = max(event.x, max(earlier) + NUDGE)
        i = bisect_right(xs, event.x)
        xs.insert(i, event.x)
        at.insert(i, event)
        last = max(last, event.x)
    return breaks, scale


def _duration(days: float) -> str:
    years = days / 365.25
    if years >= 1.5:
        return f"{round(years)} years"
    months = round(days / 30.44)
    return f"{months} months"


def _ticks(ordered: list[_Event], scale: float) -> list[dict[str, Any]]:
    """Year (major) and month (minor) ticks on the same proportional scale as the events.

    A month tick is labelled only when a month is wide enough for its name; a stretch's
    first tick names its month and year. Ticks stop short of a cut-out silence and reach
    at most half a label beyond the first and last events.
    """
    dated = [e for e in ordered if e.time is not None]
    if not dated:
        return []
    segments = _segments([e.time for e in dated if e.time is not None])
    undated = len(dated) < len(ordered)
    labelled = scale * 28 >= 34
    outer = min(LABEL_WIDTH, LABEL_CHARS * CHAR_PX) / 2
    ticks = []
    for n, (start, end) in enumerate(segments):
        x0 = min(e.x for e in dated if e.time == start)
        lo = -(outer if n == 0 else EDGE)
        hi = (end - start) * scale + (EDGE if undated or n < len(segments) - 1 else outer)
        day = date.fromordinal(int(start + lo / scale))
        year, month = day.year, day.month
        opened = False
        while True:
            t = float(date(year, month, 1).toordinal())
            x = x0 + (t - start) * scale
            if x - x0 > hi:
                break
            if x - x0 >= lo:
                tick: dict[str, Any] = {"x": round(x, 2), "t": t, "major": True}
                if month == 1:
                    tick["label"] = str(year)
                elif not opened:
                    tick["label"] = f"{_MONTHS[month - 1]} {year}"
                else:
                    tick.update(label=_MONTHS[month - 1], major=False, labelled=labelled)
                ticks.append(tick)
                opened = True
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
