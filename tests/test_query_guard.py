"""No network and no file access from a query (issue 17): SERVICE, FROM and FROM NAMED.

The end-to-end test runs `casegraph sparql` on both engines in a child process that
records, through Python's audit hooks, every file it opens and every socket it
connects; a listener on 127.0.0.1 records the connections Oxigraph's own (Rust) HTTP
client would make, which no Python hook sees.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES

from casegraph.errors import QueryError
from casegraph.store.queryguard import check_query

CASE_FILE = str(FIXTURES / "minimal.yaml")


@pytest.fixture
def listener() -> Iterator[tuple[int, list[str]]]:
    """A TCP listener on 127.0.0.1: (port, peers of the connections it accepted)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    accepted: list[str] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, peer = server.accept()
            except OSError:
                continue
            accepted.append(str(peer))
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    stop.set()
    thread.join()
    server.close()


_CHILD = """
import json, sys
from click.testing import CliRunner
secret, queries, engine, case_file = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4]
seen = []
def hook(event, args):
    if event == "open" and secret in str(args[0]):
        seen.append("open " + str(args[0]))
    elif event == "socket.connect":
        seen.append("connect " + str(args[1]))
    elif event == "urllib.Request":
        seen.append("request " + str(args[0]))
sys.addaudithook(hook)
from casegraph.cli import main
results = []
for query in queries:
    r = CliRunner().invoke(main, ["sparql", query, "--engine", engine, case_file])
    results.append([r.exit_code, r.stderr, r.stdout])
print(json.dumps({"seen": seen, "results": results}))
"""


def _fetching_queries(port: int, secret: Path) -> list[str]:
    url = f"http://127.0.0.1:{port}/sparql"
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?p ?x }} }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        "SELECT * WHERE { \\u0053ERVICE <" + url + "> { ?s ?p ?o } }",
        f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{secret.as_uri()}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    ]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_no_query_connects_or_reads_a_file(
    engine: str, listener: tuple[int, list[str]], tmp_path: Path
) -> None:
    port, accepted = listener
    secret = tmp_path / "secret.ttl"
    secret.write_text("<http://x/a> <http://x/b> 'the secret' .\n", encoding="utf-8")
    queries = _fetching_queries(port, secret)
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(secret), json.dumps(queries), engine, CASE_FILE],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr
    report = json.loads(child.stdout.strip().splitlines()[-1])
    assert report["seen"] == []
    assert accepted == []
    for query, (code, stderr, stdout) in zip(queries, report["results"], strict=True):
        assert code == 1, (query, stderr, stdout)
        assert "Traceback" not in stderr
        assert "is refused" in stderr, (query, stderr)
        assert "the secret" not in stdout


def test_from_a_case_graph_is_allowed_and_reads_only_the_store() -> None:
    check_query("SELECT * FROM <https://w3id.org/casegraph/case/minimal> { ?s ?p ?o }")
    check_query("SELECT * FROM NAMED <https://w3id.org/casegraph/case/x> { GRAPH ?g {} }")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_from_a_case_graph_answers_from_that_case(engine: str) -> None:
    from casegraph.dataset import load

    dataset = load(CASE_FILE, engine=engine)
    (case_id,) = dataset.case_ids()
    graph = f"https://w3id.org/casegraph/case/{case_id}"
    rows = dataset.query(f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}")
    assert rows.rows[0][0] > 0


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?from WHERE { ?s cg:supersededFrom ?from } # SERVICE <http://x/>",
        'SELECT * WHERE { ?s ?p "SERVICE <http://x/> FROM <file:///etc/passwd>" }',
        "SELECT * WHERE { ?s <http://x/SERVICE> ?o }",
        "DESCRIBE <http://example.org/>",
    ],
)
def test_the_words_in_strings_names_and_comments_are_not_keywords(query: str) -> None:
    check_query(query)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * FROM cg:x { ?s ?p ?o }", "FROM <https://w3id.org/casegraph/ns#x>"),
        ("SELECT * FROM <https://w3id.org/casegraph/case/c/item> {}", "is refused"),
        ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } ", "could not be checked"),
        ("INSERT DATA { <http://a/> <http://b/> <http://c/> }", "SPARQL Update"),
    ],
)
def test_refusals_say_why(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("?", r"\?").replace("*", r"\*")):
        check_query(query)
