"""Static pictures of the two views, as inline SVG, for the printed report.

A canvas inside an iframe does not print dependably, and a printed page cannot be
panned, so the report prints these instead: the same positions, lanes and colours
the interactive views use (computed in Python by the views), labels shortened.
"""

from __future__ import annotations

import html
from typing import Any

from casegraph.text import shorten_words
from casegraph.views.style import FONT, GAP_BORDER


def _bounds(points: list[tuple[float, float]], pad: float) -> tuple[float, float, float, float]:
    xs = [p[0] for p in points] or [0.0]
    ys = [p[1] for p in points] or [0.0]
    return min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad


def _fill(node: dict[str, Any]) -> tuple[str, str]:
    colour = node.get("color") or {}
    return str(colour.get("background", "#dddddd")), str(colour.get("border", "#888888"))


def _label_lines(text: str, width: int = 22, lines: int = 2) -> list[str]:
    words, out, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = shorten_words(out[-1] + " …", width)
    return out


def timeline_svg(net: Any) -> str:
    """The timeline view as SVG: lanes, axis ticks, breaks, events and their links."""
    meta = net.casegraph
    nodes = {n["id"]: n for n in net.nodes}
    lanes = meta.get("lanes", [])
    b = meta.get("bounds") or {"x0": 0, "x1": 100, "y0": 0, "y1": 100}
    label_w = 170
    x0, x1 = b["x0"] - label_w, b["x1"] + 20
    y0, y1 = b["y0"] - 10, b["y1"] + 40
    w, h = x1 - x0, y1 - y0
    e = html.escape
    parts = [
        f'<svg class="picture" role="img" viewBox="{x0:.0f} {y0:.0f} {w:.0f} {h:.0f}" '
        f'preserveAspectRatio="xMinYMin meet" font-family="{e(FONT)}" font-size="12">',
        "<title>Timeline</title>",
    ]
    for i, lane in enumerate(lanes):
        top = lane["y"] - lane.get("height", meta.get("lane_height", 120)) / 2
        height = lane.get("height", meta.get("lane_height", 120))
        parts.append(
            f'<rect x="{x0:.0f}" y="{top:.0f}" width="{w:.0f}" height="{height:.0f}" '
            f'fill="{"#ffffff" if i % 2 else "#f3f6f9"}"/>'
        )
        parts.append(
            f'<text x="{x0 + 6:.0f}" y="{top + 16:.0f}" font-weight="600" '
            f'fill="{e(lane.get("colour", "#1f2328"))}">'
            f"{e(shorten_words(lane['label'], 26))}</text>"
        )
    for tick in meta.get("ticks", []):
        parts.append(
            f'<line x1="{tick["x"]}" y1="{b["y0"]}" x2="{tick["x"]}" y2="{b["y1"]}" '
            f'stroke="{"#aab2bd" if tick["major"] else "#e3e7ec"}" stroke-width="1"/>'
        )
        if tick["major"] or tick.get("labelled", True):
            parts.append(
                f'<text x="{tick["x"]}" y="{b["y0"] + 4}" text-anchor="middle" '
                f'fill="#57606a">{e(str(tick["label"]))}</text>'
            )
    for gap in meta.get("breaks", []):
        parts.append(
            f'<rect x="{gap["x0"]}" y="{b["y0"]}" width="{gap["x1"] - gap["x0"]}" '
            f'height="{b["y1"] - b["y0"]}" fill="rgba(110,119,129,0.12)"/>'
            f'<text x="{(gap["x0"] + gap["x1"]) / 2}" y="{b["y1"] + 16}" text-anchor="middle" '
            f'fill="#57606a">≈ {e(str(gap["label"]))}</text>'
        )
    for edge in net.edges:
        a, c = nodes.get(edge["from"]), nodes.get(edge["to"])
        if not a or not c:
            continue
        dash = edge.get("dashes")
        style = f' stroke-dasharray="{" ".join(map(str, dash))}"' if isinstance(dash, list) else ""
        parts.append(
            f'<line x1="{a["x"]}" y1="{a["y"]}" x2="{c["x"]}" y2="{c["y"]}" '
            f'stroke="#7d8590" stroke-width="1.3"{style}/>'
        )
    for node in net.nodes:
        fill, border = _fill(node)
        if node.get("cg", {}).get("marker"):
            parts.append(
                f'<circle cx="{node["x"]}" cy="{node["y"]}" r="4" fill="{e(fill)}" '
                f'stroke="{e(border)}"/>'
            )
            continue
        gap = bool(node.get("badge"))
        parts.append(
            f'<circle cx="{node["x"]}" cy="{node["y"]}" r="9" fill="{e(fill)}" '
            f'stroke="{GAP_BORDER if gap else e(border)}" stroke-width="{3 if gap else 1.5}"/>'
        )
        lines = str(node.get("label", "")).split("\n")
        text = _label_lines(lines[0], 20, 2) + lines[1:2]
        for k, line in enumerate(text):
            parts.append(
                f'<text x="{node["x"]}" y="{node["y"] + 24 + 13 * k}" text-anchor="middle" '
                f'fill="{"#57606a" if k == len(text) - 1 and len(lines) > 1 else "#1f2328"}">'
                f"{e(line)}</text>"
            )
        if gap:
            parts.append(
                f'<text x="{node["x"] + 10}" y="{node["y"] - 10}" fill="{GAP_BORDER}" '
                f'font-weight="700">{e(str(node["badge"]))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def network_svg(net: Any) -> str:
    """The network view as SVG, at the positions the view starts from."""
    nodes = {n["id"]: n for n in net.nodes}
    x0, y0, x1, y1 = _bounds([(n["x"], n["y"]) for n in net.nodes], 90)
    e = html.escape
    parts = [
        f'<svg class="picture" role="img" viewBox="{x0:.0f} {y0:.0f} {x1 - x0:.0f} '
        f'{y1 - y0:.0f}" preserveAspectRatio="xMidYMin meet" font-family="{e(FONT)}" '
        'font-size="11"><title>Network</title>',
    ]
    for edge in net.edges:
        a, c = nodes.get(edge["from"]), nodes.get(edge["to"])
        if a and c:
            parts.append(
                f'<line x1="{a["x"]:.1f}" y1="{a["y"]:.1f}" x2="{c["x"]:.1f}" y2="{c["y"]:.1f}" '
                'stroke="#b6bcc4" stroke-width="1"/>'
            )
    for node in net.nodes:
        fill, border = _fill(node)
        gap = bool(node.get("badge"))
        parts.append(
            f'<circle cx="{node["x"]:.1f}" cy="{node["y"]:.1f}" r="10" fill="{e(fill)}" '
            f'stroke="{GAP_BORDER if gap else e(border)}" stroke-width="{3 if gap else 1.5}"/>'
        )
        for k, line in enumerate(_label_lines(str(node.get("label", "")), 24, 2)):
            parts.append(
                f'<text x="{node["x"]:.1f}" y="{node["y"] + 22 + 12 * k:.1f}" '
                f'text-anchor="middle" fill="#1f2328">{e(line)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
