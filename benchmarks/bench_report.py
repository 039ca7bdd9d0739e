"""Benchmark: building and writing the reviewer's report, and printing it to PDF.

Run:  .venv/bin/python benchmarks/bench_report.py [--cases 200] [--repeat 3] [--no-pdf]

Prints the median of ``--repeat`` runs, in seconds, for the real case and for a
synthetic corpus of ``--cases`` cases (casegraph.synth, seed 3), loaded in memory:

- gather: ``build_report`` (the gap catalogue, reconciliation, chronology, agencies,
  recurrence); write: ``report_html`` with the embedded views; the file's size;
- pdf: ``print_pdf`` of the real case's report through headless Chromium (when
  installed);
- baseline: ``gaps()`` alone on the same dataset in the same run, so the ratio
  report / catalogue says what the report adds on a noisy shared machine.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "data" / "cases" / "prevent-amess-2014.yaml"

from casegraph.dataset import load  # noqa: E402
from casegraph.gaps.catalogue import gaps  # noqa: E402
from casegraph.report import build_report, find_chromium, print_pdf, report_html  # noqa: E402
from casegraph.synth.corpus import write_corpus  # noqa: E402


def median_s(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(name: str, dataset: Any, repeat: int) -> Any:
    cold, _ = median_s(lambda: build_report(dataset), 1)  # the engine's first queries
    base, _ = median_s(lambda: gaps(dataset), repeat)
    gather, report = median_s(lambda: build_report(dataset), repeat)
    write, page = median_s(lambda: report_html(report), repeat)
    print(
        f"{name}: {len(report.cases)} cases, {len(report.results)} results | "
        f"gather {gather:.2f} s (first run {cold:.2f} s), write {write:.2f} s, "
        f"file {len(page) / 1e6:.1f} MB | catalogue alone {base:.2f} s "
        f"(gather = {gather / base:.1f}x)"
    )
    return report, page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        _, page = measure("real case", load(REAL), args.repeat)
        write_corpus(Path(work) / "corpus", args.cases, seed=3)
        measure(f"{args.cases}-case corpus", load(Path(work) / "corpus" / "cases"), args.repeat)
        if not args.no_pdf and find_chromium():
            html = Path(work) / "report.html"
            html.write_text(page, encoding="utf-8")
            pdf, done = median_s(lambda: print_pdf(html, Path(work) / "r.pdf"), args.repeat)
            print(f"real case pdf: {pdf:.2f} s, {done.stat().st_size / 1e3:.0f} kB")


if __name__ == "__main__":
    main()
