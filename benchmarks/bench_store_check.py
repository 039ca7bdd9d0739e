"""What checking a store's table checksums on open costs (casegraph.store.integrity).

Builds a store from a synthetic corpus (or takes --store DIR), then times opening it
and listing its cases with CASEGRAPH_VERIFY_STORE=off (the baseline), quick, changed
(the default) and full, alternating, and prints the medians, the ratio to the baseline
and the store's size. `changed` is timed after an untimed first open, which reads
every file as `full` does and remembers the checks (a store just built is first left
alone for the two seconds under which a check is not remembered).

    .venv/bin/python benchmarks/bench_store_check.py --cases 300
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).with_name("casegraph")


def build(folder: Path, cases: int) -> Path:
    subprocess.run(
        [str(BIN), "synth", "--cases", str(cases), "-o", str(folder / "corpus")],
        check=True,
        capture_output=True,
    )
    store = folder / "store"
    subprocess.run(
        [
            str(BIN),
            "load",
            str(folder / "corpus" / "cases"),
            "--store",
            str(store),
            "--no-progress",
        ],
        check=True,
        capture_output=True,
    )
    return store


def timed(store: Path, level: str) -> float:
    env = {**os.environ, "CASEGRAPH_VERIFY_STORE": level}
    started = time.perf_counter()
    subprocess.run(
        [str(BIN), "cases", "--store", str(store)], check=True, env=env, capture_output=True
    )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--store", type=Path, help="an existing store instead")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = args.store or build(Path(folder), args.cases)
        size = sum(p.stat().st_size for p in store.glob("*.sst"))
        times: dict[str, list[float]] = {"off": [], "quick": [], "changed": [], "full": []}
        time.sleep(2.5)  # integrity.RACY_SECONDS
        timed(store, "full")  # warm the page cache
        timed(store, "changed")  # remember the checks
        for _ in range(args.runs):
            for level in times:
                times[level].append(timed(store, level))
        base = statistics.median(times["off"])
        print(
            f"store: {size / 2**20:.1f} MiB of table files; `casegraph cases`, "
            f"median of {args.runs}"
        )
        for level, values in times.items():
            median = statistics.median(values)
            print(
                f"  CASEGRAPH_VERIFY_STORE={level:<7} {median:6.2f} s  "
                f"({median / base:.2f}x off, +{median - base:.2f} s)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
