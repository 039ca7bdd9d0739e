"""casegraph load, cases, remove and synth: messages and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from conftest import FIXTURES
from conftest import cli as run

from casegraph.cli import main

MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


def _triples() -> int:
    from casegraph.dataset import load
    from casegraph.store.disk import case_triple_counts

    (count,) = case_triple_counts(load(FIXTURES / "minimal.yaml")).values()
    return count


TRIPLES = _triples()  # in one copy of minimal.yaml


@pytest.fixture
def cases_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    for i in range(3):
        text = MINIMAL.replace("id: fictional-2019-a", f"id: case-{i}")
        (folder / f"case-{i}.yaml").write_text(text, encoding="utf-8")
    return folder


def test_load_then_list_then_remove(tmp_path: Path, cases_dir: Path) -> None:
    store = str(tmp_path / "store")
    loaded = run("load", str(cases_dir), "--store", store)
    assert loaded.exit_code == 0, loaded.output
    assert re.fullmatch(
        rf"Loaded 3 cases \({3 * TRIPLES} triples\) into {re.escape(store)} in \d+\.\d s\.\n",
        loaded.stdout,
    )
    listed = run("cases", "--store", store)
    assert listed.stdout == "".join(f"case-{i}        {TRIPLES}\n" for i in range(3))
    assert listed.stderr == f"3 cases, {3 * TRIPLES} triples\n"
    as_json = run("cases", "--store", store, "--format", "json")
    assert json.loads(as_json.stdout) == [
        {"case": f"case-{i}", "triples": TRIPLES} for i in range(3)
    ]
    removed = run("remove", "case-0", "nope", "--store", store)
    assert removed.exit_code == 1
    assert removed.stdout == f"Removed 1 case from {store}.\n"
    assert removed.stderr == f"Not in {store}: nope\n"
    assert run("cases", "--store", store).stderr == f"2 cases, {2 * TRIPLES} triples\n"


def test_load_compacts_when_asked_and_the_store_still_reads(
    tmp_path: Path, cases_dir: Path
) -> None:
    store = str(tmp_path / "store")
    loaded = run("load", str(cases_dir), "--store", store, "--optimize")
    assert loaded.exit_code == 0, loaded.output
    assert re.fullmatch(
        rf"Loaded 3 cases \({3 * TRIPLES} triples\) into {re.escape(store)} in \d+\.\d s; "
        r"compacted the store in \d+\.\d s\.\n",
        loaded.stdout,
    )
    assert run("cases", "--store", store).stderr == f"3 cases, {3 * TRIPLES} triples\n"
    forced_off = run("load", str(cases_dir), "--store", store, "--no-optimize")
    assert "compacted" not in forced_off.stdout


def test_compaction_by_default_only_after_a_big_load() -> None:
    from casegraph.store.ingest import COMPACT_AFTER_TRIPLES, LoadReport, should_compact

    big = LoadReport(loaded=["a"], triples=COMPACT_AFTER_TRIPLES)
    small = LoadReport(loaded=["a"], triples=COMPACT_AFTER_TRIPLES - 1)
    assert should_compact(big) and not should_compact(small)
    assert should_compact(small, asked=True) and not should_compact(big, asked=False)
    # Nothing written, or a load that was interrupted: never (the store is as it was).
    assert not should_compact(LoadReport(triples=0), asked=True)
    assert not should_compact(LoadReport(loaded=["a"], triples=10**9, interrupted=True))


def test_compacting_after_a_load_reports_a_failure_without_raising() -> None:
    from casegraph.errors import StoreError
    from casegraph.store.ingest import LoadReport, compact_after_load

    class Store:
        def __init__(self, fails: bool) -> None:
            self.fails, self.compacted = fails, False

        def optimize(self) -> None:
            if self.fails:
                raise StoreError("disk full")
            self.compacted = True

    loaded = LoadReport(loaded=["a"], triples=10)
    announced: list[str] = []
    skipped = Store(fails=False)
    assert compact_after_load(skipped, loaded).seconds is None and not skipped.compacted
    ran = Store(fails=False)
    done = compact_after_load(ran, loaded, True, lambda: announced.append("now"))
    assert ran.compacted and done.seconds is not None and done.failure is None
    assert announced == ["now"]
    failed = compact_after_load(Store(fails=True), loaded, True)
    assert failed.failure == "disk full" and failed.seconds is None


def test_reload_replaces_and_skip_existing_skips(tmp_path: Path, cases_dir: Path) -> None:
    store = str(tmp_path / "store")
    run("load", str(cases_dir / "case-0.yaml"), "--store", store)
    again = run("load", str(cases_dir), "--store", store)
    assert "into" in again.stdout
    assert again.stdout.endswith(" s (1 of them replaced a case already there).\n")
    skipped = run("load", str(cases_dir), "--store", store, "--skip-existing")
    assert skipped.stdout.startswith(f"Loaded 0 cases (0 triples) into {store} in ")
    assert skipped.stdout.endswith(" s (3 cases already there skipped).\n")
    assert run("cases", "--store", store).stderr == f"3 cases, {3 * TRIPLES} triples\n"


def test_invalid_files_are_reported_and_the_valid_ones_load(
    tmp_path: Path, cases_dir: Path
) -> None:
    bad = cases_dir / "bad.yaml"
    bad.write_text(MINIMAL.replace("kind: referral", "kind: telepathy"), encoding="utf-8")
    store = str(tmp_path / "store")
    result = run("load", str(cases_dir), "--store", store)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{bad}:")
    assert "telepathy" in lines[0]
    assert lines[-1] == "1 file was invalid and not loaded (1 problem); the other files loaded."
    assert result.stdout.startswith(f"Loaded 3 cases ({3 * TRIPLES} triples)")
    assert run("cases", "--store", store).stderr == f"3 cases, {3 * TRIPLES} triples\n"


def test_check_first_loads_nothing(tmp_path: Path, cases_dir: Path) -> None:
    (cases_dir / "bad.yaml").write_text("casegraph: 1\n", encoding="utf-8")
    store = str(tmp_path / "store")
    result = run("load", str(cases_dir), "--store", store, "--check-first")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].endswith("; nothing was loaded")
    assert run("cases", "--store", store).stderr == "0 cases, 0 triples\n"


def test_reading_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing")
    for command in (["cases"], ["stats"], ["gaps"]):
        result = run(*command, "--store", missing)
        assert result.exit_code == 2, command
        assert result.stderr == (
            f"Error: no store at {missing}; create one with "
            f"`casegraph load FILE... --store {missing}`\n"
        )
    assert not Path(missing).exists()


def test_reading_commands_take_the_store(tmp_path: Path, cases_dir: Path) -> None:
    store = str(tmp_path / "store")
    run("load", str(cases_dir), "--store", store)
    from_store = run("gaps", "--store", store, "--format", "json")
    from_files = run("gaps", str(cases_dir), "--format", "json")
    assert from_store.exit_code == from_files.exit_code == 0
    assert json.loads(from_store.stdout) == json.loads(from_files.stdout) != []


def test_every_reading_command_takes_one_case_of_a_store(tmp_path: Path, cases_dir: Path) -> None:
    store = str(tmp_path / "store")
    assert run("load", str(cases_dir), "--store", store).exit_code == 0
    one = ("--store", store, "--case", "case-1")
    found = json.loads(run("gaps", *one, "--format", "json").stdout)
    assert found and {r["case"] for r in found} == {"case-1"}
    assert json.loads(run("cases", *one, "--format", "json").stdout) == [
        {"case": "case-1", "triples": TRIPLES}
    ]
    assert run("stats", *one).stdout.startswith("case case-1\n")
    assert run("path", *one, "teacher", "mentor").exit_code == 0  # ids need no case prefix
    assert run("knew", *one, "teacher").exit_code == 0
    query = (  # the case graphs (the copy also holds the case's provenance record)
        "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } "
        "FILTER (STRSTARTS(STR(?g), 'https://w3id.org/casegraph/case/')) }"
    )
    asked = run("sparql", *one, query, "--format", "json")
    assert [int(row["n"]) for row in json.loads(asked.stdout)] == [1]
    exported = run("export", *one, "--to", "nt")
    assert "/case/case-1/" in exported.stdout and "/case/case-0/" not in exported.stdout
    both = run("cases", "--store", store, "--case", "case-0", "--case", "case-2")
    assert both.stderr == f"2 cases, {2 * TRIPLES} triples\n"


def test_an_unknown_case_names_the_cases_there(tmp_path: Path, cases_dir: Path) -> None:
    store = str(tmp_path / "store")
    assert run("load", str(cases_dir), "--store", store).exit_code == 0
    missing = run("gaps", "--store", store, "--case", "case-9")
    assert missing.exit_code == 2  # a usage error, as for any unknown name
    assert "no case 'case-9'; the cases are: case-0, case-1, case-2" in missing.stderr


def test_load_needs_exactly_one_target(cases_dir: Path, tmp_path: Path) -> None:
    for extra in ([], ["--store", str(tmp_path / "s"), "--endpoint", "http://127.0.0.1:1"]):
        result = run("load", str(cases_dir), *extra)
        assert result.exit_code == 2
        assert "give --store DIR (the embedded store) or --endpoint URL" in result.stderr


def test_load_refuses_a_directory_that_is_not_a_store(tmp_path: Path, cases_dir: Path) -> None:
    result = run("load", str(cases_dir), "--store", str(cases_dir))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {cases_dir} is not a casegraph store and is not empty; "
        f"give a new or empty directory\n"
    )


def test_progress_lines_when_asked_for_off_a_terminal(tmp_path: Path, cases_dir: Path) -> None:
    result = run("load", str(cases_dir), "--store", str(tmp_path / "s"), "--progress")
    assert result.exit_code == 0
    assert result.stderr == "loading 3/3\n"
    quiet = run("load", str(cases_dir), "--store", str(tmp_path / "s"))
    assert quiet.stderr == ""


def test_synth_writes_a_corpus(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    result = run("synth", "--cases", "4", "--seed", "3", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert result.stdout == (
        f"Wrote 4 cases to {out}/cases (seed 3); {len(rows)} expected gap results "
        f"in {out}/truth.jsonl.\n"
    )
    assert len(list((out / "cases").glob("*.yaml"))) == 4
    again = run("synth", "--cases", "4", "--seed", "3", "-o", str(out))
    assert again.exit_code == 2
    assert "already holds files" in again.stderr


def test_a_failed_compaction_is_a_warning_after_the_cases_are_written(
    tmp_path: Path, cases_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casegraph.errors import StoreError
    from casegraph.store.disk import CaseStore

    def refuse(self: CaseStore) -> None:
        raise StoreError("could not compact store: disk full")

    monkeypatch.setattr(CaseStore, "optimize", refuse)
    store = str(tmp_path / "store")
    loaded = run("load", str(cases_dir), "--store", store, "--optimize")
    assert loaded.exit_code == 0, loaded.output
    assert "warning: could not compact store: disk full; the cases are loaded" in loaded.stderr
    assert "compacted" not in loaded.stdout
    assert run("cases", "--store", store).stderr == f"3 cases, {3 * TRIPLES} triples\n"


def test_no_command_declares_an_option_twice() -> None:
    """--case is shared by every reading command; a command's own --case would shadow it."""
    context = click.Context(main)
    for name in main.list_commands(context):
        command = main.get_command(context, name)
        assert command is not None
        opts = [opt for param in command.params for opt in param.opts]
        assert len(opts) == len(set(opts)), name
