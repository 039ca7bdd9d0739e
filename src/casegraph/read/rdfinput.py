"""Read cases written as RDF (Turtle, N-Triples, JSON-LD, TriG, N-Quads).

Turtle, N-Triples and JSON-LD hold one graph, so a file holds exactly one case; TriG
and N-Quads hold one case per graph. A case is the node ``?c a cg:Case ;
dcterms:identifier ?id`` and its IRI must be ``casegraph.vocab.case_iri(id)``.
Derived facts (casegraph.read.derive) in the input are dropped and recomputed from the
asserted ones, exactly as for a case file, so an export loads back unchanged. The
SHACL shapes (casegraph.read.shacl) check the rest when the file is validated.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casegraph.errors import InvalidInput, Problem
from casegraph.read.casefile.spec import ID_PATTERN
from casegraph.read.derive import MEMBERS_HEAR_ROLES, CaseFacts, EventFacts, derive
from casegraph.read.limits import Limits, limits, read_bounded
from casegraph.read.loaded import LoadedCase
from casegraph.read.mapping import DERIVED_PROPERTIES, RETIRED_PROPERTIES, add_derived
from casegraph.read.rdfsource import SourceLines, quiet_rdflib
from casegraph.read.shacl import describe_node, problems_from_graph, short_term
from casegraph.read.standard import is_standard, standard_triples
from casegraph.time.dates import PartialDate, parse_date
from casegraph.time.order import Chronology, Timed
from casegraph.vocab import (
    CG,
    CLASSES,
    DCTERMS,
    INTEGER_TYPES,
    PREFIXES,
    SAFE_IRI,
    XSD,
    case_iri,
    enum_value,
    item_iri,
    split_item_iri,
)

if TYPE_CHECKING:
    import rdflib

FORMAT_NAMES = {
    "turtle": "Turtle",
    "nt": "N-Triples",
    "json-ld": "JSON-LD",
    "trig": "TriG",
    "nquads": "N-Quads",
}
QUAD_FORMATS = ("trig", "nquads", "json-ld")  # JSON-LD may hold named graphs (export does)

_DATE_PRECISION = {XSD + "gYear": "year", XSD + "gYearMonth": "month", XSD + "date": "day"}
_DATE_PROPERTIES = (
    CG + "date",
    CG + "superseded",
    CG + "periodStart",
    CG + "periodEnd",
    DCTERMS + "issued",
)
_ID = re.compile(ID_PATTERN)


def read_rdf(path: Path, fmt: str) -> list[LoadedCase]:
    """Read the cases of one RDF file.

    Args:
        path: the file.
        fmt: its rdflib format name: turtle, nt, json-ld, trig or nquads.

    Returns:
        One LoadedCase per case, its N-Triples holding the asserted triples and the
        derived facts recomputed from them.

    Raises:
        InvalidInput: the file cannot be read or parsed, holds no case (or, for a
            single-graph format, more than one), or has dates, counts or an
            after/before order that the derived facts cannot be computed from.
    """
    where = str(path)
    data = read_bounded(path, "rdf_bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            [Problem(where, line, f"not UTF-8 (byte {exc.start}); save the file as UTF-8")]
        ) from None
    graphs = _parse(text, fmt, where)
    locate = SourceLines(text)
    problems = [p for _, graph in graphs for p in _unusable_terms(graph, where, locate)]
    if problems:
        raise InvalidInput(problems)
    cases: list[LoadedCase] = []
    for name, graph in graphs:
        try:
            with quiet_rdflib():
                cases.append(_case_from_graph(graph, name, fmt, where, locate))
        except InvalidInput as invalid:
            problems.extend(invalid.problems)
    if not graphs:
        problems.append(
            Problem(
                where,
                1,
                "no triples here; an RDF case needs a node `a cg:Case` with a dcterms:identifier",
            )
        )
    if problems:
        raise InvalidInput(problems)
    return cases


def _unusable_terms(graph: rdflib.Graph, where: str, locate: SourceLines) -> list[Problem]:
    """IRIs no store accepts, and literals past the string or integer limits (read.limits),
    before anything uses them: rdflib's N-Triples parser reads ``<<http://x>`` as an IRI
    that later failed to serialise; a 2 MB literal once took half a minute in the gap
    queries, a 10 MB one ten minutes in SHACL; Python's int() refuses 4,300 digits."""
    import rdflib

    bounds = limits()
    problems = []
    for subject, predicate, value in graph:
        bad = [str(t) for t in (subject, predicate, value) if isinstance(t, rdflib.URIRef)]
        bad = [iri for iri in bad if not SAFE_IRI.fullmatch(iri)]
        if bad:
            problems.append(
                Problem(where, locate.line_of(str(subject)), f"not a valid IRI: {bad[0][:200]!r}")
            )
            if len(problems) >= 20:
                break
            continue
        if not isinstance(value, rdflib.Literal):
            continue
        text = str(value)
        if len(text) > bounds.string_chars:
            message = (
                f"a literal of {len(text):,} characters is longer than the limit of "
                f"{bounds.string_chars:,} (set {Limits.variable('string_chars')} to allow it)"
            )
        elif (
            value.datatype is not None
            and str(value.datatype) in INTEGER_TYPES
            and len(text.strip().lstrip("+-")) > bounds.integer_digits
        ):
            message = (
                f"an integer of {len(text):,} digits is longer than the limit of "
                f"{bounds.integer_digits} (set {Limits.variable('integer_digits')} to allow it)"
            )
        else:
            continue
        problems.append(Problem(where, locate.line_of(str(subject)), message))
        if len(problems) >= 20:
            break
    return problems


# -- parsing -------------------------------------------------------------------------------


def _parse(text: str, fmt: str, where: str) -> list[tuple[str | None, rdflib.Graph]]:
    """The non-empty graphs of the file: ``(graph name or None, graph)``."""
    import rdflib

    name = FORMAT_NAMES.get(fmt, fmt)
    if fmt == "json-ld":
        _refuse_remote_context(text, where)
    holder: rdflib.Graph | rdflib.Dataset
    holder = rdflib.Dataset() if fmt in QUAD_FORMATS else rdflib.Graph()
    try:
        with quiet_rdflib():
            holder.parse(data=text, format=fmt)
    except Exception as exc:  # rdflib's parsers raise many kinds for bad input
        with quiet_rdflib():  # locating the error re-reads literals, which rdflib logs
            line, reason = _parse_error(exc, text, fmt)
        raise InvalidInput([Problem(where, line, f"not valid {name}: {reason}")]) from None
    if isinstance(holder, rdflib.Dataset):
        out: list[tuple[str | None, rdflib.Graph]] = []
        for graph in holder.graphs():
            if len(graph):
                label = str(graph.identifier)
                out.append(
                    (None if label == str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID) else label, graph)
                )
        return sorted(out, key=lambda pair: pair[0] or "")
    return [(None, holder)] if len(holder) else []


def _parse_error(exc: Exception, text: str, fmt: str) -> tuple[int, str]:
    """The line and a one-line reason for a parser's exception."""
    if isinstance(exc, json.JSONDecodeError):
        return exc.lineno, exc.msg
    lines = getattr(exc, "lines", None)
    why = getattr(exc, "_why", None)
    if isinstance(lines, int) and why:
        return lines + 1, str(why)
    reason = " ".join(str(exc).split())
    if fmt in ("nt", "nquads"):
        return _bad_line(text, fmt), reason
    return 1, reason


def _bad_line(text: str, fmt: str) -> int:
    """N-Triples/N-Quads are line-based: find the first line that does not parse alone."""
    import rdflib

    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            holder = rdflib.Dataset() if fmt == "nquads" else rdflib.Graph()
            holder.parse(data=line + "\n", format=fmt)
        except Exception:
            return number
    return 1


def _refuse_remote_context(text: str, where: str) -> None:
    """JSON-LD may name contexts by URL; rdflib would fetch them. We never go online."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput([Problem(where, exc.lineno, f"not valid JSON-LD: {exc.msg}")]) from None
    for context in _contexts(doc):
        remote = isinstance(context, str) or (isinstance(context, dict) and "@import" in context)
        if remote:
            raise InvalidInput(
                [
                    Problem(
                        where,
                        1,
                        "JSON-LD contexts given by URL are not fetched;"
                        " write the context inline (a JSON object)",
                    )
                ]
            )


def _contexts(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                yield from item if isinstance(item, list) else [item]
            yield from _contexts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _contexts(item)


# -- one case --------------------------------------------------------------------------------


def _case_from_graph(
    graph: rdflib.Graph, name: str | None, fmt: str, where: str, locate: SourceLines
) -> LoadedCase:
    from rdflib import RDF, Literal, URIRef

    in_graph = f" in graph <{name}>" if name else ""
    found = sorted(set(graph.subjects(RDF.type, URIRef(CG + "Case"))), key=str)
    if not found:
        raise InvalidInput(
            [
                Problem(
                    where,
                    locate.line_of(name) if name else 1,
                    f"no case{in_graph}: a case needs a node `a cg:Case` with a dcterms:identifier",
                )
            ]
        )
    if len(found) > 1:
        where_one = (
            "each named graph holds one case"
            if fmt in QUAD_FORMATS
            else f"{FORMAT_NAMES[fmt]} holds one case per file; use TriG or N-Quads (one "
            "named graph per case) or one file per case"
        )
        listed = ", ".join(f"<{c}>" for c in found)
        raise InvalidInput(
            [
                Problem(
                    where,
                    locate.line_of(str(found[1])),
                    f"{len(found)} cases{in_graph} ({listed}); {where_one}",
                )
            ]
        )
    case_node = found[0]
    ids = [o for o in graph.objects(case_node, URIRef(DCTERMS + "identifier"))]
    line = locate.line_of(str(case_node))
    if len(ids) != 1 or not isinstance(ids[0], Literal) or not _ID.fullmatch(str(ids[0])):
        raise InvalidInput(
            [
                Problem(
                    where,
                    line,
                    f"the case <{case_node}> needs exactly one "
                    "dcterms:identifier of lower-case letters, digits and "
                    "hyphens",
                    "dcterms:identifier",
                )
            ]
        )
    case_id = str(ids[0])
    if str(case_node) != case_iri(case_id):
        raise InvalidInput(
            [
                Problem(
                    where,
                    line,
                    f"the case with identifier {case_id!r} must have "
                    f"the IRI <{case_iri(case_id)}>, not <{case_node}>",
                )
            ]
        )
    try:
        _check_item_iris(graph, case_id, where, locate)
        return LoadedCase(case_id, where, case_graph_ntriples(graph, case_id, where, locate))
    except InvalidInput as invalid:
        # Report everything at once: the shapes' findings too, except on a property
        # already reported here for the same node.
        seen = {(p.line, p.key) for p in invalid.problems}
        extra = problems_from_graph(_without_derived(graph), where, locate, skip=seen)
        raise InvalidInput([*invalid.problems, *extra]) from None


def _without_derived(graph: rdflib.Graph) -> rdflib.Graph:
    import rdflib

    derived = {rdflib.URIRef(p) for p in (*DERIVED_PROPERTIES, *RETIRED_PROPERTIES)}
    out = rdflib.Graph()
    for triple in graph:
        if triple[1] not in derived and not is_standard(str(triple[1]), str(triple[2])):
            out.add(triple)
    return out


def _check_item_iris(graph: rdflib.Graph, case_id: str, where: str, locate: SourceLines) -> None:
    """Items are named ``{case IRI}/{id}``: ids, paths and gap results rely on it."""
    from rdflib import RDF, Literal, URIRef

    problems = []
    classes = {URIRef(CG + name) for name in CLASSES.values()}
    items = {s for s, _, o in graph.triples((None, RDF.type, None)) if o in classes}
    for item in sorted(items, key=str):
        ids = list(graph.objects(item, URIRef(DCTERMS + "identifier")))
        if len(ids) != 1 or not isinstance(ids[0], Literal):
            continue  # the shapes report a missing or doubled identifier
        expected = item_iri(case_id, str(ids[0]))
        if str(item) != expected:
            problems.append(
                Problem(
                    where,
                    locate.line_of(str(item)),
                    f"the item with identifier {str(ids[0])!r} must have the IRI "
                    f"<{expected}> (its case's IRI, a slash and its id), not "
                    f"{item.n3()}",
                    "dcterms:identifier",
                )
            )
    if problems:
        raise InvalidInput(problems)


def case_graph_ntriples(
    graph: rdflib.Graph, case_id: str, where: str = "<graph>", locate: SourceLines | None = None
) -> str:
    """N-Triples of one case's graph with its derived facts recomputed.

    Raises:
        InvalidInput: a date, count or the after/before order cannot be read.
    """
    from rdflib import URIRef

    lines_of = (locate or SourceLines("")).line_of
    reader = _FactReader(graph, where, lines_of)
    derived_props = {URIRef(p) for p in (*DERIVED_PROPERTIES, *RETIRED_PROPERTIES)}
    asserted = [
        t for t in graph if t[1] not in derived_props and not is_standard(str(t[1]), str(t[2]))
    ]
    events = reader.events()
    facts = CaseFacts(reader.superseded(), reader.members(), reader.holders())
    reader.check_dates()
    for found in Chronology({e: facts.timed for e, facts in events.items()}).contradictions():
        reader.problem(URIRef(found.event), CG + found.key, found.message(_name))
    if reader.problems:
        raise InvalidInput(reader.problems)
    out = [_nt_line(t) for t in asserted]
    add_derived(
        lambda s, p, o: out.append(f"<{s}> <{p}> {o} .\n"),
        case_id,
        derive(events, facts),
        iri_of=lambda key: key,
    )
    out.extend(standard_triples(out))
    return "".join(out)


def _nt_line(triple: tuple[Any, Any, Any]) -> str:
    return " ".join(term.n3() for term in triple) + " .\n"


def _name(iri: str) -> str:
    parts = split_item_iri(iri)
    return parts[1] or parts[0] if parts else iri


class _FactReader:
    """Reads what derivation needs (dates, counts, under, after/before) and collects problems."""

    def __init__(self, graph: rdflib.Graph, where: str, line_of: Callable[[str], int]):
        self.graph = graph
        self.where = where
        self.line_of = line_of
        self.problems: list[Problem] = []

    def problem(self, node: Any, prop: str, message: str, value: Any = None) -> None:
        """Record a problem on ``node``'s ``prop``, in the shapes' message style."""
        what = describe_node(self.graph, node)
        found = f", found {short_term(value)}" if value is not None else ""
        self.problems.append(
            Problem(self.where, self.line_of(str(node)), f"{message} ({what}{found})", _qname(prop))
        )

    def values(self, node: Any, prop: str) -> list[Any]:
        from rdflib import URIRef

        return sorted(self.graph.objects(node, URIRef(prop)), key=str)

    def one(self, node: Any, prop: str) -> Any:
        values = self.values(node, prop)
        if len(values) > 1:
            self.problem(node, prop, f"{_qname(prop)} takes one value, not {len(values)}; keep one")
            return None
        return values[0] if values else None

    def date(self, node: Any, prop: str, value: Any) -> PartialDate | None:
        from rdflib import Literal

        if not isinstance(value, Literal) or str(value.datatype) not in _DATE_PRECISION:
            self.problem(
                node,
                prop,
                f"{_qname(prop)} must be a date typed xsd:gYear, xsd:gYearMonth or xsd:date",
                value,
            )
            return None
        try:
            parsed = parse_date(str(value))
        except ValueError as exc:
            self.problem(node, prop, str(exc))
            return None
        wanted = _DATE_PRECISION[str(value.datatype)]
        if parsed.precision != wanted:
            self.problem(
                node,
                prop,
                f"{str(value)!r} is not a valid "
                f"{_qname(str(value.datatype))}; type a {parsed.precision} as "
                f"{_qname(_type_for(parsed.precision))}",
            )
            return None
        return parsed

    def count(self, node: Any, prop: str) -> int | None:
        from rdflib import Literal

        value = self.one(node, prop)
        if value is None:
            return None
        number = value.toPython() if isinstance(value, Literal) else None
        if (
            str(getattr(value, "datatype", "")) not in INTEGER_TYPES
            or isinstance(number, bool)
            or not isinstance(number, int)
            or number < 0
        ):
            self.problem(
                node,
                prop,
                f"{_qname(prop)} must be a whole number of zero or more, typed xsd:integer",
                value,
            )
            return None
        return number

    def events(self) -> dict[str, EventFacts]:
        from rdflib import RDF, URIRef

        events: dict[str, EventFacts] = {}
        for node in sorted(set(self.graph.subjects(RDF.type, URIRef(CG + "Event"))), key=str):
            raw_date = self.one(node, CG + "date")
            when = self.date(node, CG + "date", raw_date) if raw_date is not None else None
            under = self.one(node, CG + "under")
            events[str(node)] = EventFacts(
                Timed(
                    when,
                    [str(v) for v in self.values(node, CG + "after")],
                    [str(v) for v in self.values(node, CG + "before")],
                ),
                self.count(node, CG + "planned"),
                self.count(node, CG + "delivered"),
                str(under) if under is not None else None,
                {
                    role: [str(v) for v in self.values(node, CG + role)]
                    for role in MEMBERS_HEAR_ROLES
                },
                _enum_value(self.one(node, CG + "status"), "event-status"),
            )
        return events

    def members(self) -> dict[str, set[str]]:
        """Each actor's members and chair."""
        from rdflib import URIRef

        found: dict[str, set[str]] = {}
        for prop in ("members", "chair"):
            for actor, _, member in self.graph.triples((None, URIRef(CG + prop), None)):
                found.setdefault(str(actor), set()).add(str(member))
        return found

    def holders(self) -> dict[str, list[tuple[str, str]]]:
        """Each duty's holders as (actor, role value)."""
        from rdflib import URIRef

        found: dict[str, list[tuple[str, str]]] = {}
        for duty, _, holding in self.graph.triples((None, URIRef(CG + "holding"), None)):
            for actor in self.values(holding, CG + "holder"):
                for role in self.values(holding, CG + "role"):
                    value = _enum_value(role, "role")
                    if value is not None:
                        found.setdefault(str(duty), []).append((str(actor), value))
        return found

    def superseded(self) -> dict[str, PartialDate]:
        from rdflib import RDF, URIRef

        out: dict[str, PartialDate] = {}
        for node in sorted(set(self.graph.subjects(RDF.type, URIRef(CG + "Tool"))), key=str):
            raw = self.one(node, CG + "superseded")
            when = self.date(node, CG + "superseded", raw) if raw is not None else None
            if when is not None:
                out[str(node)] = when
        return out

    def check_dates(self) -> None:
        """Dates that derivation does not use must still be real dates of their type."""
        from rdflib import URIRef

        for prop in _DATE_PROPERTIES[2:]:
            for node, _, value in self.graph.triples((None, URIRef(prop), None)):
                self.date(node, prop, value)


def _enum_value(term: Any, scheme: str) -> str | None:
    """The value of an enum IRI of ``scheme`` (cg:event-status-failed: "failed"), else None."""
    value = None if term is None else enum_value(term, scheme)
    return None if value is None or value == str(term) else value


def _type_for(precision: str) -> str:
    return next(t for t, p in _DATE_PRECISION.items() if p == precision)


def _qname(iri: str) -> str:
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and prefix != "gap":
            return f"{prefix}:{iri[len(base) :]}"
    return f"<{iri}>"


__all__ = ["case_graph_ntriples", "read_rdf"]
