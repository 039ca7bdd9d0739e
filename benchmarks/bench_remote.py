"""Load and catalogue times on remote SPARQL servers against the embedded store, one run.

    python benchmarks/bench_remote.py [--cases 1000] [--repeat 3]

Writes a synthetic corpus, then for each target (the embedded store, the Oxigraph
server, Virtuoso 7.2 with its shipped settings and an authenticated user) loads it with
``load_files`` as ``casegraph load`` does and times the whole gap catalogue
(``gaps(dataset)``, as ``casegraph gaps`` runs it) ``--repeat`` times. Prints medians and
each target's ratio to the embedded store measured in the same run, and checks that
every target gave the same results. The servers are started on 127.0.0.1 in temporary
folders by tests/servers.py and stopped at the end; a target whose server is not
installed is reported as skipped.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from servers import start_oxigraph, start_virtuoso, virtuoso_missing

from casegraph.dataset import CaseDataset
from casegraph.gaps.catalogue import gaps
from casegraph.store.disk import CaseStore, open_store
from casegraph.store.ingest import load_files
from casegraph.store.remote import RemoteEngine
from casegraph.synth import write_corpus


def catalogue(dataset: CaseDataset, repeat: int) -> tuple[list[float], list[dict]]:
    times, results = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        results = [r.to_dict() for r in gaps(dataset)]
        times.append(time.perf_counter() - started)
    return times, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-remote-"))
    write_corpus(work / "corpus", args.cases, 7)
    cases = work / "corpus" / "cases"
    rows: list[tuple[str, float, int, list[float]]] = []
    reference: list[dict] | None = None

    def measure(name: str, target: object, dataset: CaseDataset) -> None:
        nonlocal reference
        started = time.perf_counter()
        report = load_files(target, [cases], jobs=2)  # type: ignore[arg-type]
        load_seconds = time.perf_counter() - started
        if hasattr(target, "close"):
            target.close()  # type: ignore[attr-defined]
            dataset = open_store(work / "store")
        times, results = catalogue(dataset, args.repeat)
        if reference is None:
            reference = results
        same = "same results" if results == reference else "DIFFERENT RESULTS"
        print(
            f"{name}: loaded {report.written} cases ({report.triples:,} triples) in "
            f"{load_seconds:.1f} s; catalogue {', '.join(f'{t:.2f}' for t in times)} s; "
            f"{len(results):,} results, {same}",
            flush=True,
        )
        rows.append((name, load_seconds, report.triples, times))

    measure("embedded store", CaseStore(work / "store"), None)  # type: ignore[arg-type]
    servers = [
        ("Oxigraph server", start_oxigraph, None),
        ("Virtuoso 7.2", start_virtuoso, virtuoso_missing()),
    ]
    for name, start, missing in servers:
        if missing:
            print(f"{name}: skipped ({missing})")
            continue
        server = start(work / name.split()[0].lower())
        os.environ.update(server.env)
        try:
            engine = RemoteEngine(server.url)
            measure(name, engine, CaseDataset(engine))
        finally:
            server.stop()
    base_load, base_cat = rows[0][1], statistics.median(rows[0][3])
    print()
    print(f"{args.cases:,} cases, catalogue median of {args.repeat}; ratios to the embedded store")
    print("| target | load (s) | load ratio | catalogue median (s) | catalogue ratio |")
    print("|---|---:|---:|---:|---:|")
    for name, load_seconds, _, times in rows:
        median = statistics.median(times)
        print(
            f"| {name} | {load_seconds:.1f} | {load_seconds / base_load:.1f}x | "
            f"{median:.2f} | {median / base_cat:.1f}x |"
        )


if __name__ == "__main__":
    main()
