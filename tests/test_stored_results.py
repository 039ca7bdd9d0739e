"""Gap results computed at load and kept in the store (casegraph.gaps.stored).

Whatever the catalogue reads (stored results, live queries, or both), its answer is
the one the case files give; stored results go and come with their case, and those made
by other rules are never read.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import cli

import casegraph.gaps.catalogue as catalogue
import casegraph.gaps.stored as stored
from casegraph.dataset import load, open_store
from casegraph.store.disk import CaseStore
from casegraph.store.ingest import load_files
from casegraph.synth import write_corpus
from casegraph.vocab import META_GRAPH, RESULTS, case_iri, results_iri

CASES = 12
SEED = 3


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out, CASES, SEED)
    real = Path(__file__).resolve().parent.parent / "data" / "cases" / "prevent-amess-2014.yaml"
    if real.exists():
        (out / "cases" / real.name).write_bytes(real.read_bytes())
    return out / "cases"


def case_file(folder: Path, case_id: str) -> Path:
    (path,) = folder.rglob(f"{case_id}.yaml")
    return path


@pytest.fixture
def store(tmp_path: Path, corpus: Path) -> str:
    path = str(tmp_path / "store")
    loaded = cli("load", str(corpus), "--store", path)
    assert loaded.exit_code == 0, loaded.output
    return path


class Counting:
    """live_gaps, counting the cases it was run over."""

    def __init__(self) -> None:
        self.cases: list[int] = []
        self.real = catalogue.live_gaps

    def __call__(self, dataset, names):  # type: ignore[no-untyped-def]
        self.cases.append(len(dataset.case_ids()))
        return self.real(dataset, names)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> Counting:
    spy = Counting()
    monkeypatch.setattr(catalogue, "live_gaps", spy)
    return spy


def stored_in(path: str) -> dict[str, tuple[str, str]]:
    """Each results graph's case id -> (fingerprint, JSON), read straight from the store."""
    rows = open_store(path).query(
        "SELECT ?r ?fp ?json WHERE { GRAPH ?r { ?c cg:catalogueFingerprint ?fp ; "
        "cg:gapResults ?json } }"
    )
    return {str(r)[len(RESULTS) :]: (fp, text) for r, fp, text in rows.rows}


def test_a_load_stores_every_cases_results_and_gaps_reads_them(
    store: str, corpus: Path, counting: Counting
) -> None:
    held = stored_in(store)
    ids = open_store(store).case_ids()
    assert sorted(held) == ids and len(ids) >= CASES
    assert {fp for fp, _ in held.values()} == {stored.fingerprint()}
    from_store = cli("gaps", "--store", store, "--format", "json")
    assert counting.cases == []  # read, not queried
    from_files = cli("gaps", str(corpus), "--format", "json")
    live = cli("gaps", "--store", store, "--format", "json", "--live")
    assert counting.cases == [len(ids), len(ids)]  # the files, then --live on the store
    assert from_store.stdout == from_files.stdout == live.stdout
    assert len(json.loads(from_store.stdout)) > CASES


@pytest.mark.parametrize(
    "options",
    [
        ("--format", "table"),
        ("--format", "markdown"),
        ("--format", "csv"),
        ("--only", "premature-exit,unowned-duty", "--format", "json"),
        ("--basis", "stated,absent"),
        ("--only", "premature-exit", "--fail-on", "premature-exit"),
        ("--case", "synth-3-000006", "--format", "json"),
    ],
)
def test_every_option_gives_what_the_files_give(
    store: str, corpus: Path, options: tuple[str, ...]
) -> None:
    from_store = cli("gaps", "--store", store, *options)
    if "--case" in options:
        from_files = cli("gaps", str(case_file(corpus, "synth-3-000006")), *options[2:])
    else:
        from_files = cli("gaps", str(corpus), *options)
    assert (from_store.exit_code, from_store.stdout) == (from_files.exit_code, from_files.stdout)


def test_one_case_of_a_store_reads_its_stored_results(store: str, counting: Counting) -> None:
    one = cli("gaps", "--store", store, "--case", "synth-3-000006", "--format", "json")
    assert one.exit_code == 0 and json.loads(one.stdout)
    assert counting.cases == []


def test_results_made_by_other_rules_are_computed_live_until_refreshed(
    store: str, corpus: Path, counting: Counting, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = cli("gaps", str(corpus), "--format", "json").stdout
    counting.cases.clear()
    monkeypatch.setattr(stored, "fingerprint", lambda: "rules-of-another-release")
    cases = len(open_store(store).case_ids())
    assert cli("gaps", "--store", store, "--format", "json").stdout == expected
    assert counting.cases == [cases]  # every case's results stale: all of it live
    refreshed = cli("load", "--refresh-results", "--store", store)
    assert refreshed.exit_code == 0, refreshed.output
    assert f"Refreshed the stored results of {cases} cases" in refreshed.stdout
    assert {fp for fp, _ in stored_in(store).values()} == {"rules-of-another-release"}
    # The checksums were recorded with the store closed (integrity.record refuses an
    # open one: its background work could still be writing a table file), and match.
    monkeypatch.setenv("CASEGRAPH_VERIFY_STORE", "full")
    assert cli("cases", "--store", store).exit_code == 0
    monkeypatch.delenv("CASEGRAPH_VERIFY_STORE")
    counting.cases.clear()
    assert cli("gaps", "--store", store, "--format", "json").stdout == expected
    assert counting.cases == []
    again = cli("load", "--refresh-results", "--store", store)
    assert "of 0 cases" in again.stdout and f"({cases:,} already current)" in again.stdout


@pytest.mark.parametrize("dropped", [1, 10])
def test_cases_without_stored_results_are_computed_live_beside_the_stored_ones(
    store: str, corpus: Path, counting: Counting, dropped: int
) -> None:
    ids = open_store(store).case_ids()
    writer = CaseStore(store)
    for case_id in ids[:dropped]:
        writer.store.update(f"DROP GRAPH <{results_iri(case_id)}>")
    writer.close()
    expected = cli("gaps", str(corpus), "--format", "json").stdout
    counting.cases.clear()
    assert cli("gaps", "--store", store, "--format", "json").stdout == expected
    # a few cases are copied out and computed on their own; most, over the whole store
    assert counting.cases == ([dropped] if 4 * dropped <= len(ids) else [len(ids)])


def test_a_replaced_case_takes_its_new_results_and_a_removed_one_takes_them_away(
    tmp_path: Path, corpus: Path
) -> None:
    path = str(tmp_path / "store")
    first = case_file(corpus, "synth-3-000006")
    assert cli("load", str(first), "--store", path).exit_code == 0
    before = stored_in(path)["synth-3-000006"]
    changed = tmp_path / "changed" / first.name
    changed.parent.mkdir()
    text = first.read_text(encoding="utf-8")
    changed.write_text(text.replace("Person N", "Person Q"), encoding="utf-8")  # in labels
    assert cli("validate", str(changed)).exit_code == 0
    assert cli("load", str(changed), "--store", path).exit_code == 0
    after = stored_in(path)["synth-3-000006"]
    assert after != before and "Person Q" in after[1] and "Person N" not in after[1]
    expected = cli("gaps", str(changed), "--format", "json").stdout
    assert cli("gaps", "--store", path, "--format", "json").stdout == expected
    # written by a loader that computes no results: the old ones go all the same
    writer = CaseStore(path)
    load_files(writer, [first])
    writer.close()
    assert stored_in(path) == {}
    expected = cli("gaps", str(first), "--format", "json").stdout
    assert cli("gaps", "--store", path, "--format", "json").stdout == expected
    assert cli("load", "--refresh-results", "--store", path).exit_code == 0
    assert stored_in(path) == {"synth-3-000006": before}
    assert cli("remove", "synth-3-000006", "--store", path).exit_code == 0
    assert stored_in(path) == {}
    assert open_store(path).engine.graphs() == [META_GRAPH]  # (the catalogue's own lines)


def test_listings_and_exports_see_cases_only(store: str, corpus: Path) -> None:
    on_files = load(corpus)
    listed = json.loads(cli("cases", "--store", store, "--format", "json").stdout)
    assert [row["case"] for row in listed] == on_files.case_ids()
    assert cli("stats", "--store", store).stdout == cli("stats", str(corpus)).stdout
    exported = cli("export", "--store", store, "--to", "nquads").stdout
    assert exported and "/casegraph/results/" not in exported
    assert "/casegraph/results/" not in cli("export", "--store", store, "--to", "trig").stdout


def test_a_load_killed_mid_way_leaves_each_case_with_its_results_or_neither(
    tmp_path: Path, corpus: Path
) -> None:
    many = tmp_path / "many"
    write_corpus(many, 120, SEED + 1)
    path = str(tmp_path / "store")
    command = ["load", str(many / "cases"), "--store", path, "--jobs", "1", "--batch-quads", "3000"]
    loader = subprocess.Popen(
        [sys.executable, "-c", "from casegraph.cli import main; main()", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        present = 0
        while present < 10 and loader.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
            try:
                present = len(open_store(path).case_ids())
            except Exception:  # the store is still being created
                continue
        os.kill(loader.pid, signal.SIGKILL)
        loader.wait()
    finally:
        loader.kill()
    dataset = open_store(path)
    graphs = set(dataset.engine.graphs())
    cases = dataset.case_ids()
    assert 10 <= len(cases) < 120
    assert {g for g in graphs if g.startswith(RESULTS)} == {results_iri(c) for c in cases}
    assert graphs - {META_GRAPH} == {case_iri(c) for c in cases} | {results_iri(c) for c in cases}
    wanted = [str(case_file(many, case)) for case in cases]
    expected = cli("gaps", *wanted, "--format", "json").stdout
    assert cli("gaps", "--store", path, "--format", "json").stdout == expected
