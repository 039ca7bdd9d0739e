"""The gap catalogue: one SPARQL rule per gap (``rules/<id>.rq``), running them and
shaping the report (``catalogue``), the ids (``ids``) and gaps that recur across cases
(``recurrence``).

``from casegraph.gaps import gaps`` keeps working: the catalogue's public names are
looked up lazily, so importing this package loads nothing until one is used.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_PUBLIC = (
    "GapResult",
    "CatalogueQuery",
    "FindingCheck",
    "Reconciliation",
    "UnknownQuery",
    "list_queries",
    "get_query",
    "check_gap_ids",
    "query",
    "run_query",
    "gaps",
    "reconcile",
)


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'casegraph.gaps' has no attribute {name!r}")
    return getattr(import_module("casegraph.gaps.catalogue"), name)
