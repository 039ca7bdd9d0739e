"""A remote SPARQL 1.1 endpoint as a casegraph engine (the SPARQL 1.1 Protocol).

Tested against the Oxigraph server and Virtuoso 7.2. What works on every standard
server, and why each choice was made:

- Queries go as a GET when short and as a URL-encoded form POST (``query=...``)
  otherwise; updates as a form POST (``update=...``). Virtuoso 7.2 never answers a
  direct POST of ``application/sparql-query`` (openlink/virtuoso-opensource#842).
- Answers come as SPARQL JSON results, turned into the same plain values as the
  embedded engines: IRIs as casegraph.vocab.IRI, integers as int, other literals as
  their text, blank nodes as ``_:id``, unbound as None. Bound values are never pasted
  into the query as text: each is serialised as an N-Triples term (IRIs checked,
  literals escaped) into a ``VALUES`` block at the start of the WHERE clause.
- The cases are listed with ``SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }`` and
  checked with ``FILTER EXISTS``: on Virtuoso ``GRAPH ?g { }`` gives one unbound row,
  and a graph given in VALUES is echoed back whether or not it exists.
- A server may cut a large answer (Virtuoso at ``ResultSetMaxRows``, 10,000 rows by
  default, saying so only in the ``X-SPARQL-MaxRows`` header). A cut answer to a query
  is an error; casegraph's own reads of a case's triples and of the case list page
  through the answer on a stable order (keyset paging, which needs no OFFSET, which
  Virtuoso also caps), so they are complete.
- HTTP is bounded (see casegraph.store.remote_http): connect and whole-answer timeouts, a
  size cap, no redirects, credentials from the environment or netrc; a failed request
  is a RemoteError (exit 2) with the server's own message; when one of several queries
  fails the others are cancelled.

Writing: each case is written whole or not at all. Cases that fit in one update
request go in one request per batch (``DROP SILENT GRAPH`` then ``INSERT DATA``, applied
atomically by the server). A case too big for one request is written in parts into a
staging graph (``https://w3id.org/casegraph/graphs/staging/...``, which no command
reads as a case) and moved into place with one ``MOVE`` request, so a crash mid-case
leaves the case as it was (and at worst a staging graph behind). Each case's record in
the metadata graph (casegraph.store.metadata) goes in the same request as the case.
On the Oxigraph layout new cases are POSTed as N-Quads to its Graph Store endpoint (one
transaction per POST).
``max_update_bytes`` bounds each update request: Virtuoso refuses an insert of more than
about 1,000 triples ("SP031 ... exceeded 10000 lines of code"), so its default there is
smaller. Virtuoso also stores ``xsd:gYear`` and ``xsd:gYearMonth`` literals that arrive
in one request with a single datatype; casegraph sends triples with partial dates of
different types in separate requests, and ``verify`` reads a case back and names every
quad that differs.

The catalogue queries name their graphs (``GRAPH ?g``), so they run on any server. For
queries over the default graph to see every case, as they do on the embedded store,
the server's default graph must be the union of its named graphs: Oxigraph's
``--union-default-graph`` (casegraph also asks for it per query on Oxigraph's URL
layout), Fuseki's ``tdb:unionDefaultGraph``; Virtuoso's default graph is the union
(of its own system graphs too).
"""

from __future__ import annotations

import contextlib
import json
import re
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from casegraph.errors import QueryError
from casegraph.store.disk import PreparedCase, differences, replace_update, results_update
from casegraph.store.engines import Bindings, Rows, from_oxigraph
from casegraph.store.ingest import to_nquads
from casegraph.store.metadata import records_update
from casegraph.store.queryguard import check_query
from casegraph.store.remote_http import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
    Answer,
    Http,
    RemoteError,
    check_url,
)
from casegraph.vocab import (
    INTEGER_TYPES,
    IRI,
    SAFE_IRI,
    STAGING,
    case_graph_id,
    case_iri,
    results_iri,
    sparql_prologue,
)

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_XSD = "http://www.w3.org/2001/XMLSchema#"
# Small enough for servers that cap SPARQL bodies at 1 MiB.
DEFAULT_MAX_UPDATE_BYTES = 900_000
# Virtuoso refuses inserts of about 1,000 triples and more (about 150 bytes each).
VIRTUOSO_MAX_UPDATE_BYTES = 60_000
# Queries up to this long (URL-encoded) go as a GET, longer ones as a form POST.
MAX_GET_BYTES = 2_000
_RESULTS_JSON = "application/sparql-results+json"
_FORM = "application/x-www-form-urlencoded"
# Datatypes Virtuoso confuses with each other when they arrive in one request.
_PARTIAL_DATES = ("<" + _XSD + "gYear>", "<" + _XSD + "gYearMonth>")


class RemoteEngine:
    """A SPARQL 1.1 endpoint: queries, and writes through SPARQL Update.

    Args:
        url: the query endpoint, e.g. ``http://127.0.0.1:7878/query`` (Oxigraph),
            ``http://host:8890/sparql-auth`` (Virtuoso, authenticated). A bare
            ``http://host:port`` means Oxigraph's layout (``/query``, ``/update``, ``/store``).
        update_url: the update endpoint; by default ``.../update`` beside a
            ``.../query`` URL, else the query URL itself.
        store_url: the Graph Store Protocol endpoint for fast writes; by default
            ``.../store`` on Oxigraph's layout, ``/sparql-graph-crud(-auth)`` beside
            Virtuoso's ``/sparql(-auth)``, else none (SPARQL Update only).
        timeout: seconds for one request, from connecting to the last byte of the answer.
        connect_timeout: seconds to wait for a connection.
        max_update_bytes: the largest update request to send (default: 60,000 for a
            Virtuoso-style ``/sparql`` URL, else 900,000).
        max_response_bytes: the largest answer to read.
        concurrency: how many queries to send at once (the catalogue's queries).

    Credentials (HTTP basic or digest) come from ``CASEGRAPH_SPARQL_USER`` and
    ``CASEGRAPH_SPARQL_PASSWORD``, else from ``~/.netrc``.

    Raises:
        RemoteError: the URL is not a usable http(s) URL, or holds credentials.
    """

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        store_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        max_update_bytes: int | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        concurrency: int = 4,
    ):
        parts = check_url(url)
        root = f"{parts.scheme}://{parts.netloc}"
        path = parts.path.rstrip("/")
        oxigraph_layout = path == "" or path.endswith("/query")
        base = path[: -len("/query")] if path.endswith("/query") else path
        self.url = f"{root}{base}/query" if path == "" else url
        self.update_url = update_url or (f"{root}{base}/update" if oxigraph_layout else self.url)
        self.store_url = store_url or _graph_store_url(root, base, path, oxigraph_layout)
        # Oxigraph's Graph Store endpoint loads N-Quads of many graphs in one transaction.
        self.nquads_store = oxigraph_layout and store_url is None
        for other in (self.update_url, self.store_url):
            if other:
                check_url(other)
        self.union_param = oxigraph_layout
        # Virtuoso's limits and defects apply when its URL layout or its Server header says so.
        self.virtuoso = path.endswith(("/sparql", "/sparql-auth"))
        self._max_update_bytes = max_update_bytes
        self.http = Http(
            root,
            timeout=timeout,
            connect_timeout=connect_timeout,
            max_response_bytes=max_response_bytes,
        )
        # Requests in flight at once: the server does the work, one connection each.
        self.concurrency = concurrency
        # A server may cut a long answer (Virtuoso at 10,000 rows): callers that read
        # a row per case ask for a few thousand cases at a time.
        self.cuts_answers = True

    @property
    def timeout(self) -> float:
        return self.http.timeout

    @property
    def max_update_bytes(self) -> int:
        """The largest update request: as given, else a default for the server."""
        if self._max_update_bytes is not None:
            return self._max_update_bytes
        return VIRTUOSO_MAX_UPDATE_BYTES if self.virtuoso else DEFAULT_MAX_UPDATE_BYTES

    def _notice(self, answer: Answer) -> Answer:
        if "virtuoso" in answer.headers.get("server", "").lower():
            self.virtuoso = True
        return answer

    # -- HTTP ---------------------------------------------------------------------------

    def _query(self, sparql: str, accept: str = _RESULTS_JSON) -> Answer:
        params = [("query", sparql)]
        if self.union_param:
            params.append(("union-default-graph", ""))
        encoded = urllib.parse.urlencode(params)
        headers = {"Accept": accept}
        if len(encoded) <= MAX_GET_BYTES:
            return self._notice(self.http.request(f"{self.url}?{encoded}", headers=headers))
        return self._notice(
            self.http.request(
                self.url, body=encoded.encode(), headers={**headers, "Content-Type": _FORM}
            )
        )

    def _update(self, sparql: str) -> None:
        body = urllib.parse.urlencode([("update", sparql)]).encode()
        self._notice(
            _retry_deadlock(
                lambda: self.http.request(
                    self.update_url, body=body, headers={"Content-Type": _FORM}
                )
            )
        )

    def _rows(self, sparql: str) -> tuple[Rows, bool]:
        """The rows of a SELECT or ASK, and whether the server says it cut them short."""
        answer = self._query(sparql)
        try:
            data = json.loads(answer.body)
        except ValueError:
            raise RemoteError(
                f"{self.url} did not answer with SPARQL JSON results ({answer.content_type})"
            ) from None
        if "boolean" in data:
            return Rows(["ask"], [(bool(data["boolean"]),)]), False
        variables = list(data.get("head", {}).get("vars", []))
        bindings = data.get("results", {}).get("bindings", [])
        rows = Rows(variables, [tuple(_from_json(b.get(v)) for v in variables) for b in bindings])
        cap = answer.headers.get("x-sparql-maxrows", "")
        return rows, cap.isdigit() and len(bindings) >= int(cap)

    # -- reading ------------------------------------------------------------------------

    def select(self, sparql: str, bindings: Bindings | None = None) -> Rows:
        """Run a read-only query; the project's prefixes are declared in front of it.

        CONSTRUCT and DESCRIBE are answered as rows of (subject, predicate, object).

        Raises:
            RemoteError: the server refused or failed the query, or cut its answer.
        """
        check_query(sparql)
        text = sparql_prologue() + (with_values(sparql, bindings) if bindings else sparql)
        form, _ = _scan(sparql)
        if form in ("CONSTRUCT", "DESCRIBE"):
            answer = self._query(text, accept="application/n-triples")
            rows = _triples_rows(answer.body)
            cap = answer.headers.get("x-sparql-maxrows", "")
            cut = cap.isdigit() and len(rows) >= int(cap)
        else:
            rows, cut = self._rows(text)
        if cut:
            raise RemoteError(
                f"{self.url} cut the answer at {len(rows):,} rows (its result limit, "
                f"e.g. Virtuoso's ResultSetMaxRows): the answer is incomplete. Narrow the "
                f"query, or raise the server's limit"
            )
        return rows

    def select_many(self, queries: Sequence[str]) -> list[Rows]:
        """Answers to several queries, ``concurrency`` at a time, in order.

        The first failure cancels the requests still in flight and those not yet sent.
        """
        workers = min(len(queries), self.concurrency)
        if workers <= 1:
            return [self.select(q) for q in queries]
        from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

        with ThreadPoolExecutor(workers) as pool:
            futures = [pool.submit(self.select, q) for q in queries]
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
            failed = [f for f in futures if f in done and f.exception() is not None]
            if failed:
                self.http.cancel()
                for future in futures:
                    future.cancel()
        self.http.resume()
        if failed:
            raise failed[0].exception()  # type: ignore[misc]
        return [f.result() for f in futures]

    def _paged(self, variable: str, pattern: str) -> Iterator[Any]:
        """Every value of ``SELECT ?v WHERE { pattern } GROUP BY ?v``, paged if cut.

        (GROUP BY rather than DISTINCT: Virtuoso 7.2 answered ``SELECT DISTINCT ?g WHERE
        { GRAPH ?g { ?s ?p ?o } }`` in 0.1 s on a fresh store but timed out after 60 s
        once graphs had been moved, where the GROUP BY form took 0.1 s.) Keyset paging:
        each page starts after the last value of the one before, so no OFFSET is needed.
        """
        query = f"SELECT {variable} WHERE {{ {pattern} }} GROUP BY {variable}"
        rows, cut = self._rows(query)
        if not cut:
            yield from (row[0] for row in rows.rows)
            return
        size = len(rows.rows)
        after: str | None = None
        while True:
            start = "" if after is None else f"FILTER (STR({variable}) > {literal(after)})"
            page, cut = self._rows(
                f"SELECT {variable} WHERE {{ {pattern} {start} }} GROUP BY {variable} "
                f"ORDER BY STR({variable}) LIMIT {size}"
            )
            yield from (row[0] for row in page.rows)
            if len(page.rows) < size:
                return
            after = str(page.rows[-1][0])

    def graphs(self) -> list[str]:
        values = self._paged("?g", "GRAPH ?g { ?s ?p ?o }")
        return sorted(str(g) for g in values if isinstance(g, IRI))

    def existing(self, graphs: Iterable[str]) -> set[str]:
        """Which of these graphs the endpoint holds (with at least one triple)."""
        names = sorted(set(graphs))
        found: set[str] = set()
        for start in range(0, len(names), 500):
            chunk = " ".join(_iri(g) for g in names[start : start + 500])
            rows, _ = self._rows(
                f"SELECT ?g WHERE {{ VALUES ?g {{ {chunk} }} "
                f"FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}"
            )
            found.update(str(g) for (g,) in rows.rows)
        return found

    def quads_of(self, graph: str) -> list[str]:
        """One graph's triples as N-Triples lines (as the server holds them)."""
        rows = self._paged_json(graph)
        return [f"{_term(s)} {_term(p)} {_term(o)} .\n" for s, p, o in rows]

    def _paged_json(self, graph: str) -> list[tuple[dict[str, Any], ...]]:
        """A graph's triples as SPARQL JSON terms (exact datatypes), complete."""
        pattern = f"GRAPH {_iri(graph)} {{ ?s ?p ?o }}"
        out: list[tuple[dict[str, Any], ...]] = []
        after: str | None = None
        limit: int | None = None
        while True:
            start = "" if after is None else f"FILTER (STR(?s) >= {literal(after)})"
            order = "" if limit is None else f"ORDER BY STR(?s) LIMIT {limit}"
            answer = self._query(f"SELECT ?s ?p ?o WHERE {{ {pattern} {start} }} {order}")
            try:
                bindings = json.loads(answer.body)["results"]["bindings"]
            except (ValueError, KeyError, TypeError):
                raise RemoteError(f"{self.url} did not answer with SPARQL JSON results") from None
            cap = answer.headers.get("x-sparql-maxrows", "")
            cut = cap.isdigit() and len(bindings) >= int(cap)
            rows = [(b["s"], b["p"], b["o"]) for b in bindings]
            if not cut and (limit is None or len(rows) < limit):
                return out + rows
            limit = len(rows)
            last = rows[-1][0]["value"]
            whole = [r for r in rows if r[0]["value"] != last]
            if not whole and after is not None:
                raise RemoteError(
                    f"{self.url} cut the answer at {len(rows):,} rows, all about one "
                    f"subject ({last}): raise the server's result limit"
                )
            out += whole
            after = last

    def nquads(self, graph: str | None = None) -> str:
        if graph is not None:
            return "".join(self.quads_of(graph))
        return "".join(
            f"{line[:-2]}{_iri(g)} .\n" for g in self.graphs() for line in self.quads_of(g)
        )

    def triples(self, graph: str) -> list[tuple[Any, Any, Any]]:
        return [
            (_from_json(s), _from_json(p), _from_json(o)) for s, p, o in self._paged_json(graph)
        ]

    # -- writing ------------------------------------------------------------------------

    def replace_graph(self, graph: str, ntriples: str) -> None:
        """Replace one graph's triples, atomically on the server."""

        data, count = to_nquads(ntriples, graph)
        case_id = case_graph_id(graph) or graph  # a case's stored results go with it
        self._replace([PreparedCase(case_id, "", graph, data, count)])

    def remove_graph(self, graph: str) -> None:
        self._update(f"DROP SILENT GRAPH {_iri(graph)}")

    def remove(self, case_ids: Iterable[str]) -> tuple[list[str], list[str]]:
        """Remove cases by id, each with its record in the metadata graph in one request.
        Returns (removed, not there)."""
        ids = list(case_ids)
        present = self.existing(case_iri(c) for c in ids)
        removed, missing = [], []
        for case_id in ids:
            graph = case_iri(case_id)
            if graph in present:  # with its stored results and its record, in one request
                self._update(
                    f"DROP SILENT GRAPH {_iri(graph)} ;\n"
                    f"DROP SILENT GRAPH {_iri(results_iri(case_id))} ;\n"
                    f"{records_update([graph], [])}"
                )
                removed.append(case_id)
            else:
                missing.append(case_id)
        return removed, missing

    def write_batch(self, cases: Sequence[PreparedCase]) -> list[str]:
        """Add or replace whole cases with their stored results, each atomically (see
        the module docstring).

        Returns:
            The ids of the cases that replaced one already there.
        """
        held = self.existing(g for c in cases for g in (c.graph, c.results_graph) if g)
        # A case is new when neither it nor stored results of it are there.
        new = [c for c in cases if not {c.graph, c.results_graph} & held]
        old = [c for c in cases if {c.graph, c.results_graph} & held]
        if new and self.nquads_store:
            assert self.store_url is not None
            body = b"".join(c.with_record() for c in new)
            self.http.request(
                self.store_url, body=body, headers={"Content-Type": "application/n-quads"}
            )
            new = []
        if self.store_url and not self.nquads_store:
            self._staged_many([*new, *old])
        elif new or old:
            self._replace([*new, *old])
        return [c.case_id for c in old if c.graph in held]

    def _staged_many(self, cases: Sequence[PreparedCase], per_request: int = 50) -> None:
        """Each case (and its stored results) POSTed to staging graphs of its own (Graph
        Store Protocol), then moved into place with its record, up to ``per_request``
        cases to an update request (fewer when their records would not fit
        ``max_update_bytes``)."""
        posts: list[tuple[str, str]] = []  # (staging graph, N-Triples)
        moves: list[str] = []  # each case's operations
        for case in cases:
            staging = f"{STAGING}{uuid.uuid4().hex}"
            posts.append((staging, case.ntriples()))
            ops = [f"MOVE SILENT GRAPH <{staging}> TO {_iri(case.graph)}"]
            if case.results_graph:
                ops.append(self._results_op(case, posts))
            moves.append(" ;\n".join(ops))
        try:
            self._post_all(posts)
            for group in self._record_groups(list(zip(moves, cases, strict=True)), per_request):
                records = records_update([c.graph for _, c in group], [c.record for _, c in group])
                self._update(" ;\n".join([*(move for move, _ in group), records]))
        except RemoteError:
            self._drop_stagings(s for s, _ in posts)
            raise

    def _post_all(self, posts: Sequence[tuple[str, str]]) -> None:
        """POST each (staging graph, N-Triples) through the Graph Store endpoint."""
        if len(posts) == 1 or self.concurrency <= 1:
            for staging, data in posts:
                self._post_graph(staging, data)
            return
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(self.concurrency) as pool:
            for done in [pool.submit(self._post_graph, *post) for post in posts]:
                done.result()

    @staticmethod
    def _results_op(case: PreparedCase, posts: list[tuple[str, str]]) -> str:
        """The operation that puts a case's stored results in place (their staging graph
        added to ``posts``), or drops the old ones when the case comes without any."""
        if not case.results:
            return f"DROP SILENT GRAPH {_iri(case.results_graph)}"
        staging = f"{STAGING}{uuid.uuid4().hex}"
        posts.append((staging, case.results_ntriples()))
        return f"MOVE SILENT GRAPH <{staging}> TO {_iri(case.results_graph)}"

    def write_results(self, cases: Sequence[PreparedCase]) -> None:
        """Write the stored results of cases already there (not the cases), each
        replacing the case's old results in one request."""
        if self.store_url and not self.nquads_store:
            posts: list[tuple[str, str]] = []
            ops = [self._results_op(case, posts) for case in cases]
            try:
                self._post_all(posts)
                for start in range(0, len(ops), 50):
                    self._update(" ;\n".join(ops[start : start + 50]))
            except RemoteError:
                self._drop_stagings(s for s, _ in posts)
                raise
            return
        for chunk in self._update_chunks(cases):
            self._update(results_update(chunk))

    def _record_groups(self, items: list[Any], most: int) -> Iterator[list[Any]]:
        """(staging, case) pairs in groups of at most ``most`` whose records fit one
        update request."""
        group: list[Any] = []
        size = 0
        for item in items:
            cost = len(item[1].record) + 200  # the MOVE and the record's removal
            if group and (len(group) >= most or size + cost > self.max_update_bytes):
                yield group
                group, size = [], 0
            group.append(item)
            size += cost
        if group:
            yield group

    def _post_graph(self, graph: str, ntriples: str) -> None:
        assert self.store_url is not None
        separator = "&" if "?" in self.store_url else "?"
        _retry_deadlock(
            lambda: self.http.request(
                f"{self.store_url}{separator}{urllib.parse.urlencode({'graph': graph})}",
                body=ntriples.encode(),
                headers={"Content-Type": "application/n-triples"},
            )
        )

    def _drop_stagings(self, graphs: Iterable[str]) -> None:
        # If the server is gone, staging graphs stay behind; no command reads them.
        with contextlib.suppress(RemoteError):
            for graph in graphs:
                self._update(f"DROP SILENT GRAPH <{graph}>")

    def _replace(self, cases: Sequence[PreparedCase]) -> None:
        """Write cases, replacing what their graphs held: one request for cases that fit
        together, a staging graph and one MOVE for a case that does not."""

        for chunk in self._update_chunks(cases):
            if len(chunk) == 1 and not self._fits(chunk[0]):
                self._staged(chunk[0])
            else:
                self._update(replace_update(chunk))

    def _fits(self, case: PreparedCase) -> bool:
        if _size(case) > self.max_update_bytes:
            return False
        return not (self.virtuoso and _mixes_partial_dates(case.nquads))

    def _staged(self, case: PreparedCase) -> None:
        """Write one case into a staging graph (whole through the Graph Store endpoint,
        else in parts through SPARQL Update), then MOVE it into place with its stored
        results (one triple each, so in one request) and its record."""
        if self.store_url:
            self._staged_many([case])
            return
        staging = f"{STAGING}{uuid.uuid4().hex}"
        _iri(case.graph)
        posts: list[tuple[str, str]] = [(staging, case.ntriples())]
        results = self._results_op(case, posts) if case.results_graph else ""
        try:
            for part in self._parts(case.ntriples()):
                self._update(f"INSERT DATA {{ GRAPH <{staging}> {{\n{part}}} }}")
            for graph, data in posts[1:]:
                self._update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{data}}} }}")
            records = records_update([case.graph], [case.record])
            moves = [f"MOVE SILENT GRAPH <{staging}> TO <{case.graph}>", results, records]
            self._update(" ;\n".join(op for op in moves if op))
        except RemoteError:
            self._drop_stagings(graph for graph, _ in posts)
            raise

    def _parts(self, ntriples: str) -> Iterator[str]:
        """N-Triples text in parts of at most ``max_update_bytes``, partial dates of
        different types never in one part."""
        lines = ntriples.splitlines(keepends=True)
        groups: list[list[str]] = [[], [], []]
        for line in lines:
            kind = next((i for i, t in enumerate(_PARTIAL_DATES) if line.endswith(f"{t} .\n")), 2)
            groups[kind].append(line)
        for group in groups:
            part: list[str] = []
            size = 0
            for line in group:
                if part and size + len(line) > self.max_update_bytes:
                    yield "".join(part)
                    part, size = [], 0
                part.append(line)
                size += len(line)
            if part:
                yield "".join(part)

    def _update_chunks(self, cases: Sequence[PreparedCase]) -> Iterable[list[PreparedCase]]:
        """Cases in groups that fit one update request each; a case that fits no request
        is a group of its own."""
        chunk: list[PreparedCase] = []
        size = 0
        dates: set[bytes] = set()
        for case in cases:
            alone = not self._fits(case)
            kinds = {t.encode() for t in _PARTIAL_DATES if t.encode() in case.nquads}
            clash = self.virtuoso and len(dates | kinds) > 1
            cost = _size(case)
            if chunk and (alone or clash or size + cost > self.max_update_bytes):
                yield chunk
                chunk, size, dates = [], 0, set()
            chunk.append(case)
            size += cost
            dates |= kinds
            if alone:
                yield chunk
                chunk, size, dates = [], 0, set()
        if chunk:
            yield chunk

    # -- checking -----------------------------------------------------------------------

    def verify(self, cases: Iterable[PreparedCase]) -> list[str]:
        """Read each case (and its stored results) back; the quads that differ from what
        was sent (see casegraph.store.disk.differences), none when the server holds
        exactly the cases."""

        return [
            line
            for case in cases
            for line in differences(
                case,
                self.nquads(case.graph),
                self.nquads(case.results_graph) if case.results_graph else None,
            )
        ]


def _size(case: PreparedCase) -> int:
    """The bytes of one case's update: its triples, its record and its stored results."""
    return len(case.nquads) + len(case.record) + len(case.results)


def _retry_deadlock(send: Callable[[], Answer], attempts: int = 4) -> Answer:
    """Send a write, again when the server says it deadlocked with another write.

    Virtuoso 7.2 answers concurrent Graph Store writes (casegraph POSTs a case and its
    stored results to staging graphs four at a time) with "40001 SR172: Transaction
    deadlocked" now and then; it rolled the request back whole, so sending it again is
    safe, and is what Virtuoso's documentation asks of a client.
    """
    for attempt in range(attempts - 1):
        try:
            return send()
        except RemoteError as exc:
            if "SR172" not in str(exc):
                raise
        time.sleep(0.2 * 2**attempt)
    return send()


def _graph_store_url(root: str, base: str, path: str, oxigraph_layout: bool) -> str | None:
    if oxigraph_layout:
        return f"{root}{base}/store"
    if path in ("/sparql", "/sparql-auth"):  # Virtuoso's layout
        return root + path.replace("/sparql", "/sparql-graph-crud", 1)
    return None


def _mixes_partial_dates(nquads: bytes) -> bool:
    """True when the data holds both xsd:gYear and xsd:gYearMonth literals."""
    return all(t.encode() in nquads for t in _PARTIAL_DATES)


# -- terms ------------------------------------------------------------------------------


def _iri(value: str) -> str:
    if not SAFE_IRI.match(value):
        raise QueryError(f"not an IRI that can be sent to an endpoint: {value!r}")
    return f"<{value}>"


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ECHAR_RE = re.compile(r'[\\"\n\r\t\b\f]')


def literal(text: str, datatype: str | None = None, lang: str | None = None) -> str:
    """A literal as N-Triples/SPARQL text, escaped (never with \\u, which SPARQL expands
    before parsing)."""
    quoted = '"' + _ECHAR_RE.sub(lambda m: _ECHAR[m.group()], text) + '"'
    if lang:
        if not re.match(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$", lang):
            raise QueryError(f"not a language tag: {lang!r}")
        return f"{quoted}@{lang}"
    if datatype and datatype != _XSD + "string":
        return f"{quoted}^^{_iri(datatype)}"
    return quoted


def term(value: Any) -> str:
    """A bound value as an N-Triples term: IRI for casegraph.vocab.IRI, typed literals
    for bool and int, a plain literal for anything else."""
    if isinstance(value, IRI):
        return _iri(str(value))
    if isinstance(value, bool):
        return literal(str(value).lower(), _XSD + "boolean")
    if isinstance(value, int):
        return literal(str(value), _XSD + "integer")
    return literal(str(value))


def with_values(sparql: str, bindings: Bindings) -> str:
    """The query with a VALUES block binding these variables.

    SELECT and ASK get it at the start of their WHERE clause (the values are joined
    first, like bindings given to the embedded engines); CONSTRUCT and DESCRIBE, and
    any query whose WHERE clause cannot be found, at the end.

    Raises:
        QueryError: a variable name or an IRI cannot be written safely.
    """
    names = list(bindings)
    for name in names:
        if not _VARIABLE.match(name):
            raise QueryError(f"not a variable name: {name!r}")
    values = (
        f"VALUES ({' '.join('?' + n for n in names)}) "
        f"{{ ({' '.join(term(bindings[n]) for n in names)}) }}"
    )
    form, brace = _scan(sparql)
    if form in ("SELECT", "ASK") and brace is not None:
        return f"{sparql[: brace + 1]} {values}\n{sparql[brace + 1 :]}"
    return f"{sparql}\n{values}\n"


_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<brace>\{)""",
    re.VERBOSE | re.DOTALL,
)


def _scan(sparql: str) -> tuple[str | None, int | None]:
    """The query form (SELECT, ASK, CONSTRUCT, DESCRIBE) and where its first ``{`` is,
    skipping comments, strings and IRIs."""
    form = None
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup
        if kind == "word" and form is None:
            word = match.group().upper()
            if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = word
        elif kind == "brace":
            return form, match.start()
    return form, None


def _from_json(value: dict[str, Any] | None) -> Any:
    if value is None:
        return None
    kind = value.get("type")
    if kind == "uri":
        return IRI(value["value"])
    if kind == "bnode":
        return f"_:{value['value']}"
    if kind in ("literal", "typed-literal"):
        if value.get("datatype") in INTEGER_TYPES:
            try:
                return int(value["value"])
            except ValueError:
                return value["value"]
        return value["value"]
    return str(value.get("value"))


def _term(value: dict[str, Any]) -> str:
    kind = value.get("type")
    if kind == "uri":
        return _iri(value["value"])
    if kind == "bnode":
        return f"_:{value['value']}"
    return literal(value["value"], value.get("datatype"), value.get("xml:lang"))


def _triples_rows(body: bytes) -> Rows:
    import pyoxigraph as ox

    return Rows(
        ["subject", "predicate", "object"],
        [
            tuple(from_oxigraph(ox, t) for t in (tr.subject, tr.predicate, tr.object))
            for tr in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        ],
    )
