"""Paths between the items of a case: shortest, all up to a length, time-respecting, one-source.

A thin layer over NetworkX. The NetworkX projection (casegraph.graph) is a
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
"Provably earlier" is the materialised *later* relation (``cg:laterThan``; see
casegraph.order): event B may come after event A on the path unless A is later than B.
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
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from casegraph.casefile.spec import LABEL_KEYS
from casegraph.errors import CaseGraphError, NoPath, UnknownNode
from casegraph.mapping import CLASSES as _CLASSES
from casegraph.namespaces import CG, case_iri, split_item_iri

if TYPE_CHECKING:
    import networkx as nx

    from casegraph.dataset import CaseDataset

# Every relation (edge key) of the projection, in the order a step lists them.
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
_RELATION_ORDER = {name: n for n, name in enumerate(RELATIONS)}
# Items a path never visits; the reviewer's layer is visited only at the ends.
HIDDEN_TYPES = frozenset({"case", "source"})
REVIEW_TYPES = frozenset({"finding", "recommendation"})
# Used when --all is given without a length: all simple paths grow exponentially with it.
DEFAULT_MAX_LENGTH = 6


class AmbiguousNode(UnknownNode):
    """A name matches several items; the candidates are listed, none is picked."""

    def __init__(self, name: str, candidates: list[str], total: int | None = None):
        self.name = name
        self.suggestions = candidates
        total = len(candidates) if total is None else total
        more = f"; and {total - len(candidates)} more" if total > len(candidates) else ""
        qualified = " (as case-id/item-id)" if "/" in candidates[0] else ""
        CaseGraphError.__init__(
            self,
            f"{name!r} matches {total} items: {'; '.join(candidates)}{more}. "
            f"Give one of these ids{qualified}",
        )


# --------------------------------------------------------------------------- names


def _norm_id(name: str) -> str:
    return re.sub(r"[\s_]+", "-", name.strip().casefold())


def _norm_text(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().casefold())


def node_texts(attrs: Mapping[str, Any]) -> list[str]:
    """The texts a name may match for one item: its label, outcome, summary, text, title."""
    texts = [str(attrs["label"])] if attrs.get("label") else []
    texts += [str(attrs[k]) for k in LABEL_KEYS if attrs.get(k) and str(attrs[k]) not in texts]
    return texts


def display_id(graph: nx.MultiDiGraph, node: str, multi: bool | None = None) -> str:
    """An item's id, as ``case-id/item-id`` when the graph holds several cases."""
    attrs = graph.nodes[node]
    if multi is None:
        multi = is_multi_case(graph)
    return f"{attrs['case']}/{attrs['id']}" if multi else str(attrs["id"])


def is_multi_case(graph: nx.MultiDiGraph) -> bool:
    """Whether the graph holds items of more than one case."""
    cases: set[Any] = set()
    for _, case in graph.nodes(data="case"):
        cases.add(case)
        if len(cases) > 1:
            return True
    return False


def _describe(graph: nx.MultiDiGraph, node: str, multi: bool | None = None) -> str:
    attrs = graph.nodes[node]
    label = str(attrs.get("label") or "")
    ident = display_id(graph, node, multi)
    return f"{ident} ({_short(label)})" if label and label != attrs["id"] else ident


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def resolve(graph: nx.MultiDiGraph, name: str, types: Collection[str] | None = None) -> str:
    """The node a user's name stands for.

    Tried in order, case-insensitively: the node key itself; an exact id (spaces and
    underscores count as hyphens; ``case-id/item-id`` picks a case); an exact label
    (or outcome, summary, text, title); a substring of an id or label. The first
    rule that matches anything decides: one match is the answer, several are ambiguous.

    Args:
        graph: a NetworkX projection (casegraph.graph).
        name: an id, a label or part of one.
        types: only consider items of these types ("actor", "event", ...).

    Returns:
        The node key (the item's IRI).

    Raises:
        UnknownNode: nothing matches; ``suggestions`` holds the nearest ids and labels.
        AmbiguousNode: several items match at the first rule that matches.
    """
    if name in graph and _eligible(graph.nodes[name], types):
        return name
    nodes = [(n, a) for n, a in graph.nodes(data=True) if _eligible(a, types)]
    bare = name
    if "/" in name:
        wanted, _, rest = name.partition("/")
        in_case = [
            (n, a)
            for n, a in nodes
            if str(a.get("case", "")).casefold() == wanted.strip().casefold()
        ]
        if in_case:  # "case-id/item-id"; otherwise the slash is part of a label
            nodes, bare = in_case, rest
    key, text = _norm_id(bare), _norm_text(bare)
    rules: list[Callable[[Mapping[str, Any]], bool]] = [
        lambda a: str(a["id"]).casefold() == key,
        lambda a: any(_norm_text(t) == text for t in node_texts(a)),
        lambda a: (
            bool(text)
            and (
                key in str(a["id"]).casefold() or any(text in _norm_text(t) for t in node_texts(a))
            )
        ),
    ]
    for rule in rules:
        found = sorted(n for n, a in nodes if rule(a))
        if len(found) == 1:
            return found[0]
        if found:
            multi = is_multi_case(graph)
            raise AmbiguousNode(name, [_describe(graph, n, multi) for n in found])
    raise UnknownNode(name, _suggest(name, nodes, graph))


def _eligible(attrs: Mapping[str, Any], types: Collection[str] | None) -> bool:
    kind = attrs.get("type")
    if kind in HIDDEN_TYPES or "id" not in attrs:
        return False
    return types is None or kind in types


def _suggest(
    name: str, nodes: list[tuple[str, Mapping[str, Any]]], graph: nx.MultiDiGraph
) -> list[str]:
    """The nearest ids and labels (difflib), ids first."""
    multi = is_multi_case(graph)
    vocabulary: dict[str, str] = {}
    for _, attrs in sorted(nodes, key=lambda pair: pair[0]):
        ident = f"{attrs['case']}/{attrs['id']}" if multi else str(attrs["id"])
        vocabulary.setdefault(ident.casefold(), ident)
        vocabulary.setdefault(str(attrs["id"]).casefold(), ident)
        for text in node_texts(attrs):
            vocabulary.setdefault(text.casefold(), text)
    near = difflib.get_close_matches(name.casefold(), list(vocabulary), n=6, cutoff=0.6)
    return list(dict.fromkeys(vocabulary[n] for n in near))[:4]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Step:
    """One step of a path: from one item to its neighbour, and the edges joining them.

    ``relation`` is the first of the edges (``reverse`` when the path walks it against
    the way it is recorded, e.g. from a school to the referral that names it in
    ``by``); ``also`` lists any other edges between the two items. ``sources`` are the
    citations of the items asserting the edges, each with the asserting ``item``.
    """

    start: str
    start_label: str
    relation: str
    reverse: bool
    end: str
    end_label: str
    date: str | None
    sources: tuple[dict[str, Any], ...]
    also: tuple[tuple[str, bool], ...] = ()

    @property
    def refs(self) -> frozenset[str]:
        """The ids of the source documents that support this step."""
        return frozenset(s["ref"] for s in self.sources if s.get("ref"))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "from": self.start,
            "from_label": self.start_label,
            "relation": self.relation,
            "reverse": self.reverse,
            "to": self.end,
            "to_label": self.end_label,
            "date": self.date,
            "sources": [dict(s) for s in self.sources],
        }
        if self.also:
            out["also"] = [{"relation": r, "reverse": rev} for r, rev in self.also]
        return out


@dataclass(frozen=True)
class Support:
    """How the sources support a path as a whole.

    ``common``: the sources that support every step (empty when none does);
    ``cover``: the fewest sources that together support every step;
    ``unsourced``: the (1-based) numbers of steps no citation supports.
    """

    common: tuple[str, ...]
    cover: tuple[str, ...]
    unsourced: tuple[int, ...]

    @property
    def one_source(self) -> bool:
        return bool(self.common)

    def describe(self) -> str:
        """One line for people: "one source (x)" or "stitched across N sources (...)"."""
        if self.common:
            return f"one source ({', '.join(self.common)})"
        if not self.cover and not self.unsourced:
            return "no steps"
        parts = []
        if len(self.cover) > 1:
            parts.append(f"stitched across {len(self.cover)} sources ({', '.join(self.cover)})")
        if self.unsourced:
            plural = "s" if len(self.unsourced) > 1 else ""
            steps = ", ".join(str(n) for n in self.unsourced)
            parts.append(f"step{plural} {steps} cite{'' if plural else 's'} no source")
            if len(self.cover) == 1:
                parts.append(f"the others one source ({self.cover[0]})")
        return (
            " and ".join(parts) + ": no one document states the whole chain, "
            "so it is weaker evidence"
        )


@dataclass(frozen=True)
class Path:
    """A path between two items of one case."""

    case: str
    nodes: tuple[str, ...]
    steps: tuple[Step, ...]

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def ids(self) -> list[str]:
        """The ids of the items along the path, start to end."""
        return [self.steps[0].start, *(s.end for s in self.steps)] if self.steps else []

    @property
    def support(self) -> Support:
        return support(self.steps)

    def to_json(self) -> list[dict[str, Any]]:
        return [step.to_json() for step in self.steps]


def support(steps: Sequence[Step]) -> Support:
    """Which sources support every step, and the fewest that cover them all."""
    refs = [step.refs for step in steps]
    unsourced = tuple(n for n, r in enumerate(refs, 1) if not r)
    sourced = [r for r in refs if r]
    common = tuple(sorted(frozenset.intersection(*refs))) if refs and not unsourced else ()
    return Support(common, common[:1] if common else _cover(sourced), unsourced)


def _cover(sets: list[frozenset[str]]) -> tuple[str, ...]:
    """The smallest set of sources meeting every step (exact for a few, else greedy)."""
    universe = sorted(frozenset().union(*sets)) if sets else []
    if len(universe) <= 12:
        for size in range(1, len(universe) + 1):
            for combo in itertools.combinations(universe, size):
                if all(s & set(combo) for s in sets):
                    return combo
    chosen: list[str] = []
    left = list(sets)
    while left:
        best = max(universe, key=lambda ref: (sum(ref in s for s in left), -universe.index(ref)))
        chosen.append(best)
        left = [s for s in left if best not in s]
    return tuple(sorted(chosen))


# --------------------------------------------------------------------------- the view


@dataclass
class _View:
    graph: nx.MultiDiGraph
    walk: nx.Graph  # nx.Graph or nx.DiGraph: one edge per pair of neighbours
    earlier: dict[str, int] = field(default_factory=dict)  # event -> bitmask of earlier events
    bit: dict[str, int] = field(default_factory=dict)  # event -> its bit
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
            raise ValueError(f"unknown relation {rel!r}{hint}")
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


def _prepare_time(view: _View) -> None:
    later = later_relation(view.graph)
    events = sorted(n for n in view.walk if view.graph.nodes[n].get("type") == "event")
    view.bit = {e: 1 << n for n, e in enumerate(events)}
    view.earlier = {e: sum(view.bit[x] for x in later.get(e, ()) if x in view.bit) for e in events}


def _prepare_refs(view: _View) -> None:
    for u, v, data in view.walk.edges(data=True):
        refs = frozenset(
            c["ref"]
            for a, _, _ in data["edges"]
            for c in view.graph.nodes[a].get("sources", ())
            if c.get("ref")
        )
        view.refs[(u, v)] = view.refs[(v, u)] = refs


def later_relation(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """For each event node, the event nodes it is provably later than.

    Uses ``graph.graph["later"]`` when present (what :func:`case_graph` reads from the
    materialised ``cg:laterThan``); otherwise computes the same relation from the
    graph's dates and after/before edges with casegraph.order.
    """
    if "later" in graph.graph:
        return graph.graph["later"]
    from casegraph.dates import parse_date
    from casegraph.order import Timed
    from casegraph.order import later_relation as closure

    timed = {}
    for node, attrs in graph.nodes(data=True):
        if attrs.get("type") == "event":
            after = [v for _, v, k in graph.out_edges(node, keys=True) if k == "after"]
            before = [v for _, v, k in graph.out_edges(node, keys=True) if k == "before"]
            date = parse_date(attrs["date"]) if attrs.get("date") else None
            timed[node] = Timed(date, after, before)
    return closure(timed)


# --------------------------------------------------------------------------- search


def _options(via: Iterable[str] | None, cutoff: int | None) -> frozenset[str] | None:
    if cutoff is not None and cutoff < 1:
        raise ValueError(f"cutoff must be 1 or more, not {cutoff}")
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
) -> list[Path]:
    """Every simple path from ``source`` to ``target`` of at most ``cutoff`` steps.

    Shortest first, then in id order. The number of simple paths grows exponentially
    with ``cutoff`` (each extra step multiplies them by roughly the mean number of
    neighbours), so keep it small; the constraints prune the search as it goes.

    Args:
        graph, source, target, via, directed, time_respecting, same_source,
        through_review: as for :func:`shortest_path`.
        cutoff: the longest path, in steps (required: unbounded search explodes).

    Returns:
        A non-empty list of :class:`Path`.

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
) -> list[Path]:
    import networkx as nx

    relations = _options(via, cutoff)
    start, end = resolve(graph, source), resolve(graph, target)
    if graph.nodes[start].get("case") != graph.nodes[end].get("case"):
        raise NoPath(
            f"no path from {_describe(graph, start)} to {_describe(graph, end)}: "
            "they are in different cases, and no edge joins two cases"
        )
    view = _view(graph, (start, end), relations, directed, through_review)
    if time_respecting:
        _prepare_time(view)
    if same_source:
        _prepare_refs(view)
    constrained = time_respecting or same_source
    found: list[list[str]]
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
        found = [list(p) for p in nx.all_simple_paths(view.walk, start, end, cutoff=cutoff)]
    else:
        found = list(
            _constrained_all(
                view, start, end, time_respecting, same_source, cutoff or len(view.walk)
            )
        )
    if not found:
        raise NoPath(
            _no_path_message(
                graph, view, start, end, relations, directed, time_respecting, same_source, cutoff
            )
        )
    found.sort(key=lambda p: (len(p), [graph.nodes[n]["id"] for n in p]))
    return [_make_path(view, nodes) for nodes in found]


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


def _admits(view: _View, mask: int, node: str) -> bool:
    """Whether ``node`` may follow a prefix whose events are later than those in ``mask``."""
    return not mask & view.bit.get(node, 0)


def _constrained_shortest(
    view: _View, start: str, end: str, time_respecting: bool, same_source: bool, cutoff: int | None
) -> list[str] | None:
    """Breadth-first search over (node, earlier-events mask, common sources).

    A state is dropped when an earlier-or-equal-depth state at the same node has a
    subset of its blocked events and a superset of its common sources: every way on
    from the dropped state is open to the kept one. Cutting a loop out of a path never
    breaks either constraint, so the shortest walk found is a simple path.
    """
    everything = None  # all sources: the intersection of nothing
    first = (start, view.earlier.get(start, 0) if time_respecting else 0, everything, None)
    seen: dict[str, list[tuple[int, frozenset[str] | None]]] = {start: [(first[1], None)]}
    layer: list[tuple[str, int, frozenset[str] | None, Any]] = [first]
    depth = 0
    while layer and (cutoff is None or depth < cutoff):
        depth += 1
        nxt = []
        for state in layer:
            node, mask, refs, _ = state
            for other in view.neighbors(node):
                if time_respecting and not _admits(view, mask, other):
                    continue
                new_refs = refs
                if same_source:
                    step = view.refs[(node, other)]
                    new_refs = step if refs is None else refs & step
                    if not new_refs:
                        continue
                new_mask = (mask | view.earlier.get(other, 0)) if time_respecting else 0
                if other == end:
                    return _unwind((other, new_mask, new_refs, state))
                if any(
                    (m & ~new_mask) == 0 and (r is None or (new_refs is not None and new_refs <= r))
                    for m, r in seen.get(other, ())
                ):
                    continue
                seen.setdefault(other, []).append((new_mask, new_refs))
                nxt.append((other, new_mask, new_refs, state))
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

    def extend(node: str, mask: int, refs: frozenset[str] | None) -> Iterator[list[str]]:
        if len(path) > cutoff:
            return
        for other in view.neighbors(node):
            if other in on_path or (time_respecting and not _admits(view, mask, other)):
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
            new_mask = (mask | view.earlier.get(other, 0)) if time_respecting else 0
            yield from extend(other, new_mask, new_refs)
            path.pop()
            on_path.discard(other)

    yield from extend(start, view.earlier.get(start, 0) if time_respecting else 0, None)


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
    text = f"no path from {_describe(graph, start)} to {_describe(graph, end)}"
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


# --------------------------------------------------------------------------- datasets


def case_graph(dataset: CaseDataset, case_id: str) -> nx.MultiDiGraph:
    """The projection of one case, with its materialised later relation attached.

    ``graph.graph["later"]`` maps each event node to the event nodes it is
    ``cg:laterThan`` (read from the RDF, where it was derived at load time).
    """
    from casegraph.engines import IRI

    graph = dataset.to_networkx([case_id])
    rows = dataset.query(
        "SELECT ?g ?f ?e WHERE { GRAPH ?g { ?f cg:laterThan ?e } }", {"g": IRI(case_iri(case_id))}
    )
    later: dict[str, set[str]] = {}
    for _, f, e in rows.rows:
        later.setdefault(str(f), set()).add(str(e))
    graph.graph["later"] = later
    return graph


def locate(
    dataset: CaseDataset,
    name: str,
    types: Collection[str] | None = None,
    graphs: dict[str, nx.MultiDiGraph] | None = None,
) -> tuple[str, str]:
    """Find the case and node a user's name stands for, without projecting the corpus.

    With a ``case-id/item-id`` name, or a dataset of one case, only that case's graph
    is built and :func:`resolve` decides. Otherwise the same rules run as bound SPARQL
    over every case (labels are rdfs:label, outcome, summary and text): an exact id
    is one indexed lookup; a label or a part of a name scans the labels of the corpus.

    Args:
        dataset: the cases.
        name: an id or label, or ``case-id/item-id``.
        types: only items of these types.
        graphs: a cache of case graphs (:func:`case_graph`) by case id, filled as needed.

    Returns:
        ``(case id, node key)``.

    Raises:
        UnknownNode, AmbiguousNode: as for :func:`resolve`.
    """
    graphs = {} if graphs is None else graphs

    def graph_of(case_id: str) -> nx.MultiDiGraph:
        if case_id not in graphs:
            graphs[case_id] = case_graph(dataset, case_id)
        return graphs[case_id]

    if "/" in name:
        wanted, _, bare = name.partition("/")
        case_id = wanted.strip().casefold()
        if case_id and graph_of(case_id).number_of_nodes():
            return case_id, resolve(graph_of(case_id), bare, types)
        graphs.pop(case_id, None)  # no such case: the slash is part of a label
    cases = dataset.case_ids()
    if len(cases) == 1:
        return cases[0], resolve(graph_of(cases[0]), name, types)
    return _locate_sparql(dataset, name, types)


_TYPE_OF_CLASS = {CG + cls: kind for kind, cls in _CLASSES.items()}
_IDS_AND_TYPES = "SELECT ?s ?q ?t WHERE { GRAPH ?g { ?s dcterms:identifier ?q . ?s a ?t } }"
# Types are looked up separately: joining them into a scan makes Oxigraph's planner
# start from every typed node (seconds on 10,000 cases, against a fraction of one).
_LABELS_CONTAINING = (
    "SELECT ?s ?label ?q WHERE { GRAPH ?g { "
    "VALUES ?p { rdfs:label cg:outcome cg:summary cg:text } ?s ?p ?label . "
    "FILTER(CONTAINS(LCASE(STR(?label)), ?q)) } }"
)
_ALL_IDS = "SELECT DISTINCT ?id WHERE { GRAPH ?g { ?s dcterms:identifier ?id } }"


def _locate_sparql(
    dataset: CaseDataset, name: str, types: Collection[str] | None
) -> tuple[str, str]:
    key, text = _norm_id(name), _norm_text(name)
    wanted = frozenset(types) if types is not None else frozenset(_CLASSES) - HIDDEN_TYPES

    def typed(item_ids: Iterable[str], subjects: set[str] | None = None) -> set[str]:
        """The item nodes with these ids (of the wanted types), restricted to ``subjects``."""
        found = set()
        for item_id in sorted(set(item_ids)):
            for s, _, t in dataset.query(_IDS_AND_TYPES, {"q": item_id}).rows:
                if _TYPE_OF_CLASS.get(str(t)) in wanted and (subjects is None or s in subjects):
                    found.add(str(s))
        return found

    def decide(found: set[str]) -> tuple[str, str] | None:
        if len(found) == 1:
            node = found.pop()
            return (split_item_iri(node) or ("", ""))[0], node
        if found:
            shown = [_qualified(node) for node in sorted(found)]
            raise AmbiguousNode(name, shown[:10], len(shown))
        return None

    # 1. an exact id
    answer = decide(typed([key]))
    if answer:
        return answer
    # 2. an exact label, then 3. a part of an id or a label
    rows = dataset.query(_LABELS_CONTAINING, {"q": text}).rows if text else []
    exact = {str(s) for s, label, _ in rows if _norm_text(str(label)) == text}
    labelled = {str(s) for s, _, _ in rows}
    answer = decide(typed((_item_id(s) for s in exact), exact))
    if answer:
        return answer
    ids = sorted({str(r[0]) for r in dataset.query(_ALL_IDS).rows})
    partial = typed((_item_id(s) for s in labelled), labelled)
    partial |= typed(i for i in ids if key and key in i.casefold())
    answer = decide(partial)
    if answer:
        return answer
    raise UnknownNode(name, difflib.get_close_matches(key, ids, n=4, cutoff=0.6))


def _item_id(node: str) -> str:
    return (split_item_iri(node) or ("", node))[1]


def find_paths(
    dataset: CaseDataset,
    source: str,
    target: str,
    *,
    every: bool = False,
    cutoff: int | None = None,
    **options: Any,
) -> list[Path]:
    """Resolve two names in a dataset and search the one case that holds them.

    Only that case's graph is projected, so a query costs the same on one case as on
    a corpus (apart from finding the case: see :func:`locate`).

    Args:
        dataset: the cases.
        source, target: ids or labels; ``case-id/item-id`` in a multi-case dataset.
        every: all simple paths up to ``cutoff`` steps (default
            :data:`DEFAULT_MAX_LENGTH`) instead of the shortest one.
        cutoff: the longest path, in steps.
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
            f"no path from {_qualified(start)} to {_qualified(end)}: they are in "
            "different cases, and no edge joins two cases"
        )
    graph = graphs.get(case_a)
    if graph is None:
        graph = case_graph(dataset, case_a)
    if every:
        return all_paths(graph, start, end, cutoff=cutoff or DEFAULT_MAX_LENGTH, **options)
    return [shortest_path(graph, start, end, cutoff=cutoff, **options)]


def _qualified(node: str) -> str:
    return "/".join(split_item_iri(node) or ("", node))


# --------------------------------------------------------------------------- output


def paths_json(paths: Sequence[Path]) -> list[list[dict[str, Any]]]:
    """A list of paths, each a list of steps.

    Each step has ``from``, ``from_label``, ``relation``, ``reverse``, ``to``,
    ``to_label``, ``date`` and ``sources`` (``{item, ref, quote, locator}``), and
    ``also`` when other edges join the same two items.
    """
    return [path.to_json() for path in paths]


def format_paths(paths: Sequence[Path]) -> str:
    """Paths as text: each step with labels, relation, date and the quotes behind it."""
    out = []
    for number, path in enumerate(paths, 1):
        noun = "step" if len(path) == 1 else "steps"
        head = f"Path {number} of {len(paths)}" if len(paths) > 1 else "Path"
        out.append(f"{head}: {len(path)} {noun}, {path.support.describe()}")
        ordered = [
            str(n)
            for n, step in enumerate(path.steps, 1)
            if {step.relation, *(rel for rel, _ in step.also)} <= {"after", "before"}
        ]
        if ordered:
            out.append(
                f"  note: step{'s' if len(ordered) > 1 else ''} {', '.join(ordered)} only "
                "order events (after/before); no recorded hand-over joins them"
            )
        if path.steps:
            first = path.steps[0]
            out.append(f"  {first.start}  {_short(first.start_label)}")
        for step in path.steps:
            arrow = f"<-{step.relation}-" if step.reverse else f"-{step.relation}->"
            extra = "".join(
                f" {'<-' if rev else '-'}{rel}{'-' if rev else '->'}" for rel, rev in step.also
            )
            when = f"  [{step.date}]" if step.date else ""
            out.append(f"  {arrow}{extra} {step.end}  {_short(step.end_label)}{when}")
            for cite in step.sources:
                where = f", {cite['locator']}" if cite.get("locator") else ""
                quote = f' "{cite["quote"]}"' if cite.get("quote") else " (no quote)"
                out.append(f"      {cite['ref']} on {cite['item']}{where}:{quote}")
            if not step.sources:
                out.append("      (no source cited)")
        out.append("")
    return "\n".join(out).rstrip("\n")
