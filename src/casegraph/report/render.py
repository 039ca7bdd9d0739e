"""The report as one self-contained HTML file: every text escaped, nothing fetched.

The report page itself runs no script. The interactive views are the views' own pages
in sandboxed ``<iframe srcdoc>`` (scripts only, no same origin); they inherit the
report's Content-Security-Policy, which allows only the views' two scripts by hash
and no network access at all. For print, each view is replaced by a static SVG
picture (casegraph.report.pictures) and a print stylesheet breaks pages between
sections and never inside a table row.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from casegraph.report.charts import bar_chart, grid_chart
from casegraph.report.chronology import ChronologyRow, chronology_table, quote_html, quotes_of
from casegraph.views.html import _asset, _csp_hash
from casegraph.views.style import display_date

if TYPE_CHECKING:
    from casegraph.gaps.catalogue import GapResult
    from casegraph.report.content import Agency, CaseReport, Report

e = html.escape
# Up to this many cases, each case gets its embedded views; with more, only the cases
# with the most gap results do (each pair of views adds about 1.5 MB to the file).
VIEW_CASES = 3
# A case of more events gets no embedded views, but a note on drawing them: each view
# carries every item's details, so the two views of a 10,000-event case made 75 MB of
# a 110 MB report that Chromium took 90 s to draw (2,000 events: 15 MB of 18 MB).
VIEW_EVENTS = 2500


@cache
def _css() -> str:
    return files("casegraph.report").joinpath("assets", "report.css").read_text(encoding="utf-8")


def page(title: str, body: str, scripts: Iterable[str] = ()) -> str:
    """A whole HTML document: strict CSP (only ``scripts``' hashes), inline CSS, ``body``."""
    hashes = " ".join(_csp_hash(s) for s in scripts) or "'none'"
    csp = (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{e(csp)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="casegraph">\n<link rel="icon" href="data:,">\n'
        f"<title>{e(title)}</title>\n<style>\n{_css()}\n</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


def chronology_html(rows: Sequence[ChronologyRow], title: str = "Chronology") -> str:
    """A standalone HTML page holding the chronology table (no script, strict CSP)."""
    multi = len({r.case for r in rows}) > 1
    body = f"<h1>{html.escape(title)}</h1>" + chronology_table(rows, multi)
    return page(title, body, scripts=())


def report_html(report: Report, views: bool = True) -> str:
    """The whole report (see :func:`casegraph.report.write_report`)."""
    multi = len(report.cases) > 1
    parts = [
        f"<header><h1>{e(report.title)}</h1>",
        f'<p class="subtitle">{e(_subtitle(report))}</p></header>',
        _contents(report),
    ]
    if multi:
        parts.append(_recurrence(report))
        parts.append(_case_index(report))
    drawn = {c.id for c in viewed_cases(report)} if views else set()
    for case in report.cases:
        parts.append(_case(report, case, multi, case.id in drawn, views))
    parts.append(
        f"<footer>Made by casegraph on {date.today().isoformat()} from the case files as "
        "loaded. Every gap result is computed from what the files record; a source's "
        "silence is no evidence that nothing happened.</footer>"
    )
    scripts = (_asset("vis-network.min.js"), _asset("view.js")) if views else ()
    return page(report.title, "\n".join(parts), scripts)


def viewed_cases(report: Report) -> list[CaseReport]:
    """The cases whose views the report embeds: of the cases of at most VIEW_EVENTS
    events, all up to VIEW_CASES, else those with the most gap results (ties by id)."""
    drawable = [c for c in report.cases if len(c.rows) <= VIEW_EVENTS]
    if len(drawable) <= VIEW_CASES:
        return drawable
    ranked = sorted(drawable, key=lambda c: (-sum(len(g.results) for g in c.gaps), c.id))
    return ranked[:VIEW_CASES]


def _subtitle(report: Report) -> str:
    if len(report.cases) == 1:
        case = report.cases[0]
        bits = [f"case {case.id}", _period(case.period)]
        if case.review.get("title"):
            bits.append(str(case.review["title"]))
        return " · ".join(b for b in bits if b)
    return f"{len(report.cases)} cases · {len(report.results)} gap results"


def _period(period: tuple[str, str]) -> str:
    start, end = period
    if not (start or end):
        return ""
    return f"{display_date(start) or '?'} \u2013 {display_date(end) or '?'}"


def _anchor(*parts: str) -> str:
    return "-".join(p.replace(" ", "_") for p in parts)


def _contents(report: Report) -> str:
    items = []
    if len(report.cases) > 1:
        items += ['<li><a href="#recurrence">Recurrence across cases</a></li>']
        items += ['<li><a href="#cases">Cases</a></li>']
        return '<nav class="contents"><b>Contents</b><ol>' + "".join(items) + "</ol></nav>"
    case = report.cases[0]
    for key, title in _SECTIONS:
        items.append(f'<li><a href="#{e(_anchor(key, case.id))}">{e(title)}</a></li>')
    return '<nav class="contents"><b>Contents</b><ol>' + "".join(items) + "</ol></nav>"


_SECTIONS = (
    ("summary", "Summary"),
    ("chronology", "Chronology"),
    ("gaps", "Gaps found"),
    ("reconciliation", "Reconciliation with the findings"),
    ("agencies", "Agencies"),
    ("views", "Timeline and network"),
)


def _case(report: Report, case: CaseReport, multi: bool, embed: bool, views: bool) -> str:
    titles = dict(_SECTIONS)
    level = "h3" if multi else "h2"
    sections = [
        ("summary", _summary(case, len(report.results) if not multi else None)),
        ("chronology", _chronology(case)),
        ("gaps", _gaps(case, level)),
        ("reconciliation", _reconciliation(case)),
        ("agencies", _agencies(case, level)),
    ]
    if embed:
        sections.append(("views", _views(report, case)))
    elif views and len(case.rows) > VIEW_EVENTS:
        sections.append(("views", _views_left_out(case)))
    out = []
    if multi:
        out.append(
            f'<section class="major case" id="{e(_anchor("case", case.id))}">'
            f'<h2>{e(case.title)} <span class="result-id">({e(case.id)})</span></h2>'
        )
    for n, (key, body) in enumerate(sections):
        css = "case-part" if multi else "major"
        if not multi and n == 0:
            css = "first"
        out.append(
            f'<section class="{css}" id="{e(_anchor(key, case.id))}" data-section="{key}">'
            f"<{level}>{e(titles[key])}</{level}>{body}</section>"
        )
    if multi:
        out.append("</section>")
    return "\n".join(out)


def _summary(case: CaseReport, results: int | None) -> str:
    review = case.review
    rows = [
        ("Case", f'{e(case.title)} <span class="result-id">({e(case.id)})</span>'),
        ("Subject", e(case.subject) or '<span class="none">not recorded</span>'),
        ("Period reviewed", e(_period(case.period)) or '<span class="none">not recorded</span>'),
    ]
    if review:
        bits = [
            e(str(review.get("title", ""))),
            e(str(review.get("kind", ""))),
            "published " + e(display_date(str(review["published"])))
            if review.get("published")
            else "",
        ]
        commissioned = [case.labels.get(c, c) for c in review.get("commissioned_by", [])]
        if commissioned:
            bits.append("commissioned by " + e(", ".join(commissioned)))
        rows.append(("Review", " · ".join(b for b in bits if b)))
    sources = "".join(
        f'<li>{e(s.get("label", s.get("id", "")))} <span class="result-id">'
        f"({e(', '.join(x for x in (s.get('id'), s.get('kind'), s.get('published')) if x))})"
        f"</span>{_url(s.get('url'))}</li>"
        for s in case.sources
    )
    rows.append(("Sources", f"<ul>{sources}</ul>" if sources else '<span class="none">none</span>'))
    silent = (
        ", ".join(e(s) for s in case.silent_on)
        if case.silent_on
        else '<span class="none">not stated in the case file</span>'
    )
    rows.append(("The sources are silent on", silent))
    plural = {"duty": "duties", "recommendation": "recommendations"}
    counts = ", ".join(
        f"{n} {plural.get(kind, kind + 's') if n != 1 else kind}"
        for kind, n in sorted(case.counts.items())
        if kind not in ("case", "source")
    )
    rows.append(("The case file records", e(counts)))
    n_results = sum(len(g.results) for g in case.gaps)
    gap_line = f"{n_results} result{'s' if n_results != 1 else ''} of {len(case.gaps)} gaps"
    rows.append(("Gaps found", e(gap_line)))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (
        f'<dl class="summary">{body}</dl><p class="note">The chronology lists the events in an '
        "order that never contradicts the case file: by date, and undated events by their "
        "after/before links. Dates are shown as written (a month stays a month).</p>"
    )


def _url(url: str | None) -> str:
    # Shown as text, never as a link: the report must not lead a reader's browser anywhere.
    return f' <span class="result-id">{e(url)}</span>' if url else ""


def _chronology(case: CaseReport) -> str:
    if not case.rows:
        return '<p class="none">No events recorded.</p>'
    return chronology_table(case.rows)


def _names(case: CaseReport, ids: Sequence[str]) -> str:
    return ", ".join(case.labels.get(i, i) for i in ids)


def _result_row(case: CaseReport, r: GapResult) -> str:
    quotes = "".join(quote_html(q) for q in quotes_of(r.sources)) or (
        '<span class="none">no quote</span>'
    )
    actor = case.labels.get(r.actor, r.actor) if r.actor else ""
    basis = getattr(r, "basis", None)
    stated = getattr(r, "stated_by", None)
    extra = ""
    if basis:
        extra += f'<div class="result-id">basis: {e(str(basis))}</div>'
    if stated:
        extra += f'<div class="result-id">stated by: {e(_names(case, list(stated)))}</div>'
    return (
        f'<tr class="result" data-gap="{e(r.gap)}" data-entity="{e(r.entity)}" '
        f'data-actor="{e(r.actor or "")}" data-case="{e(r.case)}">'
        f'<td><b>{e(r.label)}</b><div class="result-id">{e(r.entity)}</div></td>'
        f"<td>{e(actor)}</td><td>{e(r.detail)}{extra}</td>"
        f"<td>{e(_names(case, r.evidence))}</td><td>{e(', '.join(r.findings))}</td>"
        f'<td class="quotes">{quotes}</td></tr>'
    )


def _gaps(case: CaseReport, level: str) -> str:
    if not case.gaps:
        return '<p class="none">No gap of the catalogue was found in this case.</p>'
    sub = "h4" if level == "h2" else "h5"
    head = (
        "<thead><tr><th>Item</th><th>Actor</th><th>What the file shows</th><th>Evidence</th>"
        "<th>Findings</th><th>Sources</th></tr></thead>"
    )
    out = []
    for group in case.gaps:
        out.append(
            f'<div class="gap-group" id="{e(_anchor("gap", case.id, group.gap))}">'
            f"<{sub}>{e(group.gap)} ({len(group.results)})</{sub}>"
            f'<p class="note">{e(group.description)}</p>'
        )
        for basis, results in group.by_basis():
            if basis is not None:
                out.append(f'<p class="note"><b>Basis: {e(basis)}</b></p>')
            rows = "".join(_result_row(case, r) for r in results)
            out.append(f'<table class="gap-results">{head}<tbody>{rows}</tbody></table>')
        out.append("</div>")
    return "".join(out)


def _reconciliation(case: CaseReport) -> str:
    def results(found: list[tuple[str, str, str | None]]) -> str:
        return "; ".join(
            f"{gap}: {case.labels.get(entity, entity)}"
            + (f" (for {case.labels.get(actor, actor)})" if actor else "")
            for gap, entity, actor in found
        )

    rows = []
    for check in case.findings:
        status = check.status  # corroborated, related, uncorroborated, not-assessed
        css = "ok" if status == "corroborated" else "warn"
        state = f'<span class="{css}">{e(status)}</span>'
        if check.stated_by:
            state += f" by {e(results(check.stated_by))}"
        if check.related_by:
            state += f"; related: {e(results(check.related_by))}"
        if status == "uncorroborated":
            state += ": no gap result states it or shares its evidence"
        if status == "not-assessed":
            state += f": not assessed here: {e(', '.join(check.not_assessed))}"
        rows.append(
            f'<tr class="finding" data-finding="{e(check.finding)}"><td>{e(check.finding)}</td>'
            f"<td>{e(check.label)}</td><td>{e(', '.join(check.themes))}</td><td>{state}</td></tr>"
        )
    findings = (
        '<table class="findings"><thead><tr><th>Finding</th><th>Text</th><th>Theme</th>'
        f"<th>Gap results behind it</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if rows
        else '<p class="none">The case file records no findings.</p>'
    )
    unnamed = "".join(
        f'<tr><td>{e(r.gap)}</td><td>{e(r.label)} <span class="result-id">({e(r.entity)})'
        f"</span></td><td>{e(case.labels.get(r.actor, r.actor) if r.actor else '')}</td></tr>"
        for r in case.unnamed
    )
    extra = (
        f"<h4>Gaps no finding names ({len(case.unnamed)})</h4>"
        '<table class="unnamed"><thead><tr><th>Gap</th><th>Item</th><th>Actor</th></tr></thead>'
        f"<tbody>{unnamed}</tbody></table>"
        if unnamed
        else "<p>Every gap result is named by a finding.</p>"
    )
    return findings + extra


def _agency(case: CaseReport, agency: Agency, level: str) -> str:
    sub = "h4" if level == "h2" else "h5"
    parts = [
        f'<div class="agency" id="{e(_anchor("agency", case.id, agency.id))}">'
        f'<{sub}>{e(agency.label)} <span class="kind">{e(agency.type)}</span></{sub}>'
    ]
    if agency.members:
        parts.append(f'<p class="note">Includes: {e(", ".join(agency.members))}</p>')
    held = "".join(
        f"<tr><td>{e(h['duty'])}</td><td>{e(h['holder'])}</td><td>{e(h['role'])}</td>"
        f"<td>{e(h['basis'])}</td><td>{e(h['discharged'])}</td></tr>"
        for h in agency.held
    )
    parts.append(
        "<p><b>Held</b></p>"
        + (
            "<table><thead><tr><th>Duty</th><th>Holder</th><th>Role</th><th>Basis</th>"
            f"<th>Discharged by</th></tr></thead><tbody>{held}</tbody></table>"
            if held
            else '<p class="none">No duty recorded.</p>'
        )
    )
    did = "".join(
        f'<tr><td class="n">{r.n}</td><td>{e(r.when)}</td><td>{e(r.what)}</td></tr>'
        for r in agency.did
    )
    parts.append(
        "<p><b>Did</b></p>"
        + (
            f"<table><thead><tr><th>#</th><th>When</th><th>Event</th></tr></thead>"
            f"<tbody>{did}</tbody></table>"
            if did
            else '<p class="none">No event recorded as done by it.</p>'
        )
    )
    heard = "".join(
        f'<tr><td class="n">{r.n}</td><td>{e(r.when)}</td><td>{e(r.what)}</td>'
        f"<td>{e(relation)}</td></tr>"
        for relation, r in agency.heard
    )
    parts.append(
        "<p><b>Heard or took part</b></p>"
        + (
            "<table><thead><tr><th>#</th><th>When</th><th>Event</th><th>As</th></tr></thead>"
            f"<tbody>{heard}</tbody></table>"
            if heard
            else '<p class="none">Not recorded as told of, or taking part in, any event.</p>'
        )
    )
    left = "".join(
        f"<tr><td>{e(r.gap)}</td><td>{e(r.label)}</td>"
        f"<td>{e(case.labels.get(r.actor, r.actor) if r.actor else '')}</td>"
        f"<td>{e(r.detail)}</td></tr>"
        for r in agency.left_out
    )
    parts.append(
        "<p><b>Left out of</b></p>"
        + (
            "<table><thead><tr><th>Gap</th><th>Item</th><th>Who</th><th>Detail</th></tr>"
            f"</thead><tbody>{left}</tbody></table>"
            if left
            else '<p class="none">No gap result says it was left out.</p>'
        )
    )
    parts.append("</div>")
    return "".join(parts)


def _agencies(case: CaseReport, level: str) -> str:
    shown = [a for a in case.agencies if not a.empty]
    quiet = [a for a in case.agencies if a.empty]
    body = "".join(_agency(case, a, level) for a in shown)
    if quiet:
        body += (
            '<p class="note">Also named, with no duty, event or gap recorded: '
            f"{e(', '.join(a.label for a in quiet))}.</p>"
        )
    return body or '<p class="none">No actors recorded.</p>'


def _frame(page_html: str, title: str) -> str:
    # In single quotes only & and ' need escaping: the page's JSON and script are full
    # of double quotes, and &quot; for each would make a long case's report half as
    # large again (a 2,000-event case: 0.9 million of them in its timeline alone).
    srcdoc = page_html.replace("&", "&amp;").replace("'", "&#x27;")
    return (
        f'<iframe class="view-frame screen-only" title="{e(title)}" sandbox="allow-scripts" '
        f"srcdoc='{srcdoc}'></iframe>"
    )


def _views(report: Report, case: CaseReport) -> str:
    # the views (pyvis) and their pictures load only when a report embeds them
    from casegraph.report.pictures import network_svg, timeline_svg
    from casegraph.views import network_view, timeline_view, to_html

    nodes = [n for n, c in report.graph.nodes(data="case") if c == case.id]
    graph = report.graph.subgraph(nodes).copy()
    timeline = timeline_view(graph, highlights=report.highlights)
    network = network_view(graph, highlights=report.highlights)
    return (
        '<p class="note screen-only">Interactive: hover or click an item for its details '
        "and quotes; the printed report shows a static picture instead.</p>"
        "<h4>Timeline</h4>"
        + _frame(to_html(timeline), f"Timeline of {case.id}")
        + f'<div class="print-only">{timeline_svg(timeline)}</div>'
        + "<h4>Network</h4>"
        + _frame(to_html(network), f"Network of {case.id}")
        + f'<div class="print-only">{network_svg(network)}</div>'
    )


def _views_left_out(case: CaseReport) -> str:
    return (
        f'<p class="note">This case has {len(case.rows):,} events: its timeline and network '
        f"are not embedded here (above {VIEW_EVENTS:,} events they would make this file "
        "tens of megabytes, slow to open). Draw them as pages of their own with "
        f"<code>casegraph view FILE --case {e(case.id)} --layout timeline</code> and "
        f"<code>casegraph view FILE --case {e(case.id)}</code>.</p>"
    )


def _recurrence(report: Report) -> str:
    total = len(report.cases)
    gaps = [r.gap for r in report.recurring]
    found = [r for r in report.recurring if r.cases]
    parts = [
        '<section class="first" id="recurrence" data-section="recurrence">'
        "<h2>Recurrence across cases</h2>",
        f'<p class="note">{total} cases. A case counts once for a gap however many results '
        "it has.</p>",
        '<div class="chart-wrap">'
        + bar_chart("Cases with each gap", [(r.gap, r.cases) for r in found], total)
        + "</div>",
        '<table class="chart-data"><thead><tr><th>Gap</th><th>Cases</th><th>Share</th>'
        "<th>Results</th></tr></thead><tbody>"
        + "".join(
            f"<tr><td>{e(r.gap)}</td><td>{r.cases}</td><td>{100 * r.share:.0f}%</td>"
            f"<td>{r.results}</td></tr>"
            for r in report.recurring
        )
        + "</tbody></table>",
    ]
    types = sorted({t for r in found for t in r.by_actor_type})
    values = {(r.gap, t): n for r in found for t, n in r.by_actor_type.items()}
    if types:
        parts.append(
            '<h3>By actor type</h3><p class="note">Cases in which a result of the gap involves '
            "an actor of that type (a person inside an organisation counts as the "
            "organisation's type).</p>"
            '<div class="chart-wrap">'
            + grid_chart("Cases by actor type", [r.gap for r in found], types, values)
            + "</div>"
            + _grid_table([r.gap for r in found], types, values)
        )
    years = list(report.years)
    by_year = {(y.gap, year): n for y in report.by_year for year, n in y.by_year.items()}
    if years:
        parts.append(
            '<h3>By year</h3><p class="note">Cases with the gap among the cases whose reviewed '
            "period starts that year (in brackets: how many cases started that year).</p>"
            '<div class="chart-wrap">'
            + grid_chart(
                "Cases by year",
                [g for g in gaps if any(by_year.get((g, y)) for y in years)],
                years,
                by_year,
                report.years,
            )
            + "</div>"
            + _grid_table(gaps, years, by_year, report.years)
        )
    parts.append("</section>")
    return "".join(parts)


def _grid_table(
    rows: Sequence[str],
    columns: Sequence[str],
    values: dict[tuple[str, str], int],
    totals: dict[str, int] | None = None,
) -> str:
    head = "".join(f"<th>{e(c)}" + (f" ({totals[c]})" if totals else "") + "</th>" for c in columns)
    body = "".join(
        f"<tr><td>{e(r)}</td>"
        + "".join(f"<td>{values.get((r, c), 0)}</td>" for c in columns)
        + "</tr>"
        for r in rows
    )
    return (
        f'<table class="chart-data"><thead><tr><th>Gap</th>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _case_index(report: Report) -> str:
    rows = "".join(
        f'<tr><td><a href="#{e(_anchor("case", c.id))}">{e(c.id)}</a></td><td>{e(c.title)}</td>'
        f"<td>{e(_period(c.period))}</td><td>{len(c.rows)}</td>"
        f"<td>{sum(len(g.results) for g in c.gaps)}</td></tr>"
        for c in report.cases
    )
    drawn = ", ".join(c.id for c in viewed_cases(report))
    return (
        '<section class="major" id="cases" data-section="cases"><h2>Cases</h2>'
        f'<p class="note">Timeline and network views are embedded for the {VIEW_CASES} cases '
        f"with the most gap results ({e(drawn)}); write any other case's report with "
        "<code>casegraph report --case ID</code>.</p>"
        "<table><thead><tr><th>Case</th><th>Title</th><th>Period</th><th>Events</th>"
        f"<th>Gap results</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )
