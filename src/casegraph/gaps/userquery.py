"""A user's own SPARQL: prefixes checked before it runs, values bound, IRIs shown short.

- :func:`unknown_prefixes` names a prefix the query uses but neither declares nor gets
  pre-bound, so the user reads "unknown prefix foaf:" instead of a parser's list of
  Unicode ranges.
- :func:`bind` binds values through a ``VALUES`` block (each value written as an
  escaped N-Triples term, never as query text), so a bound variable need not be in
  the SELECT list: every engine then binds the same way.
- :func:`compact` writes an IRI as a prefixed name (``cg:event-kind-decision``,
  ``case:channel-exit``) for tables a person reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from casegraph.errors import QueryError
from casegraph.store.engines import IRI, Bindings
from casegraph.vocab import PREFIXES, split_item_iri

# Comments, strings and IRIs hold no prefixed names: they are skipped whole.
_SKIP = re.compile(
    r"""\#[^\n\r]*
    | '''(?:[^'\\]|\\.|'(?!''))*'''
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '(?:[^'\\\n\r]|\\.)*'
    | "(?:[^"\\\n\r]|\\.)*"
    | <[^<>"{}|^`\\\x00-\x20]*>
    | [?$]\w+""",
    re.VERBOSE,
)
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_USED = re.compile(r"(?<![\w.:-])([A-Za-z][\w-]*(?:\.[\w-]+)*):(?=[\w%\\(]|\s|$)")


def cases_in(values: Iterable[object]) -> set[str]:
    """The cases whose items appear among ``values``."""
    return {item[0] for v in values if isinstance(v, IRI) and (item := split_item_iri(str(v)))}


def unknown_prefixes(sparql: str) -> list[str]:
    """The prefixes ``sparql`` uses that it does not declare and casegraph does not pre-bind."""
    text = _SKIP.sub(" ", sparql)
    declared = {m.group(1) or "" for m in _DECLARED.finditer(text)}
    text = _DECLARED.sub(" ", text)
    used = dict.fromkeys(m.group(1) for m in _USED.finditer(text))
    return [p for p in used if p not in declared and p not in PREFIXES]


def check_prefixes(sparql: str) -> None:
    """Raise a plain QueryError naming the first unknown prefix, if any."""
    unknown = unknown_prefixes(sparql)
    if unknown:
        first = unknown[0]
        raise QueryError(
            f"unknown prefix {first}: (pre-bound: {', '.join(p + ':' for p in PREFIXES)}); "
            f"declare it in the query, e.g. PREFIX {first}: <http://...>"
        )


def bind(sparql: str, bindings: Bindings | None) -> str:
    """The query with ``bindings`` in a VALUES block (the query itself when there are none).

    Raises:
        QueryError: a variable name or an IRI cannot be written safely.
    """
    if not bindings:
        return sparql
    from casegraph.store.remote import with_values  # its HTTP modules: only when used

    return with_values(sparql, bindings)


def compact(value: object, one_case: bool = True) -> str:
    """An IRI as a prefixed name where one fits; anything else as its text.

    Items of a case are ``case:item-id`` when the rows come from one case, else
    ``case-id/item-id``; vocabulary terms use the pre-bound prefixes.
    """
    if not isinstance(value, IRI):
        return str(value)
    item = split_item_iri(str(value))
    if item:
        return f"case:{item[1]}" if one_case else f"{item[0]}/{item[1]}"
    for name, base in PREFIXES.items():
        if str(value).startswith(base):
            local = str(value)[len(base) :]
            if re.fullmatch(r"[\w-]+", local):
                return f"{name}:{local}"
    return str(value)
