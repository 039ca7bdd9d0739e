"""The rules that use "later", on a synthetic corpus, against other checkouts' code.

broken-feedback-loop, excluded-knowledge-holder and premature-exit are the catalogue
queries that test the later relation, and the ones whose cost changed with its
representation. This generates one synthetic corpus (casegraph.synth, not timed),
loads it into one store per checkout with that checkout's own code (``python -m
casegraph load``, ``DIR/src`` first on PYTHONPATH, the same interpreter and
packages), then, alternating between the checkouts for ``--runs`` rounds, times in a
fresh process per checkout and round: each of the three queries on its own
(``Store.query`` through casegraph's dataset) and the whole catalogue (``gaps()``).
It prints the medians, each checkout's ratio to the first one, and the number of
results each gives (the same rules must find the same (gap, case, entity, actor)).

Usage:
    .venv/bin/python benchmarks/bench_later_rules.py --cases 1000 --runs 3 \\
        --checkout start=/tmp/base-575309b --checkout before=/tmp/base-4b3f050 --checkout now=.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

LATER_RULES = ("broken-feedback-loop", "excluded-knowledge-holder", "premature-exit")

# Runs in the checkout's code: times each rule and the whole catalogue on one store.
PROBE = """
import json, sys, time
try:
    from casegraph.dataset import open_store
    from casegraph.gaps.catalogue import gaps, get_query
except ImportError:  # the layout before the gap homes (575309b and earlier)
    from casegraph.store import open_store
    from casegraph.gaps import gaps, get_query
store, rules = sys.argv[1], sys.argv[2].split(",")
out = {}
dataset = open_store(store)
for name in rules:
    started = time.perf_counter()
    rows = dataset.query(get_query(name).sparql).rows
    out[name] = (time.perf_counter() - started, len(rows))
started = time.perf_counter()
results = gaps(dataset)
out["gaps()"] = (time.perf_counter() - started, len(results))
keys = sorted({(r.gap, r.case, r.entity, r.actor or "") for r in results})
out["keys"] = keys
print(json.dumps(out))
"""


def env_for(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src / "src")
    return env


def load(src: Path, cases: Path, store: Path) -> float:
    """Load the corpus with the checkout's code; wall seconds."""
    shutil.rmtree(store, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "casegraph", "load", str(cases), "--store", str(store)],
        env=env_for(src),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def probe(src: Path, store: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(store), ",".join(LATER_RULES)],
        env=env_for(src),
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--checkout",
        action="append",
        required=True,
        metavar="LABEL=DIR",
        help="a checkout to measure (the first is the baseline of the ratios)",
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/casegraph-bench-later"))
    parser.add_argument(
        "--reuse-stores", action="store_true", help="keep stores an earlier run of --work loaded"
    )
    args = parser.parse_args()
    checkouts = [
        (label, Path(path).resolve()) for label, path in (c.split("=", 1) for c in args.checkout)
    ]
    from casegraph.synth import write_corpus

    args.work.mkdir(parents=True, exist_ok=True)
    corpus = args.work / f"corpus-{args.cases}-{args.seed}"
    if not (corpus / "cases").exists():
        write_corpus(corpus, args.cases, args.seed)
    print(
        f"load average {os.getloadavg()[0]:.1f} at the start; {args.cases} cases, seed {args.seed}"
    )
    stores = {}
    for label, src in checkouts:
        stores[label] = args.work / f"store-{label}"
        if args.reuse_stores and stores[label].exists():
            print(f"load with {label}: reused from an earlier run")
            continue
        print(f"load with {label}: {load(src, corpus / 'cases', stores[label]):.1f} s", flush=True)
    times: dict[str, dict[str, list[float]]] = {label: {} for label, _ in checkouts}
    counts: dict[str, dict[str, int]] = {label: {} for label, _ in checkouts}
    keys: dict[str, object] = {}
    for _ in range(args.runs):
        for label, src in checkouts:
            found = probe(src, stores[label])
            keys[label] = found.pop("keys")
            for name, value in found.items():
                wall, count = value  # type: ignore[misc]
                times[label].setdefault(name, []).append(wall)
                counts[label][name] = count
    names = [*LATER_RULES, "gaps()"]
    first = checkouts[0][0]
    print()
    print("| query | " + " | ".join(label for label, _ in checkouts) + " | rows / results |")
    print("|---|" + "---:|" * len(checkouts) + "---|")
    for name in names:
        cells = []
        for label, _ in checkouts:
            median = statistics.median(times[label][name])
            base = statistics.median(times[first][name])
            cells.append(f"{median:.2f} s ({median / base:.2f}x)")
        rows = ", ".join(f"{label} {counts[label][name]:,}" for label, _ in checkouts)
        print(f"| {name} | " + " | ".join(cells) + f" | {rows} |")
    same = all(keys[label] == keys[first] for label, _ in checkouts)
    print()
    print(f"results identical by (gap, case, entity, actor) across checkouts: {same}")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
