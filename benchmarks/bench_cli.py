"""Command-line start-up: every single-case command on the real case, as processes.

Each command runs as a fresh process, median of --runs (default 5), against the
baseline of `python -c pass` with the same interpreter, measured in the same run, and
the import floors: what importing click (every command), pyoxigraph (every command
that reads a case) and networkx + numpy (the views, paths and knew) costs alone.

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
    case = args.case
    out = "/tmp/casegraph-bench-cli.html"
    floor = [sys.executable, "-c"]
    commands = {
        "python -c pass (baseline)": [sys.executable, "-c", "pass"],
        "floor: import click": [*floor, "import click"],
        "floor: import click, pyoxigraph": [*floor, "import click, pyoxigraph"],
        "floor: import click, pyoxigraph, networkx, numpy": [
            *floor,
            "import click, pyoxigraph, networkx, numpy",
        ],
        "casegraph --help": [CASEGRAPH, "--help"],
        f"casegraph validate {case}": [CASEGRAPH, "validate", case],
        f"casegraph gaps {case}": [CASEGRAPH, "gaps", case],
        f"casegraph stats {case}": [CASEGRAPH, "stats", case],
        f"casegraph query premature-exit {case}": [CASEGRAPH, "query", "premature-exit", case],
        f"casegraph export {case}": [CASEGRAPH, "export", case],
        f"casegraph path {case} school channel-panel": [
            CASEGRAPH,
            "path",
            case,
            "school",
            "channel-panel",
        ],
        f"casegraph knew {case} school": [CASEGRAPH, "knew", case, "school"],
        f"casegraph view {case}": [CASEGRAPH, "view", case, "-o", out],
        f"casegraph view --layout timeline {case}": [
            CASEGRAPH,
            "view",
            case,
            "--layout",
            "timeline",
            "-o",
            out,
        ],
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
