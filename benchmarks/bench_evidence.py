"""What the evidence basis costs: gaps() against its own queries run bare, same dataset.

The seeded random cases of the differential test (tests/gapcheck_generate.py: half of
them silent on some aspects, most findings themed, some with several themes) are
loaded into one in-memory Oxigraph dataset. Two things are timed, alternately, each
run after a warm-up:

- **floor**: the 14 catalogue queries run as they are (``query_many``), rows unread;
- **gaps()**: the whole report: the queries, the ``silent_on`` look-up, dropping the
  rows of silenced clauses, grouping, labels, sources, findings with their themes
  (``stated_by``) and the basis of each result.

And what the evidence basis adds to gaps(), query by query: the ``silent_on`` look-up,
and the findings look-up with each finding's themes against the same look-up without
them (as it was before results carried ``stated_by``).

Prints the medians and their ratios (the machine is shared: compare within one run).

    .venv/bin/python benchmarks/bench_evidence.py --cases 2000 --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from gapcheck_cases import check, dataset_of  # noqa: E402
from gapcheck_generate import random_case_text  # noqa: E402

from casegraph.gaps.catalogue import (  # noqa: E402
    _FINDINGS,
    _SILENCES,
    gaps,
    iri_batches,
    list_queries,
)
from casegraph.vocab import item_iri  # noqa: E402

# The findings look-up as it was before results carried stated_by (no themes).
_FINDINGS_BEFORE = """
SELECT ?item ?finding WHERE {
  VALUES ?item { %s }
  GRAPH ?g { ?finding cg:evidence ?item }
}
"""


def _median(call, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    cases = [check(random_case_text(seed), f"gen-{seed}.yaml") for seed in range(args.cases)]
    dataset = dataset_of(cases)
    queries = [q.sparql for q in list_queries()]
    results = gaps(dataset)  # warm-up, and the figures below
    dataset.query_many(queries)

    floor, full = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        dataset.query_many(queries)
        floor.append(time.perf_counter() - start)
        start = time.perf_counter()
        gaps(dataset)
        full.append(time.perf_counter() - start)

    silent = sum(1 for case in cases if case.data["case"].get("silent_on"))
    bases = Counter(r.basis for r in results)
    print(f"{args.cases} cases ({silent} with silent_on), {len(results)} results: {dict(bases)}")
    print(f"floor (14 queries, bare): median {statistics.median(floor):.3f} s of {args.runs}")
    print(f"gaps() (report, basis):   median {statistics.median(full):.3f} s of {args.runs}")
    print(f"ratio gaps()/floor: {statistics.median(full) / statistics.median(floor):.2f}x")

    entities = {item_iri(r.case, r.entity) for r in results}
    with_themes = iri_batches(_FINDINGS, entities)
    without = iri_batches(_FINDINGS_BEFORE, entities)
    themed = _median(lambda: dataset.query_many(with_themes), args.runs)
    plain = _median(lambda: dataset.query_many(without), args.runs)
    silences = _median(lambda: dataset.query(_SILENCES), args.runs)
    print(
        f"findings look-up for {len(entities)} entities: with themes {themed:.3f} s, "
        f"without {plain:.3f} s ({themed / plain:.2f}x); silent_on look-up {silences:.3f} s"
    )
    added = themed - plain + silences
    print(f"evidence basis adds {added:.3f} s, {added / statistics.median(full):.1%} of gaps()")


if __name__ == "__main__":
    main()
