"""Load case files and RDF into one dataset: one named graph per case.

Loading is all-or-nothing across the files given: every file is checked first, every
problem is reported together, and only then is anything added.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casegraph.errors import CaseGraphError, StoreError, UnknownCase
from casegraph.read.inputs import read_inputs
from casegraph.read.loaded import LoadedCase
from casegraph.store.engines import Bindings, Engine, OxigraphEngine, Rows, make_engine
from casegraph.store.metadata import read_records
from casegraph.vocab import META_GRAPH, case_graph_id, case_iri, results_iri

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

    from casegraph.store.disk import PreparedCase
    from casegraph.store.ingest import Target


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
        """Add (or replace) one checked case (its stored results, if any, go first:
        the catalogue then computes it live)."""
        self.engine.remove_graph(results_iri(case.case_id))
        self.engine.replace_graph(case_iri(case.case_id), case.ntriples)

    def remove(self, case_id: str) -> None:
        self.engine.remove_graph(results_iri(case_id))
        self.engine.remove_graph(case_iri(case_id))

    def case_ids(self) -> list[str]:
        """The ids of the cases in the dataset, sorted."""
        return [i for i in map(case_graph_id, self.engine.graphs()) if i is not None]

    def copy(self, case_ids: Iterable[str]) -> CaseDataset:
        """Some cases of this dataset copied into memory (see :func:`case_dataset`)."""
        return case_dataset(self, case_ids)

    def query(self, sparql: str, bindings: Bindings | None = None) -> Rows:
        """Run a read-only SPARQL query; the project's prefixes are pre-bound.

        Args:
            sparql: the query text; the default graph is the union of all cases.
            bindings: values for variables, bound as data (never pasted into the text);
                wrap a value in casegraph.vocab.IRI to bind an IRI.
        """
        return self.engine.select(sparql, bindings)

    def query_many(self, queries: Sequence[str]) -> list[Rows]:
        """Run several read-only queries, at once where the engine allows; rows in order.

        An Oxigraph store on disk answers them from a worker process per core and a
        SPARQL endpoint from threads (the server does the work); Oxigraph in memory and
        rdflib run them one after another (threads would only take turns for Python's
        lock).
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
        # Imported here: the projection reads the case-file tables (and so YAML), which
        # a dataset opened from a store or an endpoint never needs.
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


def open_store(path: str | Path, read_only: bool = True) -> CaseDataset:
    """Open an embedded store as a CaseDataset.

    Args:
        path: the store's directory.
        read_only: open for reading only (the default; any number of readers may open
            a store, also while a load is writing to it). With ``False`` the store is
            created if the directory is missing or empty.

    Raises:
        StoreError: no store there, the path is not a store, or it cannot be opened.
    """
    # The store's modules (integrity checks, the writer) load only when one is opened.
    from casegraph.store.disk import open_engine

    return CaseDataset(open_engine(path, read_only))


def case_dataset(dataset: CaseDataset, case_ids: Iterable[str]) -> CaseDataset:
    """A new in-memory dataset holding copies of some cases of ``dataset``.

    Work on a few cases of a large store (a single case's gaps, its views) runs on
    the copy, at the speed of those cases alone. Each case's stored gap results
    (casegraph.gaps.stored) and its record in the metadata graph come with it.

    Raises:
        StoreError: a case id is not in ``dataset``.
    """
    copy = CaseDataset()
    records = []
    for case_id in case_ids:
        triples = dataset.nquads(case_id)  # one case's N-Triples
        if not triples.strip():
            raise StoreError(f"no case {case_id!r} in the store")
        copy.engine.replace_graph(case_iri(case_id), triples)
        results = dataset.engine.nquads(results_iri(case_id))
        if results.strip():  # and its stored gap results (casegraph.gaps.stored)
            copy.engine.replace_graph(results_iri(case_id), results)
        records.append(read_records(dataset, case_iri(case_id)))
    if any(records):  # each case's record in the metadata graph goes with it
        lines = dict.fromkeys("".join(records).splitlines(keepends=True))
        copy.engine.replace_graph(META_GRAPH, "".join(lines))
    return copy


def with_results(cases: Sequence[PreparedCase]) -> list[PreparedCase]:
    """The cases with their gap results (casegraph.gaps.stored), to write with them:
    ``casegraph load`` hands this to casegraph.store.ingest.load_files.

    The catalogue's queries run over the cases together in memory, one query after
    another (this runs in a loader's worker process, one per core). If a query fails
    the cases go without stored results, and the catalogue computes them live (where the
    failure is reported).
    """
    import pyoxigraph as ox  # the loader's workers need it; `import casegraph` does not

    # The catalogue (its rules and their declarations) loads only when a load runs it.
    from casegraph.gaps.catalogue import results_to_store
    from casegraph.gaps.stored import results_nquads

    if not cases:
        return []
    engine = OxigraphEngine()
    engine.concurrency = 1
    engine.store.load(b"".join(c.nquads for c in cases), format=ox.RdfFormat.N_QUADS)
    ids = [case.case_id for case in cases]
    try:
        found = results_to_store(CaseDataset(engine), ids, len(ids))
    except CaseGraphError:
        return list(cases)
    out = []
    for case in cases:
        results, quads = results_nquads(case.case_id, *found[case.case_id])
        out.append(dataclasses.replace(case, results=results, results_quads=quads))
    return out


def open_dataset(
    files: Iterable[str] = (),
    store: str | None = None,
    endpoint: str | None = None,
    engine: str = "oxigraph",
    cases: Iterable[str] = (),
    remote: Mapping[str, Any] | None = None,
) -> CaseDataset:
    """The dataset a command reads: files loaded in memory, an embedded store or an endpoint.

    Args:
        cases: only these case ids, copied into memory (see :func:`only_cases`); all
            when empty.
        remote: keyword arguments for casegraph.store.remote.RemoteEngine (``timeout``,
            ``max_update_bytes``, ...).

    Raises:
        InvalidInput: a file is invalid (nothing loaded).
        StoreError: the store or endpoint cannot be opened.
        UnknownCase: a case id in ``cases`` is not there.
    """
    if store:
        dataset = open_store(store, read_only=True)
    elif endpoint:
        from casegraph.store.remote import RemoteEngine  # its HTTP modules: only when used

        dataset = CaseDataset(RemoteEngine(endpoint, **(remote or {})))
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


def refresh_results(
    dataset: CaseDataset, target: Target, group: int = 2000
) -> tuple[list[str], int]:
    """Compute and store the results of every case of ``dataset`` whose stored results
    are missing or were made by other rules (casegraph.gaps.stored).

    Only the results are written (each replacing the case's old ones in one step); the
    cases stay as they are. Run it when nothing else writes to the store: the embedded
    store's write lock sees to that, an endpoint has none.

    Args:
        dataset: the cases, read through ``target`` (the same store or endpoint).
        target: where to write (casegraph.store.disk.CaseStore or a RemoteEngine).
        group: cases whose results are written at a time.

    Returns:
        (the ids of the cases refreshed, how many cases had current results already).
    """
    # The catalogue and the store's writer load only when results are refreshed.
    from casegraph.gaps.catalogue import results_to_store, stored_results
    from casegraph.gaps.stored import results_nquads
    from casegraph.store.disk import PreparedCase

    cases = dataset.case_ids()
    current = set(stored_results(dataset))
    stale = [case for case in cases if case not in current]
    found = results_to_store(dataset, stale, len(cases))
    for start in range(0, len(stale), group):
        batch = []
        for case_id in stale[start : start + group]:
            results, quads = results_nquads(case_id, *found[case_id])
            graph = case_iri(case_id)
            batch.append(
                PreparedCase(case_id, "", graph, b"", 0, results=results, results_quads=quads)
            )
        target.write_results(batch)
    return stale, len(current)
