"""What a query may do: read the case graphs, nothing else.

SPARQL can reach outside the data it is given: ``SERVICE <url>`` sends a request (with
rdflib, carrying the case's own data) and returns remote rows; ``FROM <url>`` and
``FROM NAMED <url>`` make rdflib fetch and parse the URL, ``file:`` ones included; and
an Update can change the store. A user's query, a shared ``.rq`` file or a notebook
must not be able to leak a case or read the disk, so every engine checks each query
with :func:`check_query` before running it.

The check lexes the query first (strings, IRIs and comments skipped, ``\\u`` escapes
decoded as SPARQL says), which settles almost every query at once: one with no
``SERVICE`` or ``FROM`` keyword cannot fetch. A query that has one is parsed with
rdflib's SPARQL parser and its algebra is walked, so a ``FROM`` naming a case graph is
allowed and any ``SERVICE`` is refused, wherever it is nested.
"""

from __future__ import annotations

import functools
import re

from casegraph.errors import QueryError
from casegraph.vocab import PREFIXES, split_item_iri

_UPDATE = re.compile(
    r"^\s*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE | re.MULTILINE
)
# SPARQL 1.1 section 19.2: \uXXXX and \UXXXXXXXX may appear anywhere in a query and are
# decoded before it is parsed (rdflib does; a check that did not could be walked around).
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# One token at a time: what cannot hold a keyword (comments, strings, IRIs, variables,
# prefixed names) is matched whole so a keyword is only ever found as a bare word.
_TOKEN = re.compile(
    r"""\#[^\n\r]*
    | '''(?:[^'\\]|\\.|'(?!''))*'''
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '(?:[^'\\\n\r]|\\.)*'
    | "(?:[^"\\\n\r]|\\.)*"
    | <[^<>"{}|^`\\\x00-\x20]*>
    | [?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+
    | [\w.\-]*:[\w.\-:%\\]*
    | (?P<word>[^\W\d][\w\-]*)
    | \S""",
    re.VERBOSE | re.DOTALL,
)
_FETCHING = {"SERVICE", "FROM"}
_READ_FORMS = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def check_query(sparql: str) -> None:
    """Refuse a query that would change the data or reach past the case graphs.

    Raises:
        QueryError: the query is a SPARQL Update, uses ``SERVICE``, or has a ``FROM`` /
            ``FROM NAMED`` naming anything but a case graph; or it names ``SERVICE`` /
            ``FROM`` in a way rdflib's parser cannot check.
    """
    _check(sparql)


@functools.lru_cache(maxsize=256)
def _check(sparql: str) -> None:
    # Cached: the catalogue runs the same few query texts many times.
    text = _CODEPOINT.sub(_decode, sparql)
    words = _keywords(text)
    if words & {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"}:
        _refuse_update(text)
    if words & _FETCHING:
        _check_dataset_and_service(text)


def _decode(match: re.Match[str]) -> str:
    try:
        return chr(int(match.group(1) or match.group(2), 16))
    except (ValueError, OverflowError):
        return match.group(0)


def _keywords(text: str) -> set[str]:
    """The bare words of a query, upper-cased (keywords and function names)."""
    return {m.group("word").upper() for m in _TOKEN.finditer(text) if m.group("word")}


def _refuse_update(text: str) -> None:
    body = re.sub(r"^\s*(PREFIX|BASE)\b[^\n]*$", "", text, flags=re.IGNORECASE | re.MULTILINE)
    body = re.sub(r"#[^\n]*", "", body)
    if _UPDATE.search(body) and not _READ_FORMS.search(body):
        raise QueryError(
            "this is a SPARQL Update; casegraph runs read-only queries "
            "(SELECT, ASK, CONSTRUCT, DESCRIBE)"
        )


def _check_dataset_and_service(text: str) -> None:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        query = translateQuery(parseQuery(text), initNs=PREFIXES)
    except Exception as exc:  # pyparsing and rdflib raise many kinds
        raise QueryError(
            "this query uses SERVICE or FROM and could not be checked "
            f"({type(exc).__name__}: {str(exc)[:200]}); casegraph only runs queries "
            "over the case graphs it holds"
        ) from None
    for clause in query.algebra.get("datasetClause") or []:
        named = "named" in clause  # CompValue.get() returns the key for a missing key
        iri = str(clause["named"] if named else clause["default"])
        parts = split_item_iri(iri)
        if not parts or parts[1]:
            keyword = "FROM NAMED" if named else "FROM"
            raise QueryError(
                f"{keyword} <{iri}> is refused: a query reads only the case graphs "
                "(FROM may name a case, e.g. FROM <https://w3id.org/casegraph/case/ID>); "
                "casegraph never fetches data or reads files for a query"
            )
    if _has_service(query.algebra):
        raise QueryError(
            "SERVICE is refused: casegraph never sends a query, or the case's data, "
            "to another endpoint; run the remote part there yourself"
        )


def _has_service(node: object, depth: int = 0) -> bool:
    """True when a ServiceGraphPattern is anywhere in this algebra tree."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if depth > 500:  # deeper than any query rdflib's parser accepts: be safe, refuse
        return True
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            return True
        return any(_has_service(value, depth + 1) for value in node.values())
    if isinstance(node, (list, tuple)):
        return any(_has_service(value, depth + 1) for value in node)
    return False
