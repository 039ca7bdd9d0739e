"""Write a view as ONE self-contained HTML file that works offline.

pyvis's own templates cannot do this (they load Bootstrap or vis-network from a CDN,
or write a ``lib/`` folder), and they insert the heading as raw HTML. This page is
ours: vis-network's JS and CSS are inlined from the package assets, the graph travels
as JSON in a non-executable ``<script type="application/json">`` block, and the page
script renders every piece of case text as text (``textContent``, never ``innerHTML``).
A Content-Security-Policy allows only the page's own two scripts (by hash) and no
network access at all, so even a mistake in escaping could not run injected code.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from casegraph.output import write_output


@cache
def _asset(name: str) -> str:
    text = files("casegraph.views").joinpath("assets", name).read_text(encoding="utf-8")
    # Developer tools would go looking for the source map; there is none to find.
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)


def json_for_script(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c`` and friends, so no ``</script>`` or ``<!--``
    can end or change the block; U+2028 and U+2029 are escaped for old parsers.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def page_data(net: Any) -> dict[str, Any]:
    """What the page script reads: meta (title, legend, lanes...), nodes, edges, options.

    Works for any pyvis Network; one built by casegraph carries its meta in ``casegraph``.
    """
    meta = getattr(net, "casegraph", None)
    if meta is None:
        meta = {
            "layout": "network",
            "title": html.unescape(str(net.heading or "")),
            "legend": [],
            "gaps": [],
            "physics": True,
        }
    options = net.options
    if not isinstance(options, dict):
        options = json.loads(options.to_json())
    return {"meta": meta, "nodes": net.nodes, "edges": net.edges, "options": options}


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@cache
def _asset_hash(name: str) -> str:
    """The CSP hash of a script asset, once per process (vis-network is 700 KB)."""
    return _csp_hash(_asset(name))


def to_html(net: Any) -> str:
    """The whole page for a view as a string (see :func:`write_html`)."""
    data = page_data(net)
    meta = data["meta"]
    title = str(meta.get("title") or "casegraph view")
    vis_js, view_js = _asset("vis-network.min.js"), _asset("view.js")
    csp = (
        "default-src 'none'; "
        f"script-src {_asset_hash('vis-network.min.js')} {_asset_hash('view.js')}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    subtitle = " · ".join(x for x in (str(meta.get("period") or ""),) if x)
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="generator" content="casegraph">\n',
        # A data: icon, so the browser does not go looking for /favicon.ico.
        '<link rel="icon" href="data:,">\n',
        f"<title>{html.escape(title)}</title>\n",
        "<style>\n",
        _asset("vis-network.css"),
        "\n</style>\n",
        "<style>\n",
        _asset("view.css"),
        "\n</style>\n",
        "</head>\n<body>\n",
        '<header id="cg-header">\n<div class="cg-titles">',
        f'<h1 id="cg-title">{html.escape(title)}</h1>',
        f'<div id="cg-subtitle">{html.escape(subtitle)}</div></div>\n',
        '<div class="cg-tools">',
        '<input id="cg-search" type="search" placeholder="Find by id or label" '
        'list="cg-names" autocomplete="off" aria-label="Find a node by id or label">',
        '<datalist id="cg-names"></datalist>',
        '<button id="cg-find" type="button">Find</button>',
        '<span id="cg-status" role="status"></span>',
        '<label id="cg-physics-wrap" title="Let the layout move">'
        '<input type="checkbox" id="cg-physics"> Physics</label>',
        '<button id="cg-fit" type="button" title="Show the whole view">Fit</button>',
        "</div>\n</header>\n<main>\n",
        '<aside id="cg-legend" aria-label="Legend and filters"></aside>\n',
        '<div id="cg-canvas"></div>\n',
        '<aside id="cg-panel" aria-label="Details"></aside>\n',
        "</main>\n<noscript>This view needs JavaScript.</noscript>\n",
        '<script type="application/json" id="cg-data">',
        json_for_script(data),
        "</script>\n",
        "<script>",
        vis_js,
        "</script>\n",
        "<script>",
        view_js,
        "</script>\n",
        "</body>\n</html>\n",
    ]
    return "".join(parts)


def write_html(net: Any, path: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """Write a view to one self-contained HTML file that opens offline in any browser.

    Args:
        net: a view from :func:`casegraph.views.network_view` or
            :func:`casegraph.views.timeline_view` (any pyvis Network works).
        path: the file to write; its folder must exist. It is replaced atomically.
        inputs: the files the view was drawn from, which ``path`` must not be.

    Returns:
        The path written.

    Raises:
        OutputRefused: ``path`` is an input, a link or not a regular file.
    """
    return write_output(path, to_html(net), inputs)


def notebook_html(net: Any, height: int = 640) -> str:
    """An ``<iframe srcdoc>`` holding the page, sandboxed (scripts only, no same origin)."""
    return (
        f'<iframe srcdoc="{html.escape(to_html(net), quote=True)}" '
        'sandbox="allow-scripts" '
        f'style="width: 100%; height: {int(height)}px; border: 1px solid #d8dee4;" '
        'title="casegraph view"></iframe>'
    )


def show(net: Any, height: int = 640) -> Any:
    """Display a view inline in Jupyter.

    Returns:
        An ``IPython.display.HTML`` object (an iframe whose ``srcdoc`` is the same
        self-contained page :func:`write_html` writes); the last expression of a cell
        displays it.
    """
    import warnings

    from IPython.display import HTML

    with warnings.catch_warnings():
        # IPython suggests its IFrame, which needs a URL; srcdoc keeps the page in the notebook.
        warnings.filterwarnings("ignore", message="Consider using IPython.display.IFrame")
        return HTML(notebook_html(net, height))
