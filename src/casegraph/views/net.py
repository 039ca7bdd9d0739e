"""The pyvis Network the views return: pyvis's own class, plus casegraph's view data.

Imported only when a view is built. pyvis imports IPython (for ``show()`` in a
notebook) and jinja2 (for its own page template) at module level, which was most of
its import time; casegraph uses neither (casegraph.views.html writes the page), so
:func:`_import_network` imports pyvis with stand-ins that load the real modules only
when pyvis first uses them.
"""

from __future__ import annotations

import html
import importlib
import sys
import types
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from casegraph.views.html import notebook_html


class _Deferred:
    """``module.name(*args, **kwargs)``, called when its result is first used."""

    def __init__(self, module: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]):
        self._call = (module, name, args, kwargs)
        self._made: Any = None

    def real(self) -> Any:
        if self._made is None:
            module, name, args, kwargs = self._call
            made = getattr(importlib.import_module(module), name)
            args = tuple(a.real() if isinstance(a, _Deferred) else a for a in args)
            kwargs = {k: v.real() if isinstance(v, _Deferred) else v for k, v in kwargs.items()}
            self._made = made(*args, **kwargs)
        return self._made

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.real(), attr)


def _deferring(module: str, name: str) -> Callable[..., _Deferred]:
    return lambda *args, **kwargs: _Deferred(module, name, args, kwargs)


def _lazy(module: str, name: str) -> Callable[..., Any]:
    return lambda *args, **kwargs: getattr(importlib.import_module(module), name)(*args, **kwargs)


def _import_network() -> type:
    """pyvis's Network class, without importing IPython and jinja2 until pyvis uses them.

    While pyvis.network is imported, ``IPython``, ``IPython.display`` and ``jinja2`` are
    stand-in modules (unless already imported); afterwards they are removed, and the
    names pyvis took from them import the real module when called. ``Network()``
    builds a jinja2 Environment it never uses unless asked for its own HTML, so that
    one (and its loader) is made when first used.
    """
    stand_ins = {
        "IPython": {},
        "IPython.display": {"IFrame": _lazy("IPython.display", "IFrame")},
        "jinja2": {
            "Environment": _deferring("jinja2", "Environment"),
            "FileSystemLoader": _deferring("jinja2", "FileSystemLoader"),
        },
    }
    if "pyvis.network" in sys.modules or any(name in sys.modules for name in stand_ins):
        from pyvis.network import Network as Imported

        return Imported
    for name, attrs in stand_ins.items():
        module = types.ModuleType(name)
        module.__dict__.update(attrs)
        sys.modules[name] = module
    try:
        from pyvis.network import Network as Imported
    finally:
        for name in stand_ins:
            del sys.modules[name]
    return Imported


if TYPE_CHECKING:
    from pyvis.network import Network
else:
    Network = _import_network()


class CaseView(Network):  # type: ignore[misc,valid-type]
    """A pyvis ``Network`` holding casegraph's page data; shows itself inline in Jupyter.

    ``nodes``, ``edges`` and ``options`` are pyvis's (lists of vis-network dicts and an
    options dict). ``casegraph`` holds what the page draws around them: title, legend,
    lanes and axis of a timeline, the gaps list.
    """

    def __init__(self, meta: Mapping[str, Any]):
        # "in_line": pyvis's own write_html would otherwise write lib/ into the working
        # directory. casegraph.views.write_html does not use pyvis's template at all.
        super().__init__(
            height="100%",
            width="100%",
            directed=True,
            heading=html.escape(str(meta.get("title", ""))),
            cdn_resources="in_line",
        )
        self.casegraph: dict[str, Any] = dict(meta)

    def set_data(
        self, nodes: list[dict[str, Any]], edges: list[dict[str, Any]], options: dict[str, Any]
    ) -> None:
        """Set nodes, edges and options at once (pyvis's add_edge is quadratic)."""
        self.nodes = nodes
        self.edges = edges
        self.node_ids = [node["id"] for node in nodes]
        self.node_map = {node["id"]: node for node in nodes}
        self.options = options

    def _repr_html_(self) -> str:
        return notebook_html(self)

    def __repr__(self) -> str:
        kind = self.casegraph.get("layout", "view")
        return f"<casegraph {kind} view: {len(self.nodes)} nodes, {len(self.edges)} edges>"

    __str__ = __repr__
