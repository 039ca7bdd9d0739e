"""A synthetic corpus through the stores: planted gaps recovered exactly, and crash safety.

The corpus (casegraph.synth) comes with truth.jsonl, every result the catalogue must
report; loaded into the embedded store or a server, the catalogue must find exactly
those (precision and recall 1.0 on (gap, case, entity, actor)). A load killed with
SIGKILL must leave only whole cases, and a rerun must load the rest.
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

from casegraph.dataset import CaseDataset, load, open_store
from casegraph.errors import StoreError
from casegraph.gaps.catalogue import gaps
from casegraph.store.disk import CaseStore, case_triple_counts
from casegraph.store.ingest import load_files
from casegraph.store.metadata import PROVENANCE_QUERY
from casegraph.store.remote import RemoteEngine
from casegraph.synth import write_corpus
from casegraph.vocab import case_graph_id

CASES = 300
SEED = 7

Key = tuple[str, str, str, "str | None"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out, CASES, SEED)
    return out


@pytest.fixture(scope="module")
def truth(corpus: Path) -> set[Key]:
    rows = [json.loads(line) for line in (corpus / "truth.jsonl").read_text().splitlines()]
    keys = {(r["gap"], r["case"], r["entity"], r["actor"]) for r in rows}
    assert len(keys) == len(rows) > CASES  # no duplicates, and plenty of gaps planted
    return keys


@pytest.fixture(scope="module")
def whole_counts(corpus: Path) -> dict[str, int]:
    """Each case's triple count when loaded on its own in memory."""
    counts = case_triple_counts(load(corpus / "cases"))
    assert len(counts) == CASES
    return counts


@pytest.fixture(scope="module")
def embedded(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> CaseDataset:
    path = tmp_path_factory.mktemp("store") / "store"
    store = CaseStore(path)
    report = load_files(store, [corpus / "cases"], jobs=2)
    assert len(report.loaded) == CASES and not report.problems
    store.close()
    return open_store(path)


def assert_exact(found: set[Key], truth: set[Key]) -> None:
    missed, extra = sorted(truth - found, key=repr), sorted(found - truth, key=repr)
    precision = len(found & truth) / len(found)
    recall = len(found & truth) / len(truth)
    assert (missed[:5], extra[:5]) == ([], [])
    assert (precision, recall) == (1.0, 1.0)


@pytest.mark.slow
def test_embedded_store_recovers_the_planted_gaps(
    embedded: CaseDataset, truth: set[Key], whole_counts: dict[str, int]
) -> None:
    assert case_triple_counts(embedded) == whole_counts
    assert_exact({r.key for r in gaps(embedded)}, truth)


@pytest.mark.slow
@pytest.mark.server
def test_remote_store_gives_the_same_catalogue(
    corpus: Path,
    embedded: CaseDataset,
    truth: set[Key],
    oxigraph_server: str,
) -> None:
    remote = RemoteEngine(oxigraph_server)
    remote._update("DROP ALL")
    report = load_files(remote, [corpus / "cases"], jobs=2)
    assert len(report.loaded) == CASES
    dataset = CaseDataset(remote)
    results = gaps(dataset)
    assert_exact({r.key for r in results}, truth)
    # Not only the same keys: every field of every result is the same.
    assert [r.to_dict() for r in results] == [r.to_dict() for r in gaps(embedded)]


@pytest.mark.slow
def test_a_load_killed_midway_leaves_whole_cases_and_a_rerun_loads_the_rest(
    corpus: Path, tmp_path: Path, whole_counts: dict[str, int]
) -> None:
    store = tmp_path / "store"
    command = [
        sys.executable,
        "-c",
        "from casegraph.cli import main; main()",
        "load",
        str(corpus / "cases"),
        "--store",
        str(store),
        "--jobs",
        "2",
        "--batch-quads",
        "3000",
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        present = 0
        deadline = time.monotonic() + 120
        while present < 30 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            try:
                present = len(open_store(store).case_ids())
            except StoreError:  # not created yet
                continue
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # its worker processes too
    assert process.returncode == -signal.SIGKILL, "the load finished before it was killed"

    stored = open_store(store)
    counts = case_triple_counts(stored)
    assert 30 <= len(counts) < CASES
    assert {c: whole_counts[c] for c in counts} == counts  # each case whole
    records = {case_graph_id(r["case"]) for r in stored.query(PROVENANCE_QUERY).dicts()}
    assert records == set(counts)  # each with its record, and no record alone

    rerun = subprocess.run(
        [*command[:-2], "--skip-existing"], capture_output=True, text=True, check=False
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"({len(counts)} cases already there skipped)" in rerun.stdout
    assert case_triple_counts(open_store(store)) == whole_counts
