"""Exporting a whole store: `casegraph export --store S --to nquads -o FILE` against the
engine's own dump of the same store (pyoxigraph ``Store.dump``, the floor), as
processes, alternating, median of --runs; wall time, peak memory and bytes written.

`export --store` streams the engine's serialisation of each case graph to the file as
it is read, so its memory should stay flat as the corpus grows (issue 16). The floor
dumps every graph (cases, their stored results and the metadata graph); `export`
writes the case graphs only, so the bytes differ by that much.

    .venv/bin/python benchmarks/bench_export.py --store STORE [--runs 3] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

import bench_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, help="where the outputs go (default: a temp dir)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.work) as folder:
        out = Path(folder) / "out.nq"
        commands = {
            "engine dump (the floor)": [
                sys.executable,
                bench_corpus.__file__,
                "_child",
                "dump",
                str(args.store),
                str(out),
            ],
            "casegraph export --store": [
                bench_corpus.CASEGRAPH,
                "export",
                "--store",
                str(args.store),
                "--to",
                "nquads",
                "-o",
                str(out),
            ],
        }
        print(f"load average {os.getloadavg()[0]:.1f} at the start; store {args.store}")
        figures: dict[str, list[tuple[float, int, int]]] = {name: [] for name in commands}
        for run in range(args.runs):
            for name, command in commands.items():
                done = bench_corpus.run(command)
                if done["code"] != 0:
                    raise SystemExit(f"{name} failed:\n{done['stderr']}")
                written = out.stat().st_size
                figures[name].append((done["wall"], done["peak_rss"], written))
                print(
                    f"  run {run + 1}, {name}: {done['wall']:.1f} s, peak "
                    f"{done['peak_rss'] / 2**20:.0f} MiB, {written / 2**20:,.0f} MiB written, "
                    f"load average {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
                out.unlink()
        floor = statistics.median(wall for wall, _, _ in figures["engine dump (the floor)"])
        print("\n| | time (median) | peak RSS (max) | written | time / floor |")
        print("|---|---:|---:|---:|---:|")
        for name, runs in figures.items():
            wall = statistics.median(w for w, _, _ in runs)
            print(
                f"| {name} | {wall:.1f} s | {max(p for _, p, _ in runs) / 2**20:.0f} MiB | "
                f"{runs[0][2] / 2**20:,.0f} MiB | {wall / floor:.2f}x |"
            )


if __name__ == "__main__":
    main()
