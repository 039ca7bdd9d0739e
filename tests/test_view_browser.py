"""The written views in a real headless Chromium: offline, drawn, complete and safe.

Each page is opened from file:// with every other request refused and recorded. The
screenshots in test-output/ (network.png, timeline.png) are for a person to look at.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from browser import SCREENSHOTS, XSS_FLAGS, ink, node_count, open_view, positions, ready_ms
from test_views import MINIMAL, XSS_CASE, XSS_LABEL, synthetic_graph

from casegraph.dataset import load
from casegraph.views import network_view, timeline_view, write_html
from casegraph.views.timeline import ROW_HEIGHT
from casegraph.vocab import item_iri

pytestmark = pytest.mark.browser

REAL = Path(__file__).resolve().parents[1] / "data" / "cases" / "prevent-amess-2014.yaml"


@pytest.fixture(scope="module")
def case() -> tuple[nx.MultiDiGraph, dict[str, Any] | None, str]:
    """The real case when it is in the tree (the minimal fixture otherwise), with its gaps."""
    path = REAL if REAL.exists() else MINIMAL
    dataset = load(path)
    try:
        from casegraph.views import gap_highlights

        highlights = gap_highlights(dataset)
    except Exception:  # the gap engine is someone else's work in progress
        highlights = None
    return dataset.to_networkx(), highlights, dataset.case_ids()[0]


def assert_clean(log: Any) -> None:
    assert log.outside_requests == [], "the page tried to fetch something"
    assert log.console_errors == []
    assert log.page_errors == []
    assert log.dialogs == []


def hover(page: Any, node_id: str) -> str:
    """Move the mouse onto a node and return the tooltip's text once it shows."""
    point = page.evaluate(
        """id => {
            const net = cgView.network, dom = net.canvasToDOM(net.getPosition(id));
            const box = document.getElementById('cg-canvas').getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        node_id,
    )
    page.mouse.move(point["x"], point["y"])
    page.wait_for_function(
        "() => { const t = document.querySelector('div.vis-tooltip');"
        " return t && t.style.visibility === 'visible'; }",
        timeout=3000,
    )
    return str(page.evaluate("() => document.querySelector('div.vis-tooltip').textContent"))


def test_network_view_offline_drawn_and_complete(browser: Any, case: Any, tmp_path: Path) -> None:
    graph, highlights, case_id = case
    path = write_html(network_view(graph, highlights=highlights), tmp_path / "network.html")
    with open_view(browser, path) as (page, log):
        assert page.evaluate("() => window.cgReady.how") == "fixed"  # a grid, no physics
        assert ready_ms(page) < 5000
        assert page.is_checked("#cg-physics") is False  # physics off once stabilised
        assert node_count(page) == graph.number_of_nodes()
        assert page.evaluate("() => cgView.edges.length") == graph.number_of_edges()
        assert ink(page) > 20_000
        title = page.text_content("#cg-title")
        assert title == next(a["title"] for _, a in graph.nodes(data=True) if a["type"] == "case")
        focus = "channel-exit" if REAL.exists() else "mentor-tasking"
        page.evaluate("id => cgView.select(id)", item_iri(case_id, focus))
        panel = page.text_content("#cg-panel")
        assert graph.nodes[item_iri(case_id, focus)]["label"] in panel
        if highlights:
            assert "⚠" in panel and "basis: " in panel
        if highlights and REAL.exists():
            # A gap resting only on an absence: "?" and its basis, not only a colour.
            page.evaluate("id => cgView.select(id)", item_iri(case_id, "change-in-demeanour"))
            panel = page.text_content("#cg-panel")
            assert "? unaddressed-concern" in panel
            assert "basis: absent: rests only on something not being recorded" in panel
            page.evaluate("id => cgView.select(id)", item_iri(case_id, focus))
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "network.png"))
        assert_clean(log)


def test_timeline_puts_events_in_date_order(browser: Any, case: Any, tmp_path: Path) -> None:
    graph, highlights, case_id = case
    net = timeline_view(graph, highlights=highlights)
    path = write_html(net, tmp_path / "timeline.html")
    with open_view(browser, path) as (page, log):
        assert page.evaluate("() => window.cgReady.how") == "fixed"
        assert node_count(page) == len(net.nodes)
        events = {iri: a for iri, a in graph.nodes(data=True) if a["type"] == "event"}
        placed = positions(page)
        assert set(events) <= set(placed)
        dated = [
            (iri, date.fromisoformat(a["earliest"]), date.fromisoformat(a["latest"]))
            for iri, a in events.items()
            if a.get("earliest")
        ]
        assert len(dated) >= 3
        for a, a_first, _ in dated:
            for b, _, b_last in dated:
                if a_first > b_last:
                    assert placed[a]["x"] > placed[b]["x"], (a, b)
        # Each event sits in the lane of its first "by" (or the unattributed lane).
        lanes = {lane["id"]: lane for lane in net.casegraph["lanes"]}
        for iri in events:
            lane = lanes[next(n["cg"]["lane"] for n in net.nodes if n["id"] == iri)]
            assert abs(placed[iri]["y"] - lane["y"]) < lane["height"] / 2
        assert ink(page) > 20_000
        focus = "channel-exit" if REAL.exists() else "mentor-tasking"
        page.evaluate("id => cgView.select(id)", item_iri(case_id, focus))
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "timeline.png"))
        page.click("#cg-fit")  # the whole period at once
        page.screenshot(path=str(SCREENSHOTS / "timeline-whole.png"))
        assert_clean(log)


@pytest.mark.parametrize("build", [network_view, timeline_view], ids=["network", "timeline"])
def test_case_text_is_shown_as_text_and_never_runs(
    browser: Any, build: Callable[..., Any], write_case: Callable[..., Path], tmp_path: Path
) -> None:
    graph = load(write_case(XSS_CASE)).to_networkx()
    path = write_html(build(graph), tmp_path / "xss.html")
    with open_view(browser, path) as (page, log):
        assert page.text_content("#cg-title") == (
            "<script>window.__xssTitle = 1</script> Smith & <b>Jones</b>"
        )
        target = item_iri("xss-case", "subj" if build is network_view else "e2")
        tooltip = hover(page, target)
        label = XSS_LABEL if build is network_view else "</SCRIPT><img src=x onerror"
        assert label in tooltip
        # innerText turns line breaks into <br>; nothing else may appear.
        tags = "() => [...document.querySelector('div.vis-tooltip').children].map(c => c.tagName)"
        assert set(page.evaluate(tags)) <= {"BR"}
        page.evaluate("id => cgView.select(id)", target)
        assert label in page.text_content("#cg-panel h2")
        page.fill("#cg-search", "<img")
        page.press("#cg-search", "Enter")
        page.wait_for_timeout(400)
        assert page.evaluate("() => document.querySelectorAll('img, svg, iframe').length") == 0
        assert page.evaluate(XSS_FLAGS) == []
        assert_clean(log)


def test_filters_and_search(browser: Any, tmp_path: Path) -> None:
    graph = load(MINIMAL).to_networkx()
    path = write_html(network_view(graph), tmp_path / "minimal.html")
    actors = sum(1 for _, t in graph.nodes(data="type") if t == "actor")
    hidden = "() => cgView.nodes.get({filter: n => n.hidden}).length"
    with open_view(browser, path) as (page, log):
        page.get_by_label("Show Actors").uncheck()
        assert page.evaluate(hidden) == actors
        page.get_by_label("Show decision").uncheck()
        assert page.evaluate(hidden) == actors + 1
        page.get_by_label("Show Actors").check()
        assert page.evaluate(hidden) == 1
        # Finding a hidden node shows it again and selects it.
        page.fill("#cg-search", "adoption")
        page.press("#cg-search", "Enter")
        assert page.evaluate("() => cgView.network.getSelectedNodes()") == [
            item_iri("fictional-2019-a", "adoption")
        ]
        assert page.evaluate(hidden) == 0
        assert page.text_content("#cg-panel h2") == "Adopted to Channel"
        page.fill("#cg-search", "Police Prevent")
        page.press("#cg-search", "Enter")
        assert page.evaluate("() => cgView.network.getSelectedNodes()") == [
            item_iri("fictional-2019-a", "police-prevent")
        ]
        page.fill("#cg-search", "no such thing")
        page.press("#cg-search", "Enter")
        assert page.text_content("#cg-status") == "no match"
        # Physics can be switched back on.
        page.check("#cg-physics")
        assert page.evaluate("() => cgView.network.physics.physicsEnabled") is True
        assert_clean(log)


def test_a_2000_node_view_is_usable(browser: Any, tmp_path: Path) -> None:
    graph = synthetic_graph(50)
    path = write_html(network_view(graph), tmp_path / "big.html")
    with open_view(browser, path) as (page, log):
        assert page.evaluate("() => window.cgReady.how") == "fixed"
        assert ready_ms(page) < 10_000
        assert node_count(page) == 2000
        assert page.is_hidden("#cg-physics-wrap")  # a live layout: seconds per frame
        assert ink(page) > 5_000
        # Zooming in and finding a node still work.
        page.fill("#cg-search", "Event 3")
        page.press("#cg-search", "Enter")
        assert len(page.evaluate("() => cgView.network.getSelectedNodes()")) == 1
        assert_clean(log)


LONG_EVENTS = 400


@pytest.fixture(scope="module")
def long_chronology(tmp_path_factory: pytest.TempPathFactory) -> tuple[nx.MultiDiGraph, Any]:
    """A generated one-case chronology of LONG_EVENTS events (benchmarks/bench_long.py's
    generator: twelve agencies, dates of every precision, undated events chained), with
    its gaps."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_long import long_case

    from casegraph.views import gap_highlights

    path = tmp_path_factory.mktemp("long") / "long.yaml"
    path.write_text(long_case(LONG_EVENTS), encoding="utf-8")
    dataset = load(path)
    return dataset.to_networkx(), gap_highlights(dataset)


@pytest.mark.parametrize("build", [network_view, timeline_view], ids=["network", "timeline"])
def test_a_long_chronology_opens_drawn_and_clean(
    browser: Any, long_chronology: Any, build: Callable[..., Any], tmp_path: Path
) -> None:
    graph, highlights = long_chronology
    net = build(graph, highlights=highlights)
    path = write_html(net, tmp_path / "long.html")
    with open_view(browser, path, 1400, 900) as (page, log):
        assert page.evaluate("() => window.cgReady.how") == "fixed"
        assert ready_ms(page) < 10_000
        assert node_count(page) == len(net.nodes)
        assert ink(page) > 5_000
        # Every gap is listed once, those of drawn nodes read from the nodes themselves.
        listed = sum(len(gaps) for iri, gaps in highlights.items() if iri in graph)
        assert page.locator(".cg-gap-item").count() == listed > 100
        page.locator(".cg-gap-item").first.click()
        assert page.text_content("#cg-panel h3").startswith("Gaps (")
        if build is timeline_view:
            placed = positions(page)
            days = sorted(
                (date.fromisoformat(a["date"]), iri)
                for iri, a in graph.nodes(data=True)
                if a["type"] == "event" and len(str(a.get("date", ""))) == 10
            )
            xs = [placed[iri]["x"] for _, iri in days]
            assert len(xs) > LONG_EVENTS / 2 and xs == sorted(xs)
            # The axis is widened rather than the lanes stacked deeper and deeper (squeezed
            # into the first view's width, the busiest lane took 11 rows; 2,000 events: 39).
            rows = max(lane["height"] for lane in net.casegraph["lanes"]) / ROW_HEIGHT
            assert rows < 10
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{net.casegraph['layout']}-long.png"))
        assert_clean(log)


MEASURE = """() => {
    const net = cgView.network, box = document.getElementById('cg-canvas');
    const w = box.clientWidth, h = box.clientHeight;
    const items = cgView.nodes.get().map(n => {
        const b = net.getBoundingBox(n.id);
        const a = net.canvasToDOM({x: b.left, y: b.top});
        const c = net.canvasToDOM({x: b.right, y: b.bottom});
        return {id: n.id, marker: !!(n.cg && n.cg.marker), left: a.x, top: a.y, right: c.x,
                bottom: c.y, font: ((n.font && n.font.size) || 14) * net.getScale()};
    });
    return {width: w, height: h, items: items};
}"""


def overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (
        a["left"] < b["right"] - 0.5
        and b["left"] < a["right"] - 0.5
        and a["top"] < b["bottom"] - 0.5
        and b["top"] < a["bottom"] - 0.5
    )


def first_view(page: Any) -> dict[str, Any]:
    """Every item as drawn in the first view: its box in the canvas and its label size."""
    return dict(page.evaluate(MEASURE))


@pytest.mark.parametrize("size", [(1400, 900), (1920, 1080)], ids=["1400x900", "1920x1080"])
def test_timeline_first_view_shows_every_item_readably(
    browser: Any, case: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    graph, highlights, _ = case
    path = write_html(timeline_view(graph, highlights=highlights), tmp_path / "timeline.html")
    with open_view(browser, path, *size) as (page, log):
        drawn = first_view(page)
        items = drawn["items"]
        assert len(items) == node_count(page)
        for item in items:  # nothing outside the viewport
            assert item["left"] >= 0 and item["top"] >= 0, item["id"]
            assert item["right"] <= drawn["width"] and item["bottom"] <= drawn["height"], item
        labelled = [item for item in items if not item["marker"]]
        assert min(item["font"] for item in labelled) >= 11
        for n, a in enumerate(labelled):
            for b in labelled[n + 1 :]:
                assert not overlaps(a, b), (a["id"], b["id"])
        if size == (1400, 900):
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "timeline-1400x900.png"))
        assert_clean(log)


EDGE_LABELS_DRAWN = (
    "() => Object.values(cgView.network.body.edges).filter(e => e.labelModule.visible()).length"
)


@pytest.mark.parametrize("size", [(1400, 900), (1920, 1080)], ids=["1400x900", "1920x1080"])
def test_network_first_view_shows_every_node_readably(
    browser: Any, case: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    graph, highlights, _ = case
    path = write_html(network_view(graph, highlights=highlights), tmp_path / "network.html")
    with open_view(browser, path, *size) as (page, log):
        drawn = first_view(page)
        items = drawn["items"]
        assert len(items) == graph.number_of_nodes()
        for item in items:  # nothing outside the viewport
            assert item["left"] >= 0 and item["top"] >= 0, item["id"]
            assert item["right"] <= drawn["width"] and item["bottom"] <= drawn["height"], item
        assert min(item["font"] for item in items) >= 11
        for n, a in enumerate(items):  # node boxes include their labels
            for b in items[n + 1 :]:
                assert not overlaps(a, b), (a["id"], b["id"])
        # Edge labels are not drawn until zoomed in (the tooltip names the relation).
        assert page.evaluate(EDGE_LABELS_DRAWN) == 0
        page.evaluate("() => cgView.network.moveTo({scale: 1.5, animation: false})")
        page.wait_for_timeout(100)
        assert page.evaluate(EDGE_LABELS_DRAWN) > 0
        if size == (1400, 900):
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "network-1400x900.png"))
        assert_clean(log)


def test_clicking_a_lane_marker_shows_its_event(browser: Any, case: Any, tmp_path: Path) -> None:
    graph, highlights, _ = case
    net = timeline_view(graph, highlights=highlights)
    path = write_html(net, tmp_path / "timeline.html")
    markers = [n for n in net.nodes if n["cg"].get("marker")]
    assert markers
    with open_view(browser, path) as (page, log):
        for marker in markers:
            point = page.evaluate(
                """id => {
                    const net = cgView.network, dom = net.canvasToDOM(net.getPosition(id));
                    const box = document.getElementById('cg-canvas').getBoundingClientRect();
                    return {x: box.left + dom.x, y: box.top + dom.y};
                }""",
                marker["id"],
            )
            page.mouse.click(point["x"], point["y"])
            event = graph.nodes[marker["cg"]["event"]]
            assert page.text_content("#cg-panel h2") == event["label"]
        assert_clean(log)
