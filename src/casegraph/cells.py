"""Table cells that carry case text safely into CSV and Markdown.

Text from a case file ends up in spreadsheets and rendered Markdown: a cell starting
with ``=``, ``+``, ``-`` or ``@`` is a formula to Excel and LibreOffice (which can
fetch URLs or run commands), and raw HTML in Markdown is rendered by most viewers. So
CSV cells holding text are prefixed with ``'`` when they would be read as a formula,
and Markdown cells are HTML-escaped, on one line, with ``|`` escaped.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable, Sequence
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet reads as text: numbers pass, text that looks like a
    formula gets a leading ``'``; None is empty."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A whole CSV document (``\\n`` line ends) with every cell through :func:`csv_cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return out.getvalue()


def markdown_cell(value: Any) -> str:
    """Text for a Markdown table cell: one line, HTML escaped, ``|`` escaped."""
    text = html.escape(" ".join(str(value).split()), quote=False)
    return text.replace("|", "\\|")
