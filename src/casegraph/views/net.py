"""The pyvis Network the views return: pyvis's own class, plus casegraph's view data.

Imported only when a view is built, because pyvis takes a few tenths of a second to
import.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from pyvis.network import Network


class CaseView(Network):  # type: ignore[misc]
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
        from casegraph.views.html import notebook_html

        return notebook_html(self)

    def __repr__(self) -> str:
        kind = self.casegraph.get("layout", "view")
        return f"<casegraph {kind} view: {len(self.nodes)} nodes, {len(self.edges)} edges>"

    __str__ = __repr__
