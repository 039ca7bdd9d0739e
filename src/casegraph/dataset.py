"""Load case files and RDF into one dataset: one named graph per case.

Loading is all-or-nothing across the files given: every file is checked first, every
problem is reported together, and only then is anything added.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casegraph.errors import InvalidInput, Problem
from casegraph.store.engines import Bindings, Engine, Rows, make_engine
from casegraph.vocab import case_iri, split_item_iri

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

CASE_SUFFIXES = (".yaml", ".yml")
RDF_SUFFIXES = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
    # the names of `export --to` formats, which users give as extensions too
    ".turtle": "turtle",
    ".ntriples": "nt",
    ".nquads": "nquads",
    ".json-ld": "json-ld",
}
# What `export` writes that is not RDF: read by Gephi and Neo4j, not by casegraph.
GRAPH_SUFFIXES = (".graphml", ".gexf")


@dataclass(frozen=True)
class LoadedCase:
    """One case ready to add: its id, where it came from, and its triples."""

    case_id: str
    path: str
    ntriples: str
    # the checked case file, for checks after loading (validate's quotes); None for RDF
    casefile: Any = None


class CaseDataset:
    """Cases as RDF in one engine, with SPARQL, rdflib and NetworkX views of the same facts."""

    def __init__(self, engine: Engine | None = None):
        self.engine: Engine = engine if engine is not None else make_engine("oxigraph")

    def load(self, *paths: str | Path) -> list[str]:
        """Check and add case files, RDF files or folders of them.

        Returns:
            The ids of the cases added (a case already present is replaced).

        Raises:
            InvalidInput: any file is invalid; nothing at all was added.
        """
        cases = read_inputs(paths)
        for case in cases:
            self.add(case)
        return [case.case_id for case in cases]

    def add(self, case: LoadedCase) -> None:
        """Add (or replace) one checked case."""
        self.engine.replace_graph(case_iri(case.case_id), case.ntriples)

    def remove(self, case_id: str) -> None:
        self.engine.remove_graph(case_iri(case_id))

    def case_ids(self) -> list[str]:
        """The ids of the cases in the dataset, sorted."""
        ids = []
        for graph in self.engine.graphs():
            parts = split_item_iri(graph)
            if parts and not parts[1]:
                ids.append(parts[0])
        return ids

    def query(self, sparql: str, bindings: Bindings | None = None) -> Rows:
        """Run a read-only SPARQL query; the project's prefixes are pre-bound.

        Args:
            sparql: the query text; the default graph is the union of all cases.
            bindings: values for variables, bound as data (never pasted into the text);
                wrap a value in casegraph.store.engines.IRI to bind an IRI.
        """
        return self.engine.select(sparql, bindings)

    def query_many(self, queries: Sequence[str]) -> list[Rows]:
        """Run several read-only queries, at once where the engine allows; rows in order.

        An Oxigraph store on disk answers them from a worker process per core, one in
        memory and a SPARQL endpoint from threads; rdflib's engine runs them one after
        another.
        """
        select_many = getattr(self.engine, "select_many", None)
        if select_many is not None:
            return list(select_many(queries))
        workers = min(len(queries), getattr(self.engine, "concurrency", 1))
        if workers <= 1:
            return [self.query(sparql) for sparql in queries]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(self.query, queries))

    def nquads(self, case_id: str | None = None) -> str:
        """The dataset (or one case) as N-Quads (N-Triples for one case)."""
        return self.engine.nquads(case_iri(case_id) if case_id else None)

    def to_rdflib(self) -> rdflib.Dataset:
        """An rdflib Dataset with the same quads (a copy)."""
        import rdflib

        dataset = rdflib.Dataset(default_union=True)
        dataset.parse(data=self.engine.nquads(), format="nquads")
        return dataset

    def to_networkx(self, cases: Iterable[str] | None = None) -> nx.MultiDiGraph:
        """The NetworkX projection of some or all cases (see casegraph.graph.projection)."""
        from casegraph.graph.projection import to_networkx

        return to_networkx(self, cases)


def load(*paths: str | Path, engine: str = "oxigraph") -> CaseDataset:
    """Load files into a new in-memory dataset (``engine``: "oxigraph" or "rdflib").

    Raises:
        InvalidInput: any file is invalid; nothing was loaded.
    """
    dataset = CaseDataset(make_engine(engine))
    dataset.load(*paths)
    return dataset


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders into the case and RDF files below them, in a stable order.

    Links to folders are not followed (no loops); a link to a file is yielded, and the
    reader refuses it unless its target is a regular file.

    Raises:
        InvalidInput: a folder (or a folder below it) cannot be read; skipping it would
            load a corpus with cases silently missing.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(_files_below(path))
        else:
            yield path


def _files_below(folder: Path) -> Iterator[Path]:
    def unreadable(error: OSError) -> None:
        where = error.filename or str(folder)
        raise InvalidInput([Problem(str(where), 0, f"cannot read folder: {error.strerror}")])

    for root, _, names in os.walk(folder, onerror=unreadable):
        for name in names:
            child = Path(root, name)
            if child.suffix in CASE_SUFFIXES or child.suffix in RDF_SUFFIXES:
                yield child


def _identity(path: Path) -> Path:
    """The file a path names, so one file given twice (or by two paths) is noticed."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def read_inputs(paths: Iterable[str | Path]) -> list[LoadedCase]:
    """Check every input and turn it into triples, or raise with every problem found."""
    problems: list[Problem] = []
    cases: list[LoadedCase] = []
    seen: dict[str, str] = {}
    files = list(iter_input_files(paths))
    if not files:
        raise InvalidInput([Problem(str(p), 0, "no case or RDF files here") for p in paths])
    given: dict[Path, Path] = {}
    for path in files:
        same = given.setdefault(_identity(path), path)
        if same is not path:
            problems.append(
                Problem(
                    str(path),
                    0,
                    "given twice"
                    + (f" (also as {same})" if str(same) != str(path) else "")
                    + "; each file is read once",
                )
            )
            continue
        try:
            loaded = read_input(path)
        except InvalidInput as invalid:
            problems.extend(invalid.problems)
            continue
        for case in loaded:
            if case.case_id in seen:
                problems.append(
                    Problem(
                        str(path),
                        1,
                        f"case id {case.case_id!r} is also used by "
                        f"{seen[case.case_id]}; give each case its own id",
                    )
                )
            seen[case.case_id] = str(path)
            cases.append(case)
    if problems:
        raise InvalidInput(problems)
    return cases


def read_input(path: Path) -> list[LoadedCase]:
    """Check one file (case file or RDF) and return its cases as triples."""
    if not path.exists():
        raise InvalidInput([Problem(str(path), 0, "no such file")])
    if path.suffix in RDF_SUFFIXES:
        from casegraph.read.rdfinput import read_rdf
        from casegraph.read.shacl import check_shapes

        # RDF skips the case-file checker, so the SHACL shapes are its graph-level check.
        cases = read_rdf(path, RDF_SUFFIXES[path.suffix])
        problems = [problem for case in cases for problem in check_shapes(case)]
        if problems:
            raise InvalidInput(problems)
        return cases
    if path.suffix in GRAPH_SUFFIXES:
        raise InvalidInput(
            [
                Problem(
                    str(path),
                    0,
                    f"{path.suffix[1:]} is an export for graph tools (Gephi, Neo4j), which "
                    "casegraph does not read back; give the case file or an RDF export "
                    "(export --to turtle)",
                )
            ]
        )
    if path.suffix not in CASE_SUFFIXES:
        raise InvalidInput(
            [
                Problem(
                    str(path),
                    0,
                    "unknown file type; casegraph reads case files "
                    "(.yaml, .yml) and RDF (.ttl, .turtle, .nt, .nq, .jsonld, .json, .trig)",
                )
            ]
        )
    from casegraph.read.casefile.check import read_case_file
    from casegraph.read.mapping import case_ntriples

    try:
        case = read_case_file(path)
    except OSError as exc:
        raise InvalidInput([Problem(str(path), 0, f"cannot read: {exc.strerror}")]) from None
    return [LoadedCase(case.case_id, str(path), case_ntriples(case), case)]


def open_dataset(
    files: Iterable[str] = (),
    store: str | None = None,
    endpoint: str | None = None,
    engine: str = "oxigraph",
    cases: Iterable[str] = (),
) -> CaseDataset:
    """The dataset a command reads: files loaded in memory, an embedded store or an endpoint.

    Args:
        cases: only these case ids, copied into memory (see :func:`only_cases`); all
            when empty.

    Raises:
        InvalidInput: a file is invalid (nothing loaded).
        StoreError: the store or endpoint cannot be opened.
        UnknownCase: a case id in ``cases`` is not there.
    """
    if store:
        from casegraph.store.disk import open_store

        dataset = open_store(store, read_only=True)
    elif endpoint:
        from casegraph.store.remote import RemoteEngine

        dataset = CaseDataset(RemoteEngine(endpoint))
    else:
        dataset = load(*files, engine=engine)
    wanted = list(dict.fromkeys(cases))
    return only_cases(dataset, wanted) if wanted else dataset


def only_cases(dataset: CaseDataset, case_ids: Sequence[str]) -> CaseDataset:
    """Some cases of a dataset, copied into memory: one case of a large store is read
    on its own, and everything after runs at the speed of that case alone.

    Raises:
        UnknownCase: a case id is not in ``dataset`` (with the ids that are).
    """
    from casegraph.errors import StoreError, UnknownCase
    from casegraph.store.disk import case_dataset

    try:
        if not all(case_ids):
            raise StoreError("an empty case id")
        return case_dataset(dataset, case_ids)
    except (StoreError, ValueError):  # ValueError: an id that makes no IRI
        known = dataset.case_ids()
        unknown = [c for c in case_ids if c not in known]
        if not unknown:
            raise
        raise UnknownCase(unknown, known) from None
