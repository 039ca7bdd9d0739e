"""The chronology: every event of a case in order, with who, what passed, and the quotes.

Rows are ordered by :mod:`casegraph.views.placing` (the same order the timeline draws,
which never contradicts the "later" relation). Dates are shown as the case file wrote
them (``2014-10`` stays a month); an undated row says what places it (``after:
Referral``). The same rows give CSV, Markdown and HTML, for pasting into a review.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from casegraph.text import shorten_words
from casegraph.views.placing import chronological, place_events
from casegraph.views.style import display_date

if TYPE_CHECKING:
    import networkx as nx

# What passed between the actors: an event's relation to an actor, as a row says it.
PASSED = (("to", "to"), ("with", "with"), ("consulted", "consulted"), ("informed", "informed"))
CSV_COLUMNS = (
    "n",
    "case",
    "event",
    "date",
    "placed",
    "kind",
    "what",
    "by",
    "between",
    "about",
    "details",
    "gaps",
    "sources",
)


@dataclass(frozen=True)
class Quote:
    """A source behind a row: its id, the exact words and where in the source."""

    ref: str
    quote: str | None = None
    locator: str | None = None

    def text(self) -> str:
        where = ", ".join(x for x in (self.ref, self.locator) if x)
        return f"“{self.quote}” ({where})" if self.quote else f"({where}, no quote)"


@dataclass(frozen=True)
class ChronologyRow:
    """One event of the chronology.

    ``date``: as written in the case file ("" when undated); ``placed``: for an undated
    event, what its after/before links say ("after: Referral; before: Exit"), or
    "not placed in time"; ``between``: what passed between actors ("to: Police").
    """

    n: int
    case: str
    event: str
    iri: str
    date: str
    placed: str
    kind: str
    what: str
    summary: str
    by: tuple[str, ...]
    between: tuple[str, ...]
    about: tuple[str, ...]
    details: tuple[str, ...]
    sources: tuple[Quote, ...]
    gaps: tuple[str, ...] = field(default=())

    @property
    def when(self) -> str:
        """The date as a reader says it (``Oct 2014``), or ``undated``."""
        return display_date(self.date) if self.date else "undated"


def chronology(
    graph: nx.MultiDiGraph,
    gaps: Mapping[str, Iterable[str]] | None = None,
) -> list[ChronologyRow]:
    """Every event of the graph's cases, in chronological order, numbered per case.

    Args:
        graph: a casegraph NetworkX projection (``CaseDataset.to_networkx()``).
        gaps: event IRI -> gap ids found on it, to list on its row.
    """
    placed = place_events(graph)
    ordered = sorted(chronological(placed), key=lambda i: str(graph.nodes[i].get("case", "")))
    rows = []
    numbers: dict[str, int] = {}
    for iri in ordered:
        attrs = graph.nodes[iri]
        case = str(attrs.get("case", ""))
        numbers[case] = numbers.get(case, 0) + 1
        rows.append(_row(graph, iri, numbers[case], placed[iri].time is not None, gaps))
    return rows


def _label(graph: nx.MultiDiGraph, node: str) -> str:
    return str(graph.nodes[node].get("label", node)) if node in graph else str(node)


def _targets(graph: nx.MultiDiGraph, iri: str, relation: str) -> list[str]:
    return sorted(
        (v for _, v, key in graph.out_edges(iri, keys=True) if key == relation),
        key=lambda v: _label(graph, v),
    )


def _row(
    graph: nx.MultiDiGraph,
    iri: str,
    n: int,
    in_time: bool,
    gaps: Mapping[str, Iterable[str]] | None,
) -> ChronologyRow:
    attrs = graph.nodes[iri]
    written = str(attrs.get("date") or "")
    placed = ""
    if not written:
        links = [
            f"{relation}: "
            + ", ".join(shorten_words(_label(graph, v), 60) for v in _targets(graph, iri, relation))
            for relation in ("after", "before")
            if _targets(graph, iri, relation)
        ]
        placed = "; ".join(links) if links else "" if in_time else "not placed in time"
    label = str(attrs.get("label", attrs.get("id", "")))
    summary = str(attrs.get("summary") or "")
    details = []
    for key, name in (
        ("rationale", "rationale"),
        ("risk", "risk"),
        ("status", "status"),
        ("planned", "planned"),
        ("delivered", "delivered"),
    ):
        if attrs.get(key) not in (None, ""):
            details.append(f"{name}: {attrs[key]}")
    if attrs.get("kind") == "decision" and not attrs.get("rationale"):
        details.append("rationale: not recorded")
    if attrs.get("stage_name"):
        details.append(f"stage: {attrs.get('stage_effect') or ''} {attrs['stage_name']}".strip())
    for tool in _targets(graph, iri, "tool"):
        details.append(f"tool: {_label(graph, tool)}")
    between = [
        f"{name}: {', '.join(_label(graph, v) for v in _targets(graph, iri, relation))}"
        for relation, name in PASSED
        if _targets(graph, iri, relation)
    ]
    return ChronologyRow(
        n=n,
        case=str(attrs.get("case", "")),
        event=str(attrs.get("id", "")),
        iri=iri,
        date=written,
        placed=placed,
        kind=str(attrs.get("kind") or ""),
        what=label,
        summary=summary if summary != label else "",
        by=tuple(_label(graph, v) for v in _targets(graph, iri, "by")),
        between=tuple(between),
        about=tuple(_label(graph, v) for v in _targets(graph, iri, "about")),
        details=tuple(details),
        sources=tuple(
            Quote(str(s.get("ref") or ""), s.get("quote"), s.get("locator"))
            for s in attrs.get("sources") or []
        ),
        gaps=tuple(sorted(set(gaps.get(iri, ()) if gaps else ()))),
    )


# -- formats --------------------------------------------------------------------------------


def _safe_cell(text: str) -> str:
    """A spreadsheet must not read a cell as a formula: prefix = + - @ (and tab, CR) with '."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def chronology_csv(rows: Sequence[ChronologyRow]) -> str:
    """One line per event; lists joined with "; "; quotes as ``“words” (ref, locator)``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        cells = [
            str(r.n),
            r.case,
            r.event,
            r.date,
            r.placed,
            r.kind,
            r.what + (f" ({r.summary})" if r.summary else ""),
            "; ".join(r.by),
            "; ".join(r.between),
            "; ".join(r.about),
            "; ".join(r.details),
            "; ".join(r.gaps),
            " ".join(q.text() for q in r.sources),
        ]
        writer.writerow([_safe_cell(cell) for cell in cells])
    return out.getvalue()


def _md(text: str) -> str:
    """Markdown table cell text: no raw HTML, no line breaks, no column breaks."""
    escaped = html.escape(" ".join(str(text).split()), quote=False)
    return escaped.replace("|", "\\|").replace("`", "\\`")


def chronology_markdown(rows: Sequence[ChronologyRow], title: str = "Chronology") -> str:
    """A Markdown table; case text is escaped, so no HTML passes through."""
    multi = len({r.case for r in rows}) > 1
    head = ["#", *(["case"] if multi else []), "when", "what", "by", "between", "sources"]
    lines = [f"# {_md(title)}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        when = r.when + (f" ({r.placed})" if r.placed else "")
        what = r.what + (f": {r.summary}" if r.summary else "")
        if r.details:
            what += " [" + "; ".join(r.details) + "]"
        if r.gaps:
            what += " ⚠ " + ", ".join(r.gaps)
        cells = [
            str(r.n),
            *([r.case] if multi else []),
            when,
            what,
            ", ".join(r.by),
            "; ".join(r.between + (("about: " + ", ".join(r.about),) if r.about else ())),
            " ".join(q.text() for q in r.sources),
        ]
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def chronology_table(rows: Sequence[ChronologyRow], multi: bool = False) -> str:
    """The chronology as an HTML ``<table>`` (every text escaped); the report embeds it."""
    e = html.escape
    parts = [
        '<table class="chronology">',
        "<thead><tr><th>#</th>",
        "<th>Case</th>" if multi else "",
        "<th>When</th><th>What</th><th>Who</th><th>Between</th><th>Sources</th></tr></thead>",
        "<tbody>",
    ]
    for r in rows:
        placed = f'<div class="placed">{e(r.placed)}</div>' if r.placed else ""
        written = f'<div class="written">{e(r.date)}</div>' if r.date else ""
        summary = f"<div>{e(r.summary)}</div>" if r.summary else ""
        details = (
            '<ul class="details">' + "".join(f"<li>{e(d)}</li>" for d in r.details) + "</ul>"
            if r.details
            else ""
        )
        gaps = (
            '<div class="row-gaps">'
            + "".join(f'<span class="gap-tag">⚠ {e(g)}</span>' for g in r.gaps)
            + "</div>"
            if r.gaps
            else ""
        )
        between = list(r.between) + ([f"about: {', '.join(r.about)}"] if r.about else [])
        who = e(", ".join(r.by)) or '<span class="none">not recorded</span>'
        quotes = "".join(_quote_html(q) for q in r.sources) or '<span class="none">none</span>'
        parts.append(
            f'<tr id="row-{e(r.case)}-{e(r.event)}" data-event="{e(r.event)}" '
            f'data-n="{r.n}">'
            f'<td class="n">{r.n}</td>'
            + (f"<td>{e(r.case)}</td>" if multi else "")
            + f'<td class="when">{e(r.when)}{written if r.date and r.when != r.date else ""}'
            f"{placed}</td>"
            f'<td class="what"><b>{e(r.what)}</b> <span class="kind">{e(r.kind)}</span>'
            f"{summary}{details}{gaps}</td>"
            f"<td>{who}</td>"
            f"<td>{'<br>'.join(e(b) for b in between)}</td>"
            f'<td class="quotes">{quotes}</td></tr>'
        )
    parts.append("</tbody></table>")
    return "".join(parts)


def _quote_html(q: Quote) -> str:
    e = html.escape
    where = ", ".join(x for x in (q.ref, q.locator) if x)
    words = f"“{e(q.quote)}”" if q.quote else '<span class="none">no quote</span>'
    return f'<blockquote class="quote">{words} <cite>{e(where)}</cite></blockquote>'


def quote_html(q: Quote) -> str:
    """One quote as HTML (shared with the report's gap sections)."""
    return _quote_html(q)


def quotes_of(sources: Iterable[Mapping[str, Any]]) -> tuple[Quote, ...]:
    """``[{ref, quote, locator}]`` (graph nodes, gap results) as quotes."""
    return tuple(Quote(str(s.get("ref") or ""), s.get("quote"), s.get("locator")) for s in sources)
