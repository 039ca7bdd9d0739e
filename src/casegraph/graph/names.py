"""Which item a user's name stands for: in one case's graph, or anywhere in a dataset.

Names are ids, labels (or outcomes, summaries, texts, titles) or parts of them,
matched case-insensitively; ``case-id/item-id`` picks a case. A name that matches
nothing raises UnknownNode with the nearest ids and labels; one that matches several
raises AmbiguousNode listing them. Path and knowledge queries resolve their ends here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from casegraph.errors import AmbiguousNode, UnknownNode, WrongKind
from casegraph.read.casefile.spec import ID_PATTERN
from casegraph.text import shorten
from casegraph.time.later import case_graph
from casegraph.vocab import CG, CLASSES, LABEL_KEYS, item_id, split_item_iri

if TYPE_CHECKING:
    import networkx as nx

    from casegraph.dataset import CaseDataset

# Items no name stands for (and no path visits).
HIDDEN_TYPES = frozenset({"case", "source"})


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


def describe(graph: nx.MultiDiGraph, node: str, multi: bool | None = None) -> str:
    """An item's id and, when it has one, its (shortened) label, for messages."""
    attrs = graph.nodes[node]
    label = str(attrs.get("label") or "")
    ident = display_id(graph, node, multi)
    return f"{ident} ({shorten(label)})" if label and label != attrs["id"] else ident


def resolve(graph: nx.MultiDiGraph, name: str, types: Collection[str] | None = None) -> str:
    """The node a user's name stands for.

    Tried in order, case-insensitively: the node key itself; an exact id (spaces and
    underscores count as hyphens; ``case-id/item-id`` picks a case); an exact label
    (or outcome, summary, text, title); a substring of an id or label. The first
    rule that matches anything decides: one match is the answer, several are ambiguous.

    Args:
        graph: a NetworkX projection (casegraph.graph.projection).
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
            raise AmbiguousNode(name, [describe(graph, n, multi) for n in found])
    if types is not None:  # the name may be right, and the kind wrong
        for a in graph.nodes.values():
            if _eligible(a, None) and (
                str(a["id"]).casefold() == key or any(_norm_text(t) == text for t in node_texts(a))
            ):
                raise WrongKind(name, str(a.get("type")), sorted(types))
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


_CASE_ID = re.compile(ID_PATTERN)


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
        # Only a well-formed id can name a case ('a b' is no IRI: it is part of a label).
        if _CASE_ID.fullmatch(case_id) and graph_of(case_id).number_of_nodes():
            return case_id, resolve(graph_of(case_id), bare, types)
        graphs.pop(case_id, None)  # no such case: the slash is part of a label
    cases = dataset.case_ids()
    if len(cases) == 1:
        return cases[0], resolve(graph_of(cases[0]), name, types)
    return _locate_sparql(dataset, name, types)


_TYPE_OF_CLASS = {CG + cls: kind for kind, cls in CLASSES.items()}
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
    wanted = frozenset(types) if types is not None else frozenset(CLASSES) - HIDDEN_TYPES

    def typed(item_ids: Iterable[str], subjects: set[str] | None = None) -> set[str]:
        """The item nodes with these ids (of the wanted types), restricted to ``subjects``."""
        found = set()
        for wanted_id in sorted(set(item_ids)):
            for s, _, t in dataset.query(_IDS_AND_TYPES, {"q": wanted_id}).rows:
                if _TYPE_OF_CLASS.get(str(t)) in wanted and (subjects is None or s in subjects):
                    found.add(str(s))
        return found

    def decide(found: set[str]) -> tuple[str, str] | None:
        if len(found) == 1:
            node = found.pop()
            return (split_item_iri(node) or ("", ""))[0], node
        if found:
            shown = [qualified(node) for node in sorted(found)]
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
    answer = decide(typed((item_id(s) for s in exact), exact))
    if answer:
        return answer
    ids = sorted({str(r[0]) for r in dataset.query(_ALL_IDS).rows})
    partial = typed((item_id(s) for s in labelled), labelled)
    partial |= typed(i for i in ids if key and key in i.casefold())
    answer = decide(partial)
    if answer:
        return answer
    if types is not None:  # the name may be right, and the kind wrong
        for _, _, t in dataset.query(_IDS_AND_TYPES, {"q": key}).rows:
            kind = _TYPE_OF_CLASS.get(str(t))
            if kind and kind not in HIDDEN_TYPES:
                raise WrongKind(name, kind, sorted(wanted))
    raise UnknownNode(name, difflib.get_close_matches(key, ids, n=4, cutoff=0.6))


def qualified(node: str) -> str:
    """An item's node key as ``case-id/item-id`` (a key that is no item IRI as it is)."""
    return "/".join(split_item_iri(node) or ("", node))
