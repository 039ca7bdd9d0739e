"""Benchmark: building, writing and opening the HTML views.

Run:  .venv/bin/python benchmarks/bench_view.py [--nodes 2000] [--repeat 3] [--no-browser]

Prints the median of ``--repeat`` runs, in milliseconds:

- build + write: ``network_view`` / ``timeline_view`` and ``write_html`` in Python, for
  the real case (with its gap highlights) and for a corpus of about ``--nodes`` nodes:
  synthetic cases from casegraph.synth when it is available (else a simple generated
  graph of the same shape);
- in the browser (headless Chromium, the page opened from file:// with every other
  request refused), until the layout is settled (stabilised, or first drawn when the
  positions are fixed): from the start of navigation (``window.cgReady.at``: reading
  and parsing the page, vis-network included), from the start of the page's own script
  (``window.cgReady.ms``), and the wall-clock time of the whole open as the test
  harness sees it (a new browser context and page, navigation, polling).

Targets: the real case settles in about a second; a 2,000-node corpus view opens in a
few seconds and stays usable (positions computed in Python, no physics).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "data" / "cases" / "prevent-amess-2014.yaml"
sys.path.insert(0, str(REPO / "tests"))

from casegraph.dataset import load  # noqa: E402
from casegraph.views import (  # noqa: E402
    gap_highlights,
    network_view,
    timeline_view,
    write_html,
)


def median_ms(func: Callable[[], Any], repeat: int) -> float:
    """Median wall-clock time of ``repeat`` calls, after one warm-up, in ms."""
    func()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def build_and_write(build: Callable[..., Any], graph: Any, highlights: Any, path: Path) -> None:
    write_html(build(graph, highlights=highlights), path)


def corpus_graph(nodes: int) -> tuple[Any, str]:
    """A graph of about ``nodes`` nodes made of whole synthetic cases."""
    try:
        from casegraph.synth import write_corpus
    except ImportError:
        from test_views import synthetic_graph

        return synthetic_graph(max(1, nodes // 40)), "generated graph (casegraph.synth missing)"
    with tempfile.TemporaryDirectory() as tmp:
        one = write_corpus(Path(tmp) / "one", 1, seed=1)
        per_case = load(one.out_dir / "cases").to_networkx().number_of_nodes()
        cases = max(1, round(nodes / per_case))
        corpus = write_corpus(Path(tmp) / "corpus", cases, seed=1)
        graph = load(corpus.out_dir / "cases").to_networkx()
    return graph, f"{cases} synthetic cases (casegraph.synth)"


def browser_ms(paths: dict[str, Path], repeat: int) -> dict[str, tuple[float, float, float, str]]:
    """For each page, medians: settled from navigation, from the script, wall-clock."""
    from browser import chromium, missing_browser, open_view

    reason = missing_browser()
    if reason:
        print(f"browser: skipped ({reason})")
        return {}
    results = {}
    with chromium() as browser:
        for name, path in paths.items():
            nav, own, wall, how = [], [], [], ""
            for _ in range(repeat):
                start = time.perf_counter()
                with open_view(browser, path) as (page, log):
                    wall.append((time.perf_counter() - start) * 1000)
                    ready = page.evaluate("() => window.cgReady")
                    own.append(float(ready["ms"]))
                    nav.append(float(ready["at"]))
                    how = str(ready["how"])
                    assert not log.outside_requests, log.outside_requests
            results[name] = (
                statistics.median(nav),
                statistics.median(own),
                statistics.median(wall),
                how,
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000, help="size of the corpus view")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true", help="skip the browser timings")
    args = parser.parse_args()

    out = Path(tempfile.mkdtemp(prefix="casegraph-bench-view-"))
    pages: dict[str, Path] = {}
    rows = []
    if REAL.exists():
        dataset = load(REAL)
        graph = dataset.to_networkx()
        highlights = gap_highlights(dataset)
        for name, build in (("network", network_view), ("timeline", timeline_view)):
            path = out / f"real-{name}.html"
            pages[f"real case, {name}"] = path
            ms = median_ms(partial(build_and_write, build, graph, highlights, path), args.repeat)
            rows.append((f"real case, {name}", graph.number_of_nodes(), ms, path))
        gap_ms = median_ms(lambda: gap_highlights(dataset), args.repeat)
        print(f"gap_highlights on the real case: {gap_ms:.0f} ms (not included below)")
    else:
        print(f"{REAL.relative_to(REPO)} is not in the tree: real-case figures skipped")

    graph, what = corpus_graph(args.nodes)
    print(f"corpus: {what}, {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    for name, build in (("network", network_view), ("timeline", timeline_view)):
        path = out / f"corpus-{name}.html"
        pages[f"corpus, {name}"] = path
        ms = median_ms(partial(build_and_write, build, graph, None, path), args.repeat)
        rows.append((f"corpus, {name}", graph.number_of_nodes(), ms, path))

    print(f"\nbuild + write, median of {args.repeat} (ms):")
    for name, nodes, ms, path in rows:
        size = path.stat().st_size / 1024
        print(f"  {name:<22} {nodes:>6} graph nodes  {ms:>8.0f} ms  {size:>6.0f} KiB")

    if not args.no_browser:
        timings = browser_ms(pages, args.repeat)
        if timings:
            print(f"\nin headless Chromium, median of {args.repeat} (ms):")
            print(
                f"  {'page':<22} {'from navigation':>16} {'from script':>12} "
                f"{'harness wall':>13}  settled by"
            )
            for name, (at, own, wall, how) in timings.items():
                print(f"  {name:<22} {at:>16.0f} {own:>12.0f} {wall:>13.0f}  {how}")
    print(f"\npages in {out}")


if __name__ == "__main__":
    main()
