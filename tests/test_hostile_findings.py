"""Issue 17's remaining findings, one regression test each: slow paths, tracebacks,
dates, part_of cycles, terminal escapes, CSV formulas and Markdown HTML."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from casegraph.cli import main
from casegraph.dataset import load
from casegraph.graph.paths import find_paths

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal.yaml"
TRACED = FIXTURES / "gaps" / "traced.yaml"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def clean_failure(result: Result, code: int, message: str) -> None:
    assert result.exit_code == code, result.output
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def variant(tmp_path: Path, old: str, new: str, source: Path = MINIMAL) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / source.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _limit_cpu(seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))


def test_50000_dangling_references_are_reported_within_a_cpu_bound(tmp_path: Path) -> None:
    # Took minutes of CPU (a quadratic de-duplication, and a suggestion scan per reference).
    refs = ", ".join(f"ghost-{i}" for i in range(50_000))
    case = variant(tmp_path, "    to: [police-prevent]\n", f"    to: [police-prevent, {refs}]\n")
    done = subprocess.run(
        [sys.executable, "-m", "casegraph", "validate", "--no-shapes", str(case)],
        capture_output=True,
        text=True,
        preexec_fn=lambda: _limit_cpu(60),
        timeout=600,
    )
    assert done.returncode == 1, done.stderr[-500:]
    assert done.stderr.endswith("50000 problems\n")
    assert "no item has id 'ghost-0'" in done.stderr
    assert "Traceback" not in done.stderr


def test_path_with_a_case_part_that_is_no_id_is_a_message() -> None:
    result = run("path", str(MINIMAL), "a b/c", "teacher")
    clean_failure(result, 1, "no id or label matches 'a b/c'")


def test_path_all_stops_at_its_limit_and_says_so() -> None:
    result = run("path", "--all", "--limit", "2", str(MINIMAL), "person-a", "teacher")
    assert result.exit_code == 0, result.output
    assert "Path 2 of 2" in result.stdout
    assert "Stopped at 2 paths (--limit 2); more exist." in result.stderr
    everything = find_paths(load(MINIMAL), "person-a", "teacher", every=True)
    assert not everything.truncated
    first = find_paths(load(MINIMAL), "person-a", "teacher", every=True, limit=1)
    assert first.truncated and len(first) == 1
    assert len(first[0]) == min(len(p) for p in everything)  # the shortest is kept


FULLWIDTH_2019 = "".join(chr(0xFF10 + int(d)) for d in "2019")
ARABIC_INDIC_2019 = "".join(chr(0x0660 + int(d)) for d in "2019")


@pytest.mark.parametrize(
    "date", [f"{FULLWIDTH_2019}-03", f"{ARABIC_INDIC_2019}-03", '" 2019-03"', '"2019-03 "']
)
def test_dates_take_ascii_digits_and_nothing_around_them(date: str, tmp_path: Path) -> None:
    case = variant(tmp_path, "    date: 2019-03\n", f"    date: {date}\n")
    result = run("validate", str(case))
    clean_failure(result, 1, "is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")


def test_a_part_of_cycle_is_a_problem(tmp_path: Path) -> None:
    case = variant(tmp_path, "  - id: school\n", "  - id: school\n    part_of: teacher\n")
    result = run("validate", str(case))
    clean_failure(
        result,
        1,
        "actors[teacher].part_of: part_of goes round in a circle "
        "(teacher -> school -> teacher); an actor cannot be part of itself",
    )


def test_terminal_escapes_in_labels_are_not_printed(tmp_path: Path) -> None:
    case = variant(tmp_path, "    label: Teacher\n", '    label: "Teacher\\e[2J\\e]0;x\\a\\x9b"\n')
    for args in (
        ["path", str(case), "person-a", "teacher"],
        ["stats", str(case)],
        ["gaps", str(case)],
        ["path", str(case), "person-a", "Teacher\x1b[2J"],
    ):
        result = run(*args)
        assert "Traceback" not in result.output
        for control in ("\x1b", "\x07", "\x9b"):
            assert control not in result.stdout and control not in result.stderr, args
    exported = run("export", "--to", "nt", str(case)).stdout  # data keeps the character
    assert "Teacher\\u001B[2J" in exported or "Teacher\x1b[2J" in exported


def test_csv_cells_are_never_formulas(tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://example.org/x","click")'
    case = variant(tmp_path, "Keep the referrer informed", formula.replace('"', "'"), TRACED)
    gaps = run("gaps", "--format", "csv", str(case))
    assert gaps.exit_code in (0, 1), gaps.output
    assert ",\"'=HYPERLINK(" in gaps.stdout and ',"=HYPERLINK(' not in gaps.stdout
    query = "SELECT ?l (-5 AS ?n) { ?s rdfs:label ?l FILTER(STRSTARTS(?l, '=')) }"
    rows = run("sparql", query, "--format", "csv", str(case))
    assert rows.exit_code == 0, rows.output
    assert rows.stdout.splitlines()[1].startswith("\"'=HYPERLINK(")
    assert rows.stdout.splitlines()[1].endswith(",-5")  # numbers stay numbers


def test_markdown_output_escapes_raw_html(tmp_path: Path) -> None:
    case = variant(tmp_path, "Keep the referrer informed", "<img src=x onerror=alert(1)>", TRACED)
    result = run("gaps", "--format", "markdown", str(case))
    assert "&lt;img src=x onerror=alert(1)&gt;" in result.stdout
    assert "<img" not in result.stdout


def test_an_rdf_iri_no_store_accepts_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    # Found by the hostile suite: rdflib reads "<<http://...>" as an IRI starting with "<",
    # which `gaps` then failed to serialise, with a traceback.
    nt = tmp_path / "case.nt"
    nt.write_text('<<https://w3id.org/casegraph/case/x> <http://x/p> "a" .\n', encoding="utf-8")
    clean_failure(run("gaps", str(nt)), 1, "case.nt:1: not a valid IRI: '<https://w3id.org")


def test_a_part_of_cycle_in_rdf_input_is_a_problem(tmp_path: Path) -> None:
    exported = run("export", "--to", "turtle", str(MINIMAL))
    assert exported.exit_code == 0
    item = "https://w3id.org/casegraph/case/fictional-2019-a/"
    cycle = f"<{item}school> <https://w3id.org/casegraph/ns#partOf> <{item}teacher> .\n"
    ttl = tmp_path / "case.ttl"
    ttl.write_text(exported.stdout + cycle, encoding="utf-8")
    clean_failure(run("validate", str(ttl)), 1, "cg:partOf goes round in a circle")
