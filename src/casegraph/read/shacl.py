"""Graph-level rules: the SHACL shapes (package data ontology/shapes.ttl) on one case.

The shapes graph is parsed once per process; pySHACL is imported only when a case is
checked, so ``import casegraph`` and ``casegraph --help`` stay quick.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from casegraph.errors import CaseGraphError, Problem
from casegraph.read.rdfsource import SourceLines, quiet_rdflib
from casegraph.vocab import DCTERMS, PREFIXES, XSD, split_item_iri

if TYPE_CHECKING:
    import rdflib

    from casegraph.read.loaded import LoadedCase

SH = "http://www.w3.org/ns/shacl#"
_CLASS_NAMES = {
    "Case": "case",
    "Review": "review",
    "Source": "source",
    "Actor": "actor",
    "Concern": "concern",
    "Duty": "duty",
    "Tool": "tool",
    "Event": "event",
    "Citation": "citation",
    "Holding": "duty holding",
    "Finding": "finding",
    "Recommendation": "recommendation",
}


@functools.cache
def shapes_graph() -> rdflib.Graph:
    """The shapes, parsed once (do not modify the returned graph)."""
    from importlib.resources import files

    import rdflib

    text = files("casegraph").joinpath("ontology", "shapes.ttl").read_text(encoding="utf-8")
    return rdflib.Graph().parse(data=text, format="turtle")


def check_shapes(case: LoadedCase) -> list[Problem]:
    """Apply the SHACL shapes to one case's graph.

    Args:
        case: a loaded case; its ``path`` is read again only to find the line of each
            problem (the line that defines the offending node; 1 when none does).

    Returns:
        One Problem per violation, sorted; empty when the case conforms.
    """
    import rdflib

    with quiet_rdflib():
        data = rdflib.Graph().parse(data=case.ntriples, format="nt")
        return problems_from_graph(data, case.path)


def problems_from_graph(
    data: rdflib.Graph,
    path: str,
    locate: SourceLines | None = None,
    skip: Collection[tuple[int, str]] = (),
) -> list[Problem]:
    """The SHACL violations of a case graph as Problems located in the file at ``path``.

    Args:
        data: the case's graph (not modified).
        path: the file the case came from, for messages and (unless ``locate`` is
            given) for finding lines.
        locate: finds the line of a node in the already-read source text.
        skip: ``(line, property)`` pairs already reported another way: results on
            that property of a node on that line are left out.
    """
    import pyshacl
    import rdflib

    with quiet_rdflib():
        conforms, results, _text = pyshacl.validate(
            data,
            shacl_graph=shapes_graph(),
            inference="none",
            abort_on_first=False,
            allow_warnings=True,
            advanced=False,
        )
    if not isinstance(results, rdflib.Graph):  # the shapes themselves are broken
        raise CaseGraphError(f"the SHACL shapes could not run: {_text}")
    if conforms:
        return []
    sh = rdflib.Namespace(SH)
    locate = locate or SourceLines.of_file(path)
    found: set[Problem] = set()
    # Top-level results only: nested ones (sh:detail, from sh:node) repeat them.
    for result in results.objects(None, sh.result):
        if results.value(result, sh.resultSeverity) != sh.Violation:
            continue
        focus = results.value(result, sh.focusNode)
        result_path = results.value(result, sh.resultPath)
        value = results.value(result, sh.value)
        message = str(results.value(result, sh.resultMessage) or "does not conform to the shapes")
        what = describe_node(data, focus)
        detail = f"{what}, found {short_term(value)}" if value is not None else what
        key = short_term(result_path) if isinstance(result_path, rdflib.URIRef) else ""
        line = locate.line_of(str(focus)) if isinstance(focus, rdflib.URIRef) else 1
        if (line, key) in skip:
            continue
        # A key-goes-only-with-some-kinds rule fails on cg:eventKind; name the key instead.
        key = _kind_rule_keys().get(results.value(result, sh.sourceShape), key)
        found.add(Problem(path, line, f"{message} ({detail})", key))
    return sorted(found)


@functools.cache
def _kind_rule_keys() -> dict[Any, str]:
    """Property shape -> the key it polices, for shapes that target subjects of a key."""
    import rdflib

    sh = rdflib.Namespace(SH)
    shapes = shapes_graph()
    return {
        prop_shape: short_term(key)
        for node_shape, key in shapes.subject_objects(sh.targetSubjectsOf)
        for prop_shape in shapes.objects(node_shape, sh.property)
    }


def describe_node(data: rdflib.Graph, node: Any) -> str:
    """``event 'referral'``: the node's class and id, as a reader of the case file knows it."""
    import rdflib

    kinds = sorted(
        _CLASS_NAMES.get(short_term(t).removeprefix("cg:"), "")
        for t in data.objects(node, rdflib.RDF.type)
    )
    kind = next((k for k in kinds if k), "node")
    ident = data.value(node, rdflib.URIRef(DCTERMS + "identifier"))
    if ident is not None:
        return f"{kind} {str(ident)!r}"
    if isinstance(node, rdflib.URIRef):
        parts = split_item_iri(str(node))
        if parts:
            name = f"{parts[1] or parts[0]}#{str(node).partition('#')[2]}".rstrip("#")
            return f"{kind} {name!r}"
        return f"{kind} <{node}>"
    return kind


def short_term(term: Any) -> str:
    """A short form of a term for messages: a prefixed name, an item id or the literal."""
    import rdflib

    if isinstance(term, rdflib.URIRef):
        text = str(term)
        for prefix, base in PREFIXES.items():
            if text.startswith(base) and len(text) > len(base):
                return f"{prefix}:{text[len(base) :]}"
        parts = split_item_iri(text)
        if parts:
            return repr(parts[1] or parts[0])
        return f"<{text}>"
    if isinstance(term, rdflib.Literal):
        if (
            term.datatype is not None
            and str(term.datatype) == XSD + "integer"
            and not getattr(term, "ill_typed", False)
        ):
            return str(term)
        return term.n3(namespace_manager=_names())
    return str(term)


@functools.cache
def _names() -> Any:
    import rdflib
    from rdflib.namespace import NamespaceManager

    manager = NamespaceManager(rdflib.Graph(), bind_namespaces="none")
    for prefix, base in PREFIXES.items():
        manager.bind(prefix, base)
    return manager


__all__ = ["check_shapes", "describe_node", "problems_from_graph", "shapes_graph", "short_term"]
