"""What each command imports: none loads a heavy library it does not use.

A single-case command's start-up is mostly imports (benchmarks/bench_cli.py and
benchmarks/RESULTS.md): networkx alone is about 450 modules, numpy about 170, rdflib
about 260. Each command runs once as a process on the real case, and the top-level
packages in its ``sys.modules`` at exit must include none of those it has no use for,
so a module-level import added in the wrong place fails here instead of silently
slowing every command down.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASE = str(ROOT / "data" / "cases" / "prevent-amess-2014.yaml")

# Heavy libraries, and the packages only they pull in.
HEAVY = frozenset(
    {"networkx", "numpy", "rdflib", "pyshacl", "owlrl", "pyvis", "jinja2", "IPython"}
    | {"pyoxigraph", "yaml", "pyparsing", "html5rdf", "pypdf"}
    | {"multiprocessing", "concurrent"}  # pools: a case in memory is queried in-process
)
READING = HEAVY - {"yaml", "pyoxigraph"}  # a case file read and queried in memory
GRAPH = READING - {"networkx"}  # ... and projected to NetworkX

# Each command (CASE: the real case file) and what it must not import.
NOT_NEEDED: dict[tuple[str, ...], frozenset[str]] = {
    ("--help",): HEAVY,
    ("validate", "CASE"): HEAVY - {"yaml"},  # a case file: the checker, no engine, no SHACL
    ("gaps", "CASE"): READING,
    ("stats", "CASE"): READING,
    ("query", "premature-exit", "CASE"): READING,
    ("export", "CASE"): READING,  # Turtle written by Oxigraph's own serialiser
    ("cases", "CASE"): READING,
    ("path", "CASE", "school", "channel-panel"): GRAPH,
    ("knew", "CASE", "school"): GRAPH,
    ("chronology", "CASE"): GRAPH,
    ("view", "CASE", "--layout", "timeline"): GRAPH - {"pyvis"},
    # A case's force layout runs in plain Python: numpy is for corpora.
    ("view", "CASE"): GRAPH - {"pyvis"},
    ("report", "CASE"): GRAPH - {"pyvis"},
}

DRIVER = """
import atexit, json, os, sys
atexit.register(lambda: open(os.environ["MODULES_RECORD"], "w").write(
    json.dumps(sorted({name.split(".")[0] for name in sys.modules}))))
sys.argv = ["casegraph", *sys.argv[1:]]
from casegraph.cli import main
main()
"""


def imported(args: list[str], tmp_path: Path) -> set[str]:
    """The top-level packages a ``casegraph`` command has imported when it exits."""
    record = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, *args],
        cwd=tmp_path,
        env={**os.environ, "MODULES_RECORD": str(record)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(record.read_text()))


@pytest.mark.parametrize(
    "command", list(NOT_NEEDED), ids=lambda c: " ".join(c).replace("CASE", "case")
)
def test_a_command_imports_no_heavy_library_it_does_not_use(
    command: tuple[str, ...], tmp_path: Path
) -> None:
    args = [CASE if arg == "CASE" else arg for arg in command]
    if command[0] in ("view", "report"):
        args += ["-o", str(tmp_path / "out.html")]
    loaded = imported(args, tmp_path)
    assert not loaded & NOT_NEEDED[command], sorted(loaded & NOT_NEEDED[command])
    if command[0] in ("gaps", "path"):  # the check sees what is imported
        assert "pyoxigraph" in loaded
