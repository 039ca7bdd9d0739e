"""The path and knew commands through click's CliRunner: output, messages and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES as ALL_FIXTURES
from conftest import cli
from conftest import cli_outputs as run

FIXTURES = ALL_FIXTURES / "paths"
FLOWS = str(FIXTURES / "flows.yaml")
PARTIAL = str(FIXTURES / "partial.yaml")
REAL = Path(__file__).resolve().parents[1] / "data" / "cases" / "prevent-amess-2014.yaml"


def test_path_text() -> None:
    code, out, err = run("path", FLOWS, "school", "police")
    assert (code, err) == (0, "")
    assert out == (
        "Path: 2 steps, one source (review)\n"
        "  school  High school\n"
        "  <-by- e1  The school referred Person X to the police.  [2019-03]\n"
        '      review on e1, p. 3: "the school referred him in March"\n'
        "  -to-> police  Police Prevent team  [2019-03]\n"
        '      review on e1, p. 3: "the school referred him in March"\n'
    )


def test_path_json_is_a_list_of_paths_of_steps() -> None:
    code, out, _ = run("path", FLOWS, "school", "mentor", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert len(data) == 1
    assert [step["to"] for step in data[0]] == ["e1", "police", "e2", "la", "e0", "mentor"]
    assert set(data[0][0]) == {
        "from",
        "from_label",
        "relation",
        "reverse",
        "to",
        "to_label",
        "date",
        "sources",
    }


def test_path_marks_stitched_paths() -> None:
    code, out, _ = run("path", FLOWS, "school", "mentor")
    assert code == 0
    assert out.splitlines()[0] == (
        "Path: 6 steps, stitched across 2 sources (chronology, review): no one document "
        "states the whole chain, so it is weaker evidence"
    )


@pytest.mark.parametrize(
    ("options", "first_ids"),
    [
        (["--time-respecting"], ["e1", "police", "e2", "la", "panel", "e4", "mentor"]),
        (["--same-source"], ["e1", "police", "e3", "gp", "panel", "e4", "mentor"]),
        (["--via", "by,to"], ["e1", "police", "e2", "la", "e0", "mentor"]),
        (
            ["--via", "by", "--via", "to,members", "--time-respecting"],
            ["e1", "police", "e2", "la", "panel", "e4", "mentor"],
        ),
        (["--through-findings"], ["f1", "mentor"]),
    ],
)
def test_path_options(options: list[str], first_ids: list[str]) -> None:
    code, out, _ = run("path", FLOWS, "school", "mentor", *options, "--format", "json")
    assert code == 0
    assert [step["to"] for step in json.loads(out)[0]] == first_ids


def test_path_all() -> None:
    code, out, _ = run("path", PARTIAL, "x", "z", "--all", "--max-length", "8", "--format", "json")
    assert code == 0
    assert [len(p) for p in json.loads(out)] == [4, 6, 8]
    code, out, _ = run("path", PARTIAL, "x", "z", "--all")  # default --max-length 6
    assert code == 0
    assert [line for line in out.splitlines() if line.startswith("Path")] == [
        "Path 1 of 2: 4 steps, one source (notes)",
        "Path 2 of 2: 6 steps, one source (notes)",
    ]


def test_no_path_exits_1() -> None:
    code, out, err = run("path", FLOWS, "school", "mentor", "--time-respecting", "--same-source")
    assert (code, out) == (1, "")
    assert err == (
        "Error: no path from school (High school) to mentor (Mentor) (time-respecting; one "
        "source); without time-respecting and one source, the shortest path has 6 steps\n"
    )
    code, _, err = run("path", FLOWS, "police", "withdrawal", "--directed")
    assert code == 1
    assert err == (
        "Error: no path from police (Police Prevent team) to withdrawal (Withdrawn "
        "from friends) (directed)\n"
    )


def test_unknown_name_exits_1_with_suggestions() -> None:
    code, out, err = run("path", FLOWS, "polise", "mentor")
    assert (code, out) == (1, "")
    assert err == "Error: no id or label matches 'polise'; did you mean 'police'?\n"


def test_ambiguous_name_exits_1_with_candidates() -> None:
    code, _, err = run("path", FLOWS, "prevent", "mentor")
    assert code == 1
    assert err == (
        "Error: 'prevent' matches 2 items: la (Local authority Prevent lead); "
        "police (Police Prevent team). Give one of these ids\n"
    )


def test_different_cases() -> None:
    code, _, err = run("path", FLOWS, PARTIAL, "police", "x")
    assert code == 1
    assert err == (
        "Error: no path from paths-flows/police to paths-partial/x: they are in "
        "different cases, and no edge joins two cases\n"
    )
    code, out, _ = run("path", FLOWS, PARTIAL, "paths-partial/x", "zoe", "--format", "json")
    assert code == 0
    assert json.loads(out)[0][-1]["to"] == "z"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["path", "school", "mentor"],
            "Error: give the case files (or --store DIR, or --endpoint URL) before FROM and TO",
        ),
        (["path", FLOWS], "Error: give FROM and TO after the case files"),
        (["path", "--store", "s", FLOWS, "a", "b"], "not both"),
        (["path", "--via", "bye", FLOWS, "a", "b"], "unknown relation 'bye'; did you mean 'by'?"),
        (["path", "--max-length", "0", FLOWS, "a", "b"], "0 is not in the range x>=1"),
        (["path", "--store", "s", "--endpoint", "http://x", "a", "b"], "not both"),
        (
            ["knew", FLOWS],
            "Error: give the case files (or --store DIR, or --endpoint URL) before ACTOR",
        ),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert message in err


def test_knew_text() -> None:
    code, out, err = run("knew", FLOWS, "la", "--at", "e2")
    assert (code, err) == (0, "")
    assert out.splitlines()[:3] == [
        "What could have reached la (Local authority Prevent lead) by e2 (Police passed the "
        "referral to the local authority.):",
        "  concern withdrawal: Withdrawn from friends",
        "    via police heard in e1 -> la heard it from police in e2",
    ]
    assert "Concerns in the case by then that could not have reached la:" in out
    assert "  concern sleep: Not sleeping; identified by gp at e3; held by gp" in out
    assert out.rstrip().endswith(
        "Note: Computed from the recorded flows only: an upper bound "
        "on what could have reached the actor, not a record of what "
        "it knew."
    )


def test_knew_json_before_and_after() -> None:
    before = json.loads(run("knew", FLOWS, "la", "--at", "2019-03", "--format", "json")[1])
    after = json.loads(run("knew", FLOWS, "la", "--at", "2019-04", "--format", "json")[1])
    assert "withdrawal" in [u["item"] for u in before["unreached"]]
    assert "withdrawal" in [k["item"] for k in after["known"]]


def test_knew_unknown_actor() -> None:
    code, _, err = run("knew", FLOWS, "mentr")
    assert code == 1
    assert err == "Error: no id or label matches 'mentr'; did you mean 'mentor'?\n"
    code, _, err = run("knew", FLOWS, "la", "--at", "e99")
    assert code == 1
    assert err.startswith("Error: no id or label matches 'e99'; did you mean")


def test_help() -> None:
    for command in ("path", "knew"):
        code, out, _ = run(command, "--help")
        assert code == 0
        assert "--store DIR" in out
    assert "[FILE]... FROM TO" in run("path", "--help")[1]
    assert "--time-respecting" in run("path", "--help")[1]


def test_real_case_cli() -> None:
    if not REAL.exists():
        pytest.skip(f"{REAL} is not written yet")
    code, out, _ = run("path", str(REAL), "school", "intervention provider")
    assert code == 0
    assert out.startswith(
        "Path: 4 steps, one source (news-report)\n"
        "  note: steps 2, 3 only order events (after/before); no recorded hand-over joins them\n"
        "  school  Ali\u2019s school"
    )
    code, out, _ = run("knew", str(REAL), "channel-panel", "--at", "channel-exit")
    assert code == 0
    assert "  concern change-in-demeanour:" in out


def test_path_and_knew_from_a_store(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    loaded = cli("load", FLOWS, PARTIAL, "--store", store)
    assert loaded.exit_code == 0, loaded.output
    code, out, _ = run("path", "--store", store, "school", "mentor", "--format", "json")
    assert code == 0
    assert [step["to"] for step in json.loads(out)[0]] == [
        "e1",
        "police",
        "e2",
        "la",
        "e0",
        "mentor",
    ]
    code, out, _ = run(
        "path",
        "--store",
        store,
        "paths-partial/x",
        "paths-partial/z",
        "--time-respecting",
        "--format",
        "json",
    )
    assert (code, len(json.loads(out)[0])) == (0, 8)
    code, out, _ = run("knew", "--store", store, "paths-flows/la", "--at", "e2", "--format", "json")
    assert code == 0
    assert "withdrawal" in [k["item"] for k in json.loads(out)["known"]]
    code, _, err = run("path", "--store", store, "prevent", "x")
    assert code == 1
    assert err.startswith("Error: 'prevent' matches 2 items: paths-flows/la; paths-flows/police")
