"""The hostile-input suite (issue 17): 500 generated malformed and huge inputs per run.

tests/hostile_inputs.py draws the inputs with hypothesis (derandomized: the same 500
every run) and runs the commands on each; here it runs as a child process under
``resource`` limits on address space and CPU time, so a runaway input fails the test
instead of taking the machine. For every input: the documented exit code, messages
without a traceback, each command within its time limit, the input file and the store
unchanged, and no socket connected. benchmarks/bench_hostile.py is the heavier soak.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent / "hostile_inputs.py"
MEMORY = 3 * 1024**3  # address space of the child, bytes
CPU_SECONDS = 900


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


@pytest.mark.slow
def test_500_hostile_inputs_leave_no_traceback_hang_connection_or_change() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--examples", "500", "--seconds", "60"],
        capture_output=True,
        text=True,
        preexec_fn=_limits,
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["inputs"] >= 500
    assert summary["connections"] == 0
    assert set(summary["by_kind"]) == {"yaml", "nt", "ttl", "query", "names"}
