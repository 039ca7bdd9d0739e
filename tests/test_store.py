"""The embedded store: opening, whole-case writes, replacement, removal, and loads."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import FIXTURES

from casegraph.dataset import CaseDataset, case_dataset, load, open_store
from casegraph.errors import InvalidInput, StoreError
from casegraph.read.inputs import read_input
from casegraph.store.disk import CaseStore, PreparedCase, case_triple_counts, replace_update
from casegraph.store.engines import OxigraphEngine
from casegraph.store.ingest import PARALLEL_MIN_FILES, load_files, prepare_file, to_nquads
from casegraph.vocab import case_iri

MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
MINIMAL_ID = "fictional-2019-a"


def case_text(case_id: str, summary: str = "Teacher referred Person A to Prevent.") -> str:
    text = MINIMAL.replace(f"id: {MINIMAL_ID}", f"id: {case_id}")
    return text.replace("summary: Teacher referred Person A to Prevent.", f"summary: {summary}")


@pytest.fixture
def corpus(tmp_path: Path) -> Callable[[int], Path]:
    """Write n valid cases (case-000 ...) into a folder and return it."""

    def make(n: int, folder: str = "cases") -> Path:
        out = tmp_path / folder
        out.mkdir(exist_ok=True)
        for i in range(n):
            (out / f"case-{i:03d}.yaml").write_text(case_text(f"case-{i:03d}"), "utf-8")
        return out

    return make


def prepared(path: Path) -> PreparedCase:
    result = prepare_file(str(path))
    assert not result.problems, result.problems
    (case,) = result.cases
    return case


def single_count(path: Path) -> int:
    """Triples of one case loaded on its own in memory: what a whole case holds."""
    dataset = load(path)
    (count,) = case_triple_counts(dataset).values()
    return count


# -- opening ------------------------------------------------------------------------------


def test_open_missing_store_says_how_to_create_one(tmp_path: Path) -> None:
    where = tmp_path / "nope"
    with pytest.raises(StoreError) as info:
        open_store(where)
    assert str(info.value) == (
        f"no store at {where}; create one with `casegraph load FILE... --store {where}`"
    )
    assert not where.exists()  # reading never creates


def test_open_a_directory_that_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is not a casegraph store"):
        open_store(tmp_path)
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="is not a casegraph store and is not empty"):
        CaseStore(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_file_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(StoreError, match="is a file; a store is a directory"):
        CaseStore(path)


def test_second_writer_is_refused_while_readers_may_open(tmp_path: Path, write_case) -> None:
    store = CaseStore(tmp_path / "s")
    store.write_batch([prepared(write_case(case_text("one")))])
    with pytest.raises(StoreError, match="open for writing by another process"):
        CaseStore(tmp_path / "s")
    reader = open_store(tmp_path / "s")
    assert reader.case_ids() == ["one"]
    store.close()


def test_stray_bulk_files_of_a_killed_load_are_removed(tmp_path: Path) -> None:
    CaseStore(tmp_path / "s").close()
    stray = tmp_path / "s" / "bulk-123456789.sst"
    stray.write_bytes(b"half-written")
    CaseStore(tmp_path / "s").close()
    assert not stray.exists()


# -- whole-case writes ------------------------------------------------------------------


def test_write_replace_and_remove(tmp_path: Path, write_case) -> None:
    a = write_case(case_text("case-a"), name="a.yaml")
    b = write_case(case_text("case-b"), name="b.yaml")
    store = CaseStore(tmp_path / "s")
    assert store.write_batch([prepared(a), prepared(b)]) == []
    counts = case_triple_counts(CaseDataset(store.engine()))
    assert counts == {"case-a": single_count(a), "case-b": single_count(b)}

    # Reloading replaces: the old summary is gone, the new one is there.
    a.write_text(case_text("case-a", summary="A different summary."), "utf-8")
    assert store.write_batch([prepared(a)]) == ["case-a"]
    summaries = {
        r[0]
        for r in CaseDataset(store.engine())
        .query("SELECT ?s WHERE { GRAPH ?g { ?e cg:summary ?s } }", {})
        .rows
    }
    assert summaries == {"A different summary.", "Teacher referred Person A to Prevent."}
    assert case_triple_counts(CaseDataset(store.engine()))["case-a"] == single_count(a)

    assert store.remove(["case-a", "nope"]) == (["case-a"], ["nope"])
    assert CaseDataset(store.engine()).case_ids() == ["case-b"]
    store.close()


def test_replacement_keeps_awkward_text_exactly(tmp_path: Path, write_case) -> None:
    # Replacement goes through SPARQL INSERT DATA: quotes, backslashes, newlines and
    # non-ASCII text must come out exactly as a bulk load gives them.
    awkward = 'He said "no" \\ twice;\n then left.\r\tZoë → 🚩 } GRAPH <x> {'
    path = write_case(case_text("odd", summary=json.dumps(awkward, ensure_ascii=False)))
    case = prepared(path)
    fresh = CaseStore(tmp_path / "fresh")
    fresh.write_batch([case])
    expected = sorted(map(str, fresh.store.quads_for_pattern(None, None, None, None)))
    fresh.close()
    store = CaseStore(tmp_path / "s")
    store.write_batch([prepared(write_case(case_text("odd"), name="other.yaml"))])
    assert store.write_batch([case]) == ["odd"]
    got = sorted(map(str, store.store.quads_for_pattern(None, None, None, None)))
    assert got == expected
    store.close()


def test_replace_update_refuses_a_graph_name_that_is_not_a_plain_iri() -> None:
    bad = PreparedCase("x", "x.yaml", "https://example.org/x> } ; DROP ALL ; #", b"", 0)
    with pytest.raises(StoreError, match="not a plain IRI"):
        replace_update([bad])


def test_one_update_request_is_one_transaction(tmp_path: Path) -> None:
    # What replacement relies on: pyoxigraph applies a whole update request or none of
    # it. The last operation fails (the graph exists), so the drop must be undone.
    store = ox.Store(str(tmp_path / "s"))
    g = ox.NamedNode("https://example.org/g")
    store.add(ox.Quad(g, g, ox.Literal("kept"), g))
    with pytest.raises(RuntimeError, match="already exists"):
        store.update(
            f"DROP GRAPH <{g.value}> ; INSERT DATA {{ GRAPH <{g.value}> "
            f'{{ <{g.value}> <{g.value}> "new" }} }} ; CREATE GRAPH <{g.value}>'
        )
    objects = [q.object for q in store.quads_for_pattern(None, None, None, g)]
    assert [o.value for o in objects if isinstance(o, ox.Literal)] == ["kept"] and len(objects) == 1


def test_to_nquads_fast_and_general_paths_agree() -> None:
    nt = '<http://a> <http://b> "x \\" . y" .\n<http://a> <http://b> <http://c> .\n'
    fast, n = to_nquads(nt, "http://g")
    assert n == 2
    general, m = to_nquads("# a comment\n" + nt.replace(" .\n", ".\n"), "http://g")
    assert m == 2
    parse = lambda data: sorted(map(str, ox.parse(data, format=ox.RdfFormat.N_QUADS)))  # noqa: E731
    assert parse(fast) == parse(general)


# -- loading many files -------------------------------------------------------------------


def test_load_reports_invalid_files_and_loads_the_valid_ones(tmp_path: Path, corpus) -> None:
    folder = corpus(3)
    (folder / "bad.yaml").write_text("casegraph: 1\ncase: {id: bad}\n", "utf-8")
    (folder / "dup.yaml").write_text(case_text("case-001"), "utf-8")
    store = CaseStore(tmp_path / "s")
    report = load_files(store, [folder], jobs=1)
    assert sorted(report.loaded) == ["case-000", "case-001", "case-002"]
    assert report.invalid_files == 2
    messages = [str(p) for p in report.problems]
    assert any(m.startswith(f"{folder / 'bad.yaml'}:") for m in messages)
    assert (
        f"{folder / 'dup.yaml'}:1: case id 'case-001' is also used by "
        f"{folder / 'case-001.yaml'}; give each case its own id" in messages
    )
    assert CaseDataset(store.engine()).case_ids() == ["case-000", "case-001", "case-002"]
    store.close()


def test_check_first_loads_nothing_when_any_file_is_invalid(tmp_path: Path, corpus) -> None:
    folder = corpus(2)
    (folder / "bad.yaml").write_text("casegraph: 1\n", "utf-8")
    store = CaseStore(tmp_path / "s")
    with pytest.raises(InvalidInput):
        load_files(store, [folder], jobs=1, check_first=True)
    assert CaseDataset(store.engine()).case_ids() == []
    store.close()


def test_no_input_files_is_invalid_input(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    store = CaseStore(tmp_path / "s")
    with pytest.raises(InvalidInput, match="no case or RDF files here"):
        load_files(store, [tmp_path / "empty"])
    store.close()


def test_parallel_load_equals_serial_load(tmp_path: Path, corpus) -> None:
    folder = corpus(PARALLEL_MIN_FILES + 5)
    serial, parallel = CaseStore(tmp_path / "serial"), CaseStore(tmp_path / "parallel")
    r1 = load_files(serial, [folder], jobs=1, batch_quads=2_000)
    r2 = load_files(parallel, [folder], jobs=2, batch_quads=2_000)
    assert r1.loaded == r2.loaded == [f"case-{i:03d}" for i in range(PARALLEL_MIN_FILES + 5)]
    assert r1.triples == r2.triples
    assert case_triple_counts(CaseDataset(serial.engine())) == case_triple_counts(
        CaseDataset(parallel.engine())
    )
    serial.close()
    parallel.close()


def test_skip_existing_leaves_loaded_cases_alone(tmp_path: Path, corpus) -> None:
    folder = corpus(4)
    store = CaseStore(tmp_path / "s")
    load_files(store, [folder / "case-000.yaml", folder / "case-001.yaml"], jobs=1)
    report = load_files(store, [folder], jobs=1, skip_existing=True)
    assert report.skipped == ["case-000", "case-001"]
    assert report.loaded == ["case-002", "case-003"]
    again = load_files(store, [folder], jobs=1)
    assert sorted(again.replaced) == ["case-000", "case-001", "case-002", "case-003"]
    store.close()


def test_ctrl_c_stops_between_batches_and_reports_exactly_what_was_written(
    tmp_path: Path, corpus
) -> None:
    folder = corpus(10)
    store = CaseStore(tmp_path / "s")
    done = 0

    def interrupt_after_seven(n: int) -> None:
        nonlocal done
        done += n
        if done == 7:
            os.kill(os.getpid(), signal.SIGINT)

    # One case per batch: the signal arrives while case 7's batch is committing,
    # is held until the batch is written, then stops the load.
    size = prepared(folder / "case-000.yaml").triples
    report = load_files(store, [folder], jobs=1, batch_quads=size, progress=interrupt_after_seven)
    assert report.interrupted
    assert report.loaded == [f"case-{i:03d}" for i in range(7)]
    assert CaseDataset(store.engine()).case_ids() == report.loaded
    store.close()


def test_open_store_reads_what_was_loaded(tmp_path: Path, corpus, real_case_path) -> None:
    store = CaseStore(tmp_path / "s")
    load_files(store, [corpus(2), real_case_path], jobs=1)
    store.close()
    dataset = open_store(tmp_path / "s")
    assert dataset.case_ids() == ["case-000", "case-001", "prevent-amess-2014"]
    (real,) = read_input(real_case_path)
    assert dataset.nquads("prevent-amess-2014").count("\n") == len(set(real.ntriples.splitlines()))
    assert case_iri("case-000") in dataset.engine.graphs()


def test_case_dataset_copies_one_case_out_of_a_store(tmp_path: Path, corpus) -> None:
    store = CaseStore(tmp_path / "s")
    load_files(store, [corpus(3)], jobs=1)
    store.close()
    full = open_store(tmp_path / "s")
    one = case_dataset(full, ["case-001"])
    assert one.case_ids() == ["case-001"]
    assert case_triple_counts(one) == {"case-001": case_triple_counts(full)["case-001"]}
    with pytest.raises(StoreError, match="no case 'nope' in the store"):
        case_dataset(full, ["nope"])


@pytest.mark.slow
def test_a_full_batch_is_one_atomic_ingestion(tmp_path: Path) -> None:
    # Whole-case atomicity rests on pyoxigraph ingesting one bulk_load call of up to
    # MAX_BATCH_QUADS quads as one set of files (one per index), added atomically.
    # Were the engine to split such a call, it would write a second set: guard that.
    from casegraph.store.disk import MAX_BATCH_QUADS

    def ssts(quads: int, name: str) -> int:
        store = ox.Store(str(tmp_path / name))
        store.bulk_load(
            "".join(
                f'<https://e/s{i}> <https://e/p{i % 7}> "{i}" <https://e/g{i % 50}> .\n'
                for i in range(quads)
            ).encode(),
            format=ox.RdfFormat.N_QUADS,
        )
        del store
        return len(list((tmp_path / name).glob("*.sst")))

    assert ssts(MAX_BATCH_QUADS, "full") == ssts(1_000, "small")


# -- reading from worker processes ---------------------------------------------------------


def stored(tmp_path: Path, cases: Path) -> Path:
    """A store on disk holding the cases of a folder."""
    store = CaseStore(tmp_path / "store")
    load_files(store, [cases], jobs=1)
    store.close()
    return tmp_path / "store"


def test_a_store_on_disk_answers_many_queries_from_worker_processes(
    tmp_path: Path, corpus: Callable[[int], Path]
) -> None:
    from casegraph.gaps.catalogue import gaps

    dataset = open_store(stored(tmp_path, corpus(6)))
    assert isinstance(dataset.engine, OxigraphEngine)
    assert dataset.engine.shared_path == str(tmp_path / "store")
    queries = [f'SELECT ?g WHERE {{ GRAPH ?g {{ ?s ?p "{n}" }} }}' for n in range(5)]
    queries.append(  # the cases' triples (not the metadata graph's)
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER (STRSTARTS(STR(?g), 'https://w3id.org/casegraph/case/')) }"
    )
    dataset.engine.concurrency = 2
    together = dataset.query_many(queries)
    dataset.engine.concurrency = 1
    assert together == dataset.query_many(queries)  # the same rows, in the same order
    assert together[-1].rows == [(6 * single_count(FIXTURES / "minimal.yaml"),)]
    serial = [r.to_dict() for r in gaps(dataset)]
    dataset.engine.concurrency = 2
    assert [r.to_dict() for r in gaps(dataset)] == serial and serial


def test_a_plain_script_without_a_main_guard_can_use_the_worker_processes(
    tmp_path: Path, corpus: Callable[[int], Path]
) -> None:
    import subprocess
    import sys

    store = stored(tmp_path, corpus(4))
    script = tmp_path / "report.py"
    script.write_text(
        "from casegraph.gaps.catalogue import gaps\n"
        "from casegraph.dataset import open_store\n"
        f"cases = open_store({str(store)!r})\n"
        "cases.engine.concurrency = 2\n"
        "print(len(gaps(cases)))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 0


def test_a_read_only_store_lists_its_graphs_once(tmp_path: Path, write_case) -> None:
    """A read-only store is a snapshot: the catalogue lists its cases several times per
    command, which at 60,000 cases costs over a second a listing."""
    store = CaseStore(tmp_path / "s")
    store.write_batch([prepared(write_case(case_text("case-a"), name="a.yaml"))])
    store.close()
    dataset = open_store(tmp_path / "s")
    engine = dataset.engine
    assert isinstance(engine, OxigraphEngine)
    listings = []

    class Counting:
        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

        def named_graphs(self) -> object:
            listings.append(1)
            return real.named_graphs()

    real, engine.store = engine.store, Counting()
    assert dataset.case_ids() == ["case-a"]
    assert dataset.case_ids() == ["case-a"]
    assert "case-a" in {g.rsplit("/", 1)[-1] for g in engine.graphs()}
    assert len(listings) == 1
