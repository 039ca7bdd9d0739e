"""Charts drawn into the report as inline SVG (no plotting library, nothing fetched).

Each chart comes with the table behind it (the report prints both), and every text in
it is escaped. Two shapes are enough: bars (one number per row) and a grid (a number
per row and column, shaded by its share).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

BAR = "#4e79a7"
INK = "#1f2328"
MUTED = "#57606a"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


def _text(x: float, y: float, text: str, anchor: str = "start", **style: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{html.escape(v)}"' for k, v in style.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{html.escape(text)}</text>'


def bar_chart(title: str, rows: Sequence[tuple[str, int]], total: int, unit: str = "cases") -> str:
    """Horizontal bars: one per (label, count), drawn against ``total``."""
    label_w, bar_w, row_h, top = 230, 360, 22, 30
    height = top + row_h * len(rows) + 10
    width = label_w + bar_w + 110
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" font-family="{html.escape(FONT)}" font-size="12">',
        f"<title>{html.escape(title)}</title>",
        _text(0, 16, title, font_weight="600", fill=INK),
    ]
    for i, (label, count) in enumerate(rows):
        y = top + i * row_h
        w = bar_w * count / total if total else 0
        parts.append(_text(label_w - 8, y + 14, label, "end", fill=INK))
        parts.append(
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" '
            f'fill="{BAR}"><title>{html.escape(f"{label}: {count} of {total} {unit}")}</title>'
            "</rect>"
        )
        share = f"{count} ({100 * count / total:.0f}%)" if total else str(count)
        parts.append(_text(label_w + w + 6, y + 14, share, fill=MUTED))
    parts.append("</svg>")
    return "".join(parts)


def grid_chart(
    title: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Mapping[tuple[str, str], int],
    totals: Mapping[str, int] | None = None,
) -> str:
    """A grid of counts: rows x columns, each cell shaded by its count over its column total
    (or over the largest count when no totals are given), the count written in it."""
    label_w, cell_w, cell_h, top = 230, 64, 22, 78
    width = label_w + cell_w * len(columns) + 10
    height = top + cell_h * len(rows) + 10
    largest = max(values.values(), default=0) or 1
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" font-family="{html.escape(FONT)}" font-size="12">',
        f"<title>{html.escape(title)}</title>",
        _text(0, 16, title, font_weight="600", fill=INK),
    ]
    for j, column in enumerate(columns):
        x = label_w + j * cell_w + cell_w / 2
        head = column if not totals else f"{column} ({totals.get(column, 0)})"
        parts.append(
            f'<text x="{x:.1f}" y="{top - 8}" transform="rotate(-35 {x:.1f} {top - 8})" '
            f'fill="{MUTED}">{html.escape(head)}</text>'
        )
    for i, row in enumerate(rows):
        y = top + i * cell_h
        parts.append(_text(label_w - 8, y + 15, row, "end", fill=INK))
        for j, column in enumerate(columns):
            count = values.get((row, column), 0)
            base = (totals or {}).get(column) or largest
            share = min(count / base, 1.0) if base else 0.0
            x = label_w + j * cell_w
            fill = f"rgba(78, 121, 167, {0.08 + 0.85 * share:.2f})" if count else "#f6f8fa"
            tip = f"{row}, {column}: {count}" + (f" of {base} cases" if totals else "")
            parts.append(
                f'<rect class="cell" x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" '
                f'height="{cell_h - 2}" fill="{fill}"><title>{html.escape(tip)}</title></rect>'
            )
            colour = "#ffffff" if share > 0.55 else INK
            parts.append(_text(x + cell_w / 2, y + 15, str(count), "middle", fill=colour))
    parts.append("</svg>")
    return "".join(parts)
