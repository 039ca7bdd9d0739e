"""Soak run of the hostile-input generator: many more inputs than the test suite's 500.

Runs tests/hostile_inputs.py in a child process under the same resource limits as
tests/test_hostile_suite.py (3 GiB address space; CPU time scaled to the run) with a
random seed, and prints its figures: inputs and commands run, exit codes, the median
and 99th-percentile command time against a baseline (validating the valid minimal
case, measured in the same run), the slowest command, the peak memory, and the number
of socket connections (must be 0). Any traceback, hang, changed input or store, or
connection stops the run with the input that caused it.

    .venv/bin/python benchmarks/bench_hostile.py --examples 5000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "tests" / "hostile_inputs.py"
MEMORY = 3 * 1024**3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=None, help="default: a random seed")
    parser.add_argument("--seconds", type=int, default=60, help="time limit per command")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1, 2**31)
    cpu = max(600, args.examples)  # about 0.2 s per input; generous

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))

    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--examples",
            str(args.examples),
            "--seed",
            str(seed),
            "--seconds",
            str(args.seconds),
        ],
        capture_output=True,
        text=True,
        preexec_fn=limits,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        print(f"FAILED (seed {seed}, exit {done.returncode}) after {wall:.0f} s")
        print(done.stdout[-3000:], done.stderr[-6000:], sep="\n")
        return 1
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"seed {seed}: {summary['inputs']:,} inputs, {summary['commands']:,} commands "
        f"in {summary['seconds']:.0f} s ({wall:.0f} s with start-up)"
    )
    print(f"inputs by kind: {summary['by_kind']}")
    print(f"exit codes: {summary['exit_codes']}")
    print(
        f"command time: median {summary['median_command_s'] * 1000:.1f} ms "
        f"({summary['median_to_baseline']:.2f}x validating the valid case, "
        f"{summary['baseline_validate_s'] * 1000:.1f} ms), "
        f"p99 {summary['p99_command_s'] * 1000:.0f} ms, slowest "
        f"{summary['slowest_command_s']:.2f} s ({summary['slowest_command']})"
    )
    print(
        f"peak memory {summary['max_rss_mib']} MiB; socket connections "
        f"{summary['connections']}; tracebacks, hangs and changed inputs: 0"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
