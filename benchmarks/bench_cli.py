"""Command-line start-up: `casegraph --help` and `casegraph gaps <real case>` as processes.

Each command runs as a fresh process, median of --runs (default 5), against the
baseline of `python -c pass` with the same interpreter, measured in the same run.

Usage:
    .venv/bin/python benchmarks/bench_cli.py [--runs 5] [--case data/cases/prevent-amess-2014.yaml]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASEGRAPH = str(Path(sys.executable).parent / "casegraph")


def timed(command: list[str], runs: int) -> tuple[float, list[float]]:
    """Median wall time of ``runs`` fresh processes (after one untimed warm-up)."""
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--case", default="data/cases/prevent-amess-2014.yaml")
    args = parser.parse_args()
    commands = {
        "python -c pass (baseline)": [sys.executable, "-c", "pass"],
        "casegraph --help": [CASEGRAPH, "--help"],
        f"casegraph gaps {args.case}": [CASEGRAPH, "gaps", args.case],
    }
    print(f"load average {os.getloadavg()[0]:.1f}; median of {args.runs} runs each")
    print()
    print("| command | median | over the baseline | runs (s) |")
    print("|---|---|---|---|")
    baseline = None
    for label, command in commands.items():
        median, times = timed(command, args.runs)
        baseline = median if baseline is None else baseline
        extra = "" if median is baseline else f"+{median - baseline:.3f} s"
        runs = ", ".join(f"{t:.3f}" for t in times)
        print(f"| `{label}` | {median:.3f} s | {extra} | {runs} |")


if __name__ == "__main__":
    main()
