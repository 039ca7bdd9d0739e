"""A remote SPARQL 1.1 endpoint as a casegraph engine (SPARQL 1.1 Protocol over urllib).

Reading: queries are POSTed as ``application/sparql-query`` and answered as SPARQL JSON
results (CONSTRUCT and DESCRIBE as N-Triples), turned into the same plain values as the
embedded engines: IRIs as casegraph.vocab.IRI, integers as int, other literals as
their text, blank nodes as ``_:id``, unbound as None. Bound values are never pasted
into the query as text: each is serialised as an N-Triples term (IRIs checked, literals
escaped) into a ``VALUES`` block placed at the start of the query's WHERE clause, which
binds them before the rest of the pattern is matched, as the embedded engines'
bindings do.

Writing: every write is one SPARQL Update request, which the SPARQL 1.1 Update spec
asks servers to apply atomically (Oxigraph does): replacing a case is ``DROP SILENT
GRAPH`` and ``INSERT DATA`` in one request. New cases may instead be POSTed as N-Quads
to the Graph Store Protocol endpoint (Oxigraph loads one POST in one transaction).
Oxigraph's Graph Store ``PUT`` is not used: it clears the graph and loads the new
triples in two separate transactions. Servers cap request bodies (some Oxigraph
versions at 1 MiB; 0.5.13 took 4 MB here), so updates are split into requests of whole
cases under ``max_update_bytes``; a single case larger than that is dropped and loaded
in two steps (not atomic). Virtuoso refuses inserts of more than about 1,000 triples:
give it a ``max_update_bytes`` of about 100,000.

The catalogue queries name their graphs (``GRAPH ?g``), so they run on any server. For
queries over the default graph to see every case, as they do on the embedded store,
the server's default graph must be the union of its named graphs: Oxigraph's
``--union-default-graph`` (casegraph also asks for it per query on Oxigraph's URL
layout), Fuseki's ``tdb:unionDefaultGraph``; Virtuoso's default graph is the union.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from typing import Any

from casegraph.errors import QueryError, StoreError
from casegraph.store.disk import PreparedCase, replace_update
from casegraph.store.engines import Bindings, Rows, from_oxigraph
from casegraph.store.ingest import to_nquads
from casegraph.store.queryguard import check_query
from casegraph.vocab import INTEGER_TYPES, IRI, SAFE_IRI, case_iri, sparql_prologue

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_XSD = "http://www.w3.org/2001/XMLSchema#"
# Small enough for servers that cap SPARQL bodies at 1 MiB.
DEFAULT_MAX_UPDATE_BYTES = 900_000
_RESULTS_JSON = "application/sparql-results+json"
_ACCEPT = f"{_RESULTS_JSON}, application/n-triples;q=0.9"


class RemoteEngine:
    """A SPARQL 1.1 endpoint: queries, and writes through SPARQL Update.

    Args:
        url: the query endpoint, e.g. ``http://127.0.0.1:7878/query`` (Oxigraph),
            ``http://host:8890/sparql`` (Virtuoso). A bare ``http://host:port`` means
            Oxigraph's layout (``/query``, ``/update``, ``/store``).
        update_url: the update endpoint; by default ``.../update`` beside a
            ``.../query`` URL, else the query URL itself.
        store_url: the Graph Store Protocol endpoint for fast inserts of new cases; by
            default ``.../store`` on Oxigraph's layout, else none (updates only).
        timeout: seconds to wait for one request.
        max_update_bytes: the largest update request to send.
        concurrency: how many queries to send at once (the catalogue's queries).
    """

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        store_url: str | None = None,
        timeout: float = 600.0,
        max_update_bytes: int = DEFAULT_MAX_UPDATE_BYTES,
        concurrency: int = 4,
    ):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise StoreError(f"not an http(s) URL: {url!r}; give the endpoint's query URL")
        root = f"{parts.scheme}://{parts.netloc}"
        path = parts.path.rstrip("/")
        oxigraph_layout = path == "" or path.endswith("/query")
        base = path[: -len("/query")] if path.endswith("/query") else path
        self.url = f"{root}{base}/query" if path == "" else url
        self.update_url = update_url or (f"{root}{base}/update" if oxigraph_layout else self.url)
        self.store_url = store_url or (f"{root}{base}/store" if oxigraph_layout else None)
        self.union_param = oxigraph_layout
        self.timeout = timeout
        self.max_update_bytes = max_update_bytes
        # Requests in flight at once: the server does the work, one connection each.
        self.concurrency = concurrency

    # -- HTTP ---------------------------------------------------------------------------

    def _request(
        self, url: str, body: bytes, content_type: str, accept: str = "*/*"
    ) -> tuple[str, bytes]:
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={"Content-Type": content_type, "Accept": accept},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:500]
            if exc.code == 400:
                raise QueryError(f"the endpoint refused the request: {detail}") from None
            raise StoreError(
                f"{url.split('?')[0]} answered {exc.code} {exc.reason}: {detail}"
            ) from None
        except urllib.error.URLError as exc:
            raise StoreError(
                f"cannot reach the SPARQL endpoint {url.split('?')[0]}: {exc.reason}; "
                "is the server running?"
            ) from None
        except (TimeoutError, OSError) as exc:
            raise StoreError(
                f"no answer from the SPARQL endpoint {url.split('?')[0]}: {exc}"
            ) from None

    def _query(self, sparql: str, accept: str = _ACCEPT) -> tuple[str, bytes]:
        url = self.url + ("?union-default-graph" if self.union_param else "")
        return self._request(url, sparql.encode(), "application/sparql-query", accept)

    def _update(self, sparql: str) -> None:
        self._request(self.update_url, sparql.encode(), "application/sparql-update")

    # -- reading ------------------------------------------------------------------------

    def select(self, sparql: str, bindings: Bindings | None = None) -> Rows:
        """Run a read-only query; the project's prefixes are declared in front of it."""
        check_query(sparql)
        text = sparql_prologue() + (with_values(sparql, bindings) if bindings else sparql)
        content_type, body = self._query(text)
        if "n-triples" in content_type or "turtle" in content_type:
            return _triples_rows(body)
        try:
            data = json.loads(body)
        except ValueError:
            raise StoreError(
                f"{self.url} did not answer with SPARQL JSON results ({content_type})"
            ) from None
        if "boolean" in data:
            return Rows(["ask"], [(bool(data["boolean"]),)])
        variables = list(data.get("head", {}).get("vars", []))
        return Rows(
            variables,
            [
                tuple(_from_json(b.get(v)) for v in variables)
                for b in data.get("results", {}).get("bindings", [])
            ],
        )

    def graphs(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }").rows
        return sorted(str(g) for (g,) in rows if g is not None and not str(g).startswith("_:"))

    def existing(self, graphs: Iterable[str]) -> set[str]:
        """Which of these graphs the endpoint holds."""
        names = sorted(set(graphs))
        found: set[str] = set()
        for start in range(0, len(names), 1000):
            chunk = " ".join(_iri(g) for g in names[start : start + 1000])
            rows = self.select(f"SELECT ?g WHERE {{ VALUES ?g {{ {chunk} }} GRAPH ?g {{ }} }}")
            found.update(str(g) for (g,) in rows.rows)
        return found

    def nquads(self, graph: str | None = None) -> str:
        if graph is not None:
            _, body = self._query(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {_iri(graph)} {{ ?s ?p ?o }} }}",
                accept="application/n-triples",
            )
            return body.decode()
        _, body = self._query(
            "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", accept=_RESULTS_JSON
        )
        data = json.loads(body)
        return "".join(
            f"{_term(b['s'])} {_term(b['p'])} {_term(b['o'])} {_term(b['g'])} .\n"
            for b in data["results"]["bindings"]
        )

    def triples(self, graph: str) -> list[tuple[Any, Any, Any]]:
        rows = self.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {_iri(graph)} {{ ?s ?p ?o }} }}")
        return [(s, p, o) for s, p, o in rows.rows]

    # -- writing ------------------------------------------------------------------------

    def replace_graph(self, graph: str, ntriples: str) -> None:
        """Replace one graph's triples in one update request (atomic on the server)."""
        data, count = to_nquads(ntriples, graph)
        self._replace([PreparedCase(graph, "", graph, data, count)])

    def remove_graph(self, graph: str) -> None:
        self._update(f"DROP SILENT GRAPH {_iri(graph)}")

    def remove(self, case_ids: Iterable[str]) -> tuple[list[str], list[str]]:
        """Remove cases by id, one request each. Returns (removed, not there)."""
        ids = list(case_ids)
        present = self.existing(case_iri(c) for c in ids)
        removed, missing = [], []
        for case_id in ids:
            if case_iri(case_id) in present:
                self.remove_graph(case_iri(case_id))
                removed.append(case_id)
            else:
                missing.append(case_id)
        return removed, missing

    def write_batch(self, cases: Sequence[PreparedCase]) -> list[str]:
        """Add or replace whole cases (see the module docstring for what is atomic).

        Returns:
            The ids of the cases that replaced one already there.
        """
        present = self.existing(c.graph for c in cases)
        new = [c for c in cases if c.graph not in present]
        old = [c for c in cases if c.graph in present]
        if new and self.store_url:
            body = b"".join(c.nquads for c in new)
            self._request(self.store_url, body, "application/n-quads")
        elif new:
            self._insert(new)
        if old:
            self._replace(old)
        return [c.case_id for c in old]

    def _insert(self, cases: Sequence[PreparedCase]) -> None:
        for chunk in self._update_chunks(cases):
            inserts = "".join(f"GRAPH {_iri(c.graph)} {{\n{c.ntriples()}}}\n" for c in chunk)
            self._update(f"INSERT DATA {{\n{inserts}}}\n")

    def _replace(self, cases: Sequence[PreparedCase]) -> None:
        for chunk in self._update_chunks(cases):
            if len(chunk) == 1 and len(chunk[0].nquads) > self.max_update_bytes:
                # Too big for one update request here: drop, then load (two steps).
                self.remove_graph(chunk[0].graph)
                if self.store_url:
                    self._request(self.store_url, chunk[0].nquads, "application/n-quads")
                    continue
            self._update(replace_update(chunk))

    def _update_chunks(self, cases: Sequence[PreparedCase]) -> Iterable[list[PreparedCase]]:
        chunk: list[PreparedCase] = []
        size = 0
        for case in cases:
            if chunk and size + len(case.nquads) > self.max_update_bytes:
                yield chunk
                chunk, size = [], 0
            chunk.append(case)
            size += len(case.nquads)
        if chunk:
            yield chunk


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
