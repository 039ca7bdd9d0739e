"""Benchmark: path and knew queries on one case and on a corpus of synthetic cases.

Run:  .venv/bin/python benchmarks/bench_paths.py [--cases 10000] [--repeat 50]

Prints the median (and 90th percentile) in milliseconds of many runs of each query:

- on one case (the real case if present, and one synthetic case): the query alone on a
  graph already projected, and the whole library call (project the case, read its
  later relation, resolve the names, search);
- on a corpus of ``--cases`` synthetic cases (casegraph.synth) loaded in memory: the
  library call with ``case-id/item-id`` names, which projects only that case, on
  random cases; a bare name, resolved by SPARQL over the whole corpus; and, with
  ``--whole-graph``, what projecting the whole corpus would cost instead.

The target is "interactive": under a second per query on 10,000 cases.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from casegraph.dataset import CaseDataset, load, open_store
from casegraph.errors import CaseGraphError
from casegraph.graph.knowledge import knew, knew_in
from casegraph.graph.names import locate
from casegraph.graph.paths import all_paths, find_paths, shortest_path
from casegraph.store.disk import is_store
from casegraph.time.later import case_graph

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "data" / "cases" / "prevent-amess-2014.yaml"


def timed(func: Callable[[], Any], repeat: int) -> tuple[float, float, int]:
    """Median and 90th percentile, in ms, of ``repeat`` calls (after one warm-up), and
    how many ended in NoPath, UnknownNode or AmbiguousNode (an answer too)."""
    attempt(func)
    runs, misses = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        misses += not attempt(func)
        runs.append((time.perf_counter() - start) * 1000)
    runs.sort()
    return statistics.median(runs), runs[int(0.9 * (len(runs) - 1))], misses


def attempt(func: Callable[[], Any]) -> bool:
    try:
        func()
    except CaseGraphError:
        return False
    return True


def report(name: str, figures: tuple[float, float, int]) -> None:
    median, p90, misses = figures
    note = f"  [{misses} no path / not unique]" if misses else ""
    print(f"  {name:<58} {median:9.2f} ms  (p90 {p90:8.2f}){note}")


def one_case(
    dataset: CaseDataset, case_id: str, source: str, target: str, actor: str, at: str, repeat: int
) -> None:
    graph = case_graph(dataset, case_id)
    print(
        f"one case: {case_id} ({graph.number_of_nodes()} nodes, "
        f"{graph.number_of_edges()} edges), {repeat} runs each"
    )
    report(
        f"shortest_path {source} -> {target}",
        timed(lambda: shortest_path(graph, source, target), repeat),
    )
    report(
        "  time-respecting",
        timed(lambda: shortest_path(graph, source, target, time_respecting=True), repeat),
    )
    report(
        "  one source",
        timed(lambda: shortest_path(graph, source, target, same_source=True), repeat),
    )
    report("all_paths cutoff=4", timed(lambda: all_paths(graph, source, target, cutoff=4), repeat))
    report("all_paths cutoff=6", timed(lambda: all_paths(graph, source, target, cutoff=6), repeat))
    report(f"knew {actor} --at {at}", timed(lambda: knew(graph, actor, at), repeat))
    report(
        "find_paths (project the case + resolve + search)",
        timed(lambda: find_paths(dataset, source, target), repeat),
    )
    report(
        "knew_in (project the case + resolve + flows)",
        timed(lambda: knew_in(dataset, actor, at), repeat),
    )


def corpus(
    cases: int, seed: int, repeat: int, whole_graph: bool, folder: str | None, store: str | None
) -> None:
    from casegraph.synth import write_corpus

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(folder or tmp)
        if not (store and is_store(store)) and not (out / "cases").exists():
            start = time.perf_counter()
            write_corpus(out, cases, seed)
            print(f"corpus: wrote {cases} synthetic cases in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        if store:
            if not is_store(store):
                from casegraph.store.disk import CaseStore
                from casegraph.store.ingest import load_files

                writer = CaseStore(store)
                load_files(writer, [out / "cases"])
                writer.close()
                print(
                    f"corpus: loaded into the store {store} in {time.perf_counter() - start:.1f} s"
                )
                start = time.perf_counter()
            dataset = open_store(store)
            where = f"the embedded store {store}"
        else:
            dataset = load(out / "cases")
            where = "memory"
        ids = dataset.case_ids()
        print(
            f"corpus: {len(ids)} cases in {where} (opened in "
            f"{time.perf_counter() - start:.1f} s); {repeat} queries each on random cases"
        )
        run_corpus_queries(dataset, ids, seed, repeat, store)
        if whole_graph:
            start = time.perf_counter()
            graph = dataset.to_networkx()
            print(
                f"  projecting the whole corpus instead: {time.perf_counter() - start:.1f} s "
                f"({graph.number_of_nodes()} nodes) before any query"
            )


def run_corpus_queries(
    dataset: CaseDataset, ids: list[str], seed: int, repeat: int, store: str | None
) -> None:
    rng = random.Random(seed)
    picks = iter(rng.choice(ids) for _ in range(20 * repeat + 20))

    def path_query(**options: Any) -> Callable[[], Any]:
        def query() -> Any:
            case = next(picks)
            return find_paths(
                dataset, f"{case}/referral", f"{case}/intervention-provider", **options
            )

        return query

    report("find_paths case/referral -> case/intervention-provider", timed(path_query(), repeat))
    report("  time-respecting", timed(path_query(time_respecting=True), repeat))
    report("  one source", timed(path_query(same_source=True), repeat))
    report("  --all --max-length 4", timed(path_query(every=True, cutoff=4), repeat))
    report(
        "knew_in case/channel-panel --at exit",
        timed(lambda: knew_in(dataset, f"{next(picks)}/channel-panel", "exit"), repeat),
    )
    # Names without a case: found by bound SPARQL over the whole corpus. An id in
    # every case is ambiguous (the first rule decides); a label scans the labels; an
    # unknown name runs every rule, then gathers the ids for suggestions.
    few = max(3, repeat // 10)
    report(
        "bare id (in every case: ambiguous), SPARQL over the corpus",
        timed(lambda: locate(dataset, "referral"), few),
    )
    report(
        "bare label (in many cases: ambiguous), SPARQL",
        timed(lambda: locate(dataset, "Youth mentor"), few),
    )
    report(
        "unknown name (every rule + suggestions), SPARQL",
        timed(lambda: locate(dataset, "no such thing"), few),
    )
    if store:
        exe = Path(sys.executable).with_name("casegraph")

        def process(*args: str) -> Callable[[], Any]:
            def run() -> None:
                case = next(picks)
                argv = [a.replace("CASE", case) for a in args]
                subprocess.run(
                    [str(exe), *argv, "--store", store], check=False, capture_output=True
                )

            return run

        report(
            "process: casegraph path --store CASE/referral CASE/intervention-provider",
            timed(process("path", "CASE/referral", "CASE/intervention-provider"), few),
        )
        report(
            "process: casegraph knew --store CASE/channel-panel --at exit",
            timed(process("knew", "CASE/channel-panel", "--at", "exit"), few),
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--corpus",
        metavar="DIR",
        help="write the corpus here (or reuse it) instead of a temporary folder",
    )
    parser.add_argument(
        "--store",
        metavar="DIR",
        help="query the corpus from this embedded store (built from the corpus if missing) "
        "instead of loading it in memory; also times the CLI as a process",
    )
    parser.add_argument(
        "--whole-graph",
        action="store_true",
        help="also time projecting the whole corpus into one graph",
    )
    args = parser.parse_args(argv)
    print(f"Python {sys.version.split()[0]}")
    if REAL.exists():
        one_case(
            load(REAL),
            "prevent-amess-2014",
            "school",
            "intervention-provider",
            "channel-panel",
            "channel-exit",
            args.repeat,
        )
    else:
        print(f"(skipped the real case: {REAL} is missing)")
    from casegraph.synth import generate_case

    with tempfile.TemporaryDirectory() as tmp:
        text, _ = generate_case(0, args.seed)
        path = Path(tmp) / "case.yaml"
        path.write_text(text, encoding="utf-8")
        dataset = load(path)
        one_case(
            dataset,
            dataset.case_ids()[0],
            "referral",
            "intervention-provider",
            "channel-panel",
            "exit",
            args.repeat,
        )
    if args.cases:
        corpus(args.cases, args.seed, args.repeat, args.whole_graph, args.corpus, args.store)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
