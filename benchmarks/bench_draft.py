"""Benchmark: how much of a known case `casegraph draft` recovers from a review's text.

Run:  .venv/bin/python benchmarks/bench_draft.py [--cases 30] [--seed 7] [--no-pdf]

Writes a synthetic corpus with ``--narrative`` (each case told as a review, as text
and as a PDF printed by Chromium), drafts a case file from every narrative and from
the real report (data/sources/), and prints recall and precision of actors, dated
events, decisions and findings (casegraph.draft.score says exactly what counts as a
match), summed over the synthetic cases, for the text and the PDF separately. Every
draft is also checked the way a user checks it: `validate` with its quotes checked
against the source file. Also prints the median time to draft one case.

Targets (issue 15): recall of at least 80% on synthetic narratives and at least 60%
on the real report, with precision beside it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from casegraph.draft import draft_case
from casegraph.draft.score import CATEGORIES, Score, score
from casegraph.read.casefile.check import check_case_bytes, read_case_file
from casegraph.synth import write_corpus

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "data" / "sources" / "prevent-learning-review-news-report.txt"
REAL_CASE = ROOT / "data" / "cases" / "prevent-amess-2014.yaml"


def draft_and_score(source: Path, known: Path, out: Path) -> tuple[dict[str, Score], float]:
    """Draft ``source`` into ``out``, check it validates (quotes included), score it."""
    from casegraph.validate import validate

    start = time.perf_counter()
    result = draft_case(source, out)
    seconds = time.perf_counter() - start
    out.write_text(result.text, encoding="utf-8")
    problems = validate([out], shapes=False)
    if problems:
        raise SystemExit(f"draft of {source} does not validate: {problems[0]}")
    drafted = check_case_bytes(result.text.encode(), str(out)).data
    return score(drafted, read_case_file(known).data), seconds


def table(title: str, totals: dict[str, Score]) -> None:
    print(f"\n{title}")
    print(f"  {'':14} {'recall':>8} {'precision':>10}   found/known  right/drafted")
    for name in CATEGORIES:
        s = totals[name]
        print(
            f"  {name:14} {s.recall:8.1%} {s.precision:10.1%}   "
            f"{s.found:5}/{s.known:<5}  {s.right:5}/{s.drafted}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-pdf", action="store_true", help="Text narratives only.")
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="casegraph-bench-draft-") as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        write_corpus(work / "corpus", args.cases, args.seed, narrative=True, pdf=not args.no_pdf)
        print(
            f"wrote {args.cases} synthetic cases with narratives (seed {args.seed}) "
            f"in {time.perf_counter() - start:.1f} s"
        )
        formats = ["txt"] if args.no_pdf else ["txt", "pdf"]
        (work / "drafts").mkdir()
        for fmt in formats:
            totals = {name: Score(0, 0, 0, 0) for name in CATEGORIES}
            times = []
            for story in sorted((work / "corpus" / "narratives").glob(f"*.{fmt}")):
                known = work / "corpus" / "cases" / f"{story.stem}.yaml"
                figures, seconds = draft_and_score(
                    story, known, work / "drafts" / f"{story.stem}-{fmt}.yaml"
                )
                times.append(seconds)
                totals = {name: totals[name] + figures[name] for name in CATEGORIES}
            table(
                f"synthetic narratives, {fmt} ({len(times)} cases; "
                f"median {statistics.median(times) * 1000:.0f} ms to draft one)",
                totals,
            )
        real, seconds = draft_and_score(REPORT, REAL_CASE, work / "drafts" / "real.yaml")
        table(
            f"real report {REPORT.relative_to(ROOT)} against {REAL_CASE.relative_to(ROOT)} "
            f"({seconds * 1000:.0f} ms)",
            real,
        )
        print("\nevery draft validated, with its quotes checked against its source file")


if __name__ == "__main__":
    main()
