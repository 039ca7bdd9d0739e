"""A damaged store is detected on open (issue 17): every command says so and how to
recover, with no traceback, before any query can run away."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from casegraph.cli import main
from casegraph.store.integrity import CHECKSUMS, _remembered_in

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal.yaml"
TRACED = FIXTURES / "gaps" / "traced.yaml"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    result = run("load", str(MINIMAL), str(TRACED), "--store", str(path))
    assert result.exit_code == 0, result.output
    return path


def largest_table(store: Path) -> Path:
    recorded = json.loads((store / CHECKSUMS).read_text(encoding="utf-8"))["files"]
    assert recorded, "a load records its table files"
    return max((store / name for name in recorded), key=lambda p: p.stat().st_size)


def zero_middle(path: Path) -> None:
    """Overwrite the middle third of a file with zeros, keeping its size (as dd conv=notrunc)."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 3)
        handle.write(b"\0" * (size // 3))


COMMANDS = [
    ["cases"],
    ["gaps"],
    ["stats"],
    ["export"],
    ["sparql", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"],
    ["remove", "fictional-2019-a"],
    ["load", str(MINIMAL)],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_on_a_damaged_store_says_so(command: list[str], store: Path) -> None:
    table = largest_table(store)
    zero_middle(table)
    before = table.read_bytes()
    result = run(*command, "--store", str(store))
    assert result.exit_code == 2, result.output
    assert f"{table.name} does not match the checksum written with it" in result.stderr
    assert "is damaged; rebuild it from the case files" in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert table.read_bytes() == before  # nothing written to it


def test_a_truncated_table_is_reported_by_size(store: Path) -> None:
    table = largest_table(store)
    table.write_bytes(table.read_bytes()[:100])
    result = run("cases", "--store", str(store))
    assert result.exit_code == 2
    assert f"{table.name} has 100 bytes, not the" in result.stderr


def test_checksums_follow_every_write(store: Path) -> None:
    assert run("remove", "fictional-2019-a", "--store", str(store)).exit_code == 0
    assert run("load", str(MINIMAL), "--store", str(store)).exit_code == 0
    result = run("cases", "--store", str(store))
    assert result.exit_code == 0, result.output
    assert "fictional-2019-a" in result.stdout


def test_verification_can_be_lowered(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    zero_middle(largest_table(store))
    monkeypatch.setenv("CASEGRAPH_VERIFY_STORE", "quick")  # sizes only: not noticed
    assert run("cases", "--store", str(store)).exit_code == 0
    monkeypatch.setenv("CASEGRAPH_VERIFY_STORE", "sometimes")
    result = run("cases", "--store", str(store))
    assert result.exit_code == 2 and "give changed, full, quick, off" in result.stderr


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the store's files were written long ago: a check of a file just written is
    not remembered (its ctime could still hide a change in the same clock tick)."""
    from casegraph.store import integrity

    real = time.time_ns
    monkeypatch.setattr(integrity.time, "time_ns", lambda: real() + 60 * 10**9)


def digests(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The table files whose bytes are read, as they are read."""
    from casegraph.store import integrity

    read: list[str] = []
    real = integrity._digest

    def counting(path: Path) -> str:
        read.append(path.name)
        return real(path)

    monkeypatch.setattr(integrity, "_digest", counting)
    return read


def test_a_file_checked_once_is_read_again_only_when_it_changes(
    store: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = digests(monkeypatch)
    tables = set(json.loads((store / CHECKSUMS).read_text(encoding="utf-8"))["files"])
    assert run("cases", "--store", str(store)).exit_code == 0
    assert set(read) == tables  # the first open reads every table file
    read.clear()
    assert run("cases", "--store", str(store)).exit_code == 0
    assert read == []  # then none: each was checked as it is now
    time.sleep(0.05)  # a clock tick, so that the change below moves the ctime
    table = largest_table(store)
    zero_middle(table)
    result = run("gaps", "--store", str(store))
    assert read == [table.name]  # only the changed file is read, and found damaged
    assert result.exit_code == 2
    assert f"{table.name} does not match the checksum written with it" in result.stderr


def test_full_reads_every_file_on_every_open(
    store: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("cases", "--store", str(store)).exit_code == 0  # remembers the checks
    read = digests(monkeypatch)
    monkeypatch.setenv("CASEGRAPH_VERIFY_STORE", "full")
    assert run("cases", "--store", str(store)).exit_code == 0
    assert len(read) == len(json.loads((store / CHECKSUMS).read_text("utf-8"))["files"])


def test_a_copied_store_is_read_whole_again(
    store: Path, settled: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import shutil

    assert run("cases", "--store", str(store)).exit_code == 0
    copy = tmp_path / "copy"
    shutil.copytree(store, copy)  # new inodes: what was checked is not these files
    read = digests(monkeypatch)
    assert run("cases", "--store", str(copy)).exit_code == 0
    assert len(read) == len(json.loads((copy / CHECKSUMS).read_text("utf-8"))["files"])


def test_a_damaged_record_of_checks_only_means_reading_again(
    store: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("cases", "--store", str(store)).exit_code == 0
    _remembered_in(store).write_text("{not json", encoding="utf-8")
    read = digests(monkeypatch)
    assert run("cases", "--store", str(store)).exit_code == 0
    assert read  # read again, no error
    assert json.loads(_remembered_in(store).read_text("utf-8"))["files"]  # and remembered


def test_checks_of_files_just_written_are_not_remembered(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("cases", "--store", str(store)).exit_code == 0
    read = digests(monkeypatch)
    assert run("cases", "--store", str(store)).exit_code == 0
    assert read  # written under RACY_SECONDS ago: read again


def test_a_damaged_checksum_record_is_reported(store: Path) -> None:
    (store / CHECKSUMS).write_text("{not json", encoding="utf-8")
    result = run("cases", "--store", str(store))
    assert result.exit_code == 2
    assert f"{CHECKSUMS} is unreadable" in result.stderr


@pytest.mark.parametrize("case_id", ["<x>", "a b", ""])
def test_removing_an_id_that_is_no_iri_is_not_a_traceback(case_id: str, store: Path) -> None:
    result = run("remove", case_id, "--store", str(store))
    assert result.exit_code == 1, result.output
    assert f"Not in {store}: {case_id}" in result.stderr
    assert "Traceback" not in result.output


def test_a_worker_that_dies_reading_the_store_is_a_message(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As when a load replaced files under a reader: gaps crashed with BrokenProcessPool.
    import os

    from casegraph.store import engines

    def die(path: str) -> None:
        os._exit(3)

    monkeypatch.setattr(engines, "_open_worker", die)
    monkeypatch.setattr(engines.OxigraphEngine, "concurrency", 2)
    # --live: the catalogue's queries run in worker processes (stored results are read
    # with one query, in the process itself)
    result = run("gaps", "--store", str(store), "--live")
    assert result.exit_code == 2, result.output
    assert "a worker process reading it stopped (is a load writing to it?" in result.stderr
    assert "Traceback" not in result.output


def test_a_reader_opening_while_a_load_writes_is_told_so(store: Path) -> None:
    import fcntl

    from casegraph.store.disk import _reason

    with (store / "LOCK").open("rb+") as handle:
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        # A lock held by this process does not block this process: ask from a child.
        import subprocess
        import sys

        child = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; from casegraph.store.disk import _reason;"
                "print(_reason(OSError('MANIFEST may be corrupted'), Path(sys.argv[1])))",
                str(store),
            ],
            capture_output=True,
            text=True,
        )
    assert "a load is writing to it; try again when it is done" in child.stdout
    assert "damaged" in _reason(OSError("Corruption: bad block"), store)


def test_a_table_merged_away_while_it_is_read_is_skipped(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A load compacting the store can remove a table file between its stat and its read."""
    from casegraph.store import integrity

    def vanished(path: Path) -> str:
        raise FileNotFoundError(path)

    monkeypatch.setattr(integrity, "_digest", vanished)
    result = run("cases", "--store", str(store))
    assert result.exit_code == 0, result.output
