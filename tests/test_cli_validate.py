"""`casegraph validate`: exit codes, FILE:LINE: messages, and the SHACL shapes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, cli

from casegraph.dataset import load
from casegraph.errors import Problem
from casegraph.read.casefile.check import read_case_file
from casegraph.read.loaded import LoadedCase
from casegraph.read.mapping import case_ntriples
from casegraph.read.shacl import check_shapes

SHAPES_BAD = FIXTURES / "malformed" / "shapes-violations.ttl"

# Line -> problem text for shapes-violations.ttl (FILE: prefix left out).
SHAPE_PROBLEMS = [
    "8: cg:formatVersion: a case needs cg:formatVersion 1, the format version this casegraph "
    "reads (case 'shapes', found 2)",
    "12: rdfs:label: an actor has at most one rdfs:label (actor 'a')",
    "17: cg:eventKind: an event needs exactly one cg:eventKind (event 'two-kinds')",
    "23: cg:about: cg:about must point to concerns (cg:Concern) of the case (event 'meeting', "
    "found 'a')",
    "23: cg:by: cg:by must point to actors (cg:Actor) of the case (event 'meeting', found "
    "'nobody')",
    "23: cg:risk: cg:risk is cg:risk-low, cg:risk-medium or cg:risk-high (event 'meeting', found "
    "cg:risk-severe)",
    "23: cg:status: cg:status (`status`) goes only with events of kind referral, communication, "
    "tasking; remove it or change the kind (event 'meeting', found cg:event-kind-meeting)",
    "23: cg:under: cg:under (`under`) goes only with events of kind intervention; remove it or "
    "change the kind (event 'meeting', found cg:event-kind-meeting)",
    "33: cg:eventKind: an event needs exactly one cg:eventKind (event 'no-kind')",
    "38: cg:ref: a citation needs exactly one cg:ref pointing to a source (cg:Source) of the case "
    "(citation 'no-kind#source-1')",
    "41: rdf:type: an item has exactly one class (source, actor, concern, duty, tool, event, "
    "finding or recommendation); give it a single rdf:type (actor 'both')",
    "50: cg:holder: a duty holding needs exactly one cg:holder, an actor (cg:Actor) of the case "
    "(duty holding 'duty#holder-1')",
    "50: cg:role: a duty holding needs exactly one cg:role: cg:role-responsible, "
    "cg:role-accountable, cg:role-consulted or cg:role-informed (duty holding 'duty#holder-1')",
    "53: cg:evidence: cg:evidence must point to items of the case (finding 'finding', found "
    "'missing')",
    "53: cg:theme: each cg:theme is a gap of the catalogue (gap:{id}) or a free-text string "
    "(finding 'finding', found cg:event-kind-meeting)",
]


def run(*args: str) -> tuple[int, str, str]:
    result = cli("validate", *args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", ["minimal.yaml", "every-key.yaml"])
def test_valid_case_files_pass(name: str) -> None:
    assert run(str(FIXTURES / name)) == (0, "ok: 1 file valid\n", "")


def test_the_real_case_passes(real_case_path: Path) -> None:
    assert run(str(real_case_path)) == (0, "ok: 1 file valid\n", "")


def test_shape_violations_are_reported_with_file_and_line() -> None:
    code, out, err = run(str(SHAPES_BAD))
    assert code == 1
    assert out == ""
    assert err.splitlines() == [f"{SHAPES_BAD}:{p}" for p in SHAPE_PROBLEMS] + ["15 problems"]
    assert len(SHAPE_PROBLEMS) == 15


def test_rdf_input_is_always_shape_checked() -> None:
    # --no-shapes skips SHACL for case files only: for RDF the shapes are the only check.
    code, _, err = run("--no-shapes", str(SHAPES_BAD))
    assert code == 1
    assert err.splitlines()[-1] == "15 problems"


def test_no_shapes_still_checks_case_files(tmp_path: Path) -> None:
    assert run("--no-shapes", str(FIXTURES / "minimal.yaml")) == (0, "ok: 1 file valid\n", "")


def test_shapes_on_request_for_case_files() -> None:
    assert run("--shapes", str(FIXTURES / "every-key.yaml")) == (0, "ok: 1 file valid\n", "")


def test_checked_case_files_conform_to_the_shapes() -> None:
    """Why validate need not run SHACL on case files: the checker enforces the shapes'
    rules, so every valid file's graph conforms (here: generated files using every key)."""
    from gapcheck_cases import check
    from gapcheck_generate import random_case_text

    for seed in range(30):
        case = check(random_case_text(seed), f"gen-{seed}.yaml")
        loaded = LoadedCase(case.case_id, case.path, case_ntriples(case))
        assert check_shapes(loaded) == [], seed


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "trig", "nquads"])
def test_exported_rdf_validates(fmt: str, tmp_path: Path, real_case_path: Path) -> None:
    suffix = {"turtle": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "trig": ".trig", "nquads": ".nq"}
    out = tmp_path / f"export{suffix[fmt]}"
    sources = [str(FIXTURES / "every-key.yaml")]
    if fmt in ("trig", "nquads"):  # one named graph per case: several cases per file
        sources += [str(FIXTURES / "minimal.yaml"), str(real_case_path)]
    exported = cli("export", "--to", fmt, "-o", str(out), *sources)
    assert exported.exit_code == 0, exported.output
    assert run(str(out)) == (0, "ok: 1 file valid\n", "")


def test_valid_and_invalid_files_together(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("casegraph: 1\ncase: {id: bad}\nactors: [{id: a, type: polise}]\n")
    code, out, err = run(str(FIXTURES / "minimal.yaml"), str(bad))
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        f"{bad}:3: actors[a].type: 'polise' is not one of: school, police, local-authority, "
        "panel, intervention-provider, health, social-care, probation, prison, government, "
        "charity, person, subject, other; did you mean 'police'?",
        "1 problem",
    ]


def test_a_folder_is_validated_file_by_file(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "a.yaml")
    shutil.copy(FIXTURES / "every-key.yaml", tmp_path / "b.yml")
    shutil.copy(FIXTURES / "every-key-notes.txt", tmp_path)  # the file its source names
    (tmp_path / "notes.txt").write_text("not a case")
    assert run(str(tmp_path)) == (0, "ok: 2 files valid\n", "")
    shutil.copy(SHAPES_BAD, tmp_path / "c.ttl")
    code, _, err = run(str(tmp_path))
    assert code == 1
    assert err.splitlines()[-1] == "15 problems"


def test_the_same_case_id_twice_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "copy.yaml"
    shutil.copy(FIXTURES / "minimal.yaml", other)
    code, _, err = run(str(FIXTURES / "minimal.yaml"), str(other))
    assert code == 1
    assert err.splitlines() == [
        f"{other}:1: case id 'fictional-2019-a' is also used by {FIXTURES / 'minimal.yaml'}; "
        "give each case its own id",
        "1 problem",
    ]


def test_missing_and_unknown_files(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    code, _, err = run(str(missing), str(notes))
    assert code == 1
    assert err.splitlines() == [
        f"{missing}:0: no such file",
        f"{notes}:0: unknown file type; casegraph reads case files (.yaml, .yml) and RDF "
        "(.ttl, .turtle, .nt, .nq, .jsonld, .json, .trig)",
        "2 problems",
    ]


def test_no_files_is_a_usage_error() -> None:
    result = cli("validate")
    assert result.exit_code == 2
    assert "Missing argument 'FILES...'" in result.stderr


def test_check_shapes_finds_the_yaml_line_of_a_node() -> None:
    # A case file cannot break the shapes (the checker refuses it first), so tamper with
    # its triples: the line reported is the item's `id:` line in the YAML.
    path = FIXTURES / "minimal.yaml"
    case = read_case_file(path)
    extra = (
        "<https://w3id.org/casegraph/case/fictional-2019-a/referral> "
        "<https://w3id.org/casegraph/ns#eventKind> "
        "<https://w3id.org/casegraph/ns#event-kind-meeting> .\n"
    )
    loaded = LoadedCase(case.case_id, str(path), case_ntriples(case) + extra)
    assert check_shapes(loaded) == [
        Problem(
            str(path),
            73,
            "an event needs exactly one cg:eventKind (event 'referral')",
            "cg:eventKind",
        ),
    ]
    assert (path.read_text().splitlines()[72]).strip() == "- id: referral"


def test_check_shapes_passes_every_loaded_case(real_case_path: Path) -> None:
    from casegraph.read.inputs import read_inputs

    cases = read_inputs([FIXTURES / "minimal.yaml", FIXTURES / "every-key.yaml", real_case_path])
    assert [check_shapes(case) for case in cases] == [[], [], []]
    assert load(FIXTURES / "minimal.yaml").case_ids() == ["fictional-2019-a"]


SILENT_AND_THEMES = """\
casegraph: 1
case:
  id: silent
  silent_on: [recomendations, ownership, ownership]
actors:
  - {id: a, type: person}
findings:
  - id: f1
    theme:
      - premature-exit
      - free words
      - premature-exit
    evidence: [a]
  - id: f2
    theme: {gap: premature-exit}
"""


def test_silent_on_and_theme_lists_are_checked_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "silent.yaml"
    path.write_text(SILENT_AND_THEMES, encoding="utf-8")
    code, out, err = run(str(path))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{path}:4: case.silent_on: 'recomendations' is not one of: ownership, discharge, "
        "rationale, responses, communications, participation, recommendations; did you mean "
        "'recommendations'?",
        f"{path}:4: case.silent_on: aspect 'ownership' is listed twice (first on line 4); "
        "list each once",
        f"{path}:12: findings[f1].theme: theme 'premature-exit' is listed twice (first on "
        "line 10); list each once",
        f"{path}:15: findings[f2].theme: each theme must be a single word or phrase, not a mapping",
        "4 problems",
    ]
    # Nothing of the file is loaded by any command that reads it.
    gaps = cli("gaps", str(path))
    assert gaps.exit_code == 1 and "4 problems; nothing was loaded" in gaps.stderr


def test_an_unknown_aspect_in_rdf_input_is_a_shape_problem(tmp_path: Path) -> None:
    ttl = tmp_path / "case.ttl"
    assert cli("export", str(FIXTURES / "every-key.yaml"), "-o", str(ttl))
    text = ttl.read_text(encoding="utf-8")
    assert "cg:aspect-participation" in text  # silent_on survives the export
    ttl.write_text(text.replace("cg:aspect-participation", "cg:aspect-participating"), "utf-8")
    code, _, err = run(str(ttl))
    assert code == 1
    assert "cg:silentOn: each cg:silentOn is an aspect" in err and "aspect-participating" in err
