"""Every reading and writing command against two real SPARQL servers: Oxigraph and Virtuoso.

One server of each kind per module (tests/servers.py starts them on 127.0.0.1), loaded
once with the real case and a 200-case synthetic corpus; each command's answer must
be what the same command gives on the files. Virtuoso runs with its shipped limits
(10,000 rows per answer, about 1,000 triples per insert) and is written to by an
authenticated user, with no open update grant.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from servers import Server, start_oxigraph, start_virtuoso, virtuoso_missing

from casegraph.cli import main
from casegraph.dataset import CaseDataset, load
from casegraph.gaps.catalogue import gaps
from casegraph.store.disk import case_triple_counts
from casegraph.store.metadata import PROVENANCE_QUERY, version
from casegraph.store.remote import RemoteEngine
from casegraph.synth import write_corpus
from casegraph.vocab import RESULTS, case_graph_id, results_iri

pytestmark = [pytest.mark.server, pytest.mark.slow]

CASES = 200
SEED = 7
REAL = "prevent-amess-2014"
XSD = "http://www.w3.org/2001/XMLSchema#"


@contextlib.contextmanager
def environment(server: Server) -> Iterator[None]:
    """The server's credentials in os.environ, for library calls."""
    saved = {k: os.environ.get(k) for k in server.env}
    os.environ.update(server.env)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def start(kind: str, folder: Path) -> Server:
    if kind == "virtuoso" and virtuoso_missing():
        pytest.skip(virtuoso_missing() or "")
    return start_virtuoso(folder) if kind == "virtuoso" else start_oxigraph(folder)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, real_case_file: Path) -> Path:
    """200 synthetic cases and the real case, in one folder of files."""
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out, CASES, SEED)
    (out / "cases" / real_case_file.name).write_bytes(real_case_file.read_bytes())
    return out


@pytest.fixture(scope="module")
def real_case_file() -> Path:
    path = Path(__file__).resolve().parent.parent / "data" / "cases" / f"{REAL}.yaml"
    if not path.exists():
        pytest.skip("the real case is not in the tree")
    return path


@pytest.fixture(scope="module")
def on_files(corpus: Path) -> CaseDataset:
    return load(corpus / "cases")


@pytest.fixture(scope="module")
def embedded(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus in the embedded store: the answers every server must give."""
    path = tmp_path_factory.mktemp("embedded") / "store"
    loaded = CliRunner().invoke(main, ["load", str(corpus / "cases"), "--store", str(path)])
    assert loaded.exit_code == 0, loaded.output
    return path


@pytest.fixture(scope="module")
def expected(embedded: Path) -> dict[tuple[str, ...], Result]:
    """Each command's result on the embedded store, computed once for both servers."""
    cache: dict[tuple[str, ...], Result] = {}

    def run(*args: str) -> Result:
        if args not in cache:
            cache[args] = CliRunner().invoke(main, [*args, "--store", str(embedded)])
        return cache[args]

    return run  # type: ignore[return-value]


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, corpus: Path):
    """A server of each kind, loaded with the corpus (and verified) once for the module."""
    running = start(request.param, tmp_path_factory.mktemp(request.param))
    try:
        loaded = cli(running, "load", str(corpus / "cases"), "--verify")
        assert loaded.exit_code == 0, loaded.output
        assert f"Loaded {CASES + 1} cases" in loaded.output
        assert "replaced" not in loaded.output  # an empty server holds no case
        assert f"Verified: {running.url} holds exactly the {CASES + 1} cases sent" in loaded.output
        yield running
    finally:
        running.stop()


# Open: Virtuoso 7.2 answers some transitive paths wrongly depending on its query plan
# (docs/remote.md). The catalogue's queries avoid every form found wrong, and a fresh
# Virtuoso gives the embedded store's JSON on this corpus, but in one run of this module
# (loaded with --verify) premature-exit missed one short tasking of the real case.
VIRTUOSO_DIFFERS = "Virtuoso 7.2 answers some transitive paths wrongly, by plan (open)"


def known_difference(server: Server, same: bool) -> None:
    """Mark the test an expected failure when Virtuoso gives the open difference above."""
    if server.kind == "virtuoso" and not same:
        pytest.xfail(VIRTUOSO_DIFFERS)


def cli(server: Server, command: str, *args: str) -> Result:
    """Run a casegraph command against the server (its credentials in the environment)."""
    return CliRunner(env=server.env).invoke(main, [command, *args, "--endpoint", server.url])


def truth(corpus: Path) -> set[tuple[Any, ...]]:
    rows = [json.loads(line) for line in (corpus / "truth.jsonl").read_text().splitlines()]
    return {(r["gap"], r["case"], r["entity"], r["actor"]) for r in rows}


def test_cases_lists_every_case_with_its_triples(server: Server, expected, on_files) -> None:
    listed = cli(server, "cases", "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert listed.stdout == expected("cases", "--format", "json").stdout
    assert json.loads(listed.stdout) == [
        {"case": c, "triples": n} for c, n in case_triple_counts(on_files).items()
    ]


def recorded(dataset: CaseDataset) -> dict[str, dict[str, Any]]:
    """The metadata graph's records by case id, read with the documented query."""
    rows = dataset.query(PROVENANCE_QUERY).dicts()
    return {str(case_graph_id(row["case"])): row for row in rows}


def test_every_case_and_nothing_else_has_its_record(server: Server) -> None:
    with environment(server):
        remote = CaseDataset(RemoteEngine(server.url))
        records, counts = recorded(remote), case_triple_counts(remote)
    assert sorted(records) == sorted(counts)
    for case_id, row in records.items():
        assert row["triples"] == counts[case_id]
        assert row["sha256"] == hashlib.sha256(Path(row["file"]).read_bytes()).hexdigest()
        assert row["software"] == f"casegraph {version()}" and row["loaded"].endswith("Z")


def test_gaps_are_identical_to_the_embedded_store_and_recover_the_planted_gaps(
    server: Server, corpus: Path, expected
) -> None:
    remote = cli(server, "gaps", "--format", "json")
    embedded = expected("gaps", "--format", "json")
    known_difference(server, remote.stdout == embedded.stdout)
    assert remote.exit_code == embedded.exit_code
    assert remote.stdout == embedded.stdout
    with environment(server):
        results = gaps(CaseDataset(RemoteEngine(server.url)))
    found = {r.key for r in results if r.key[1] != REAL}
    assert found == truth(corpus)


def test_stored_results_are_read_back_unchanged_and_live_gives_the_same_report(
    server: Server, expected, on_files: CaseDataset
) -> None:
    """Every case's results were stored with it, and the server returns them as sent:
    the report from them is the embedded store's, in every format; `--live` runs the
    rules on the server's own engine."""
    with environment(server):
        graphs = RemoteEngine(server.url).graphs()
    assert {g for g in graphs if g.startswith(RESULTS)} == {
        results_iri(case) for case in on_files.case_ids()
    }
    for options in (("--format", "json"), ("--format", "table"), ("--basis", "stated")):
        remote = cli(server, "gaps", *options)
        assert (remote.exit_code, remote.stdout) == (
            expected("gaps", *options).exit_code,
            expected("gaps", *options).stdout,
        )
    live = cli(server, "gaps", "--live", "--format", "json")
    embedded_live = expected("gaps", "--live", "--format", "json")
    assert embedded_live.stdout == expected("gaps", "--format", "json").stdout
    known_difference(server, live.stdout == embedded_live.stdout)
    assert live.stdout == embedded_live.stdout


def test_export_writes_every_case(server: Server, expected) -> None:
    exported = cli(server, "export", "--to", "nquads")
    assert exported.exit_code == 0, exported.output
    embedded = expected("export", "--to", "nquads").stdout_bytes
    lines = sorted(line for line in exported.stdout_bytes.splitlines() if line.strip())
    assert lines == sorted(line for line in embedded.splitlines() if line.strip())
    assert len({line.rsplit(b" ", 2)[-2] for line in lines}) == CASES + 1  # one graph each


def view_data(page: str) -> dict[str, list[str]]:
    """The view's nodes and edges (order-free: a server returns triples in its own order)."""
    block = re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', page, re.S)
    assert block, "no data block"
    data = json.loads(block.group(1))
    return {
        part: sorted(json.dumps(x, sort_keys=True) for x in data[part])
        for part in ("nodes", "edges")
    }


def test_view_draws_the_case(server: Server, embedded: Path, tmp_path: Path) -> None:
    remote, local = tmp_path / "remote.html", tmp_path / "local.html"
    drawn = cli(server, "view", "--case", REAL, "-o", str(remote))
    assert drawn.exit_code == 0, drawn.output
    args = ["view", "--case", REAL, "-o", str(local), "--store", str(embedded)]
    assert CliRunner().invoke(main, args).exit_code == 0
    drawn_data = view_data(remote.read_text())
    assert drawn_data == view_data(local.read_text())
    assert len(drawn_data["nodes"]) >= 40


def test_compare_and_recurring(server: Server, expected) -> None:
    a, b = "synth-7-000001", "synth-7-000002"
    compared = cli(server, "compare", a, b, "--format", "json")
    assert compared.exit_code == 0, compared.output
    assert compared.stdout == expected("compare", a, b, "--format", "json").stdout
    recurring = cli(server, "recurring")
    assert recurring.exit_code == 0, recurring.output
    known_difference(server, recurring.stdout == expected("recurring").stdout)
    assert recurring.stdout == expected("recurring").stdout


def test_stats_are_identical_to_the_embedded_store_and_to_the_files(
    server: Server, expected, on_files: CaseDataset
) -> None:
    from casegraph.stats import stats

    counted = cli(server, "stats", "--format", "json")
    assert counted.exit_code == 0, counted.output
    assert counted.stdout == expected("stats", "--format", "json").stdout
    assert json.loads(counted.stdout) == json.loads(json.dumps(stats(on_files)))


def test_sparql_answers_and_a_cut_answer_is_an_error(server: Server, on_files: CaseDataset) -> None:
    count = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER (STRSTARTS(STR(?g), 'https://w3id.org/casegraph/case/')) }"
    )
    answered = cli(server, "sparql", count, "--format", "json")
    assert answered.exit_code == 0, answered.output
    assert json.loads(answered.stdout)[0]["n"] == on_files.query(count).rows[0][0]
    everything = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    cut = cli(server, "sparql", everything, "--format", "json")
    if server.kind == "virtuoso":  # ResultSetMaxRows = 10,000 as shipped
        assert cut.exit_code == 2
        assert "cut the answer at 10,000 rows" in cut.output
    else:
        assert cut.exit_code == 0


def test_refresh_results_stores_what_is_missing(server: Server, expected) -> None:
    with environment(server):
        RemoteEngine(server.url)._update(f"DROP SILENT GRAPH <{results_iri(REAL)}>")
    wanted = expected("gaps", "--format", "json").stdout
    assert cli(server, "gaps", "--format", "json").stdout == wanted  # the real case live
    refreshed = cli(server, "load", "--refresh-results")
    assert refreshed.exit_code == 0, refreshed.output
    assert f"Refreshed the stored results of 1 case in {server.url}" in refreshed.stdout
    with environment(server):
        assert results_iri(REAL) in RemoteEngine(server.url).graphs()
    assert cli(server, "gaps", "--format", "json").stdout == wanted


def test_a_replaced_case_takes_its_new_results_and_a_removed_one_takes_them_away(
    server: Server, fixtures: Path, tmp_path: Path
) -> None:
    minimal = fixtures / "minimal.yaml"
    assert cli(server, "load", str(minimal)).exit_code == 0
    changed = tmp_path / "minimal.yaml"
    changed.write_text(
        minimal.read_text(encoding="utf-8").replace("Person A", "Person Q"), encoding="utf-8"
    )
    assert cli(server, "load", str(changed)).exit_code == 0
    one = ("--case", "fictional-2019-a", "--format", "json")
    stored = cli(server, "gaps", *one)
    assert stored.exit_code == 0 and "Person Q" in stored.stdout
    on_file = CliRunner().invoke(main, ["gaps", str(changed), "--format", "json"])
    assert stored.stdout == on_file.stdout
    assert cli(server, "remove", "fictional-2019-a").exit_code == 0
    with environment(server):
        graphs = RemoteEngine(server.url).graphs()
    assert results_iri("fictional-2019-a") not in graphs


def test_remove_a_case_and_a_missing_case(server: Server, fixtures: Path) -> None:
    minimal = fixtures / "minimal.yaml"
    assert cli(server, "load", str(minimal)).exit_code == 0
    removed = cli(server, "remove", "fictional-2019-a", "no-such-case")
    assert removed.exit_code == 1
    assert removed.stdout == f"Removed 1 case from {server.url}.\n"
    assert "Not in" in removed.output and "no-such-case" in removed.output
    listed = json.loads(cli(server, "cases", "--format", "json").stdout)
    assert "fictional-2019-a" not in {row["case"] for row in listed}
    with environment(server):
        assert sorted(recorded(CaseDataset(RemoteEngine(server.url)))) == sorted(
            row["case"] for row in listed
        )  # its record went with it
    again = cli(server, "remove", "fictional-2019-a")
    assert again.exit_code == 1 and again.stdout == f"Removed 0 cases from {server.url}.\n"


@pytest.fixture(scope="module")
def fixtures() -> Path:
    return Path(__file__).resolve().parent / "fixtures"


def test_verify_names_quads_the_server_changed(server: Server, fixtures: Path) -> None:
    """Virtuoso stores "2016"^^xsd:gYear and "2016-01"^^xsd:gYearMonth sent in one
    request with one datatype; casegraph never sends them together, and verify reports
    the change when they were."""
    from casegraph.store.ingest import prepare_file

    case = prepare_file(str(fixtures / "minimal.yaml")).cases[0]
    year = f'<{case.graph}/x> <http://e/p> "2016"^^<{XSD}gYear> .\n'
    month = f'<{case.graph}/y> <http://e/p> "2016-01"^^<{XSD}gYearMonth> .\n'
    data = case.ntriples() + year + month
    mixed = type(case)(
        case.case_id,
        case.path,
        case.graph,
        data.replace(" .\n", f" <{case.graph}> .\n").encode(),
        case.triples + 2,
    )
    with environment(server):
        engine = RemoteEngine(server.url)
        engine.write_batch([mixed])
        assert engine.verify([mixed]) == []  # casegraph's own writes keep the types
        engine._update(f"DROP SILENT GRAPH <{case.graph}>")
        engine._update(f"INSERT DATA {{ GRAPH <{case.graph}> {{ {data} }} }}")  # all at once
        differences = engine.verify([mixed])
        engine.remove_graph(case.graph)
    if server.kind == "virtuoso":
        assert differences == [
            f'fictional-2019-a: - <{case.graph}/y> <http://e/p> "2016-01"^^<{XSD}gYearMonth>',
            f'fictional-2019-a: + <{case.graph}/y> <http://e/p> "2016"^^<{XSD}gYear>',
        ]
    else:
        assert differences == []


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
def test_a_server_killed_mid_load_keeps_every_case_whole_or_absent(
    kind: str, corpus: Path, on_files: CaseDataset, tmp_path: Path
) -> None:
    running = start(kind, tmp_path / kind)
    whole = case_triple_counts(on_files)
    command = [
        sys.executable,
        "-c",
        "from casegraph.cli import main; main()",
        "load",
        str(corpus / "cases"),
        "--endpoint",
        running.url,
        "--jobs",
        "1",
        "--batch-quads",
        "5000",
    ]
    loader = subprocess.Popen(
        command,
        env={**os.environ, **running.env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        with environment(running):
            engine = RemoteEngine(running.url, timeout=5)
            deadline = time.monotonic() + 120
            present = 0
            while present < 20 and loader.poll() is None and time.monotonic() < deadline:
                time.sleep(0.2)
                with contextlib.suppress(Exception):
                    present = len(CaseDataset(engine).case_ids())
        running.process.send_signal(signal.SIGKILL)
        running.process.wait()
        _, err = loader.communicate(timeout=60)
        assert loader.returncode == 2, err
        assert b"Traceback" not in err
        running = running.restart()
        with environment(running):
            remote = CaseDataset(RemoteEngine(running.url))
            counts, records = case_triple_counts(remote), recorded(remote)
            graphs = remote.engine.graphs()
        assert 20 <= len(counts) < CASES + 1
        assert {c: whole[c] for c in counts} == counts  # each case whole
        assert sorted(records) == sorted(counts)  # with its record, and no record alone
        # ... and its stored results, which are never there without it
        assert {g for g in graphs if g.startswith(RESULTS)} == {results_iri(c) for c in counts}
    finally:
        loader.kill()
        running.stop()
