"""Interactive HTML views of cases: a network view and a swimlane timeline.

Build a view as a pyvis ``Network`` (tests and notebooks can inspect its nodes and
edges), then write it as one self-contained HTML file that works offline::

    from casegraph.dataset import load
    from casegraph.views import gap_highlights, network_view, timeline_view, write_html

    dataset = load("case.yaml")
    graph = dataset.to_networkx()
    write_html(network_view(graph, highlights=gap_highlights(dataset)), "case.html")

In Jupyter a view displays itself inline; ``show(net)`` returns the display object.
Importing this package does not import pyvis; building a view does.
"""

from __future__ import annotations

from casegraph.views.highlights import gap_highlights
from casegraph.views.html import show, to_html, write_html
from casegraph.views.network import network_view
from casegraph.views.timeline import timeline_view

__all__ = ["gap_highlights", "network_view", "show", "timeline_view", "to_html", "write_html"]
