"""SPARQL engines behind one small interface: Oxigraph (memory or disk) and rdflib.

Every engine holds one named graph per case and answers the same SPARQL 1.1 text, so
the query catalogue runs unchanged on each. Results come back as plain Python values:
IRIs and literals as their text (integers as int), unbound as None.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Protocol

from casegraph.errors import InvalidArgument, QueryError, StoreError
from casegraph.gcpause import gc_paused
from casegraph.store.queryguard import check_query
from casegraph.vocab import INTEGER_TYPES, IRI, PREFIXES

Bindings = Mapping[str, Any]


@dataclass
class Rows:
    """A SELECT result: variable names and rows of plain values."""

    variables: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def dicts(self) -> Iterator[dict[str, Any]]:
        for row in self.rows:
            yield dict(zip(self.variables, row, strict=True))

    def __len__(self) -> int:
        return len(self.rows)


class Engine(Protocol):
    """What casegraph needs of a triple store.

    ``concurrency`` is how many read queries are worth running at once (see
    CaseDataset.query_many); an engine may also offer ``select_many(queries)`` to run
    a batch its own way.
    """

    concurrency: int

    def replace_graph(self, graph: str, ntriples: str) -> None: ...
    def remove_graph(self, graph: str) -> None: ...
    def graphs(self) -> list[str]: ...
    def select(self, sparql: str, bindings: Bindings | None = None) -> Rows: ...
    def nquads(self, graph: str | None = None) -> str: ...
    def triples(self, graph: str) -> list[tuple[Any, Any, Any]]: ...


class OxigraphEngine:
    """pyoxigraph's Store: in memory (``path=None``) or on disk."""

    # Queries that run at once on a read-only store on disk, one worker process each
    # (see select_many). pyoxigraph evaluates solutions as Python reads them, with the
    # GIL held, so threads of one process only take turns: other stores run a batch
    # one query after another.
    concurrency = os.cpu_count() or 1
    shared_path: str | None = None

    def __init__(self, path: str | None = None, read_only: bool = False, store: Any = None):
        """Open a store: in memory, on disk at ``path``, or ``store`` already open.

        ``store`` (a pyoxigraph Store) lets a writer and its readers share one handle.
        """
        import pyoxigraph as ox

        self._ox: Any = ox  # the module, kept so callers need not import pyoxigraph
        # The graph names of a store on disk opened read-only: it is a snapshot taken
        # when opened, so they are listed once (a listing reads every quad's graph
        # index: 1.3 s at 60,000 cases, and a command lists several times).
        self._snapshot_graphs: list[str] | None = None
        if store is not None:
            self.store = store
            return
        # A store on disk opened read-only can be opened again by worker processes.
        self.shared_path = path if path is not None and read_only else None
        try:
            if path is None:
                self.store = ox.Store()
            elif read_only:
                self.store = ox.Store.read_only(path)
            else:
                self.store = ox.Store(path)
        except OSError as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from None

    def replace_graph(self, graph: str, ntriples: str) -> None:
        ox = self._ox
        name = ox.NamedNode(graph)
        self.store.remove_graph(name) if self.store.contains_named_graph(name) else None
        self.store.load(ntriples.encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=name)

    def remove_graph(self, graph: str) -> None:
        name = self._ox.NamedNode(graph)
        if self.store.contains_named_graph(name):
            self.store.remove_graph(name)

    def graphs(self) -> list[str]:
        if self._snapshot_graphs is not None:
            return list(self._snapshot_graphs)
        with _reading():
            names = sorted(g.value for g in self.store.named_graphs())
        if self.shared_path is not None:
            self._snapshot_graphs = names
        return list(names)

    def select(self, sparql: str, bindings: Bindings | None = None) -> Rows:
        ox = self._ox
        check_query(sparql)
        subs = {ox.Variable(k): _to_oxigraph(ox, v) for k, v in (bindings or {}).items()}
        try:
            result: Any = self.store.query(
                sparql,
                prefixes=PREFIXES,
                use_default_graph_as_union=True,
                substitutions=subs or None,
            )
            # Solutions are computed as they are read, so reading can fail too.
            return _rows(ox, result)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL: {exc}") from None
        except OSError as exc:
            raise QueryError(f"query failed: {exc}") from None
        except RuntimeError as exc:  # e.g. a bound variable the query does not project
            hint = (
                " (on Oxigraph a bound variable must be in SELECT, or use SELECT *)" if subs else ""
            )
            raise QueryError(f"query failed: {exc}{hint}") from None

    def select_many(self, queries: Sequence[str]) -> list[Rows]:
        """Answers to several queries, in order, computed at once where that helps.

        A read-only store on disk is opened again by one worker process per core
        (measured on 60,000 cases: two queries in two processes took as long as each
        alone, where two threads of one process took 1.3 times as long as one); other
        stores answer one query after another (the whole catalogue over 1,000 cases in
        memory took 0.71-0.77 s on two threads and 0.73-0.77 s on one; a thread pool
        also costs its imports, 11 ms, at the start of every command). Workers are
        forked (Linux's default), so a script needs no ``if __name__ == "__main__"``
        guard; they only use the store they open themselves, never the handle they
        inherit.
        """
        workers = min(len(queries), self.concurrency)
        if workers <= 1 or self.shared_path is None or not _CAN_FORK:
            return [self.select(sparql) for sparql in queries]
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        try:
            with ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_open_worker,
                initargs=(self.shared_path,),
            ) as processes:
                return list(processes.map(_worker_select, queries))
        except BrokenProcessPool:
            # A worker died opening or reading the store: seen when a load was writing
            # to it at the same time (the engine then reads files being replaced).
            raise StoreError(
                f"could not read the store {self.shared_path}: a worker process reading it "
                "stopped (is a load writing to it? try again when it is done)"
            ) from None

    def nquads(self, graph: str | None = None) -> str:
        ox = self._ox
        data: Any  # dump() returns bytes when given no output file
        with _reading():
            if graph is None:
                data = self.store.dump(format=ox.RdfFormat.N_QUADS)
            else:
                data = self.store.dump(
                    format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)
                )
        return str(data.decode())

    def write_graphs(
        self, out: BinaryIO, fmt: str, graphs: Sequence[str], prefixes: dict[str, str]
    ) -> None:
        """Serialise some named graphs to ``out`` with Oxigraph's own writer, reading
        their quads lazily (memory stays flat): ``nt`` and ``turtle`` merge them into one
        graph, ``nquads`` and ``trig`` keep one named graph each."""
        ox = self._ox
        formats = {
            "nt": ox.RdfFormat.N_TRIPLES,
            "turtle": ox.RdfFormat.TURTLE,
            "nquads": ox.RdfFormat.N_QUADS,
            "trig": ox.RdfFormat.TRIG,
        }
        quads = itertools.chain.from_iterable(
            self.store.quads_for_pattern(None, None, None, ox.NamedNode(g)) for g in graphs
        )
        items = quads if fmt in ("nquads", "trig") else (q.triple for q in quads)
        with _reading():
            ox.serialize(
                items, out, formats[fmt], prefixes=prefixes if fmt in ("turtle", "trig") else None
            )

    def triples(self, graph: str) -> list[tuple[Any, Any, Any]]:
        ox = self._ox
        with _reading():
            return [
                (
                    from_oxigraph(ox, q.subject),
                    from_oxigraph(ox, q.predicate),
                    from_oxigraph(ox, q.object),
                )
                for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
            ]


# Forking is safe and cheap on Linux; elsewhere (macOS) threads are used instead.
_CAN_FORK = sys.platform.startswith("linux")
_worker_engine: OxigraphEngine | None = None


def _open_worker(path: str) -> None:
    global _worker_engine
    _worker_engine = OxigraphEngine(path, read_only=True)


def _worker_select(sparql: str) -> Rows:
    assert _worker_engine is not None, "the worker opens its store first"
    return _worker_engine.select(sparql)


@contextlib.contextmanager
def _reading() -> Iterator[None]:
    """A read of the store that failed in the storage layer is a StoreError, not a crash:
    a store read while another process loads into it can lose a file it was reading."""
    try:
        yield
    except OSError as exc:
        raise StoreError(
            f"could not read the store: {exc} (if another process is writing to it, "
            "try again when it is done)"
        ) from None
    except RuntimeError as exc:  # undecodable data: the store is damaged
        raise StoreError(
            f"could not read the store: {exc}; it may be damaged: rebuild it from the "
            "case files or restore a backup"
        ) from None


def _rows(ox: Any, result: Any) -> Rows:
    """Rows of a pyoxigraph query result (an ASK as one row, a CONSTRUCT as triples)."""
    if isinstance(result, ox.QueryBoolean):
        return Rows(["ask"], [(bool(result),)])
    if isinstance(result, ox.QueryTriples):
        return Rows(
            ["subject", "predicate", "object"],
            [tuple(from_oxigraph(ox, t) for t in triple) for triple in result],
        )
    variables = [v.value for v in result.variables]
    with gc_paused():  # an answer can be millions of rows
        return Rows(
            variables, [tuple(from_oxigraph(ox, sol[v]) for v in variables) for sol in result]
        )


def _to_oxigraph(ox: Any, value: Any) -> Any:
    if isinstance(value, IRI):
        return ox.NamedNode(str(value))
    if isinstance(value, bool):
        return ox.Literal(
            str(value).lower(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
        )
    if isinstance(value, int):
        return ox.Literal(
            str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        )
    return ox.Literal(str(value))


def from_oxigraph(ox: Any, term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return IRI(term.value)
    if isinstance(term, ox.Literal):
        if term.datatype.value in INTEGER_TYPES:
            try:
                return int(term.value)
            except ValueError:
                return term.value
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


class RdflibEngine:
    """rdflib's in-memory Dataset: slower, but what a user would write by hand."""

    concurrency = 1  # its SPARQL engine is Python: threads would only take turns

    def __init__(self) -> None:
        from rdflib import Dataset

        self.dataset = Dataset(default_union=True)

    def replace_graph(self, graph: str, ntriples: str) -> None:
        from rdflib import URIRef

        self.remove_graph(graph)
        self.dataset.graph(URIRef(graph)).parse(data=ntriples, format="nt")

    def remove_graph(self, graph: str) -> None:
        from rdflib import URIRef

        self.dataset.remove_graph(URIRef(graph))

    def graphs(self) -> list[str]:
        from rdflib import URIRef

        return sorted(
            str(g.identifier)
            for g in self.dataset.graphs()
            if isinstance(g.identifier, URIRef)
            and len(g)
            and str(g.identifier) != "urn:x-rdflib:default"
        )

    def select(self, sparql: str, bindings: Bindings | None = None) -> Rows:
        from pyparsing import ParseException  # rdflib's SPARQL parser is built on pyparsing
        from rdflib import Literal, URIRef

        check_query(sparql)
        init = {
            k: URIRef(v) if isinstance(v, IRI) else Literal(v) for k, v in (bindings or {}).items()
        }
        try:
            with _no_graph_loading():
                result: Any = self.dataset.query(sparql, initNs=PREFIXES, initBindings=init)
        except ParseException as exc:
            raise QueryError(f"malformed SPARQL: {exc}") from None
        except Exception as exc:  # rdflib raises many kinds for bad queries
            raise QueryError(f"query failed: {exc}") from None
        if result.type == "ASK":
            return Rows(["ask"], [(bool(result.askAnswer),)])
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return Rows(
                ["subject", "predicate", "object"],
                [tuple(_from_rdflib(t) for t in triple) for triple in result],
            )
        variables = [str(v) for v in result.vars or []]
        return Rows(variables, [tuple(_from_rdflib(t) for t in row) for row in result])

    def nquads(self, graph: str | None = None) -> str:
        from rdflib import URIRef

        if graph is None:
            return self.dataset.serialize(format="nquads")
        return self.dataset.graph(URIRef(graph)).serialize(format="nt")

    def triples(self, graph: str) -> list[tuple[Any, Any, Any]]:
        from rdflib import URIRef

        return [
            tuple(_from_rdflib(t) for t in triple)  # type: ignore[misc]
            for triple in self.dataset.graph(URIRef(graph))
        ]


@contextlib.contextmanager
def _no_graph_loading() -> Iterator[None]:
    """rdflib fetches and parses every FROM graph (even one it holds) unless told not to;
    check_query lets through only FROM of a case graph, which is read from the dataset."""
    import rdflib.plugins.sparql as rdflib_sparql

    saved = rdflib_sparql.SPARQL_LOAD_GRAPHS
    rdflib_sparql.SPARQL_LOAD_GRAPHS = False
    try:
        yield
    finally:
        rdflib_sparql.SPARQL_LOAD_GRAPHS = saved


def _from_rdflib(term: Any) -> Any:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return IRI(str(term))
    if isinstance(term, Literal):
        if term.datatype is not None and str(term.datatype) in INTEGER_TYPES:
            try:
                return int(term)
            except ValueError:
                return str(term)
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def make_engine(kind: str = "oxigraph") -> Engine:
    """An in-memory engine: ``"oxigraph"`` (fast, the default) or ``"rdflib"``."""
    if kind == "oxigraph":
        return OxigraphEngine()
    if kind == "rdflib":
        return RdflibEngine()
    raise InvalidArgument(f"unknown engine {kind!r}; use oxigraph or rdflib")
