"""The SPARQL client against misbehaving endpoints (a scripted server on 127.0.0.1).

Each test starts a tiny HTTP server whose handler does one bad thing (never answers,
trickles, answers forever, redirects, cuts results, escapes the terminal) and checks
that casegraph stops in bounded time and size, with one clear line and exit 2.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from casegraph.cli import main
from casegraph.store.remote import RemoteEngine
from casegraph.store.remote_http import RemoteError, clean_message, credentials

Behaviour = Callable[[BaseHTTPRequestHandler], None]


class Scripted:
    """A server on 127.0.0.1 whose every request is handled by ``behaviour``."""

    def __init__(self, behaviour: Behaviour):
        self.requests: list[tuple[str, str, bytes, dict[str, str]]] = []
        scripted = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _record(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                scripted.requests.append((self.command, self.path, body, dict(self.headers)))
                with contextlib.suppress(OSError):  # the client hung up, as it should
                    behaviour(self)

            do_GET = do_POST = _record

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scripted() -> Iterator[Callable[[Behaviour], Scripted]]:
    started: list[Scripted] = []

    def start(behaviour: Behaviour) -> Scripted:
        started.append(Scripted(behaviour))
        return started[-1]

    yield start
    for server in started:
        server.close()


def _json(handler: BaseHTTPRequestHandler, data: object, headers: dict[str, str] | None = None):
    body = json.dumps(data).encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "application/sparql-results+json")
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def _silent(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(30)


def _trickle(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/sparql-results+json")
    handler.end_headers()
    for _ in range(300):
        handler.wfile.write(b" ")
        handler.wfile.flush()
        time.sleep(0.1)


def _endless(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/sparql-results+json")
    handler.end_headers()
    chunk = b" " * 65536
    for _ in range(100_000):
        handler.wfile.write(chunk)


def test_a_silent_endpoint_times_out_and_cancels_the_pending_queries(scripted) -> None:
    server = scripted(_silent)
    started = time.monotonic()
    result = CliRunner().invoke(main, ["gaps", "--endpoint", server.url, "--timeout", "1"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 2, result.output
    assert "within 1 s (--timeout sets the limit)" in result.output
    assert "Traceback" not in result.output
    # 14 catalogue queries, 4 at a time: without cancelling, 4 rounds of 1 s each and
    # every query sent; with it, the first round (and any query a freed worker had
    # already started) is all the server sees.
    assert elapsed < 3, elapsed
    assert len(server.requests) < 8


def test_a_trickling_answer_is_timed_out(scripted) -> None:
    server = scripted(_trickle)
    started = time.monotonic()
    with pytest.raises(RemoteError, match=r"no complete answer .* within 1 s"):
        RemoteEngine(server.url, timeout=1).graphs()
    assert time.monotonic() - started < 2.5


def test_an_endless_answer_is_cut_at_the_size_cap(scripted) -> None:
    server = scripted(_endless)
    with pytest.raises(RemoteError, match="larger than 1,000,000 bytes"):
        RemoteEngine(server.url, max_response_bytes=1_000_000).graphs()


def test_no_redirect_is_followed(scripted) -> None:
    elsewhere = scripted(lambda h: _json(h, {"head": {"vars": ["g"]}, "results": {"bindings": []}}))

    def redirect(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", elsewhere.url.replace("127.0.0.1", "localhost") + "/x")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    server = scripted(redirect)
    result = CliRunner().invoke(main, ["cases", "--endpoint", server.url])
    assert result.exit_code == 2
    assert "answered 302" in result.output and "does not follow redirects" in result.output
    assert "Traceback" not in result.output
    assert elsewhere.requests == []


@pytest.mark.parametrize("url", ["http://[::1", "http://h:99999", "ftp://h/sparql"])
def test_an_unusable_endpoint_url_is_a_usage_error(url: str) -> None:
    result = CliRunner().invoke(main, ["cases", "--endpoint", url])
    assert result.exit_code == 2
    assert "Invalid value for '--endpoint'" in result.output
    assert "Traceback" not in result.output


def test_credentials_in_the_url_are_refused() -> None:
    result = CliRunner().invoke(main, ["remove", "x", "--endpoint", "http://u:secret@h/sparql"])
    assert result.exit_code == 2
    assert "CASEGRAPH_SPARQL_USER" in result.output


def test_a_refusal_exits_2_with_the_servers_message_without_escape_codes(scripted) -> None:
    def refuse(handler: BaseHTTPRequestHandler) -> None:
        body = b"\x1b[31mSP030: syntax error\x1b[0m at line 1\x07"
        handler.send_response(400)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    server = scripted(refuse)
    result = CliRunner().invoke(main, ["sparql", "--endpoint", server.url, "SELECT * {?s ?p ?o}"])
    assert result.exit_code == 2
    assert "answered 400 Bad Request: SP030: syntax error at line 1" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_clean_message() -> None:
    assert clean_message("<html><body><h1>Bad &amp; wrong</h1></body></html>") == "Bad & wrong"
    assert clean_message("\x1b]0;title\x07ok\x1b[2J") == "ok"


def test_short_queries_go_as_get_long_ones_as_a_form_post(scripted) -> None:
    empty = {"head": {"vars": ["x"]}, "results": {"bindings": []}}
    server = scripted(lambda h: _json(h, empty))
    engine = RemoteEngine(server.url + "/sparql")
    engine.select("SELECT ?x WHERE { ?x ?p ?o }")
    engine.select("SELECT ?x WHERE { ?x ?p ?o } # " + "x" * 3000)
    (get, path, _, _), (post, _, body, headers) = server.requests
    assert get == "GET" and "SELECT" in urllib.parse.parse_qs(path.split("?", 1)[1])["query"][0]
    assert post == "POST" and headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert "x" * 3000 in urllib.parse.parse_qs(body.decode())["query"][0]
    engine._update("DROP SILENT GRAPH <http://e/g>")
    assert urllib.parse.parse_qs(server.requests[-1][2].decode()) == {
        "update": ["DROP SILENT GRAPH <http://e/g>"]
    }


def _rows_capped_at(cap: int, values: list[str]) -> Behaviour:
    """An endpoint answering with at most ``cap`` rows of ?g, in the order asked for."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        query = urllib.parse.parse_qs(handler.path.split("?", 1)[1])["query"][0]
        rows = sorted(values) if "ORDER BY" in query else values
        if '> "' in query:
            after = query.split('> "', 1)[1].split('"', 1)[0]
            rows = [v for v in rows if v > after]
        bindings = [{"g": {"type": "uri", "value": v}} for v in rows[:cap]]
        _json(
            handler,
            {"head": {"vars": ["g"]}, "results": {"bindings": bindings}},
            {"X-SPARQL-MaxRows": str(cap)},
        )

    return answer


def test_a_cut_answer_is_an_error_and_the_case_list_pages_past_the_cut(scripted) -> None:
    names = [f"https://w3id.org/casegraph/case/c{i:02}" for i in range(25)]
    server = scripted(_rows_capped_at(10, names[::-1]))
    engine = RemoteEngine(server.url + "/sparql")
    with pytest.raises(RemoteError, match="cut the answer at 10 rows"):
        engine.select("SELECT ?g WHERE { GRAPH ?g { } }")
    assert engine.graphs() == names


def test_credentials_from_the_environment_or_netrc(tmp_path: Path) -> None:
    env = {"CASEGRAPH_SPARQL_USER": "u", "CASEGRAPH_SPARQL_PASSWORD": "p"}
    assert credentials("h", env) == ("u", "p")
    netrc = tmp_path / "netrc"
    netrc.write_text("machine h login nu password np\n", encoding="utf-8")
    netrc.chmod(0o600)
    assert credentials("h", {"NETRC": str(netrc)}) == ("nu", "np")
    assert credentials("other", {"NETRC": str(netrc)}) is None


def test_basic_authentication(scripted, monkeypatch: pytest.MonkeyPatch) -> None:
    import base64

    def guarded(handler: BaseHTTPRequestHandler) -> None:
        expected = "Basic " + base64.b64encode(b"u:p").decode()
        if handler.headers.get("Authorization") != expected:
            handler.send_response(401)
            handler.send_header("WWW-Authenticate", 'Basic realm="sparql"')
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        _json(handler, {"head": {"vars": ["g"]}, "results": {"bindings": []}})

    server = scripted(guarded)
    with pytest.raises(RemoteError, match=r"answered 401 .*CASEGRAPH_SPARQL_USER"):
        RemoteEngine(server.url).graphs()
    monkeypatch.setenv("CASEGRAPH_SPARQL_USER", "u")
    monkeypatch.setenv("CASEGRAPH_SPARQL_PASSWORD", "p")
    assert RemoteEngine(server.url).graphs() == []


def test_a_refused_connection_is_quick(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = CliRunner().invoke(main, ["cases", "--endpoint", f"http://127.0.0.1:{port}"])
    assert result.exit_code == 2
    assert "cannot reach the SPARQL endpoint" in result.output
