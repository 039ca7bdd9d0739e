"""A generator of malformed and huge inputs, and the checks every command must pass on them.

Run as a script (``python tests/hostile_inputs.py --examples N``), it draws N inputs
with hypothesis and runs casegraph's commands on each in this one process, printing
a JSON summary on its last line. The caller (tests/test_hostile_suite.py, and the
heavier benchmarks/bench_hostile.py) runs it as a child process under ``resource``
limits on memory and CPU time; each input also has its own time limit (SIGALRM).

For every input the checks are: the exit code is one the command documents; a
failure prints one-line messages and never a traceback; no command exceeds its time
limit; the input file and the store are unchanged; no socket is ever connected. The
run stops at the first input that breaks one (hypothesis then shrinks it and prints it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

TESTS = Path(__file__).resolve().parent
MINIMAL_PATH = str(TESTS / "fixtures" / "minimal.yaml")
MINIMAL = Path(MINIMAL_PATH).read_text(encoding="utf-8")
CASE_ID = "fictional-2019-a"

# Lower limits for the run, so that inputs past them are quick to make and to refuse.
SMALL_LIMITS = {
    "CASEGRAPH_MAX_YAML_MB": "1",
    "CASEGRAPH_MAX_RDF_MB": "1",
    "CASEGRAPH_MAX_QUERY_MB": "1",
    "CASEGRAPH_MAX_STRING_CHARS": "20000",
    "CASEGRAPH_MAX_LIST_ITEMS": "2000",
    "CASEGRAPH_MAX_YAML_NODES": "20000",
}

# -- inputs ---------------------------------------------------------------------------

HOSTILE_SCALARS = [
    "9" * 5000,
    "-" + "1" * 40,
    "0x" + "f" * 60,
    ":".join(["59"] * 400),
    "1e99999",
    ".nan",
    "".join(chr(0xFF10 + int(d)) for d in "2019") + "-03",  # fullwidth digits
    "".join(chr(0x0660 + int(d)) for d in "201903"),  # Arabic-Indic digits
    '" 2019-03"',
    "2019-02-30",
    "0000",
    '"\\e[2J\\e]0;pwned\\a"',
    '"\\x00\\x9b\\u202e"',
    "!!python/object/apply:os.system ['true']",
    "!!binary aGVsbG8=",
    "&a [*a]",
    "*nowhere",
    "<<: {a: 1}",
    "{a: 1, a: 2}",
    "[" * 60 + "]" * 60,
    "'" + "x" * 25000 + "'",
    '"<script>alert(1)</script>"',
    "'=HYPERLINK(\"http://127.0.0.1:9/\")'",
    "~",
    "[]",
    "{}",
    "''",
    "|\n  multi\n  line",
    "a b/c",
    "'<http://127.0.0.1:9/>'",
]

BILLION_LAUGHS = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


def _lines() -> list[str]:
    return MINIMAL.splitlines(keepends=True)


@st.composite
def yaml_edit(draw: st.DrawFn) -> bytes:
    """The minimal case with a few lines replaced, removed, repeated or re-indented."""
    lines = _lines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["value", "delete", "repeat", "indent", "text", "key"]))
        head, sep, _ = lines[i].partition(": ")
        if op == "value" and sep:
            lines[i] = f"{head}: {draw(st.sampled_from(HOSTILE_SCALARS))}\n"
        elif op == "delete":
            del lines[i]
        elif op == "repeat":
            lines.insert(i, lines[i])
        elif op == "indent":
            lines[i] = " " * draw(st.integers(0, 7)) + lines[i].lstrip()
        elif op == "text":
            lines.insert(i, draw(st.text(max_size=40)) + "\n")
        else:
            lines[i] = f"{draw(st.text(min_size=1, max_size=12))}: {lines[i].partition(': ')[2]}"
        if not lines:
            break
    return "".join(lines).encode("utf-8", "surrogatepass")


@st.composite
def byte_edit(draw: st.DrawFn) -> bytes:
    """The minimal case with random bytes written over, inserted or cut."""
    data = bytearray(MINIMAL.encode())
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        noise = draw(st.binary(min_size=1, max_size=24))
        if draw(st.booleans()):
            data[at:at] = noise
        else:
            data[at : at + len(noise)] = noise
    return bytes(data)


@st.composite
def huge(draw: st.DrawFn) -> bytes:
    """Inputs past one of the (lowered) limits, or built to be slow."""
    kind = draw(
        st.sampled_from(
            [
                "big-file",
                "long-text",
                "long-list",
                "many-values",
                "deep",
                "laughs",
                "dangling",
                "long-int",
            ]
        )
    )
    if kind == "big-file":
        return MINIMAL.encode() + b"# " + b"x" * (1024 * 1024 + 10) + b"\n"
    if kind == "long-text":
        return MINIMAL.replace("label: Teacher", f"label: {'t' * 20001}").encode()
    if kind == "long-list":
        return MINIMAL.replace("to: [police-prevent]", f"to: [{', '.join(['x'] * 2001)}]").encode()
    if kind == "many-values":
        events = "".join(f"  - {{id: e{i}, kind: contact}}\n" for i in range(7000))
        return (MINIMAL + f"more:\n{events}").encode()
    if kind == "deep":
        depth = draw(st.integers(41, 400))
        return (MINIMAL + "deep: " + "[" * depth + "]" * depth + "\n").encode()
    if kind == "laughs":
        return BILLION_LAUGHS.encode()
    if kind == "dangling":
        refs = ", ".join(f"ghost-{i}" for i in range(1500))
        return MINIMAL.replace("to: [police-prevent]", f"to: [police-prevent, {refs}]").encode()
    return MINIMAL.replace(
        "casegraph: 1", f"casegraph: {'7' * draw(st.integers(31, 6000))}"
    ).encode()


@st.composite
def rdf_edit(draw: st.DrawFn) -> tuple[str, bytes]:
    """The minimal case as N-Triples or Turtle, with lines or bytes changed."""
    fmt = draw(st.sampled_from(["nt", "ttl"]))
    text = RDF[fmt]
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        choice = draw(st.sampled_from(["cut", "noise", "literal", "delete", "iri"]))
        if choice == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif choice == "noise":
            lines.insert(i, draw(st.text(max_size=60)) + "\n")
        elif choice == "literal" and '"' in lines[i]:
            value = draw(
                st.sampled_from(
                    [
                        "x" * 20001,
                        "9" * 5000,
                        "\x1b[2J",
                        "\uff12\uff10\uff11\uff19",
                        " 2019-03",
                        "<b>",
                    ]
                )
            )
            head, _, rest = lines[i].partition('"')
            lines[i] = f'{head}"{value}"{rest.partition(chr(34))[2]}'
        elif choice == "iri":
            lines.insert(i, "<file:///etc/passwd> <http://x/p> <http://127.0.0.1:9/> .\n")
        elif lines:
            del lines[i]
        if not lines:
            break
    return fmt, "".join(lines).encode("utf-8", "surrogatepass")


QUERY_PARTS = [
    "SELECT * WHERE { ?s ?p ?o } LIMIT 3",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://127.0.0.1:9/x> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "INSERT DATA { <http://a/> <http://b/> <http://c/> }",
    "LOAD <http://127.0.0.1:9/>",
    "DROP ALL",
    "ASK { ?s ?p ?o }",
    "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f } ",
    "SELECT * { \\u0053ERVICE <http://127.0.0.1:9/> { } }",
    "SELECT * { ?s ?p ?o FILTER(REGEX(?o, '(a+)+$')) } LIMIT 1",
    "DESCRIBE ?s WHERE { ?s ?p ?o } LIMIT 2",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2",
]


@st.composite
def query(draw: st.DrawFn) -> str:
    base = draw(st.sampled_from(QUERY_PARTS))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(base)))
        base = base[:at] + draw(st.text(max_size=20)) + base[at:]
    return base


NAMES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "a b", "<x>", "a b/c", "x/", "/", CASE_ID, f"{CASE_ID}/teacher"]),
    st.text(alphabet=st.sampled_from(["\x1b", "[", "2", "J", "\x00", "<", ">", '"', "/", " "])),
)

INPUTS = st.one_of(
    st.tuples(st.just("yaml"), yaml_edit()),
    st.tuples(st.just("yaml"), byte_edit()),
    st.tuples(st.just("yaml"), huge()),
    rdf_edit(),
    st.tuples(st.just("query"), query().map(lambda q: q.encode("utf-8", "surrogatepass"))),
    st.tuples(st.just("names"), st.tuples(NAMES, NAMES).map(lambda p: json.dumps(p).encode())),
)

RDF: dict[str, str] = {}

# -- checks ----------------------------------------------------------------------------


class Budget(Exception):
    """A command ran past its time limit."""


def _alarm(signum: int, frame: Any) -> None:
    raise Budget()


def _digest(path: Path) -> str:
    if path.is_dir():
        parts = sorted(p for p in path.rglob("*") if p.is_file())
        return hashlib.sha1(b"".join(p.name.encode() + p.read_bytes() for p in parts)).hexdigest()
    return hashlib.sha1(path.read_bytes()).hexdigest()


class Runner:
    """Runs commands in this process and checks every invariant on each result."""

    def __init__(self, work: Path, seconds: int):
        from click.testing import CliRunner

        from casegraph.cli import main

        self.main, self.cli = main, CliRunner()
        self.work, self.seconds = work, seconds
        self.store = work / "store"
        result = self.cli.invoke(main, ["load", MINIMAL_PATH, "--store", str(self.store)])
        assert result.exit_code == 0, result.output
        self.store_digest = _digest(self.store)
        self.stats: Counter[str] = Counter()
        self.slowest = (0.0, "")
        self.turn = 0
        self.times: list[float] = []

    def pick(self, choices: list[Any]) -> Any:
        """One of the choices, in turn (each input exercises one command of each kind)."""
        self.turn += 1
        return choices[self.turn % len(choices)]

    def invoke(self, args: list[str], allowed: set[int]) -> None:
        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(self.seconds)
        started = time.perf_counter()
        try:
            result = self.cli.invoke(self.main, args)
        finally:
            signal.alarm(0)
        elapsed = time.perf_counter() - started
        self.times.append(elapsed)
        if elapsed > self.slowest[0]:
            self.slowest = (elapsed, " ".join(a[:40] for a in args))
        self.stats["commands"] += 1
        self.stats[f"exit {result.exit_code}"] += 1
        where = f"casegraph {' '.join(a[:80] for a in args)}"
        if isinstance(result.exception, Budget):
            raise AssertionError(f"{where}: ran past {self.seconds} s")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"{where}: raised {result.exception!r}")
        assert "Traceback" not in result.output, f"{where}: traceback\n{result.output[-2000:]}"
        assert result.exit_code in allowed, f"{where}: exit {result.exit_code}\n{result.output}"
        if result.exit_code != 0:
            assert result.stderr.strip(), f"{where}: failed without a message"
        for line in result.stderr.splitlines():
            assert len(line) < 20_000, f"{where}: a message line of {len(line)} characters"

    def check(self, kind: str, data: bytes) -> None:
        self.stats[f"input {kind}"] += 1
        if kind in ("yaml", "nt", "ttl"):
            path = self.work / f"input.{'yaml' if kind == 'yaml' else kind}"
            path.write_bytes(data)
            before = _digest(path)
            self.invoke([self.pick(["validate", "stats", "gaps"]), str(path)], {0, 1})
            self.invoke(["export", str(path), "-o", str(path)], {1, 2})  # never over an input
            assert _digest(path) == before, f"{path.name} changed"
            path.unlink()
        elif kind == "query":
            text = data.decode("utf-8", "surrogatepass")
            self.invoke(["sparql", text, "--store", str(self.store)], {0, 1, 2})
            self.invoke(
                ["sparql", text, "--engine", "rdflib", MINIMAL_PATH],
                {0, 1, 2},
            )
        else:
            # A command line cannot hold a NUL character (argv is C strings).
            first, second = (name.replace("\x00", "") for name in json.loads(data))
            self.invoke(
                [
                    "export",
                    "--store",
                    str(self.store),
                    "--case",
                    first,
                    "-o",
                    str(self.work / "out.ttl"),
                ],
                {0, 2},
            )
            self.invoke(["path", "--store", str(self.store), first, second], {0, 1, 2})
            self.invoke(
                [
                    "view",
                    "--store",
                    str(self.store),
                    "--case",
                    first,
                    "-o",
                    str(self.work / "view.html"),
                ],
                {0, 2},
            )
        assert _digest(self.store) == self.store_digest, "the store changed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=30, help="time limit per command")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--full-limits", action="store_true", help="keep casegraph's limits")
    args = parser.parse_args(argv)
    if not args.full_limits:
        os.environ.update(SMALL_LIMITS)
    connections: list[str] = []

    def audit(event: str, details: tuple[Any, ...]) -> None:
        if event == "socket.connect":
            connections.append(str(details[1]))

    sys.addaudithook(audit)
    from casegraph.dataset import load
    from casegraph.export import export

    minimal = load(MINIMAL_PATH)
    RDF["nt"] = export(minimal, "nt").decode()
    RDF["ttl"] = export(minimal, "turtle").decode()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="casegraph-hostile-") as folder:
        runner = Runner(Path(folder), args.seconds)

        @settings(
            max_examples=args.examples,
            database=None,
            deadline=None,
            derandomize=args.seed == 0,  # the test's run is the same every time
            suppress_health_check=list(HealthCheck),
        )
        @given(INPUTS)
        def check(item: tuple[str, bytes]) -> None:
            runner.check(*item)

        (seed(args.seed)(check) if args.seed else check)()
        baseline = []  # the valid case, for scale: the machine is shared and noisy
        for _ in range(20):
            before = time.perf_counter()
            runner.cli.invoke(runner.main, ["validate", MINIMAL_PATH])
            baseline.append(time.perf_counter() - before)
    import resource
    import statistics

    times = sorted(runner.times)
    median = statistics.median(times)
    summary = {
        "inputs": sum(v for k, v in runner.stats.items() if k.startswith("input ")),
        "commands": runner.stats["commands"],
        "by_kind": {k[6:]: v for k, v in sorted(runner.stats.items()) if k.startswith("input ")},
        "exit_codes": {k[5:]: v for k, v in sorted(runner.stats.items()) if k.startswith("exit ")},
        "connections": len(connections),
        "seconds": round(time.perf_counter() - started, 1),
        "median_command_s": round(median, 4),
        "p99_command_s": round(times[int(len(times) * 0.99)], 3),
        "baseline_validate_s": round(statistics.median(baseline), 4),
        "median_to_baseline": round(median / statistics.median(baseline), 2),
        "slowest_command_s": round(runner.slowest[0], 2),
        "slowest_command": runner.slowest[1],
        "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }
    assert not connections, f"sockets connected: {connections}"
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
