"""Long cases in the views: view (both layouts), report and chronology, against a baseline.

Writes one generated chronology per ``--events`` (benchmarks/bench_long.py's
``long_case``: twelve agencies, dates of every precision, undated events chained) and
runs each command on it as a fresh process (under ``nice`` when asked, with an
address-space cap and a timeout), printing the median wall time of ``--runs``, the
peak memory (max RSS) and the output file's size. Baselines measured in the same run:

- the same command on the real case (data/cases/prevent-amess-2014.yaml);
- with ``--baseline DIR``, the same command with another checkout's code (``DIR/src``
  first on PYTHONPATH, the same interpreter and packages), e.g. main before this work:
  ``git worktree add --detach /tmp/base 4b3f050``; the ratio is this code's time over
  the baseline's.

With ``--browser`` (Playwright and the system Chromium, as the browser tests use), each
view of the first ``--events`` size is opened in headless Chromium at 1400 x 900 with
every other request refused, and the time until the page says it is drawn
(``window.cgReady``, from navigation) is printed, this code's page and the
baseline's.

Usage:
    .venv/bin/python benchmarks/bench_long_views.py [--events 2000 10000] [--runs 3]
        [--commands view timeline report chronology] [--baseline DIR] [--browser]
        [--cap-gib 6] [--timeout 900]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_long import REAL_CASE, long_case, run  # noqa: E402

COMMANDS = ("view", "timeline", "report", "chronology")


def arguments(name: str, case: Path, out: Path) -> list[str]:
    """The casegraph arguments of one command, writing into ``out``."""
    stem = f"{case.stem}-{name}"
    return {
        "view": ["view", str(case), "-o", str(out / f"{stem}.html")],
        "timeline": ["view", str(case), "--layout", "timeline", "-o", str(out / f"{stem}.html")],
        "report": ["report", str(case), "-o", str(out / f"{stem}.html")],
        "chronology": ["chronology", str(case), "-o", str(out / f"{stem}.md")],
    }[name]


def output_of(command: list[str]) -> Path:
    return Path(command[command.index("-o") + 1])


def measure(
    command: list[str], runs: int, src: Path | None, cap_gib: float, timeout: float
) -> tuple[float, float, float] | str:
    """Median wall (s), peak RSS (MiB), output size (MB); or why it could not run."""
    try:
        results = [
            run([sys.executable, "-m", "casegraph", *command], src, cap_gib, timeout)
            for _ in range(runs)
        ]
    except RuntimeError as exc:
        return str(exc)
    size = output_of(command).stat().st_size / 1e6
    return statistics.median(r[0] for r in results), max(r[1] for r in results), size


def cell(result: tuple[float, float, float] | str) -> str:
    if isinstance(result, str):
        return f"failed ({result}) | | "
    wall, mem, size = result
    return f"{wall:.2f} s | {mem:.0f} MiB | {size:.2f} MB"


def ratio(new: tuple[float, float, float] | str, old: tuple[float, float, float] | str) -> str:
    if isinstance(new, str) or isinstance(old, str):
        return "-"
    return f"{new[0] / old[0]:.2f}x"


def browser_times(pages: dict[str, Path], runs: int) -> None:
    """Open each page in headless Chromium and print the median time until drawn."""
    import browser as harness

    reason = harness.missing_browser()
    if reason:
        print(f"browser: skipped ({reason})")
        return
    harness.READY_TIMEOUT_MS = 300_000
    print()
    print("| page | drawn, from navigation (median) | harness wall | console errors |")
    print("|---|---|---|---|")
    with harness.chromium() as chromium:
        for name, path in pages.items():
            at, wall, errors = [], [], 0
            for _ in range(runs):
                started = time.perf_counter()
                with harness.open_view(chromium, path, 1400, 900) as (page, log):
                    wall.append(time.perf_counter() - started)
                    at.append(float(page.evaluate("() => window.cgReady.at")) / 1000)
                    errors += len(log.console_errors + log.page_errors + log.outside_requests)
            print(
                f"| {name} | {statistics.median(at):.2f} s | {statistics.median(wall):.2f} s "
                f"| {errors} |",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--commands", nargs="+", choices=COMMANDS, default=list(COMMANDS))
    parser.add_argument("--baseline", type=Path, help="another checkout to compare with")
    parser.add_argument("--browser", action="store_true", help="time the views in Chromium")
    parser.add_argument("--cap-gib", type=float, default=6.0, help="address-space cap")
    parser.add_argument("--timeout", type=float, default=900.0, help="per process, seconds")
    args = parser.parse_args()
    print(
        f"load average {os.getloadavg()[0]:.1f} at the start; median of {args.runs} runs; "
        f"peak = max RSS; cap {args.cap_gib:g} GiB of address space, {args.timeout:.0f} s"
    )
    print()
    print(
        "| case | command | this code: median | peak | output "
        "| vs real case | baseline: median | peak | output | this / baseline |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        (out / "new").mkdir()
        (out / "base").mkdir()
        cases = [("real case (12 events)", REAL_CASE)]
        for n in args.events:
            path = out / f"long-mixed-{n}.yaml"
            path.write_text(long_case(n), encoding="utf-8")
            cases.append((f"mixed, {n:,} events", path))
        real: dict[str, tuple[float, float, float] | str] = {}
        for label, case in cases:
            for name in args.commands:
                new = measure(
                    arguments(name, case, out / "new"), args.runs, None, args.cap_gib, args.timeout
                )
                if case == REAL_CASE:
                    real[name] = new
                base: tuple[float, float, float] | str = "not measured"
                if args.baseline:
                    base = measure(
                        arguments(name, case, out / "base"),
                        args.runs,
                        args.baseline,
                        args.cap_gib,
                        args.timeout,
                    )
                print(
                    f"| {label} | {name} | {cell(new)} | {ratio(new, real[name])} "
                    f"| {cell(base) if args.baseline else ' | | '} "
                    f"| {ratio(new, base)} |",
                    flush=True,
                )
        if args.browser:
            first = cases[1][1]
            pages = {}
            for name in ("view", "timeline"):
                for who in ("new", "base") if args.baseline else ("new",):
                    page = output_of(arguments(name, first, out / who))
                    if page.exists():
                        label = "this code" if who == "new" else "baseline"
                        pages[f"{first.stem}, {name}, {label}"] = page
            browser_times(pages, args.runs)
    print()
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
