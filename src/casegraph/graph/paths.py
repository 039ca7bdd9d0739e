"""Paths between the items of a case: shortest, all up to a length, time-respecting, one-source.

The ends are found by name with casegraph.graph.names; the paths returned, and their text
and JSON, are casegraph.graph.pathresult's.

A thin layer over NetworkX. The NetworkX projection (casegraph.graph.projection) is a
MultiDiGraph whose edges run from the item holding a key to the item it names
(``referral --by--> school``). Path queries walk a *view* of it:

- **undirected** by default: information moves both ways along ``by`` and ``to``
  (the school that made a referral and the police who received it are joined by the
  referral whichever way one looks), so a step may follow an edge backwards;
  ``directed=True`` follows edges only the way they are recorded;
- the case node and sources are never on a path; findings and recommendations (the
  reviewer's layer, not the case's facts) may be the ends of a path but are not
  stepped through unless ``through_review=True``;
- ``via`` keeps only the named relations (see :data:`RELATIONS`).

A **step** joins two neighbouring items and carries every edge of the view between
them (``about`` one way and ``identified_at`` the other, say); the step is
*supported* by the citations of the items that assert those edges, i.e. the item
holding the key (a ``by`` edge is asserted by the event, a ``holder`` edge by the duty).

**Time-respecting** paths (``time_respecting=True``): walking the path from its
start, no event on it may be provably earlier than an event before it on the path.
"Provably earlier" is the *later* relation (casegraph.time.order.Chronology, from the
events' dates and after/before links): event B may come after event A on the path
unless A is later than B.
Events the relation does not order (an undated event with no after/before chain, or
two partial dates that overlap) never block a path. Checking every earlier event, and
not only the previous one, stops a path from sneaking back in time through an
unordered event in between.

**One source** (``same_source=True``): some source document supports every step.
Without it each path reports its support (:class:`Support`): one source, or stitched
across N sources. A chain stitched across documents is weaker evidence: no document
says the whole chain happened.

Both constraints only ever get harder to meet as a path grows, so the shortest
constrained path is found exactly by a breadth-first search over (item, constraint
state) that drops any state another state at the same item dominates.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from casegraph.errors import InvalidArgument, NoPath
from casegraph.graph.names import (
    HIDDEN_TYPES,
    describe,
    display_id,
    is_multi_case,
    locate,
    qualified,
    resolve,
)
from casegraph.graph.pathresult import Path, Step
from casegraph.read.casefile.spec import RELATIONS
from casegraph.time.later import case_graph, chronology

if TYPE_CHECKING:
    from datetime import date

    import networkx as nx

    from casegraph.dataset import CaseDataset
    from casegraph.time.order import Chronology

_RELATION_ORDER = {name: n for n, name in enumerate(RELATIONS)}
# The reviewer's layer: a path ends there but passes through it only if asked to.
REVIEW_TYPES = frozenset({"finding", "recommendation"})
# Used when --all is given without a length: all simple paths grow exponentially with it.
DEFAULT_MAX_LENGTH = 6
# All simple paths grow exponentially with their length (one case gave 52,944 paths,
# 1.8 GB, in 12 s): all_paths stops at this many unless told otherwise.
DEFAULT_MAX_PATHS = 1000


class PathList(list[Path]):
    """Paths found, with ``truncated`` set when the search stopped at its limit."""

    truncated: bool = False
    limit: int | None = None


@dataclass
class _View:
    graph: nx.MultiDiGraph
    walk: nx.Graph  # nx.Graph or nx.DiGraph: one edge per pair of neighbours
    time: Chronology | None = None  # the later relation, for time-respecting paths
    refs: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    _sorted: dict[str, list[str]] = field(default_factory=dict)

    def neighbors(self, node: str) -> list[str]:
        """Neighbours in id order (node keys of one case sort as their ids), so that
        searches meet paths in a stable order."""
        found = self._sorted.get(node)
        if found is None:
            found = self._sorted[node] = sorted(self.walk.neighbors(node))
        return found


def _check_relations(via: Iterable[str] | None) -> frozenset[str] | None:
    if via is None:
        return None
    chosen = frozenset(via)
    for rel in sorted(chosen):
        if rel not in _RELATION_ORDER:
            near = difflib.get_close_matches(rel, RELATIONS, n=1)
            hint = (
                f"; did you mean {near[0]!r}?" if near else f"; use one of {', '.join(RELATIONS)}"
            )
            raise InvalidArgument(f"unknown relation {rel!r}{hint}")
    return chosen


def _view(
    graph: nx.MultiDiGraph,
    ends: Collection[str],
    via: frozenset[str] | None,
    directed: bool,
    through_review: bool,
) -> _View:
    import networkx as nx

    case = graph.nodes[next(iter(ends))].get("case")
    walk: nx.Graph = nx.DiGraph() if directed else nx.Graph()

    def keep(node: str) -> bool:
        attrs = graph.nodes[node]
        if attrs.get("case") != case or attrs.get("type") in HIDDEN_TYPES:
            return False
        return through_review or node in ends or attrs.get("type") not in REVIEW_TYPES

    edges = sorted(
        (u, v, k)
        for u, v, k in graph.edges(keys=True)
        if (via is None or k in via) and keep(u) and keep(v) and u != v
    )
    walk.add_nodes_from(sorted(n for n in graph.nodes if keep(n)))
    for u, v, k in edges:
        if walk.has_edge(u, v):
            walk[u][v]["edges"].append((u, v, k))
        else:
            walk.add_edge(u, v, edges=[(u, v, k)])
    return _View(graph, walk)


# What the events of a path so far rule out: the latest ``not_before`` among them, and
# those of them with after/before links (the only ones a chain can order). A node may
# come next unless some event so far is later than it.
_Past = tuple["date | None", frozenset[str]]
_NO_PAST: _Past = (None, frozenset())


def _past_with(view: _View, past: _Past, node: str) -> _Past:
    """The past of a path once it has reached ``node``."""
    time = view.time
    if time is None or node not in time.dates:
        return past
    floor, linked = past
    bound = time.not_before.get(node)
    if bound is not None and (floor is None or bound > floor):
        floor = bound
    return (floor, linked | {node}) if time.earlier[node] else (floor, linked)


def _admits(view: _View, past: _Past, node: str) -> bool:
    """Whether ``node`` may follow a path with this past: no event on it is later than
    ``node`` (by the bounds, or along the links)."""
    time = view.time
    if time is None or node not in time.dates:
        return True
    floor, linked = past
    bound = time.not_after.get(node)
    if floor is not None and bound is not None and bound < floor:
        return False
    return not any(time.chained(event, node) for event in linked)


def _no_worse(past: _Past, other: _Past) -> bool:
    """Every node ``other`` admits, ``past`` admits too."""
    floor, linked = past
    return (floor is None or (other[0] is not None and floor <= other[0])) and linked <= other[1]


def _prepare_refs(view: _View) -> None:
    for u, v, data in view.walk.edges(data=True):
        refs = frozenset(
            c["ref"]
            for a, _, _ in data["edges"]
            for c in view.graph.nodes[a].get("sources", ())
            if c.get("ref")
        )
        view.refs[(u, v)] = view.refs[(v, u)] = refs


def _options(via: Iterable[str] | None, cutoff: int | None) -> frozenset[str] | None:
    if cutoff is not None and cutoff < 1:
        raise InvalidArgument(f"cutoff must be 1 or more, not {cutoff}")
    return _check_relations(via)


def shortest_path(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    via: Iterable[str] | None = None,
    directed: bool = False,
    time_respecting: bool = False,
    same_source: bool = False,
    through_review: bool = False,
    cutoff: int | None = None,
) -> Path:
    """The shortest path from ``source`` to ``target`` (fewest steps).

    Among several shortest paths, the first in id order is returned (compare the ids
    along the paths, item by item).

    Args:
        graph: a NetworkX projection of one or more cases (see :func:`case_graph`).
        source: an id, label or node key (see :func:`resolve`).
        target: likewise.
        via: only these relations (:data:`RELATIONS`); all when None.
        directed: follow edges only the way they are recorded (item holding the key
            to the item named); by default both ways.
        time_respecting: no event on the path may be provably earlier than an event
            before it on the path (module docstring).
        same_source: one source document must support every step.
        through_review: let the path pass through findings and recommendations.
        cutoff: the longest path (in steps) worth returning.

    Returns:
        A :class:`Path`.

    Raises:
        UnknownNode: a name matches nothing (with suggestions); AmbiguousNode: several.
        NoPath: both exist but nothing joins them under these constraints.
        ValueError: an unknown relation in ``via`` or a cutoff below 1.
    """
    return next(
        iter(
            _search(
                graph,
                source,
                target,
                via,
                directed,
                time_respecting,
                same_source,
                through_review,
                cutoff,
                shortest=True,
            )
        )
    )


def all_paths(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    cutoff: int,
    via: Iterable[str] | None = None,
    directed: bool = False,
    time_respecting: bool = False,
    same_source: bool = False,
    through_review: bool = False,
    limit: int = DEFAULT_MAX_PATHS,
) -> PathList:
    """Every simple path from ``source`` to ``target`` of at most ``cutoff`` steps.

    Shortest first, then in id order. The number of simple paths grows exponentially
    with ``cutoff`` (each extra step multiplies them by roughly the mean number of
    neighbours), so keep it small; the constraints prune the search as it goes. At
    most ``limit`` paths are returned: every path shorter than the longest one
    returned, then as many of that length as fit; ``truncated`` says when more exist.

    Args:
        graph, source, target, via, directed, time_respecting, same_source,
        through_review: as for :func:`shortest_path`.
        cutoff: the longest path, in steps (required: unbounded search explodes).
        limit: the most paths to return.

    Returns:
        A non-empty :class:`PathList` of :class:`Path`.

    Raises:
        UnknownNode, AmbiguousNode, NoPath, ValueError: as for :func:`shortest_path`.
    """
    return _search(
        graph,
        source,
        target,
        via,
        directed,
        time_respecting,
        same_source,
        through_review,
        cutoff,
        shortest=False,
        limit=limit,
    )


def _search(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    via: Iterable[str] | None,
    directed: bool,
    time_respecting: bool,
    same_source: bool,
    through_review: bool,
    cutoff: int | None,
    shortest: bool,
    limit: int | None = None,
) -> PathList:
    import networkx as nx

    relations = _options(via, cutoff)
    start, end = resolve(graph, source), resolve(graph, target)
    if graph.nodes[start].get("case") != graph.nodes[end].get("case"):
        raise NoPath(
            f"no path from {describe(graph, start)} to {describe(graph, end)}: "
            "they are in different cases, and no edge joins two cases"
        )
    view = _view(graph, (start, end), relations, directed, through_review)
    if time_respecting:
        view.time = chronology(view.graph)
    if same_source:
        _prepare_refs(view)
    constrained = time_respecting or same_source
    found: list[list[str]]
    truncated = False
    if start == end:
        found = [[start]]
    elif shortest and not constrained:
        try:
            found = [_first_shortest(view, start, end)]
        except nx.NetworkXNoPath:
            found = []
        found = [p for p in found if cutoff is None or len(p) - 1 <= cutoff]
    elif shortest:
        hit = _constrained_shortest(view, start, end, time_respecting, same_source, cutoff)
        found = [hit] if hit else []
    elif not constrained:
        found, truncated = _shortest_first(
            lambda k: nx.all_simple_paths(view.walk, start, end, cutoff=k), cutoff, limit
        )
    else:
        found = list(
            itertools.islice(
                _constrained_all(
                    view, start, end, time_respecting, same_source, cutoff or len(view.walk)
                ),
                None if limit is None else limit + 1,
            )
        )
        truncated = limit is not None and len(found) > limit
        found = found[:limit]
    if not found:
        raise NoPath(
            _no_path_message(
                graph, view, start, end, relations, directed, time_respecting, same_source, cutoff
            )
        )
    found.sort(key=lambda p: (len(p), [graph.nodes[n]["id"] for n in p]))
    result = PathList(_make_path(view, nodes) for nodes in found)
    result.truncated, result.limit = truncated, limit
    return result


def _shortest_first(
    paths_up_to: Callable[[int], Iterable[list[str]]], cutoff: int | None, limit: int | None
) -> tuple[list[list[str]], bool]:
    """All paths of at most ``cutoff`` steps, or the ``limit`` shortest and True.

    Searched one length at a time, so that a search stopped at the limit has every
    shorter path and only the last length is cut.
    """
    if limit is None or cutoff is None:
        return [list(p) for p in paths_up_to(cutoff or 0)], False
    complete: list[list[str]] = []
    for length in range(1, cutoff + 1):
        batch = [list(p) for p in itertools.islice(paths_up_to(length), limit + 1)]
        if len(batch) > limit:
            longest = [p for p in batch if len(p) - 1 == length]
            return complete + longest[: limit - len(complete)], True
        complete = batch
    return complete, False


def _first_shortest(view: _View, start: str, end: str) -> list[str]:
    """The shortest path whose ids come first, item by item (NetworkX BFS for distances).

    Raises:
        networkx.NetworkXNoPath: no path.
    """
    import networkx as nx

    back = view.walk.reverse(copy=False) if view.walk.is_directed() else view.walk
    distance = nx.single_source_shortest_path_length(back, end)
    if start not in distance:
        raise nx.NetworkXNoPath(f"no path between {start} and {end}")
    path = [start]
    while path[-1] != end:
        here = distance[path[-1]]
        path.append(next(n for n in view.neighbors(path[-1]) if distance.get(n) == here - 1))
    return path


def _constrained_shortest(
    view: _View, start: str, end: str, time_respecting: bool, same_source: bool, cutoff: int | None
) -> list[str] | None:
    """Breadth-first search over (node, past events, common sources).

    A state is dropped when an earlier-or-equal-depth state at the same node has a past
    that blocks no more (:func:`_no_worse`) and a superset of its common sources: every
    way on from the dropped state is open to the kept one. Cutting a loop out of a path never
    breaks either constraint, so the shortest walk found is a simple path.
    """
    everything = None  # all sources: the intersection of nothing
    first = (start, _past_with(view, _NO_PAST, start), everything, None)
    seen: dict[str, list[tuple[_Past, frozenset[str] | None]]] = {start: [(first[1], None)]}
    layer: list[tuple[str, _Past, frozenset[str] | None, Any]] = [first]
    depth = 0
    while layer and (cutoff is None or depth < cutoff):
        depth += 1
        nxt = []
        for state in layer:
            node, past, refs, _ = state
            for other in view.neighbors(node):
                if time_respecting and not _admits(view, past, other):
                    continue
                new_refs = refs
                if same_source:
                    step = view.refs[(node, other)]
                    new_refs = step if refs is None else refs & step
                    if not new_refs:
                        continue
                new_past = _past_with(view, past, other)
                if other == end:
                    return _unwind((other, new_past, new_refs, state))
                if any(
                    _no_worse(p, new_past)
                    and (r is None or (new_refs is not None and new_refs <= r))
                    for p, r in seen.get(other, ())
                ):
                    continue
                seen.setdefault(other, []).append((new_past, new_refs))
                nxt.append((other, new_past, new_refs, state))
        layer = nxt
    return None


def _unwind(state: Any) -> list[str]:
    nodes = []
    while state is not None:
        nodes.append(state[0])
        state = state[3]
    return nodes[::-1]


def _constrained_all(
    view: _View, start: str, end: str, time_respecting: bool, same_source: bool, cutoff: int
) -> Iterator[list[str]]:
    """Depth-first enumeration of simple paths, pruning a prefix as soon as it fails."""
    path = [start]
    on_path = {start}

    def extend(node: str, past: _Past, refs: frozenset[str] | None) -> Iterator[list[str]]:
        if len(path) > cutoff:
            return
        for other in view.neighbors(node):
            if other in on_path or (time_respecting and not _admits(view, past, other)):
                continue
            new_refs = refs
            if same_source:
                step = view.refs[(node, other)]
                new_refs = step if refs is None else refs & step
                if not new_refs:
                    continue
            if other == end:
                yield [*path, other]
                continue
            path.append(other)
            on_path.add(other)
            yield from extend(other, _past_with(view, past, other), new_refs)
            path.pop()
            on_path.discard(other)

    yield from extend(start, _past_with(view, _NO_PAST, start), None)


def _make_path(view: _View, nodes: list[str]) -> Path:
    graph = view.graph
    multi = is_multi_case(graph)
    steps = []
    for u, v in itertools.pairwise(nodes):
        edges = list(view.walk[u][v]["edges"])
        edges.sort(key=lambda e: (_RELATION_ORDER.get(e[2], 99), e[0] != u, e))
        sources: list[dict[str, Any]] = []
        for asserting in dict.fromkeys(e[0] for e in edges):
            for cite in graph.nodes[asserting].get("sources", ()):
                sources.append({"item": graph.nodes[asserting]["id"], **cite})
        (a, _, rel), *rest = edges
        steps.append(
            Step(
                start=display_id(graph, u, multi),
                start_label=str(graph.nodes[u].get("label", "")),
                relation=rel,
                reverse=a != u,
                end=display_id(graph, v, multi),
                end_label=str(graph.nodes[v].get("label", "")),
                date=_step_date(graph, u, v),
                sources=tuple(sources),
                also=tuple((k, x != u) for x, _, k in rest),
            )
        )
    return Path(str(graph.nodes[nodes[0]].get("case")), tuple(nodes), tuple(steps))


def _step_date(graph: nx.MultiDiGraph, u: str, v: str) -> str | None:
    """The date of the event the step reaches, else of the event it leaves."""
    for node in (v, u):
        if graph.nodes[node].get("type") == "event":
            return graph.nodes[node].get("date")
    return None


def _no_path_message(
    graph: nx.MultiDiGraph,
    view: _View,
    start: str,
    end: str,
    relations: frozenset[str] | None,
    directed: bool,
    time_respecting: bool,
    same_source: bool,
    cutoff: int | None,
) -> str:
    import networkx as nx

    rules = []
    if relations is not None:
        rules.append(f"only {', '.join(sorted(relations, key=lambda r: _RELATION_ORDER[r]))}")
    if directed:
        rules.append("directed")
    if time_respecting:
        rules.append("time-respecting")
    if same_source:
        rules.append("one source")
    if cutoff is not None:
        rules.append(f"at most {cutoff} step{'s' if cutoff != 1 else ''}")
    text = f"no path from {describe(graph, start)} to {describe(graph, end)}"
    if rules:
        text += f" ({'; '.join(rules)})"
    relaxed = [
        name
        for name, on in (
            ("time-respecting", time_respecting),
            ("one source", same_source),
            ("the length limit", cutoff is not None),
        )
        if on
    ]
    if relaxed:
        try:
            plain = nx.shortest_path_length(view.walk, start, end)
            text += (
                f"; without {' and '.join(relaxed)}, the shortest path has {plain} "
                f"step{'s' if plain != 1 else ''}"
            )
        except nx.NetworkXNoPath:
            pass
    return text


def find_paths(
    dataset: CaseDataset,
    source: str,
    target: str,
    *,
    every: bool = False,
    cutoff: int | None = None,
    limit: int = DEFAULT_MAX_PATHS,
    **options: Any,
) -> PathList:
    """Resolve two names in a dataset and search the one case that holds them.

    Only that case's graph is projected, so a query costs the same on one case as on
    a corpus (apart from finding the case: see :func:`locate`).

    Args:
        dataset: the cases.
        source, target: ids or labels; ``case-id/item-id`` in a multi-case dataset.
        every: all simple paths up to ``cutoff`` steps (default
            :data:`DEFAULT_MAX_LENGTH`) instead of the shortest one.
        cutoff: the longest path, in steps.
        limit: with ``every``, the most paths to return (see :func:`all_paths`).
        **options: ``via``, ``directed``, ``time_respecting``, ``same_source``,
            ``through_review`` as for :func:`shortest_path`.

    Returns:
        The shortest path, or all of them, as a list of :class:`Path`.

    Raises:
        UnknownNode, AmbiguousNode, NoPath, ValueError: as for :func:`shortest_path`.
    """
    _options(options.get("via"), cutoff)
    graphs: dict[str, nx.MultiDiGraph] = {}
    case_a, start = locate(dataset, source, graphs=graphs)
    case_b, end = locate(dataset, target, graphs=graphs)
    if case_a != case_b:
        raise NoPath(
            f"no path from {qualified(start)} to {qualified(end)}: they are in "
            "different cases, and no edge joins two cases"
        )
    graph = graphs.get(case_a)
    if graph is None:
        graph = case_graph(dataset, case_a)
    if every:
        return all_paths(
            graph, start, end, cutoff=cutoff or DEFAULT_MAX_LENGTH, limit=limit, **options
        )
    return PathList([shortest_path(graph, start, end, cutoff=cutoff, **options)])
