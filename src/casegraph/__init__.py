"""casegraph: multi-agency case reviews as a knowledge graph.

The public API, imported lazily so ``import casegraph`` does no I/O and loads nothing
heavy::

    import casegraph
    from casegraph.gaps import gaps

    cases = casegraph.load("data/cases/prevent-amess-2014.yaml")
    for result in gaps(cases):
        print(result.gap, result.entity, result.detail)

Functions named like their module (``gaps``, ``validate``, ``stats``, ``export``,
``compare``) are imported from that module: as attributes of the package those names
are the modules (Python binds a submodule to its package's attribute on import).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# public name -> module that defines it
_API = {
    "load": "casegraph.dataset",
    "open_dataset": "casegraph.dataset",
    "CaseDataset": "casegraph.dataset",
    "to_networkx": "casegraph.graph.projection",
    "reconcile": "casegraph.gaps.catalogue",
    "query": "casegraph.gaps.catalogue",
    "shortest_path": "casegraph.graph.paths",
    "all_paths": "casegraph.graph.paths",
    "knew": "casegraph.graph.knowledge",
    "network_view": "casegraph.views",
    "timeline_view": "casegraph.views",
    "write_html": "casegraph.views",
    "open_store": "casegraph.dataset",
    "recurring": "casegraph.gaps.recurrence",
    "CaseGraphError": "casegraph.errors",
    "InvalidInput": "casegraph.errors",
    "UnknownNode": "casegraph.errors",
    "NoPath": "casegraph.errors",
    "QueryError": "casegraph.errors",
    "StoreError": "casegraph.errors",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'casegraph' has no attribute {name!r}")
    return getattr(import_module(_API[name]), name)


def __dir__() -> list[str]:
    return __all__
