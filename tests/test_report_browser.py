"""The written report in a real headless Chromium: offline, complete, drawn and safe; and
its PDF read back with pdftotext.

Each report is opened from file:// with every other request refused and recorded (the
embedded views run in sandboxed srcdoc frames, whose requests and console messages
are recorded too). test-output/report.png is for a person to look at.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser import SCREENSHOTS, XSS_FLAGS
from test_views import XSS_CASE

from casegraph.dataset import load
from casegraph.gaps import gaps
from casegraph.report import build_report, chronology, write_report
from casegraph.report.pdf import print_pdf
from casegraph.synth.corpus import write_corpus
from casegraph.views.placing import relation

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "data" / "cases" / "prevent-amess-2014.yaml"


def _wait_until_drawn(frame: Any, timeout_s: float = 30.0) -> None:
    """Wait for a view frame's cgReady, polling from Python.

    Playwright's wait_for_function compiles its predicate with eval inside the page
    when it has to poll, which the frames' strict CSP (no 'unsafe-eval') refuses, so
    the test failed whenever a view was not drawn at the first check. evaluate() runs
    through the DevTools protocol, which the page's CSP does not govern.
    """
    deadline = time.monotonic() + timeout_s
    while not frame.evaluate("window.cgReady !== null && window.cgReady !== undefined"):
        if time.monotonic() > deadline:
            pytest.fail(f"the embedded view {frame.url[:60]} did not draw in {timeout_s:.0f} s")
        frame.wait_for_timeout(100)
    frame.wait_for_timeout(150)


class Opened:
    """A report page opened offline, with what it tried to fetch and log."""

    def __init__(self, browser: Any, path: Path, width: int = 1400, height: int = 900):
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=1, offline=True
        )
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

        def route(request_route: Any) -> None:
            if request_route.request.url == self.url:
                request_route.continue_()
            else:
                self.requests.append(request_route.request.url)
                request_route.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def views(self) -> list[Any]:
        """The embedded view frames, once each has drawn."""
        frames = [f for f in self.page.frames if f != self.page.main_frame]
        for frame in frames:
            # Chromium does not render a frame out of sight: scroll to it, as a reader would.
            frame.frame_element().scroll_into_view_if_needed()
            _wait_until_drawn(frame)
        return frames

    def assert_clean(self) -> None:
        assert [u for u in self.requests if not u.startswith("data:")] == []
        assert self.errors == []
        assert self.dialogs == []

    def close(self) -> None:
        self.context.close()


def ink(frame: Any) -> int:
    return int(
        frame.evaluate("""() => {
        const canvas = document.querySelector('#cg-canvas canvas');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let count = 0;
        for (let i = 0; i < pixels.length; i += 4)
            if (pixels[i + 3] > 0 && Math.min(pixels[i], pixels[i + 1], pixels[i + 2]) < 235)
                count++;
        return count;
    }""")
    )


def check_report(opened: Opened, dataset: Any, cases: list[str], frames: int) -> None:
    """Chronology in order, every result with its quotes, views drawn, nothing fetched."""
    page = opened.page
    graph = dataset.to_networkx(cases)
    nodes: dict[str, list[str]] = {case: [] for case in cases}
    for node, case in graph.nodes(data="case"):
        nodes[case].append(node)
    for case in cases:
        shown = page.eval_on_selector_all(
            f'section[id="chronology-{case}"] tr[data-event]',
            "rows => rows.map(r => r.dataset.event)",
        )
        own = graph.subgraph(nodes[case]).copy()
        rows = chronology(own)
        assert shown == [r.event for r in rows]
        position = {row.iri: row.n for row in rows}
        chron = relation(own)
        for e in chron.dates:
            for f in chron.dates:
                if chron.is_later(f, e):
                    assert position[e] < position[f], (case, e, f)
    wanted = set(cases)
    results = [r for r in gaps(dataset) if r.case in wanted]
    shown = page.eval_on_selector_all(
        "tr.result",
        "rows => rows.map(r => [r.dataset.gap, r.dataset.case, r.dataset.entity, r.dataset.actor,"
        " r.querySelector('td.quotes').textContent])",
    )
    assert len(shown) == len(results)
    by_key = {tuple(row[:4]): row[4] for row in shown}
    for r in results:
        quotes = by_key[(r.gap, r.case, r.entity, r.actor or "")]
        for source in r.sources:
            assert str(source["quote"]) in quotes
    views = opened.views()
    assert len(views) == frames
    for frame in views:
        assert ink(frame) > 5_000
        assert frame.evaluate("() => cgView.nodes.length") > 0


def test_real_case_report(browser: Any, tmp_path: Path) -> None:
    dataset = load(REAL)
    path = write_report(build_report(dataset), tmp_path / "report.html")
    opened = Opened(browser, path)
    try:
        check_report(opened, dataset, dataset.case_ids(), frames=2)
        sections = opened.page.eval_on_selector_all(
            "section[data-section]", "s => s.map(x => x.dataset.section)"
        )
        assert sections == ["summary", "chronology", "gaps", "reconciliation", "agencies", "views"]
        SCREENSHOTS.mkdir(exist_ok=True)
        opened.page.screenshot(path=str(SCREENSHOTS / "report.png"))
        opened.assert_clean()
    finally:
        opened.close()


@pytest.mark.slow
def test_corpus_report_with_charts(browser: Any, tmp_path: Path) -> None:
    write_corpus(tmp_path / "corpus", 200, seed=3)
    dataset = load(tmp_path / "corpus" / "cases")
    report = build_report(dataset)
    path = write_report(report, tmp_path / "corpus.html")
    opened = Opened(browser, path)
    try:
        check_report(opened, dataset, dataset.case_ids(), frames=6)
        charts = opened.page.eval_on_selector_all(
            "svg.chart",
            "svgs => svgs.map(s => [s.getBoundingClientRect().width,"
            " [...s.querySelectorAll('rect.bar, rect.cell')].filter("
            "r => r.getBoundingClientRect().width > 0).length])",
        )
        assert len(charts) == 3
        assert all(width > 300 and drawn > 5 for width, drawn in charts)
        # The table behind the first chart holds the same counts.
        table = opened.page.eval_on_selector_all(
            "#recurrence table.chart-data:first-of-type tbody tr",
            "rows => rows.map(r => [r.cells[0].textContent, +r.cells[1].textContent])",
        )
        assert dict(table) == {r.gap: r.cases for r in report.recurring}
        opened.assert_clean()
    finally:
        opened.close()


def test_report_text_never_runs(
    browser: Any, write_case: Callable[..., Path], tmp_path: Path
) -> None:
    dataset = load(write_case(XSS_CASE))
    path = write_report(build_report(dataset), tmp_path / "xss.html")
    opened = Opened(browser, path)
    try:
        frames = opened.views()
        assert len(frames) == 2
        page = opened.page
        assert page.text_content("h1") == (
            "<script>window.__xssTitle = 1</script> Smith & <b>Jones</b>"
        )
        assert "<img src=x onerror=window.__xssQuote=1>" in page.text_content("table.chronology")
        assert page.evaluate("() => document.querySelectorAll('img, script').length") == 0
        for frame in [page.main_frame, *frames]:
            assert frame.evaluate(XSS_FLAGS) == []
        opened.assert_clean()
    finally:
        opened.close()


def _words(text: str) -> set[str]:
    """Words as pdftotext gives them back: no punctuation, hyphens or case."""
    kept = "".join(
        c.lower() if c.isalnum() or c.isspace() else " " if c != "-" else "" for c in text
    )
    return set(kept.split())


def _pdf_pages(pdf: Path) -> list[set[str]]:
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [_words(page) for page in text.split("\f")]


def _on_one_page(pages: list[set[str]], *texts: str) -> bool:
    wanted = set().union(*(_words(t) for t in texts))
    return any(wanted <= page for page in pages)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
def test_report_pdf_has_every_section_and_no_split_row(browser: Any, tmp_path: Path) -> None:
    dataset = load(REAL)
    report = build_report(dataset)
    html_path = write_report(report, tmp_path / "report.html")
    pdf = print_pdf(html_path, tmp_path / "report.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    starts = [" ".join(page.split())[:40] for page in text.split("\f")]
    assert len(starts) >= 6
    # Every section, each opening a page of its own.
    for title in (
        "Chronology",
        "Gaps found",
        "Reconciliation with the findings",
        "Agencies",
        "Timeline and network",
    ):
        assert any(start.startswith(title) for start in starts), title
    assert "Summary" in " ".join(text.split()[:80])
    pages = _pdf_pages(pdf)
    # No table row split across pages: the start of a row's first cells and the end of
    # its last cell (the quotes) are on one page.
    for row in report.cases[0].rows:
        what = " ".join(row.what.split()[:3])
        end = " ".join(str(row.sources[-1].quote or row.what).split()[-3:])
        assert _on_one_page(pages, row.when, what, end), row.event
    for r in report.results:
        label = " ".join(r.label.split()[:3])
        end = " ".join(str(r.sources[-1]["quote"]).split()[-3:])
        assert _on_one_page(pages, label, r.detail.split()[0], end), (r.gap, r.entity)
