"""casegraph compare and casegraph recurring: arguments, output formats and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import FIXTURES as ALL_FIXTURES
from conftest import cli_outputs as run

from casegraph.gaps.registry import GAP_IDS

FIXTURES = ALL_FIXTURES / "compare"
A, B, C, D = (str(FIXTURES / f"{name}.yaml") for name in "abcd")


# -- compare ------------------------------------------------------------------------------


def test_compare_two_files() -> None:
    code, out, err = run("compare", A, D)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[:2] == ["A: cmp-a  Compare fixture A", "B: cmp-d  Compare fixture D"]
    assert "  only in A: unrecorded-rationale, failed-communication" in lines
    assert "  channel  A: 60 days               B: 32 to 89 days" in lines
    assert "  prevent  A: 112 days              B: no such stage" in lines
    assert "Duties (matched by label): 2 shared, 0 only in A, 1 only in B" in lines


def test_compare_case_ids_in_files() -> None:
    code, out, _ = run("compare", "cmp-a", "cmp-b", str(FIXTURES))
    assert code == 0
    assert out.splitlines()[1] == "B: cmp-b  Compare fixture B"
    assert "  only in B: delivery-shortfall, premature-exit" in out.splitlines()


def test_compare_a_file_with_a_case_in_a_folder() -> None:
    code, out, _ = run("compare", A, "cmp-c", str(FIXTURES))
    assert code == 0
    only_b = "  only in B: undischarged-duty, broken-feedback-loop, excluded-knowledge-holder"
    assert only_b in out.splitlines()


def test_compare_json() -> None:
    code, out, _ = run("compare", A, B, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["a"] == {"case": "cmp-a", "title": "Compare fixture A"}
    assert data["gaps"]["shared"] == ["unrecorded-rationale"]
    assert data["gaps"]["only_b"] == ["delivery-shortfall", "premature-exit"]
    counts = {row["gap"]: (row["a"], row["b"]) for row in data["gaps"]["counts"]}
    assert counts["premature-exit"] == (0, 2)
    assert len(counts) == len(GAP_IDS)
    assert [s["b"]["duration"] for s in data["stages"]] == ["unknown", "112 days"]


def test_compare_on_a_store(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    code, _, err = run("load", "--store", store, "--no-progress", "-j", "1", str(FIXTURES))
    assert code == 0, err
    code, out, _ = run("compare", "cmp-a", "cmp-b", "--store", store, "--format", "json")
    assert code == 0
    _, from_files, _ = run("compare", A, B, "--format", "json")
    assert json.loads(out) == json.loads(from_files)


def test_compare_unknown_case_exits_1() -> None:
    code, out, err = run("compare", "cmp-a", "cmp-bb", str(FIXTURES))
    assert code == 1
    assert out == ""
    assert err == (
        "Error: no case 'cmp-bb' in the dataset; did you mean 'cmp-b', 'cmp-d', 'cmp-c'?\n"
    )


def test_compare_an_id_without_cases_is_a_usage_error() -> None:
    code, _, err = run("compare", "cmp-a", B)
    assert code == 2
    assert (
        "Error: CASE_A 'cmp-a' is not a file; give the case files, --store DIR or "
        "--endpoint URL that hold it after CASE_A" in err
    )


def test_compare_needs_two_cases() -> None:
    code, _, err = run("compare", A)
    assert code == 2
    assert "Missing argument 'CASE_B'" in err


def test_compare_store_and_files_together_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("compare", "x", "y", A, "--store", str(tmp_path))
    assert code == 2
    assert "give case files, or --store DIR, or --endpoint URL (one of them)" in err


def test_compare_invalid_file_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("casegraph: 1\ncase: {id: x}\nactorz: []\n", encoding="utf-8")
    code, out, err = run("compare", A, str(bad))
    assert code == 1
    assert out == ""
    assert err.endswith("; nothing was loaded\n")
    assert f"{bad}:" in err


# -- recurring ----------------------------------------------------------------------------


def test_recurring_text() -> None:
    code, out, _ = run("recurring", str(FIXTURES))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"1 of {len(GAP_IDS)} gaps recur in 3 or more of 4 cases"
    assert lines[3] == "* unrecorded-rationale            3   75.0%        3  panel 3"
    assert len([line for line in lines if line.startswith(("* ", "  ")) and "%" in line]) == len(
        GAP_IDS
    )


def test_recurring_threshold_and_json() -> None:
    code, out, _ = run("recurring", str(FIXTURES), "--threshold", "1", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert len(data) == len(GAP_IDS)
    assert [row["gap"] for row in data if row["recurring"]] == [
        "unrecorded-rationale",
        "undischarged-duty",
        "delivery-shortfall",
        "failed-communication",
        "broken-feedback-loop",
        "excluded-knowledge-holder",
        "premature-exit",
    ]
    assert data[0] == {
        "gap": "unrecorded-rationale",
        "cases": 3,
        "total_cases": 4,
        "share": 0.75,
        "results": 3,
        "recurring": True,
        "by_actor_type": {"panel": 3},
    }


def test_recurring_csv() -> None:
    code, out, _ = run("recurring", A, B, C, D, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(GAP_IDS)
    assert rows[0] == {
        "gap": "unrecorded-rationale",
        "cases": "3",
        "total_cases": "4",
        "share": "0.7500",
        "results": "3",
        "recurring": "yes",
        "actor_types": "panel:3",
    }
    premature = next(row for row in rows if row["gap"] == "premature-exit")
    assert (premature["results"], premature["actor_types"]) == ("2", "panel:1 police:1")


@pytest.mark.parametrize("value", ["0", "-2", "three"])
def test_recurring_bad_threshold_is_a_usage_error(value: str) -> None:
    code, _, err = run("recurring", str(FIXTURES), "--threshold", value)
    assert code == 2
    assert "Invalid value for '--threshold'" in err


def test_recurring_needs_cases() -> None:
    code, _, err = run("recurring")
    assert code == 2
    assert "give case files, or --store DIR, or --endpoint URL (one of them)" in err


def test_help_of_both_commands() -> None:
    for command in ("compare", "recurring"):
        code, out, _ = run(command, "--help")
        assert code == 0
        assert "--format" in out and "--store" in out
    assert "CASE_A CASE_B [FILES]..." in run("compare", "--help")[1]
