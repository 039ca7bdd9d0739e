"""The remote engine against a real Oxigraph server on 127.0.0.1 (and its pure helpers).

The server fixture starts ``oxigraph serve`` (the binary the ``oxigraph`` package puts
next to the Python executable) on a free port, with its default graph the union of
the named graphs, as the embedded store queries it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL
from servers import free_port

from casegraph.cli import main
from casegraph.dataset import CaseDataset, load
from casegraph.errors import QueryError, StoreError
from casegraph.store.disk import case_triple_counts
from casegraph.store.ingest import load_files
from casegraph.store.remote import RemoteEngine, literal, with_values
from casegraph.store.remote_http import RemoteError
from casegraph.vocab import IRI, META_GRAPH

CG = "https://w3id.org/casegraph/ns#"
CASE = "https://w3id.org/casegraph/case/"


def both(*paths: Path, url: str) -> tuple[CaseDataset, CaseDataset]:
    """The same files in memory and on the server."""
    remote = RemoteEngine(url)
    load_files(remote, paths, jobs=1)
    # The load's records (tests/test_metadata.py) are not part of the cases compared.
    remote._update(f"DROP SILENT GRAPH <{META_GRAPH}>")
    return load(*paths), CaseDataset(remote)


def sort(rows: list[tuple]) -> list[tuple]:
    return sorted(rows, key=repr)


# -- pure helpers -----------------------------------------------------------------------


def test_values_go_at_the_start_of_the_where_clause() -> None:
    query = 'SELECT ?x WHERE { ?x rdfs:label "{ not this }" } # {'
    assert with_values(query, {"x": IRI("http://e/x")}) == (
        'SELECT ?x WHERE { VALUES (?x) { (<http://e/x>) }\n ?x rdfs:label "{ not this }" } # {'
    )


def test_braces_in_prefixes_comments_and_strings_are_skipped() -> None:
    query = "# a { comment\nPREFIX ex: <http://e/x#{>\nASK { ?s ?p ?o }"
    assert with_values(query, {"o": 3}).endswith(
        'ASK { VALUES (?o) { ("3"^^<http://www.w3.org/2001/XMLSchema#integer>) }\n ?s ?p ?o }'
    )


def test_construct_gets_values_at_the_end() -> None:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert with_values(query, {"s": True}) == (
        f'{query}\nVALUES (?s) {{ ("true"^^<http://www.w3.org/2001/XMLSchema#boolean>) }}\n'
    )


def test_literals_are_escaped_and_never_use_unicode_escapes() -> None:
    assert literal('a "b" \\ c\nd\re\tf') == '"a \\"b\\" \\\\ c\\nd\\re\\tf"'
    assert literal("\\u0022") == '"\\\\u0022"'
    assert literal("Zoë") == '"Zoë"'


@pytest.mark.parametrize(
    ("bindings", "message"),
    [
        ({"x y": "a"}, "not a variable name: 'x y'"),
        ({"x": IRI("http://e/> } ; DROP ALL ; <x")}, "not an IRI that can be sent"),
    ],
)
def test_unsafe_bindings_are_refused(bindings: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        with_values("SELECT * WHERE { ?x ?p ?o }", bindings)


def test_an_endpoint_url_must_be_http() -> None:
    with pytest.raises(StoreError, match="not an http"):
        RemoteEngine("file:///etc/passwd")


def test_oxigraph_layout_urls() -> None:
    engine = RemoteEngine("http://h:1")
    assert (engine.url, engine.update_url, engine.store_url) == (
        "http://h:1/query",
        "http://h:1/update",
        "http://h:1/store",
    )
    virtuoso = RemoteEngine("http://h:8890/sparql")
    assert (virtuoso.url, virtuoso.update_url, virtuoso.store_url) == (
        "http://h:8890/sparql",
        "http://h:8890/sparql",
        "http://h:8890/sparql-graph-crud",
    )
    other = RemoteEngine("http://h/ds/sparql")
    assert (other.update_url, other.store_url) == ("http://h/ds/sparql", None)


def test_unreachable_endpoint_is_a_clear_store_error() -> None:
    port = free_port()
    with pytest.raises(StoreError) as info:
        RemoteEngine(f"http://127.0.0.1:{port}").graphs()
    assert str(info.value).startswith(
        f"cannot reach the SPARQL endpoint http://127.0.0.1:{port}/query: "
    )
    assert str(info.value).endswith("is the server running?")


# -- against the server -----------------------------------------------------------------


@pytest.mark.server
def test_queries_answer_as_the_embedded_store_does(endpoint: str, real_case_path: Path) -> None:
    memory, remote = both(MINIMAL, real_case_path, url=endpoint)
    assert remote.case_ids() == memory.case_ids() == ["fictional-2019-a", "prevent-amess-2014"]
    for query in [
        "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
        "SELECT ?s ?o WHERE { ?s cg:planned ?o }",  # default graph: the union
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "ASK { ?s cg:eventKind cg:event-kind-tasking }",
        "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }",
    ]:
        assert sort(remote.query(query).rows) == sort(memory.query(query).rows), query
    assert case_triple_counts(remote) == case_triple_counts(memory)
    graph = CASE + "fictional-2019-a"
    assert sort(remote.engine.triples(graph)) == sort(memory.engine.triples(graph))
    assert set(remote.nquads("fictional-2019-a").splitlines()) == set(
        memory.nquads("fictional-2019-a").splitlines()
    )


@pytest.mark.server
def test_bindings_bind_like_the_embedded_engine(endpoint: str, real_case_path: Path) -> None:
    memory, remote = both(MINIMAL, real_case_path, url=endpoint)
    # (the embedded engine binds only variables the query selects)
    query = """SELECT ?e ?label ?kind ?limit WHERE {
        ?e cg:eventKind ?kind .
        OPTIONAL { ?e rdfs:label ?label }
        FILTER NOT EXISTS { ?e cg:planned ?n . FILTER (?n < ?limit) }
    }"""
    bindings = {"kind": IRI(CG + "event-kind-tasking"), "limit": 2}
    rows = remote.query(query, bindings).rows
    assert rows and sort(rows) == sort(memory.query(query, bindings).rows)
    hostile = {"label": '" } } ; DROP ALL ; SELECT * { "'}
    assert remote.query("SELECT ?e WHERE { ?e rdfs:label ?label }", hostile).rows == []
    assert remote.case_ids() == ["fictional-2019-a", "prevent-amess-2014"]


@pytest.mark.server
def test_replacing_and_removing_cases(endpoint: str, tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    remote = RemoteEngine(endpoint)
    assert load_files(remote, [case], jobs=1).loaded == ["fictional-2019-a"]
    odd = 'He said "no" \\ twice;\n then left. Zoë → 🚩 } GRAPH <x> {'
    case.write_text(
        text.replace(
            "summary: Teacher referred Person A to Prevent.",
            f"summary: {json.dumps(odd, ensure_ascii=False)}",
        ),
        "utf-8",
    )
    assert load_files(remote, [case], jobs=1).replaced == ["fictional-2019-a"]
    dataset = CaseDataset(remote)
    summaries = [r[0] for r in dataset.query("SELECT ?s WHERE { ?e cg:summary ?s }").rows]
    assert summaries == [odd]
    assert case_triple_counts(dataset) == case_triple_counts(load(case))
    assert remote.remove(["fictional-2019-a", "nope"]) == (["fictional-2019-a"], ["nope"])
    assert dataset.case_ids() == []


@pytest.mark.server
def test_large_replacements_are_split_into_requests_of_whole_cases(
    endpoint: str, tmp_path: Path
) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    text = MINIMAL.read_text(encoding="utf-8")
    for i in range(6):
        (folder / f"c{i}.yaml").write_text(
            text.replace("id: fictional-2019-a", f"id: c{i}"), "utf-8"
        )
    remote = RemoteEngine(endpoint, max_update_bytes=30_000)  # about two cases a request
    load_files(remote, [folder], jobs=1)
    report = load_files(remote, [folder], jobs=1)
    assert sorted(report.replaced) == [f"c{i}" for i in range(6)]
    assert case_triple_counts(CaseDataset(remote)) == case_triple_counts(load(folder))


@pytest.mark.server
def test_malformed_query_is_refused_with_the_servers_message(endpoint: str) -> None:
    with pytest.raises(RemoteError, match="answered 400 Bad Request: error at"):
        CaseDataset(RemoteEngine(endpoint)).query("SELECT ?x WHERE { ?x }")
    with pytest.raises(QueryError, match="SPARQL Update"):
        CaseDataset(RemoteEngine(endpoint)).query("DROP ALL")


@pytest.mark.server
def test_cli_load_cases_gaps_and_remove_on_an_endpoint(endpoint: str, real_case_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["load", str(real_case_path), "--endpoint", endpoint])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Loaded 1 case (814 triples) into {endpoint} in ")
    listed = runner.invoke(main, ["cases", "--endpoint", endpoint, "--format", "json"])
    assert json.loads(listed.stdout) == [{"case": "prevent-amess-2014", "triples": 814}]
    remote = runner.invoke(main, ["gaps", "--endpoint", endpoint, "--format", "json"])
    files = runner.invoke(main, ["gaps", str(real_case_path), "--format", "json"])
    assert remote.exit_code == files.exit_code == 0
    assert json.loads(remote.stdout) == json.loads(files.stdout) != []
    removed = runner.invoke(main, ["remove", "prevent-amess-2014", "--endpoint", endpoint])
    assert removed.exit_code == 0
    assert removed.output == f"Removed 1 case from {endpoint}.\n"


def test_a_write_the_server_deadlocked_is_sent_again_and_other_failures_are_not() -> None:
    from casegraph.store.remote import _retry_deadlock
    from casegraph.store.remote_http import RemoteError

    calls: list[int] = []

    def deadlocking(times: int, message: str):  # type: ignore[no-untyped-def]
        def send() -> str:
            calls.append(1)
            if len(calls) <= times:
                raise RemoteError(message)
            return "done"

        return send

    deadlock = "answered 500: Error 40001 SR172: Transaction deadlocked"
    assert _retry_deadlock(deadlocking(2, deadlock)) == "done" and len(calls) == 3  # type: ignore[comparison-overlap]
    calls.clear()
    with pytest.raises(RemoteError, match="SR172"):
        _retry_deadlock(deadlocking(9, deadlock), attempts=3)
    assert len(calls) == 3
    calls.clear()
    with pytest.raises(RemoteError, match="refused"):
        _retry_deadlock(deadlocking(1, "answered 403: refused"))
    assert len(calls) == 1
