"""The embedded persistent store: a corpus of cases on disk, one named graph per case.

The store is a pyoxigraph (RocksDB) directory. Cases are written in batches, and each
batch is one atomic write that holds whole cases only, so a crash, ``kill -9`` or
Ctrl-C during a load leaves every case either exactly as it was before or fully
loaded, never half-written:

- cases not yet in the store go in with one ``Store.bulk_load`` call per batch: the
  engine sorts the batch into one set of files and adds them to the database in a
  single atomic ingestion, as long as the batch is under the bulk loader's own batch
  size of 1,000,000 quads (``MAX_BATCH_QUADS`` keeps it below; tests/test_store.py
  checks that a full batch is still one ingestion);
- cases already in the store are replaced with one SPARQL Update request per batch
  (``DROP SILENT GRAPH`` then ``INSERT DATA``), which pyoxigraph runs as a single
  transaction.

Durability is the engine's: a committed batch survives the process being killed; after
a power failure the write-ahead log may lose the last batches, but still only whole ones.
One process writes at a time (RocksDB locks the directory); readers open it read-only.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casegraph.errors import StoreError
from casegraph.store.engines import OxigraphEngine
from casegraph.store.integrity import record, verify
from casegraph.store.marker import MARKER, is_store
from casegraph.store.metadata import record_nquads, records_update
from casegraph.vocab import SAFE_IRI, case_graph_id, case_iri, results_iri

if TYPE_CHECKING:
    from casegraph.dataset import CaseDataset

# The bulk loader ingests up to 1,000,000 quads as one atomic unit; stay below.
MAX_BATCH_QUADS = 900_000
# RocksDB's marker file: a directory holding it is a store.
# Files the bulk loader writes before ingesting them; left behind only by a killed load.
_STRAY = re.compile(r"^bulk-\d+\.sst$")

COUNT_QUERY = """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"""


@dataclass(frozen=True)
class PreparedCase:
    """One checked case ready to write: its graph and its quads as N-Quads bytes, and
    its ``record`` for the metadata graph (N-Triples; casegraph.store.metadata), which
    is written in the same atomic write as the case.

    ``results`` are the case's gap results (casegraph.gaps.stored) as N-Quads in its
    results graph, written in that same atomic write; empty when they were not
    computed (any old ones are then removed, and the catalogue computes the case live).
    """

    case_id: str
    path: str
    graph: str
    nquads: bytes
    triples: int
    record: str = ""
    results: bytes = b""
    results_quads: int = 0

    @property
    def results_graph(self) -> str:
        """The graph of the case's stored results ("" when ``graph`` is not a case's)."""
        return results_iri(self.case_id) if self.graph == case_iri(self.case_id) else ""

    @property
    def quads(self) -> int:
        """Quads written with the case: its triples, its record's and its results'."""
        return self.triples + self.record.count("\n") + self.results_quads

    def with_record(self) -> bytes:
        """The case's N-Quads, its record's and its results', to write in one go."""
        return self.nquads + record_nquads(self.record) + self.results

    def ntriples(self) -> str:
        """The case's triples as N-Triples text (its N-Quads without the graph)."""
        return self.nquads.decode().replace(f" <{self.graph}> .\n", " .\n")

    def results_ntriples(self) -> str:
        """The stored results' triples as N-Triples text."""
        return self.results.decode().replace(f" <{self.results_graph}> .\n", " .\n")


def open_engine(path: str | Path, read_only: bool = True) -> OxigraphEngine:
    """An engine over the store at ``path`` (casegraph.dataset.open_store wraps it).

    Raises:
        StoreError: no store there, the path is not a store, or it cannot be opened.
    """
    if not read_only:
        return CaseStore(path).engine()
    where = Path(path)
    if not where.exists():
        raise StoreError(
            f"no store at {path}; create one with `casegraph load FILE... --store {path}`"
        )
    if not is_store(where):
        raise StoreError(
            f"{path} is not a casegraph store (no {MARKER} file in it); "
            f"give the directory `casegraph load --store` wrote"
        )
    verify(where)  # before any query can run on damaged tables
    try:
        return OxigraphEngine(str(where), read_only=True)
    except (OSError, RuntimeError) as exc:  # e.g. a store still being created
        raise StoreError(f"cannot open store {path}: {_reason(exc, where)}") from None


def _reason(exc: BaseException, path: str | Path | None = None) -> str:
    """The engine's message, with what to do about it.

    Opened for reading while a load writes, the engine may say "MANIFEST may be
    corrupted" of a healthy store: when a writer holds the store, say that instead.
    """
    text = str(exc)
    if path is not None and _writer_active(Path(path)):
        return f"{text} (a load is writing to it; try again when it is done)"
    if "corrupt" in text.lower():
        return f"{text}; the store is damaged: rebuild it from the case files or restore a backup"
    return text


def _writer_active(path: Path) -> bool:
    """True when another process holds the store's write lock (RocksDB's LOCK file)."""
    try:
        import fcntl
    except ImportError:  # not on a POSIX system
        return False
    if not (path / "LOCK").is_file():
        return False
    try:
        with (path / "LOCK").open("rb+") as handle:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.lockf(handle, fcntl.LOCK_UN)
    except OSError:
        return True
    return False


class CaseStore:
    """A store opened for writing: add, replace and remove whole cases.

    Args:
        path: the store's directory; created if missing. An existing directory must be
            empty or hold a store.

    Raises:
        StoreError: the path is a file or a non-empty directory that is not a store, or
            another process has the store open for writing.
    """

    def __init__(self, path: str | Path):
        import pyoxigraph as ox

        self._ox = ox
        self._lent: list[OxigraphEngine] = []  # engines sharing the handle (engine())
        self.path = Path(path)
        if self.path.exists():
            if not self.path.is_dir():
                raise StoreError(f"{path} is a file; a store is a directory")
            if not is_store(self.path) and any(self.path.iterdir()):
                raise StoreError(
                    f"{path} is not a casegraph store and is not empty; "
                    f"give a new or empty directory"
                )
            verify(self.path)
        try:
            self.store: Any = ox.Store(str(self.path))
        except OSError as exc:
            text = str(exc)
            if "lock" in text.lower():
                raise StoreError(
                    f"store {path} is open for writing by another process "
                    f"(is a load running?); wait for it to finish"
                ) from None
            raise StoreError(f"cannot open store {path}: {_reason(exc)}") from None
        except RuntimeError as exc:
            raise StoreError(f"cannot open store {path}: {_reason(exc)}") from None
        self._remove_stray_files()

    def _remove_stray_files(self) -> None:
        # A load killed while the bulk loader was writing leaves its unfinished files
        # behind; they were never part of the database. We hold the write lock, so no
        # other process can be writing such files now.
        for child in self.path.iterdir():
            if _STRAY.match(child.name):
                with contextlib.suppress(OSError):
                    child.unlink()

    def engine(self) -> OxigraphEngine:
        """An engine over this store, sharing this handle (see casegraph.dataset.open_store);
        :meth:`close` takes the handle back from it."""
        engine = OxigraphEngine(store=self.store)
        self._lent.append(engine)
        return engine

    def has_graph(self, graph: str) -> bool:
        try:
            return bool(self.store.contains_named_graph(self._ox.NamedNode(graph)))
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"could not read store {self.path}: {_reason(exc)}") from None

    def existing(self, graphs: Iterable[str]) -> set[str]:
        """Which of these graphs are already in the store."""
        return {g for g in graphs if self.has_graph(g)}

    def write_batch(self, cases: Sequence[PreparedCase]) -> list[str]:
        """Add or replace whole cases; each case is written entirely or not at all.

        New cases go in as one atomic bulk ingestion, replaced ones in one transaction
        (see the module docstring). The caller keeps a batch under ``MAX_BATCH_QUADS``
        quads; a single larger case is written in a transaction of its own.

        Returns:
            The ids of the cases that replaced a case already in the store.
        """
        ox = self._ox
        present = self.existing(c.graph for c in cases)
        # Results left without their case are replaced too, never added to.
        held = present | self.existing(c.results_graph for c in cases if c.results_graph)
        new = [c for c in cases if not {c.graph, c.results_graph} & held]
        old = [c for c in cases if {c.graph, c.results_graph} & held]
        try:
            small = [c for c in new if c.quads <= MAX_BATCH_QUADS]
            for chunk in _chunks(small, MAX_BATCH_QUADS):
                self.store.bulk_load(
                    b"".join(c.with_record() for c in chunk), format=ox.RdfFormat.N_QUADS
                )
            for case in new:
                if case.quads > MAX_BATCH_QUADS:
                    # Too big for one atomic bulk ingestion: a transaction of its own.
                    self.store.load(case.with_record(), format=ox.RdfFormat.N_QUADS)
            if old:
                self.store.update(replace_update(old))
        except SyntaxError as exc:
            raise StoreError(f"could not write cases to {self.path}: {exc}") from None
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"could not write to store {self.path}: {_reason(exc)}") from None
        return [c.case_id for c in old if c.graph in present]

    def write_results(self, cases: Sequence[PreparedCase]) -> None:
        """Write the stored results of cases already in the store (not the cases), each
        replacing the case's old results, all in one transaction."""
        try:
            self.store.update(results_update(cases))
        except (OSError, RuntimeError, SyntaxError) as exc:
            raise StoreError(f"could not write to store {self.path}: {_reason(exc)}") from None

    def verify(self, cases: Iterable[PreparedCase]) -> list[str]:
        """Read each case (and its stored results) back; the quads that differ from
        what was sent."""
        ox = self._ox

        def held(graph: str) -> str:
            return str(
                self.store.dump(
                    format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)
                ).decode()
            )

        return [
            line
            for case in cases
            for line in differences(
                case, held(case.graph), held(case.results_graph) if case.results_graph else None
            )
        ]

    def remove(self, case_ids: Iterable[str]) -> tuple[list[str], list[str]]:
        """Remove cases, each with its record in the metadata graph in one transaction.

        Returns:
            (ids removed, ids that were not in the store).
        """
        removed, missing = [], []
        for case_id in case_ids:
            graph = case_iri(case_id)
            if not SAFE_IRI.match(graph) or not self.has_graph(graph):
                missing.append(case_id)  # an id that is no IRI cannot be a case here
                continue
            try:
                self.store.update(  # with its stored results, in one transaction
                    f"DROP GRAPH <{graph}> ;\nDROP SILENT GRAPH <{results_iri(case_id)}> ;\n"
                    + records_update([graph], [])
                )
            except (OSError, RuntimeError) as exc:
                raise StoreError(
                    f"could not remove {case_id} from {self.path}: {_reason(exc)}"
                ) from None
            removed.append(case_id)
        return removed, missing

    def optimize(self) -> None:
        """Compact the database: after a large load, queries run faster (see benchmarks)."""
        try:
            self.store.optimize()
        except OSError as exc:
            raise StoreError(f"could not compact store {self.path}: {exc}") from None

    def flush(self) -> None:
        """Write memory buffers to disk (readers opening later see everything)."""
        with contextlib.suppress(OSError):
            self.store.flush()

    def close(self) -> None:
        """Release the store (and its write lock) and record its table checksums."""
        if self.store is None:
            return
        self.flush()
        # pyoxigraph closes the database when its last handle goes; until then its
        # background work may still be writing a table file that record() would read.
        for engine in self._lent:
            del engine.store
        self._lent.clear()
        self.store = None
        record(self.path)


def replace_update(cases: Sequence[PreparedCase]) -> str:
    """One SPARQL Update replacing these cases' graphs and their records in the
    metadata graph: all drops, then all inserts.

    The graph IRIs are checked to be plain IRIs; the triples are the cases' own
    N-Triples, which SPARQL's INSERT DATA reads as they are.
    """
    for case in cases:
        for graph in (case.graph, case.results_graph):
            if graph and not SAFE_IRI.match(graph):
                raise StoreError(
                    f"case {case.case_id!r} has a graph name that is not a plain IRI: {graph!r}"
                )
    graphs = [g for c in cases for g in (c.graph, c.results_graph) if g]
    drops = "".join(f"DROP SILENT GRAPH <{g}> ;\n" for g in graphs)
    inserts = "".join(f"GRAPH <{c.graph}> {{\n{c.ntriples()}}}\n" for c in cases)
    inserts += "".join(
        f"GRAPH <{c.results_graph}> {{\n{c.results_ntriples()}}}\n" for c in cases if c.results
    )
    records = records_update([c.graph for c in cases], [c.record for c in cases])
    return f"{drops}INSERT DATA {{\n{inserts}}} ;\n{records}\n"


def results_update(cases: Sequence[PreparedCase]) -> str:
    """One SPARQL Update replacing these cases' stored results (not the cases)."""
    for case in cases:
        if not case.results_graph or not SAFE_IRI.match(case.results_graph):
            raise StoreError(f"case {case.case_id!r} has no results graph that is a plain IRI")
    drops = "".join(f"DROP SILENT GRAPH <{c.results_graph}> ;\n" for c in cases)
    inserts = "".join(
        f"GRAPH <{c.results_graph}> {{\n{c.results_ntriples()}}}\n" for c in cases if c.results
    )
    return f"{drops}INSERT DATA {{\n{inserts}}}\n"


def _chunks(cases: Sequence[PreparedCase], limit: int) -> Iterable[list[PreparedCase]]:
    chunk: list[PreparedCase] = []
    size = 0
    for case in cases:
        if chunk and size + case.quads > limit:
            yield chunk
            chunk, size = [], 0
        chunk.append(case)
        size += case.quads
    if chunk:
        yield chunk


def case_triple_counts(dataset: CaseDataset) -> dict[str, int]:
    """The number of triples in each case of a dataset, by case id (sorted)."""
    counts: dict[str, int] = {}
    for graph, n in dataset.query(COUNT_QUERY).rows:
        case_id = case_graph_id(str(graph))
        if case_id is not None:
            counts[case_id] = int(n)
    for case_id in dataset.case_ids():  # empty graphs have no row above
        counts.setdefault(case_id, 0)
    return dict(sorted(counts.items()))


def differences(
    case: PreparedCase, held: str, held_results: str | None = None, limit: int = 20
) -> list[str]:
    """The quads of ``case`` missing from ``held`` (N-Triples) and those extra in it,
    and (when ``held_results`` is given) the same for its stored results.

    Lines ``CASE: - TRIPLE`` (sent, not held) and ``CASE: + TRIPLE`` (held, not sent),
    at most ``limit`` of them, then a count of the rest.
    """
    import pyoxigraph as ox

    def triples(text: str) -> set[str]:
        return {str(t) for t in ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES)}

    sent, kept = triples(case.ntriples()), triples(held)
    if held_results is not None:  # the results' triples are about the case, not its items
        sent |= triples(case.results_ntriples())
        kept |= triples(held_results)
    lines = [f"- {t}" for t in sorted(sent - kept)] + [f"+ {t}" for t in sorted(kept - sent)]
    out = [f"{case.case_id}: {line}" for line in lines[:limit]]
    if len(lines) > limit:
        out.append(f"{case.case_id}: ... and {len(lines) - limit:,} more")
    return out
