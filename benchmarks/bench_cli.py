"""Command-line start-up: every single-case command on the real case, as processes.

Each command runs as a fresh process (after one untimed warm-up), --runs times; the
table gives the median wall time, the median CPU time (user + system of the process:
less disturbed by other work on a shared machine than wall time), and both as ratios
to what the same run measured for the baseline `python -c pass` and for the command's
import floor: what importing the libraries it cannot do without costs alone (click
for every command, yaml for reading a case file, pyoxigraph for querying it, networkx
for the projection; one case's network layout runs in plain Python, without numpy).
The load average is printed before and after: figures taken at a high load are not
start-up figures. Bytecode is cached as for a user (PYTHONDONTWRITEBYTECODE is dropped
for the runs).

Usage:
    .venv/bin/python benchmarks/bench_cli.py [--runs 7] [--case data/cases/prevent-amess-2014.yaml]
        [--only NAME ...]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASEGRAPH = str(Path(sys.executable).parent / "casegraph")
# As a user runs it: Python caches modules' bytecode (a shell or CI job may have set
# PYTHONDONTWRITEBYTECODE, which makes every start compile casegraph's sources again,
# 40-90 ms on this machine). The warm-up run writes the cache.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

FLOORS = {
    "click": "import click",
    "click+yaml": "import click, yaml",
    "click+yaml+pyoxigraph": "import click, yaml, pyoxigraph",
    "click+yaml+pyoxigraph+networkx": "import click, yaml, pyoxigraph, networkx",
}


def commands(case: str, out: str) -> dict[str, tuple[list[str], str]]:
    """Each command's arguments and the floor it is compared with."""
    reading, graph = "click+yaml+pyoxigraph", "click+yaml+pyoxigraph+networkx"
    return {
        "--help": (["--help"], "click"),
        "validate": (["validate", case], "click+yaml"),
        "gaps": (["gaps", case], reading),
        "stats": (["stats", case], reading),
        "query premature-exit": (["query", "premature-exit", case], reading),
        "export": (["export", case], reading),
        "cases": (["cases", case], reading),
        "path school channel-panel": (["path", case, "school", "channel-panel"], graph),
        "knew school": (["knew", case, "school"], graph),
        "chronology": (["chronology", case], graph),
        "view": (["view", case, "-o", out], graph),
        "view --layout timeline": (["view", case, "--layout", "timeline", "-o", out], graph),
        "report": (["report", case, "-o", out], graph),
    }


def timed(command: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``runs`` fresh processes (after one untimed warm-up)."""
    subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, check=True)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, check=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--case", default="data/cases/prevent-amess-2014.yaml")
    parser.add_argument("--only", nargs="*", help="only these commands (names as printed)")
    args = parser.parse_args()
    out = "/tmp/casegraph-bench-cli.html"
    chosen = {
        name: spec
        for name, spec in commands(args.case, out).items()
        if not args.only or name in args.only
    }
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the start; ", end="")
    print(f"median of {args.runs} runs each; wall and CPU (user + system) seconds")
    print()
    measured: dict[str, tuple[float, float]] = {}
    base_wall, base_cpu = (
        statistics.median(v) for v in timed([sys.executable, "-c", "pass"], args.runs)
    )
    measured["python -c pass"] = (base_wall, base_cpu)
    for name in sorted({floor for _, floor in chosen.values()}, key=len):
        walls, cpus = timed([sys.executable, "-c", FLOORS[name]], args.runs)
        measured[f"floor: {name}"] = (statistics.median(walls), statistics.median(cpus))
    print("| command | wall | CPU | wall / `pass` | wall / floor | CPU / floor | floor |")
    print("|---|---|---|---|---|---|---|")
    for label, (wall, cpu) in measured.items():
        print(f"| `{label}` | {wall:.3f} s | {cpu:.3f} s | {wall / base_wall:.1f}x | | | |")
    for name, (argv, floor) in chosen.items():
        walls, cpus = timed([CASEGRAPH, *argv], args.runs)
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        floor_wall, floor_cpu = measured[f"floor: {floor}"]
        print(
            f"| `casegraph {name}` | {wall:.3f} s | {cpu:.3f} s | {wall / base_wall:.1f}x "
            f"| {wall / floor_wall:.2f}x | {cpu / floor_cpu:.2f}x | {floor} |"
        )
    load = os.getloadavg()
    print()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end")


if __name__ == "__main__":
    main()
