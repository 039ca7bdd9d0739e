"""Long cases: validate, gaps, load and view of one generated long chronology.

A domestic homicide or safeguarding review's chronology can run to thousands of
events. This writes one valid case of N events (default 2,000 and 10,000) and runs
each command on it as a fresh process, reporting the median wall time of --runs and
the process's peak memory (max RSS), against ``python -c pass`` and the same command
on the real case (data/cases/prevent-amess-2014.yaml), both measured in the same run.

The chronology (:func:`long_case`): twelve agencies, one per lane; events on
distinct days for the first half of the case, then a stretch of month- and
year-precision dates that overlap, with every fifth event undated and chained
``after`` the one before it, and a run of ``before`` links; referrals,
communications, taskings with planned sessions and interventions under them,
decisions, meetings, reviews, stage entries and exits, concerns identified and
addressed, duties with holders. The "chain" shape is instead one undated ``after``
chain through every event (the worst case for anything that walks the links).

With ``--baseline DIR`` each command also runs with another checkout's code (``DIR/src``
first on PYTHONPATH, the same interpreter and packages), e.g. main before a change, and
the table gives this code's median over the baseline's. Every process runs under an
address-space cap and a time limit (a command over either is reported, not waited for).

Usage:
    .venv/bin/python benchmarks/bench_long.py [--events 2000 10000] [--shape mixed|chain]
        [--runs 3] [--commands validate gaps load view] [--baseline DIR]
        [--cap-gib 6] [--timeout 900]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REAL_CASE = ROOT / "data" / "cases" / "prevent-amess-2014.yaml"
AGENCIES = (
    ("police", "police"),
    ("council", "local-authority"),
    ("school", "school"),
    ("health", "health"),
    ("probation", "probation"),
    ("prevent", "police"),
    ("housing", "local-authority"),
    ("mental-health", "health"),
    ("social-care", "social-care"),
    ("college", "school"),
    ("gp", "health"),
    ("charity", "charity"),
)
KINDS = ("communication", "referral", "meeting", "assessment", "decision", "tasking", "review")


def long_case(n: int, shape: str = "mixed", seed: int = 0) -> str:
    """The YAML text of one valid case of ``n`` events (see the module docstring)."""
    import yaml

    rng = random.Random(seed)
    actors: list[dict[str, Any]] = [{"id": a, "type": t, "label": a.title()} for a, t in AGENCIES]
    actors.append({"id": "subject", "type": "person", "label": "The subject"})
    actors.append(
        {
            "id": "panel",
            "type": "panel",
            "members": ["police", "council", "health"],
            "chair": "council",
        }
    )
    ids = [a for a, _ in AGENCIES]
    start = date(2010, 1, 1)
    events: list[dict[str, Any]] = []
    concerns: list[dict[str, Any]] = []
    open_tasking: str | None = None
    for i in range(n):
        eid = f"e{i:05d}"
        kind = rng.choice(KINDS)
        if open_tasking and rng.random() < 0.5:
            kind = "intervention"
        event: dict[str, Any] = {"id": eid, "kind": kind, "by": rng.choice(ids)}
        event["to"] = rng.sample(ids, k=rng.randint(1, 2))
        if rng.random() < 0.1:
            event["to"] = ["panel"]
        if shape == "chain":
            if i:
                event["after"] = events[-1]["id"]
        else:
            day = start + timedelta(days=i)
            if i < n // 2 or i % 5 == 1:
                event["date"] = day.isoformat()
            elif i % 5 == 0:
                event["after"] = events[-1]["id"]  # undated, chained
            elif i % 5 == 2:
                event["date"] = f"{day.year}-{day.month:02d}"
            elif i % 5 == 3:
                event["date"] = f"{day.year}"
                event["after"] = events[-1]["id"]
            else:
                event["date"] = day.isoformat()
                if i + 1 < n:
                    event["before"] = f"e{i + 1:05d}"
        if kind == "tasking":
            event["planned"] = rng.randint(1, 4)
            open_tasking = eid
        elif kind == "intervention":
            event["under"] = open_tasking
            open_tasking = None
        elif kind == "decision" and rng.random() < 0.6:
            event["rationale"] = "As recorded."
        if kind in ("referral", "communication") and rng.random() < 0.05:
            event["status"] = "failed"
        if i % 200 == 0:
            event["stage"] = {"name": "support", "effect": "enter"}
        elif i % 200 == 150:
            event["stage"] = {"name": "support", "effect": "exit"}
        if i % 40 == 0:
            cid = f"c{i:05d}"
            concern: dict[str, Any] = {
                "id": cid,
                "label": f"Concern raised at {eid}",
                "nature": rng.choice(["symptom", "underlying", "risk", "need"]),
                "identified_by": event["by"],
                "identified_at": eid,
            }
            if rng.random() < 0.7 and i + 30 < n:
                concern["addressed_by"] = [f"e{i + rng.randint(1, 30):05d}"]
            concerns.append(concern)
            event["about"] = cid
        events.append(event)
    duties = [
        {
            "id": f"d{k}",
            "label": f"Duty {k}",
            "holders": [{"actor": rng.choice(ids), "role": "responsible"}],
            "discharged_by": [f"e{rng.randrange(n):05d}"] if k % 2 else [],
        }
        for k in range(20)
    ]
    data = {
        "casegraph": 1,
        "case": {"id": f"long-{shape}-{n}", "title": f"A generated chronology of {n} events"},
        "actors": actors,
        "concerns": concerns,
        "duties": duties,
        "events": events,
    }
    return yaml.safe_dump(data, sort_keys=False, width=1000)


def run(
    command: list[str], src: Path | None = None, cap_gib: float = 6.0, timeout: float = 900.0
) -> tuple[float, float]:
    """Wall time (s) and peak memory (MiB) of one fresh process.

    ``src``: the checkout whose code runs (None: this one). Raises RuntimeError when the
    command fails, runs over ``timeout`` seconds or out of its address space.
    """
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src / "src")
    cap = int(cap_gib * 2**30)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err, preexec_fn=limit
        )
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise RuntimeError(f"over {timeout:.0f} s")
            time.sleep(0.02)
        wall = time.perf_counter() - started
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0:
            err.seek(0)
            tail = err.read()[-300:].decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(f"exit {code}: {tail[-1] if tail else ''}")
    return wall, usage.ru_maxrss / 1024


def commands(case: Path, work: Path, which: list[str]) -> dict[str, list[str]]:
    """Each command as ``python -m casegraph ...`` (so that a baseline's code can run it)."""
    store = work / f"store-{case.stem}"
    every = {
        "validate": ["validate", str(case)],
        "gaps": ["gaps", str(case), "--format", "json"],
        "load": ["load", str(case), "--store", str(store)],
        "view": ["view", str(case), "-o", str(work / f"{case.stem}.html")],
        "timeline": [
            "view",
            str(case),
            "--layout",
            "timeline",
            "-o",
            str(work / f"{case.stem}-timeline.html"),
        ],
    }
    return {name: [sys.executable, "-m", "casegraph", *every[name]] for name in which}


Measured = tuple[float, float] | str  # (median wall, peak MiB), or why it did not finish


def measure(command: list[str], runs: int, src: Path | None, args: Any) -> Measured:
    """Median wall time and peak memory of ``runs`` fresh processes (a store is removed
    before each run, so that every load writes a new one)."""
    results = []
    for _ in range(runs):
        if "--store" in command:
            shutil.rmtree(command[command.index("--store") + 1], ignore_errors=True)
        try:
            results.append(run(command, src, args.cap_gib, args.timeout))
        except RuntimeError as exc:
            return str(exc)
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def cell(result: Measured) -> str:
    return (
        f"failed ({result}) | "
        if isinstance(result, str)
        else f"{result[0]:.3f} s | {result[1]:.0f} MiB"
    )


def ratio(new: Measured, old: Measured) -> str:
    if isinstance(new, str) or isinstance(old, str):
        return "-"
    return f"{new[0] / old[0]:.2f}x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--shape", choices=["mixed", "chain"], default="mixed")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--commands", nargs="+", default=["validate", "gaps", "load", "view", "timeline"]
    )
    parser.add_argument("--baseline", type=Path, help="another checkout to compare with")
    parser.add_argument("--cap-gib", type=float, default=6.0, help="address-space cap")
    parser.add_argument("--timeout", type=float, default=900.0, help="per process, seconds")
    args = parser.parse_args()
    print(
        f"load average {os.getloadavg()[0]:.1f} at the start; median of {args.runs} runs; "
        f"peak = max RSS; cap {args.cap_gib:g} GiB of address space, {args.timeout:.0f} s"
    )
    print()
    print(
        "| case | command | this code: median | peak | vs real case "
        "| baseline: median | peak | this / baseline |"
    )
    print("|---|---|---|---|---|---|---|---|")
    base_wall, base_mem = run([sys.executable, "-c", "pass"])
    print(f"| - | `python -c pass` | {base_wall:.3f} s | {base_mem:.0f} MiB | | | | |")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cases = [("real case (12 events)", REAL_CASE)]
        for n in args.events:
            case = work / f"long-{args.shape}-{n}.yaml"
            case.write_text(long_case(n, args.shape), encoding="utf-8")
            cases.append((f"{args.shape}, {n:,} events", case))
        real: dict[str, Measured] = {}
        for label, case in cases:
            for name, command in commands(case, work, args.commands).items():
                new = measure(command, args.runs, None, args)
                if case == REAL_CASE:
                    real[name] = new
                base: Measured = "not measured"
                if args.baseline:
                    base = measure(command, args.runs, args.baseline, args)
                print(
                    f"| {label} | {name} | {cell(new)} | {ratio(new, real[name])} "
                    f"| {cell(base) if args.baseline else ' | '} | {ratio(new, base)} |",
                    flush=True,
                )
    print()
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
