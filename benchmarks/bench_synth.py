"""Benchmark: the synthetic corpus generator (casegraph.synth).

Run:  .venv/bin/python benchmarks/bench_synth.py [--cases 2000] [--repeat 3]

Prints cases per second, the median of ``--repeat`` runs, by wall clock and by this
process's CPU time (the fair figure on a busy machine), for:

- generate: :func:`generate_case` alone (build, truth, YAML text; nothing written);
- write: :func:`write_corpus` into a fresh temporary directory (what the CLI does).

The target: 60,000 cases (a decade of Prevent referrals) well under two minutes on
one core, i.e. comfortably more than 500 cases/s for ``write``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from casegraph.synth import generate_case, write_corpus


def generate(cases: int, seed: int) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for index in range(cases):
        generate_case(index, seed)
    return time.perf_counter() - wall, time.process_time() - cpu


def write(cases: int, seed: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        wall, cpu = time.perf_counter(), time.process_time()
        write_corpus(Path(tmp) / "corpus", cases, seed)
        return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for name, run in (("generate", generate), ("write", write)):
        runs = [run(args.cases, args.seed + i) for i in range(args.repeat)]
        for clock, times in (("wall", [r[0] for r in runs]), ("cpu", [r[1] for r in runs])):
            median = statistics.median(times)
            print(
                f"{name:9} {clock:4} {args.cases} cases: median {median:.2f} s of "
                f"{args.repeat}, {args.cases / median:,.0f} cases/s "
                f"(60,000 cases: ~{60_000 * median / args.cases:.0f} s)"
            )


if __name__ == "__main__":
    main()
