"""Load many case files into a store: checked in parallel, written in batches of whole cases.

Reading a case file (YAML parsing, the format check, the mapping to N-Triples) costs
far more than writing its triples, so worker processes do it and send back ready
N-Quads; the main process writes them in batches (see casegraph.store.disk for what a batch
guarantees). At most ``ahead`` files are in flight, so memory stays bounded whatever
the corpus size.

What happens to invalid input: every file is checked; an invalid file loads nothing
and each of its problems is reported (``FILE:LINE: message``), while the valid files
load. A case id used by two files loads from the first and is a problem in the second.
``check_first=True`` checks every file before writing anything and loads nothing at
all if any is invalid.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Protocol

from casegraph.errors import InvalidInput, Problem, StoreError
from casegraph.read.inputs import iter_input_files, read_input
from casegraph.store.disk import MAX_BATCH_QUADS, PreparedCase
from casegraph.store.metadata import record, sha256
from casegraph.vocab import case_iri

# Below this many files the worker processes cost more than they save.
PARALLEL_MIN_FILES = 48
CHUNK_FILES = 8
# Fewer, larger bulk ingestions load faster (each one costs a set of files and some
# compaction); a batch is written once it holds this many quads.
DEFAULT_BATCH_QUADS = 800_000
# ... or once it holds this many cases (or an eighth of the files, if more).
MIN_BATCH_CASES = 64
# Many bulk ingestions leave overlapping files that slow every later query until the
# store is compacted (60,000 cases: the whole catalogue took 245 s before, 65 s after).
# Compacting costs about as much as a third of the load, and a large store takes over
# a minute even after a few new cases, so only a load this big compacts by default.
COMPACT_AFTER_TRIPLES = 5_000_000


def should_compact(report: LoadReport, asked: bool | None = None) -> bool:
    """Whether to compact the store after this load: as ``asked``, else when it was big."""
    if report.interrupted or not report.written:
        return False
    return asked if asked is not None else report.triples >= COMPACT_AFTER_TRIPLES


class Compactable(Protocol):
    def optimize(self) -> None: ...


@dataclass(frozen=True)
class Compaction:
    """What compacting after a load did: ``seconds`` it took (None when it did not
    run), or ``failure``, why it failed (the cases stay loaded; queries are slower)."""

    seconds: float | None = None
    failure: str | None = None


def compact_after_load(
    store: Compactable,
    report: LoadReport,
    asked: bool | None = None,
    starting: Callable[[], None] = lambda: None,
) -> Compaction:
    """Compact ``store`` when :func:`should_compact` says so, calling ``starting`` first
    (it may take minutes). The cases are written already: a failure is reported, not
    raised."""
    if not should_compact(report, asked):
        return Compaction()
    starting()
    started = time.perf_counter()
    try:
        store.optimize()
    except StoreError as exc:
        return Compaction(failure=str(exc))
    return Compaction(seconds=time.perf_counter() - started)


class Target(Protocol):
    """Where cases are written: the embedded store or a remote endpoint."""

    def existing(self, graphs: Iterable[str]) -> set[str]: ...
    def write_batch(self, cases: Sequence[PreparedCase]) -> list[str]: ...
    def write_results(self, cases: Sequence[PreparedCase]) -> None: ...
    def verify(self, cases: Iterable[PreparedCase]) -> list[str]: ...


@dataclass(frozen=True)
class PreparedFile:
    """One input file, read and checked: its cases, or its problems."""

    path: str
    cases: tuple[PreparedCase, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass
class LoadReport:
    """What a load did, also when it was interrupted."""

    files: int = 0
    files_done: int = 0
    loaded: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    invalid_files: int = 0
    triples: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    # With verify: the quads that differ between what was sent and what the target holds.
    differences: list[str] = field(default_factory=list)

    @property
    def written(self) -> int:
        """Cases written (new and replaced)."""
        return len(self.loaded) + len(self.replaced)


def prepare_file(path: str) -> PreparedFile:
    """Read and check one input file and turn its cases into N-Quads (runs in a worker)."""
    try:
        loaded = read_input(Path(path))
    except InvalidInput as invalid:
        return PreparedFile(path, problems=tuple(invalid.problems))
    try:
        digest = sha256(path)
    except OSError as exc:  # read a moment ago; gone or unreadable since
        return PreparedFile(path, problems=(Problem(path, 0, f"cannot read it: {exc}"),))
    cases = []
    for case in loaded:
        graph = case_iri(case.case_id)
        data, count = to_nquads(case.ntriples, graph)
        provenance = record(graph, path, digest, count)
        cases.append(PreparedCase(case.case_id, path, graph, data, count, provenance))
    return PreparedFile(path, cases=tuple(cases))


# What computes the catalogue's results of cases being loaded (casegraph.dataset.
# with_results): given prepared cases, the same cases with their results filled in.
# The store cannot run the catalogue itself (it sits below it), so the caller hands it in.
ResultsMaker = Callable[[Sequence[PreparedCase]], Sequence[PreparedCase]]


def _prepare_chunk(
    paths: Sequence[str], make_results: ResultsMaker | None = None
) -> list[PreparedFile]:
    prepared = [prepare_file(p) for p in paths]
    if make_results is None:
        return prepared
    # The catalogue runs once over the chunk's cases (a few ms a case; one at a time
    # costs three times as much in query overhead).
    done = iter(make_results([case for file in prepared for case in file.cases]))
    return [PreparedFile(f.path, tuple(next(done) for _ in f.cases), f.problems) for f in prepared]


def to_nquads(ntriples: str, graph: str) -> tuple[bytes, int]:
    """N-Triples text as N-Quads bytes in ``graph``, and the number of triples."""
    suffix = f" <{graph}> .\n"
    lines = ntriples.count("\n")
    # The mapping writes one "s p o .\n" per line, and a newline never occurs inside
    # an N-Triples term, so each " .\n" ends a triple: the fast path is a replace.
    if ntriples.endswith(" .\n") and ntriples.count(" .\n") == lines:
        return ntriples.replace(" .\n", suffix).encode(), lines
    import pyoxigraph as ox

    name = ox.NamedNode(graph)
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, name)
        for t in ox.parse(ntriples.encode(), format=ox.RdfFormat.N_TRIPLES)
    ]
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) if quads else b""
    return data or b"", len(quads)


def _init_worker() -> None:
    # Ctrl-C goes to the whole process group; the main process handles it and stops
    # the workers, which must not die half-way through sending a result.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker forked from the loader shares its memory until it writes to it; the
    # garbage collector would write to every object it inherited, copying the pages.
    gc.freeze()


def default_jobs() -> int:
    """Worker processes: one per available CPU."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def prepare_files(
    files: Sequence[str],
    jobs: int | None = None,
    ahead: int = 2048,
    make_results: ResultsMaker | None = None,
) -> Generator[PreparedFile, None, None]:
    """Prepare files in order, in ``jobs`` worker processes, at most ``ahead`` in flight.

    The workers are forked once, before the loader has grown: a worker forked later
    would keep its own copy of every page the loader rewrites afterwards (the batch
    being written, the bulk loader's buffers), which once cost ~600 MB per worker.
    With ``jobs=1`` a large input is still read in one worker, so that reading and
    writing overlap. ``make_results`` computes each chunk's gap results (ResultsMaker).
    """
    jobs = default_jobs() if jobs is None else max(1, jobs)
    chunks = (list(files[i : i + CHUNK_FILES]) for i in range(0, len(files), CHUNK_FILES))
    if len(files) < PARALLEL_MIN_FILES:
        for chunk in chunks:
            yield from _prepare_chunk(chunk, make_results)
        return
    import multiprocessing

    # fork: workers start at once and never re-import the caller's __main__ (which
    # spawn and forkserver do, re-running an unguarded script). The workers only run
    # Python code, never the parent's store, so its threads do not matter to them.
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = ctx.Pool(jobs, initializer=_init_worker)
    try:
        pending = deque(
            pool.apply_async(_prepare_chunk, (chunk, make_results))
            for chunk in islice(chunks, max(2 * jobs, ahead // CHUNK_FILES))
        )
        while pending:
            done = pending.popleft().get()
            nxt = next(chunks, None)
            if nxt is not None:
                pending.append(pool.apply_async(_prepare_chunk, (nxt, make_results)))
            yield from done
        pool.close()
    finally:
        pool.terminate()
        with contextlib.suppress(Exception):
            pool.join()


def list_files(paths: Iterable[str | Path]) -> list[str]:
    """The input files under these paths, in a stable order.

    Raises:
        InvalidInput: nothing to load.
    """
    paths = list(paths)
    files = [str(p) for p in iter_input_files(paths)]
    if not files:
        raise InvalidInput([Problem(str(p), 0, "no case or RDF files here") for p in paths])
    return files


def load_files(
    target: Target,
    paths: Iterable[str | Path],
    *,
    jobs: int | None = None,
    batch_quads: int = DEFAULT_BATCH_QUADS,
    skip_existing: bool = False,
    check_first: bool = False,
    verify: bool = False,
    progress: Callable[[int], None] | None = None,
    make_results: ResultsMaker | None = None,
) -> LoadReport:
    """Check case files (and RDF files) and write their cases into ``target``.

    Args:
        target: a casegraph.store.disk.CaseStore or a remote target.
        paths: files and folders (searched recursively for .yaml, .yml and RDF files).
        jobs: worker processes for reading files (default: one per CPU).
        batch_quads: write a batch once it holds this many quads (at most
            casegraph.store.disk.MAX_BATCH_QUADS), or an eighth of the files (at least
            MIN_BATCH_CASES cases), whichever comes first.
        skip_existing: leave cases that are already in the target as they are
            (rerun a load that was interrupted) instead of replacing them.
        check_first: check every file before writing; write nothing if any is invalid.
        verify: read each case back after writing it and list in the report's
            ``differences`` every quad that differs from what was sent.
        progress: called with the number of files just finished.
        make_results: computes each case's catalogue results, written with the case
            (casegraph.dataset.with_results); without it cases are written without
            results, and the catalogue computes them live.

    Returns:
        A LoadReport. A Ctrl-C stops the load between batches: the report then has
        ``interrupted`` set and lists exactly the cases written before it.

    Raises:
        InvalidInput: there are no input files, or ``check_first`` found problems.
        StoreError: the target could not be written.
    """
    started = time.perf_counter()
    files = list_files(paths)
    report = LoadReport(files=len(files))
    batch_quads = max(1, min(batch_quads, MAX_BATCH_QUADS))
    if check_first:
        problems: list[Problem] = []
        owners: dict[str, str] = {}
        for prepared in prepare_files(files, jobs):  # checking only: no results yet
            problems.extend(prepared.problems)
            problems.extend(_first_uses(prepared.cases, owners)[1])
        if problems:
            raise InvalidInput(problems)
    # Small corpora in a few batches too, so reading and writing overlap.
    batch_cases = max(MIN_BATCH_CASES, len(files) // 8)
    seen: dict[str, str] = {}
    batch: list[PreparedCase] = []
    size = 0
    stream = prepare_files(files, jobs, make_results=make_results)
    try:
        for prepared in stream:
            report.files_done += 1
            if prepared.problems:
                report.problems.extend(prepared.problems)
                report.invalid_files += 1
            accepted, duplicates = _first_uses(prepared.cases, seen)
            report.problems.extend(duplicates)
            report.invalid_files += len(duplicates)
            for case in accepted:
                batch.append(case)
                size += case.quads
            if size >= batch_quads or len(batch) >= batch_cases:
                _flush(target, batch, report, skip_existing, verify)
                batch, size = [], 0
            if progress is not None:
                progress(1)
        _flush(target, batch, report, skip_existing, verify)
        batch = []
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        stream.close()  # stops the workers
    report.problems.sort()
    report.seconds = time.perf_counter() - started
    return report


def _first_uses(
    cases: Sequence[PreparedCase], owners: dict[str, str]
) -> tuple[list[PreparedCase], list[Problem]]:
    """The cases whose id no earlier case used (recorded in ``owners``), and a problem
    for each of the others."""
    accepted, problems = [], []
    for case in cases:
        if case.case_id in owners:
            problems.append(
                Problem(
                    case.path,
                    1,
                    f"case id {case.case_id!r} is also used by {owners[case.case_id]}; "
                    "give each case its own id",
                )
            )
            continue
        owners[case.case_id] = case.path
        accepted.append(case)
    return accepted, problems


def _flush(
    target: Target,
    batch: list[PreparedCase],
    report: LoadReport,
    skip_existing: bool,
    verify: bool = False,
) -> None:
    if not batch:
        return
    if skip_existing:
        present = target.existing(c.graph for c in batch)
        report.skipped.extend(c.case_id for c in batch if c.graph in present)
        batch = [c for c in batch if c.graph not in present]
        if not batch:
            return
    with _sigint_deferred():
        replaced = set(target.write_batch(batch))
        for case in batch:
            (report.replaced if case.case_id in replaced else report.loaded).append(case.case_id)
            report.triples += case.triples
    if verify:
        report.differences.extend(target.verify(batch))


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold a Ctrl-C until the block ends, so the report says exactly what was written."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt
