"""casegraph's own graphs beside the cases are never read as cases.

A store holds, besides one graph per case, graphs casegraph keeps for itself (the
metadata graph of casegraph.store.metadata; any graph under casegraph.vocab.OWN_GRAPHS,
such as a leftover staging graph). Every command that lists or reads cases must give
on such a store exactly what it gives on the case files alone.

To add a graph of your own (per-case results, say): write it into the store in
``OWN_GRAPHS_WRITERS``; the same commands then run with it. The check on both servers
is in tests/test_servers.py (its store holds the metadata graph, and every command
there must answer as on the files).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, cli

from casegraph.store.disk import CaseStore
from casegraph.vocab import META_GRAPH, STAGING

REAL = Path(__file__).resolve().parent.parent / "data" / "cases" / "prevent-amess-2014.yaml"
MINIMAL = FIXTURES / "minimal.yaml"


def leftover_staging(store: CaseStore) -> None:
    """What a load killed between writing a staging graph and moving it leaves behind:
    a graph of casegraph's own holding metadata-like and label-like triples."""
    store.store.update(
        f"INSERT DATA {{ GRAPH <{STAGING}leftover> {{ "
        "<https://w3id.org/casegraph/case/ghost> a <http://www.w3.org/ns/dcat#Dataset> ; "
        '<http://www.w3.org/2000/01/rdf-schema#label> "ghost" . } }'
    )


def results_without_their_case(store: CaseStore) -> None:
    """Stored gap results (casegraph.gaps.stored) of a case the store does not hold,
    beside the ones loading wrote for each case."""
    from casegraph.gaps.catalogue import GapResult
    from casegraph.gaps.stored import results_nquads

    ghost = GapResult("unowned-duty", "ghost", "duty", "A ghost duty", "no owner")
    data, _ = results_nquads("ghost", [ghost], [("f1", "a finding", [])])
    store.store.load(data, format=store._ox.RdfFormat.N_QUADS)


# Each writes one kind of casegraph's own graph into a store already holding the cases
# (loading them wrote the metadata graph and each case's results already).
OWN_GRAPHS_WRITERS: dict[str, Callable[[CaseStore], None]] = {
    "metadata": lambda store: None,
    "staging": leftover_staging,
    "results": results_without_their_case,
}


@pytest.fixture(scope="module", params=sorted(OWN_GRAPHS_WRITERS))
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("own") / "store"
    loaded = cli("load", str(REAL), str(MINIMAL), "--store", str(path))
    assert loaded.exit_code == 0, loaded.output
    writer = CaseStore(path)
    OWN_GRAPHS_WRITERS[request.param](writer)
    assert writer.has_graph(META_GRAPH)
    writer.close()
    return path


CASES = ("prevent-amess-2014", "fictional-2019-a")
COMMANDS = [
    ("cases", "--format", "json"),
    ("stats", "--format", "json"),
    ("gaps", "--format", "json"),
    ("recurring",),
    ("compare", *CASES, "--format", "json"),
    ("stats", "--case", CASES[0], "--format", "json"),  # one case copied with its record
    ("gaps", "--case", CASES[1], "--format", "json"),
    ("export", "--to", "nquads"),
    ("export", "--to", "jsonld"),
    ("sparql", "SELECT ?s WHERE { ?s rdfs:label ?l } ORDER BY ?s", "--format", "json"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_commands_answer_as_on_the_files(store: Path, command: tuple[str, ...]) -> None:
    on_store = cli(*command, "--store", str(store))
    files = (str(REAL), str(MINIMAL))
    if command[0] == "sparql":
        on_files = cli(*command, *files)
    else:
        on_files = cli(command[0], *files, *command[1:])
    assert on_store.exit_code == on_files.exit_code == 0, on_store.output
    if command[0] == "sparql":
        # A user's query reads every graph, the metadata too (docs/remote.md says so).
        rows = json.loads(on_store.stdout)
        assert all(row in rows for row in json.loads(on_files.stdout))
    elif "jsonld" in command:
        assert quads(on_store.stdout) == quads(on_files.stdout)
    else:
        assert sorted(on_store.stdout.splitlines()) == sorted(on_files.stdout.splitlines())


def quads(jsonld: str) -> set[tuple[str, ...]]:
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(data=jsonld, format="json-ld")
    return {tuple(map(str, q)) for q in dataset.quads((None, None, None, None))}


def test_view_and_load_messages_count_cases_only(store: Path, tmp_path: Path) -> None:
    drawn = tmp_path / "view.html"
    assert cli("view", "--store", str(store), "-o", str(drawn)).exit_code == 0
    nodes = re.findall(r'"id": ?"(https://w3id.org/casegraph/[^"]*)"', drawn.read_text())
    assert nodes and all(n.startswith("https://w3id.org/casegraph/case/") for n in nodes)
    assert not [n for n in nodes if "#source-file" in n or n.endswith("/ghost")]
    copy = tmp_path / "copy"
    loaded = cli("load", str(MINIMAL), "--store", str(copy))
    assert loaded.output.startswith("Loaded 1 case (295 triples)")


def test_remove_knows_only_cases(store: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    for not_a_case in ("ghost", "../graphs/meta", "prevent-amess-2014#source-file"):
        removed = cli("remove", not_a_case, "--store", str(copy))
        assert removed.exit_code == 1 and "Removed 0 cases" in removed.stdout, removed.output
    assert cli("remove", "fictional-2019-a", "--store", str(copy)).exit_code == 0
    listed = json.loads(cli("cases", "--format", "json", "--store", str(copy)).stdout)
    assert [row["case"] for row in listed] == ["prevent-amess-2014"]
