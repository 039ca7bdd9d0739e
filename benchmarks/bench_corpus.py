"""Corpus-scale benchmark: ingest, the engine's own bulk load, plain rdflib, the catalogue.

For each corpus size it generates a synthetic corpus (casegraph.synth, not timed), then
measures, each in a fresh process:

- ingest: ``casegraph load CASES --store S --no-optimize`` (wall, cases/s, triples/s,
  peak memory, store size on disk), then the compaction that ``casegraph load`` adds
  by default to a load of 5 million triples or more, on its own;
- the floor: the same quads dumped from our store as N-Quads (not timed) and loaded
  into a fresh store with pyoxigraph's ``Store.bulk_load`` (the engine's own bulk load);
- plain rdflib (at --rdflib-sizes): the case files read with our checker and
  mapping into an rdflib Dataset, one graph per case, as a user would by hand, and the
  catalogue run by rdflib's SPARQL engine;
- the whole gap catalogue over the corpus from the store, with the results checked
  against the corpus's truth.jsonl, and each catalogue query's time on its own;
- a single case's gaps from the store (open, copy the case out, run the catalogue);
- ingest without the per-case results `casegraph load` computes and stores
  (casegraph.gaps.stored): the same load through casegraph.store.ingest.load_files
  with no make_results, so the results' share of the load is measured in the same run;
- `casegraph gaps --store S` as a process, the report as a user runs it: from the
  stored results, and with ``--live`` (every rule queried over the store: the
  baseline), each with the store's pages in the page cache (warm) and dropped (cold:
  ``posix_fadvise(POSIX_FADV_DONTNEED)`` on every file of the store just before the
  run; the drop in the kernel's page cache is printed); and ``gaps --store S --case
  ID`` as a process, against the same case's file.

Peak memory is the largest resident set of any one process (getrusage of the child and
the children it waited for: the loader's worker processes) and the peak of the whole
process tree's total proportional set size (PSS, shared pages divided among the
processes sharing them), sampled from /proc every 0.2 s for the first 20 s, then every
second (reading every process's smaps took a fifth of a core at 0.2 s, on a 2-core
machine, from the work being measured).

Usage:
    .venv/bin/python benchmarks/bench_corpus.py --cases 1000,10000,60000
    .venv/bin/python benchmarks/bench_corpus.py --cases 1000 --runs 1 --work /tmp/bench
    # the report's timings only, on a store kept by an earlier run (WORK/store-N):
    .venv/bin/python benchmarks/bench_corpus.py --cases 60000 --only-report

Prints a table and ratios, and writes every figure as JSON (--json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CASEGRAPH = str(BIN / "casegraph")


# -- measuring processes ----------------------------------------------------------------


def _tree_pss(pid: int) -> int:
    """Memory (bytes) of a process and all its descendants, as proportional set sizes.

    PSS divides each shared page among the processes sharing it, so worker processes
    forked from a large parent are not counted as copies of it (RSS would).
    """
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            with open(f"/proc/{current}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return total


def run(
    command: list[str], timeout: float | None = None, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """Run a process (``env``: variables to add); its wall time, peak memory, exit code
    and output."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    peak_tree = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.is_set():
            peak_tree = max(peak_tree, _tree_pss(process.pid))
            done.wait(0.2 if time.perf_counter() - started < 20 else 1.0)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out: list[str] = []
    err: list[str] = []
    readers = [
        threading.Thread(target=lambda s=s, b=b: b.append(s.read()), daemon=True)
        for s, b in ((process.stdout, out), (process.stderr, err))
    ]
    for reader in readers:
        reader.start()
    timed_out = False
    deadline = None if timeout is None else started + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.perf_counter() > deadline:
            process.kill()
            timed_out = True
            pid, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.02)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    for reader in readers:
        reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall": wall,
        "code": process.returncode,
        "timed_out": timed_out,
        # ru_maxrss of wait4: the child's peak, or a waited-for descendant's if larger
        "peak_rss": usage.ru_maxrss * 1024,
        "peak_tree_pss": peak_tree,
        "cpu": usage.ru_utime + usage.ru_stime,
        "stdout": "".join(out),
        "stderr": "".join(err),
    }


def child(task: str, *args: str, timeout: float | None = None) -> dict[str, Any]:
    """Run one of this script's child tasks; its process figures and its JSON report."""
    result = run([sys.executable, __file__, "_child", task, *args], timeout=timeout)
    if result["code"] != 0:
        if result["timed_out"]:
            return {**result, "report": None}
        raise SystemExit(f"child {task} failed:\n{result['stderr']}")
    return {**result, "report": json.loads(result["stdout"].splitlines()[-1])}


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# -- child tasks (run in fresh processes) -----------------------------------------------


def task_bulk(nq: str, store: str) -> dict[str, Any]:
    import pyoxigraph as ox

    started = time.perf_counter()
    target = ox.Store(store)
    target.bulk_load(path=nq, format=ox.RdfFormat.N_QUADS)
    target.flush()
    return {"seconds": time.perf_counter() - started}


def task_dump(store: str, nq: str) -> dict[str, Any]:
    import pyoxigraph as ox

    started = time.perf_counter()
    with open(nq, "wb") as output:
        ox.Store.read_only(store).dump(output, format=ox.RdfFormat.N_QUADS)
    return {"seconds": time.perf_counter() - started}


def task_plain(corpus: str, store: str) -> dict[str, Any]:
    """``casegraph load`` without the per-case results: load_files with no make_results."""
    from casegraph.store.disk import CaseStore
    from casegraph.store.ingest import load_files

    started = time.perf_counter()
    target = CaseStore(store)
    report = load_files(target, [corpus])
    target.close()
    return {"seconds": time.perf_counter() - started, "triples": report.triples}


def task_optimize(store: str) -> dict[str, Any]:
    from casegraph.store.disk import CaseStore

    started = time.perf_counter()
    target = CaseStore(store)
    target.optimize()
    target.close()
    return {"seconds": time.perf_counter() - started}


def _truth(corpus: str) -> set[tuple[Any, ...]]:
    rows = (Path(corpus) / "truth.jsonl").read_text().splitlines()
    return {tuple(json.loads(r)[k] for k in ("gap", "case", "entity", "actor")) for r in rows}


def _score(found: set[tuple[Any, ...]], truth: set[tuple[Any, ...]]) -> dict[str, float]:
    hit = len(found & truth)
    return {
        "precision": hit / len(found) if found else 1.0,
        "recall": hit / len(truth) if truth else 1.0,
    }


def task_catalogue(store: str, corpus: str, live: str = "") -> dict[str, Any]:
    """The whole catalogue (``gaps()``: stored results where current, or every rule
    live with ``live``); each query's time: task_rules."""
    from casegraph.dataset import open_store
    from casegraph.gaps.catalogue import gaps

    started = time.perf_counter()
    dataset = open_store(store)
    opened = time.perf_counter() - started
    begin = time.perf_counter()
    results = gaps(dataset, live=bool(live))
    catalogue = time.perf_counter() - begin
    return {
        "open": opened,
        "seconds": catalogue,
        "results": len(results),
        **_score({r.key for r in results}, _truth(corpus)),
    }


def task_rules(store: str) -> dict[str, Any]:
    """Only the catalogue's own queries (no labels, sources or findings looked up)."""
    from casegraph.dataset import open_store
    from casegraph.gaps.catalogue import get_query
    from casegraph.gaps.registry import GAP_IDS

    dataset = open_store(store)
    times = {}
    for name in GAP_IDS:
        begin = time.perf_counter()
        dataset.query(get_query(name).sparql)
        times[name] = time.perf_counter() - begin
    return {
        "seconds": sum(times.values()),
        "queries": dict(sorted(times.items(), key=lambda kv: -kv[1])),
    }


def task_single(store: str, case_id: str) -> dict[str, Any]:
    from casegraph.dataset import case_dataset, open_store
    from casegraph.gaps.catalogue import gaps

    times = []
    count = 0
    for _ in range(5):
        begin = time.perf_counter()
        count = len(gaps(case_dataset(open_store(store), [case_id])))
        times.append(time.perf_counter() - begin)
    return {"seconds": statistics.median(times), "runs": times, "results": count}


def task_rdflib(corpus: str) -> dict[str, Any]:
    from rdflib import Dataset, URIRef

    from casegraph.dataset import CaseDataset
    from casegraph.gaps.catalogue import gaps
    from casegraph.read.casefile.check import read_case_file
    from casegraph.read.mapping import case_ntriples
    from casegraph.store.engines import RdflibEngine
    from casegraph.vocab import case_iri

    begin = time.perf_counter()
    dataset = Dataset(default_union=True)
    for path in sorted((Path(corpus) / "cases").rglob("*.yaml")):
        case = read_case_file(path)
        dataset.graph(URIRef(case_iri(case.case_id))).parse(data=case_ntriples(case), format="nt")
    ingest = time.perf_counter() - begin
    # Said now, so that a catalogue stopped by the timeout still leaves the ingest figure.
    print(json.dumps({"ingest": ingest}), file=sys.stderr, flush=True)
    engine = RdflibEngine()
    engine.dataset = dataset
    begin = time.perf_counter()
    results = gaps(CaseDataset(engine))
    catalogue = time.perf_counter() - begin
    return {
        "ingest": ingest,
        "catalogue": catalogue,
        "results": len(results),
        **_score({r.key for r in results}, _truth(corpus)),
    }


TASKS = {
    "bulk": task_bulk,
    "dump": task_dump,
    "plain": task_plain,
    "optimize": task_optimize,
    "catalogue": task_catalogue,
    "rules": task_rules,
    "single": task_single,
    "rdflib": task_rdflib,
}


def page_cache_bytes() -> int:
    """The kernel's page cache (Cached in /proc/meminfo)."""
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("Cached:"):
                return int(line.split()[1]) * 1024
    return 0


def drop_pages(path: Path) -> int:
    """Drop every file of the store from the page cache (posix_fadvise DONTNEED): the
    next run reads the store from disk. Returns how much the page cache shrank."""
    before = page_cache_bytes()
    os.sync()  # only clean pages can be dropped
    for file in path.rglob("*"):
        if file.is_file():
            fd = os.open(file, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
    return before - page_cache_bytes()


def timed_command(
    args: list[str], cold_store: Path | None = None, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """One casegraph command as a process (wall, peak memory, its output's size);
    with ``cold_store``, that store's pages are dropped first."""
    dropped = drop_pages(cold_store) if cold_store is not None else None
    result = run([CASEGRAPH, *args], env=env)
    if result["code"] not in (0, 1):
        raise SystemExit(f"casegraph {' '.join(args)} failed:\n{result['stderr']}")
    return {
        "wall": result["wall"],
        "peak_rss": result["peak_rss"],
        "code": result["code"],
        "output_bytes": len(result["stdout"]),
        "output": result["stdout"],
        "dropped_bytes": dropped,
        "load_average": os.getloadavg()[0],
    }


def med(runs: list[dict[str, Any]]) -> float:
    return statistics.median(r["wall"] for r in runs)


def bench_report(store: Path, corpus: Path, cases: int, runs: int) -> dict[str, Any]:
    """``casegraph gaps --store S`` as a user runs it, from stored results, warm (median
    of ``runs``) and cold; ``--case`` too; the same with every table file read on open
    (``full``); then the baseline, ``--live``, warm and cold (last: it is the slow one)."""
    out: dict[str, Any] = {"stored": [], "live": [], "stored_json": []}
    base = ["gaps", "--store", str(store)]

    def say(key: str, item: dict[str, Any]) -> None:
        dropped = item["dropped_bytes"]
        cold = f", page cache dropped by {dropped / 2**20:,.0f} MiB first" if dropped else ""
        print(
            f"  {key}: {item['wall']:.2f} s (peak {item['peak_rss'] / 2**20:.0f} MiB, "
            f"load average {item['load_average']:.1f}){cold}",
            flush=True,
        )

    timed_command(base)  # read once, so that the warm runs find the store in the page cache
    for _ in range(runs):
        out["stored"].append(timed_command(base))
        say("gaps --store (stored results)", out["stored"][-1])
    out["stored_cold"] = timed_command(base, cold_store=store)
    say("gaps --store (stored results), cold", out["stored_cold"])
    out["stored_json"].append(timed_command([*base, "--format", "json"]))
    say("gaps --store --format json", out["stored_json"][-1])
    files = sorted((corpus / "cases").rglob("*.yaml"))
    case = files[cases // 2]
    one = ["gaps", "--store", str(store), "--case", case.stem, "--format", "json"]
    out["single"] = [timed_command(one) for _ in range(5)]
    out["single_file"] = [timed_command(["gaps", str(case), "--format", "json"]) for _ in range(5)]
    out["single_cold"] = timed_command(one, cold_store=store)
    out["python"] = [run([sys.executable, "-c", "pass"])["wall"] for _ in range(5)]
    print(
        f"  gaps --store --case (median of 5): {med(out['single']):.2f} s; the case's file "
        f"{med(out['single_file']):.2f} s; cold {out['single_cold']['wall']:.2f} s; "
        f"python -c pass {statistics.median(out['python']):.3f} s",
        flush=True,
    )
    # By default opening a store reads the bytes of each table file not checked since it
    # last changed (the first read above checked them all; docs/security.md);
    # CASEGRAPH_VERIFY_STORE=full reads every table file on every open.
    full = {"CASEGRAPH_VERIFY_STORE": "full"}
    out["full_stored"] = [timed_command(base, env=full) for _ in range(runs)]
    out["full_single"] = [timed_command(one, env=full) for _ in range(5)]
    print(
        f"  with CASEGRAPH_VERIFY_STORE=full: gaps --store {med(out['full_stored']):.2f} s; "
        f"--case {med(out['full_single']):.2f} s",
        flush=True,
    )
    for _ in range(runs):
        out["live"].append(timed_command([*base, "--live"]))
        say("gaps --store --live (the baseline)", out["live"][-1])
    out["live_cold"] = timed_command([*base, "--live"], cold_store=store)
    say("gaps --store --live, cold", out["live_cold"])
    out["same_report"] = out["stored"][0]["output"] == out["live"][0]["output"]
    print(f"  the report from stored results is the live one: {out['same_report']}", flush=True)
    for runs_of in out.values():
        for item in runs_of if isinstance(runs_of, list) else [runs_of]:
            if isinstance(item, dict):
                item.pop("output", None)
    return out


# -- the benchmark ----------------------------------------------------------------------


def generate(work: Path, cases: int, seed: int) -> Path:
    from casegraph.synth import write_corpus

    corpus = work / f"corpus-{cases}"
    manifest = corpus / "manifest.json"
    if manifest.exists():
        data = json.loads(manifest.read_text())
        if data.get("cases") == cases and data.get("seed") == seed:
            return corpus
    started = time.perf_counter()
    write_corpus(corpus, cases, seed, overwrite=True)
    print(f"  generated {cases:,} cases in {time.perf_counter() - started:.0f} s", flush=True)
    return corpus


def median_of(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def bench_size(
    work: Path,
    cases: int,
    seed: int,
    runs: int,
    rdflib_sizes: list[int],
    rdflib_timeout: float,
    catalogue_timeout: float,
    keep_store: bool = False,
    only_report: bool = False,
) -> dict[str, Any]:
    print(f"\n== {cases:,} cases ({runs} run{'s' if runs > 1 else ''} each)", flush=True)
    corpus = generate(work, cases, seed)
    store = work / f"store-{cases}"
    floor_store = work / f"floor-{cases}"
    plain_store = work / f"plain-{cases}"
    nq = work / f"corpus-{cases}.nq"
    out: dict[str, Any] = {
        "cases": cases,
        "runs": runs,
        "load_average": [],
        "ingest": [],
        "plain": [],
        "floor": [],
    }
    if only_report:
        out["load_average"].append(os.getloadavg()[0])
        out["report"] = bench_report(store, corpus, cases, runs)
        return out
    triples = 0
    for attempt in range(runs):
        # Ours and the floor alternate, so a busy moment on the machine hits both.
        shutil.rmtree(store, ignore_errors=True)
        out["load_average"].append(os.getloadavg()[0])
        result = run(
            [
                CASEGRAPH,
                "load",
                str(corpus / "cases"),
                "--store",
                str(store),
                "--no-progress",
                "--no-optimize",  # compaction is measured on its own below
            ]
        )
        if result["code"] != 0:
            raise SystemExit(f"load failed: {result['stderr']}")
        triples = int(re.search(r"\(([\d,]+) triples\)", result["stdout"])[1].replace(",", ""))
        result["store_bytes"] = du(store)
        out["ingest"].append({k: v for k, v in result.items() if k not in ("stdout", "stderr")})
        print(
            f"  ingest run {attempt + 1}: {result['wall']:.1f} s, "
            f"peak RSS {result['peak_rss'] / 2**20:.0f} MiB (tree PSS "
            f"{result['peak_tree_pss'] / 2**20:.0f} MiB)",
            flush=True,
        )
        if attempt == 0:
            child("dump", str(store), str(nq))
            out["nq_bytes"] = nq.stat().st_size
        shutil.rmtree(plain_store, ignore_errors=True)
        plain = child("plain", str(corpus / "cases"), str(plain_store))
        out["plain"].append({k: v for k, v in plain.items() if k not in ("stdout", "stderr")})
        print(
            f"  ingest without stored results run {attempt + 1}: {plain['wall']:.1f} s", flush=True
        )
        shutil.rmtree(plain_store, ignore_errors=True)
        shutil.rmtree(floor_store, ignore_errors=True)
        floor = child("bulk", str(nq), str(floor_store))
        floor["store_bytes"] = du(floor_store)
        out["floor"].append({k: v for k, v in floor.items() if k not in ("stdout", "stderr")})
        print(
            f"  floor run {attempt + 1}: {floor['wall']:.1f} s "
            f"(bulk_load itself {floor['report']['seconds']:.1f} s)",
            flush=True,
        )
        shutil.rmtree(floor_store, ignore_errors=True)
    out["triples"] = triples

    def catalogue(key: str, attempts: int, live: str = "") -> None:
        out[key] = []
        for attempt in range(attempts):
            cat = child("catalogue", str(store), str(corpus), live, timeout=catalogue_timeout)
            if cat["report"] is None:
                out[key].append({"timed_out": True, "wall": cat["wall"]})
                print(f"  {key}: stopped after {cat['wall']:.0f} s", flush=True)
                return
            out[key].append(cat["report"] | {"wall": cat["wall"], "peak_rss": cat["peak_rss"]})
            print(
                f"  {key} run {attempt + 1}: {cat['report']['seconds']:.1f} s, "
                f"precision {cat['report']['precision']:.3f} recall "
                f"{cat['report']['recall']:.3f}",
                flush=True,
            )

    def rules(key: str) -> None:
        out[key] = child("rules", str(store))["report"]
        print(f"  {key}: the 14 catalogue queries alone {out[key]['seconds']:.1f} s", flush=True)

    rules("rules")
    catalogue("catalogue", runs)
    middle = sorted((corpus / "cases").rglob("*.yaml"))[cases // 2].stem
    single = child("single", str(store), middle)
    out["single"] = single["report"]
    print(f"  single case gaps: {single['report']['seconds']:.3f} s", flush=True)

    # Compaction (what `casegraph load` adds by default from 5M triples), then the
    # catalogue on the compacted store.
    optimize = child("optimize", str(store))
    out["optimize"] = {
        "seconds": optimize["report"]["seconds"],
        "wall": optimize["wall"],
        "store_bytes": du(store),
    }
    print(f"  optimize {optimize['wall']:.1f} s", flush=True)
    rules("rules_optimized")
    catalogue("catalogue_optimized", 1)
    catalogue("catalogue_live", 1, "live")
    out["report"] = bench_report(store, corpus, cases, runs)

    if cases in rdflib_sizes:
        out["rdflib"] = []
        for attempt in range(1):  # tens of minutes each: one run
            result = child("rdflib", str(corpus), timeout=rdflib_timeout)
            if result["report"] is None:
                said = re.search(r'\{"ingest": ([\d.]+)\}', result["stderr"])
                out["rdflib"].append(
                    {
                        "timed_out": True,
                        "wall": result["wall"],
                        "ingest": float(said[1]) if said else None,
                        "peak_rss": result["peak_rss"],
                    }
                )
                print(f"  rdflib: stopped after {result['wall']:.0f} s", flush=True)
                break
            out["rdflib"].append(
                result["report"] | {"wall": result["wall"], "peak_rss": result["peak_rss"]}
            )
            print(
                f"  rdflib run {attempt + 1}: ingest {result['report']['ingest']:.1f} s, "
                f"catalogue {result['report']['catalogue']:.1f} s",
                flush=True,
            )
    nq.unlink(missing_ok=True)
    if not keep_store:
        shutil.rmtree(store, ignore_errors=True)
    return out


def _catalogue_seconds(runs: list[dict[str, Any]]) -> tuple[float, str]:
    """Median catalogue time, and how to print it (a lower bound when it was stopped)."""
    runs = [runs] if isinstance(runs, dict) else runs  # one run, as earlier versions wrote
    if runs and runs[0].get("timed_out"):
        return runs[0]["wall"], f"more than {runs[0]['wall']:.0f} s (stopped)"
    seconds = statistics.median(c["seconds"] for c in runs)
    return seconds, (
        f"{seconds:.1f} s (precision {runs[0]['precision']:.3f}, recall {runs[0]['recall']:.3f})"
    )


def summarise_report(size: dict[str, Any]) -> list[str]:
    """The report's timings: stored against live, warm and cold, and --case."""
    report = size["report"]

    def med(key: str) -> float:
        return statistics.median(r["wall"] for r in report[key])

    stored, live = med("stored"), med("live")
    single = med("single")

    def walls(key: str) -> str:
        return ", ".join(f"{r['wall']:.2f}" for r in report[key])

    lines = [
        f"| `gaps --store S` from stored results, warm (median of {len(report['stored'])}) "
        f"| {stored:.2f} s (runs {walls('stored')}; "
        f"peak {max(r['peak_rss'] for r in report['stored']) / 2**20:.0f} MiB) |",
        f"| `gaps --store S --live` (the baseline), warm | {live:.2f} s "
        f"(runs {walls('live')}; "
        f"peak {max(r['peak_rss'] for r in report['live']) / 2**20:.0f} MiB) |",
        f"| **stored / live, warm** | **{stored / live:.2f}x** |",
        f"| `gaps --store S`, cold (store's pages dropped: "
        f"{report['stored_cold']['dropped_bytes'] / 2**20:,.0f} MiB) | "
        f"{report['stored_cold']['wall']:.2f} s |",
        f"| `gaps --store S --live`, cold ({report['live_cold']['dropped_bytes'] / 2**20:,.0f}"
        f" MiB dropped) | {report['live_cold']['wall']:.2f} s |",
        f"| the same report either way | {report['same_report']} |",
        f"| `gaps --store S --format json`, warm | {report['stored_json'][0]['wall']:.2f} s |",
        f"| `gaps --store S --case ID --format json` (median of 5) / cold | {single:.2f} s / "
        f"{report['single_cold']['wall']:.2f} s |",
        f"| the same case's file, `gaps FILE --format json` (median of 5) | "
        f"{med('single_file'):.2f} s |",
        f"| `python -c pass` (median of 5) | {statistics.median(report['python']):.3f} s |",
        f"| with `CASEGRAPH_VERIFY_STORE=full` (every table file read on open): "
        f"`gaps --store S` warm / `--case ID` (median of 5) | {med('full_stored'):.2f} s / "
        f"{med('full_single'):.2f} s |",
    ]
    return lines


def summarise(size: dict[str, Any]) -> list[str]:
    if not size["ingest"]:  # --only-report
        return [
            f"### {size['cases']:,} cases, the report only (load average at start "
            f"{size['load_average'][0]:.1f})",
            "",
            "| measure | value |",
            "|---|---|",
            *summarise_report(size),
        ]
    ingest = median_of(size["ingest"], "wall")
    floor = median_of(size["floor"], "wall")
    cat, cat_text = _catalogue_seconds(size["catalogue"])
    _, opt_text = _catalogue_seconds(size["catalogue_optimized"])
    peak = max(r["peak_rss"] for r in size["ingest"])
    tree = max(r.get("peak_tree_pss", r.get("peak_tree_rss", 0)) for r in size["ingest"])
    store_bytes = size["ingest"][0]["store_bytes"]
    lines = [
        f"### {size['cases']:,} cases, {size['triples']:,} triples "
        f"({'median of ' + str(size['runs']) if size['runs'] > 1 else '1 run'}; "
        f"load average at start {', '.join(f'{x:.1f}' for x in size['load_average'])})",
        "",
        "| measure | value |",
        "|---|---|",
        f"| ingest `casegraph load` (wall) | {ingest:.1f} s "
        f"({size['cases'] / ingest:,.0f} cases/s, {size['triples'] / ingest:,.0f} triples/s) |",
        f"| ingest peak memory: largest process (RSS) / whole tree (PSS) | "
        f"{peak / 2**20:,.0f} MiB / "
        f"{tree / 2**20:,.0f} MiB |",
        f"| store on disk after load / after optimize | {store_bytes / 2**20:,.0f} MiB / "
        f"{size['optimize']['store_bytes'] / 2**20:,.0f} MiB |",
        f"| floor: `Store.bulk_load` of the same N-Quads (wall) | {floor:.1f} s "
        f"({size['triples'] / floor:,.0f} triples/s) |",
        f"| **ingest / floor** | **{ingest / floor:.2f}x** |",
        *(
            [
                f"| ingest without stored results (load_files, no make_results) | "
                f"{median_of(size['plain'], 'wall'):.1f} s; with them / without: "
                f"**{ingest / median_of(size['plain'], 'wall'):.2f}x** |"
            ]
            if size.get("plain")
            else []
        ),
        f"| compaction (`casegraph load` adds it from 5M triples) | "
        f"{size['optimize']['wall']:.1f} s |",
        f"| **ingest with compaction / floor** | "
        f"**{(ingest + size['optimize']['wall']) / floor:.2f}x** |",
        *(
            [
                f"| the 14 catalogue queries alone / after optimize | "
                f"{size['rules']['seconds']:.1f} s / {size['rules_optimized']['seconds']:.1f} s |"
            ]
            if "rules" in size
            else []
        ),
        f"| whole catalogue (`gaps()`) from the store | {cat_text} |",
        f"| whole catalogue after optimize | {opt_text} |",
        *(
            [
                f"| whole catalogue live (`gaps(live=True)`) | "
                f"{_catalogue_seconds(size['catalogue_live'])[1]} |"
            ]
            if "catalogue_live" in size
            else []
        ),
        f"| one case's gaps from the store | {size['single']['seconds']:.3f} s |",
        *(summarise_report(size) if "report" in size else []),
    ]
    rdflib = [r for r in size.get("rdflib", []) if not r.get("timed_out")]
    if rdflib:
        r_ingest = median_of(rdflib, "ingest")
        r_cat = median_of(rdflib, "catalogue")
        lines += [
            f"| plain rdflib: ingest / catalogue | {r_ingest:.1f} s / {r_cat:.1f} s |",
            f"| **rdflib (ingest + catalogue) / ours** | "
            f"**{(r_ingest + r_cat) / (ingest + cat):.1f}x** |",
        ]
    elif size.get("rdflib"):
        stopped = size["rdflib"][0]["wall"]
        r_ingest = size["rdflib"][0].get("ingest")
        if r_ingest is not None:
            lines.append(
                f"| plain rdflib: ingest / catalogue | {r_ingest:.1f} s / stopped after "
                f"{stopped - r_ingest:.0f} s |"
            )
        lines += [
            f"| plain rdflib (ingest + catalogue) | stopped after {stopped:.0f} s |",
            f"| **rdflib (ingest + catalogue) / ours** | **more than "
            f"{stopped / (ingest + cat):.1f}x** |",
        ]
    else:
        lines.append("| plain rdflib | not run at this size |")
    if "rules" in size:
        lines += ["", "The catalogue queries by time (before optimize):", ""]
        for name, seconds in size["rules"]["queries"].items():
            lines.append(f"- {seconds:.2f} s: {name}")
    return lines


def machine() -> dict[str, Any]:
    model = ""
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as handle:
        total = int(handle.readline().split()[1]) * 1024
    import pyoxigraph
    import rdflib

    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(total / 2**30, 1),
        "cpu": model,
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
    }


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "_child":
        print(json.dumps(TASKS[sys.argv[2]](*sys.argv[3:])))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default="1000,10000,60000", help="corpus sizes, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="runs per measure below 60,000 cases (1 at 60,000 and above)",
    )
    parser.add_argument("--work", default="/tmp/casegraph-bench-corpus")
    parser.add_argument("--rdflib-sizes", default="1000,10000", help="sizes to run plain rdflib at")
    parser.add_argument("--rdflib-timeout", type=float, default=3600)
    parser.add_argument("--catalogue-timeout", type=float, default=3600)
    parser.add_argument("--json", help="write every figure here")
    parser.add_argument(
        "--keep-stores", action="store_true", help="keep each size's store (WORK/store-N)"
    )
    parser.add_argument("--report", metavar="JSON", help="print the tables of an earlier run")
    parser.add_argument(
        "--only-report",
        action="store_true",
        help="only time `casegraph gaps` (stored and live, warm and cold, --case) on the "
        "store an earlier run kept (WORK/store-N)",
    )
    args = parser.parse_args()
    if args.report:
        data = json.loads(Path(args.report).read_text())
        print(f"machine: {data['machine']}\n")
        for size in data["sizes"]:
            print("\n".join(summarise(size)) + "\n")
        return
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    info = machine()
    info["commit"] = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    info["modified"] = subprocess.run(
        ["git", "status", "--short", "src"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split("\n")
    print(f"machine: {info}", flush=True)
    sizes = []
    for cases in (int(x) for x in args.cases.split(",")):
        runs = args.runs if cases < 60_000 else 1
        sizes.append(
            bench_size(
                work,
                cases,
                args.seed,
                runs,
                [int(x) for x in args.rdflib_sizes.split(",") if x],
                args.rdflib_timeout,
                args.catalogue_timeout,
                args.keep_stores,
                args.only_report,
            )
        )
        if args.json:
            Path(args.json).write_text(json.dumps({"machine": info, "sizes": sizes}, indent=2))
    print()
    for size in sizes:
        print("\n".join(summarise(size)))
        print()


if __name__ == "__main__":
    main()
