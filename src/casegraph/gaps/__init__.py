"""The gap catalogue. Each gap has one home under ``rules/``: its query (``<id>.rq``)
and its declaration (``<id>.py``: see ``gap``), which ``registry`` collects. Running
the queries and shaping the report is ``catalogue`` (detail sentences: ``detail``);
``plain`` holds the helper notions in plain Python; ``recurrence``: gaps that recur
across cases.

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
    "BASES",
    "NotAssessed",
    "not_assessed",
    "silent_aspects",
)


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'casegraph.gaps' has no attribute {name!r}")
    return getattr(import_module("casegraph.gaps.catalogue"), name)
