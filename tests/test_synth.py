"""The synthetic corpus generator and its truth (the catalogue read in plain Python)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from gapcheck_reference import GAP_IDS as REFERENCE_IDS

from casegraph.errors import CaseGraphError
from casegraph.gaps.registry import GAP_IDS as GAPS
from casegraph.gaps.registry import PER_ACTOR_GAPS as PER_ACTOR
from casegraph.read.casefile.check import check_case_bytes, read_case_file
from casegraph.synth import DEFAULT_RATES, case_path, generate_case, resolve_rates, write_corpus
from casegraph.synth.truth import evaluate

ZERO = dict.fromkeys(GAPS, 0.0)


def rows(data: dict[str, Any]) -> set[tuple[str | None, str | None, str | None]]:
    return {(r["gap"], r["entity"], r["actor"]) for r in evaluate(data)}


# -- the truth evaluator, on cases worked out by hand ---------------------------------------


def test_fixture_results_worked_out_by_hand() -> None:
    data = read_case_file(FIXTURES / "minimal.yaml").data
    assert rows(data) == {
        ("blurred-ownership", "case-ownership", None),  # two accountable, and clarity: blurred
        ("undischarged-duty", "case-ownership", None),
        ("undischarged-duty", "keep-referrer-informed", None),
        ("delivery-shortfall", "mentor-tasking", None),
        ("failed-communication", "mentor-tasking", None),
        ("broken-feedback-loop", "referral", "teacher"),
        # undated, chained only after the adoption: no event is provably later than it
        ("broken-feedback-loop", "mentor-tasking", "local-authority"),
        ("excluded-knowledge-holder", "adoption", "teacher"),
        ("outdated-tool", "adoption", None),
        ("misdirected-recommendation", "r1", None),
    }


def case(**sections: Any) -> dict[str, Any]:
    actors: list[dict[str, Any]] = [
        {"id": a, "type": "other"}
        for a in ("school", "police", "la", "mentor", "person", "outsider")
    ]
    actors.append({"id": "panel", "type": "panel", "chair": "la", "members": ["police"]})
    return {"casegraph": 1, "case": {"id": "t"}, "actors": actors, **sections}


def referral(date: str | None = "2019-03", **extra: Any) -> dict[str, Any]:
    ev: dict[str, Any] = {"id": "ref", "kind": "referral", "by": ["school"], "to": ["police"]}
    ev.update(extra)
    if date:
        ev["date"] = date
    return ev


def ev(eid: str, kind: str, date: str | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": eid, "kind": kind, "by": ["police"], **extra}
    if date:
        out["date"] = date
    return out


EDGE_CASES: list[tuple[str, dict[str, Any], set[tuple[str, str, str | None]]]] = [
    (
        "a decision by a panel the referrer is not on: not heard, no part taken",
        case(events=[referral(), ev("d", "decision", "2019-05", by=["panel"], rationale="r")]),
        {("broken-feedback-loop", "ref", "school"), ("excluded-knowledge-holder", "d", "school")},
    ),
    (
        "consulted in a later decision: heard and took part",
        case(
            events=[referral(), ev("d", "decision", "2019-05", consulted=["school"], rationale="r")]
        ),
        set(),
    ),
    (
        "a member of the panel hears what the panel does",
        case(
            actors=[
                {"id": "school", "type": "school"},
                {"id": "police", "type": "police"},
                {"id": "panel", "type": "panel", "members": ["school"]},
            ],
            events=[referral(), ev("d", "decision", "2019-05", by=["panel"], rationale="r")],
        ),
        set(),
    ),
    (
        "a failed message is not heard; miscommunicated is",
        case(
            events=[
                referral(),
                ev("c1", "communication", "2019-04", to=["school"], status="failed"),
                ev("c2", "communication", "2019-05", to=["school"], status="miscommunicated"),
            ]
        ),
        {
            ("failed-communication", "c1", None),
            ("failed-communication", "c2", None),
            ("broken-feedback-loop", "c1", "police"),
            ("broken-feedback-loop", "c2", "police"),
        },
    ),
    (
        "same day, or a month holding the day, is not later",
        case(
            events=[
                referral("2019-03-05"),
                ev("c1", "communication", "2019-03-05", to=["school"]),
                ev("c2", "communication", "2019-03", to=["school"]),
            ]
        ),
        {
            ("broken-feedback-loop", "ref", "school"),
            ("broken-feedback-loop", "c1", "police"),
            ("broken-feedback-loop", "c2", "police"),
        },
    ),
    (
        "after/before chains order undated events",
        case(
            events=[
                referral(None, before=["c1"]),
                ev("c1", "communication", None, to=["school"]),
                ev("c2", "communication", None, to=["mentor"], after=["c1"]),
                ev("m", "meeting", None, with_=["police"], after=["c2"]),
            ]
        ),
        set(),  # without the chains all three would be reported
    ),
    (
        "an undated event with no chain: nothing is later",
        case(events=[referral(None), ev("c", "communication", "2020", to=["school"])]),
        {("broken-feedback-loop", "ref", "school"), ("broken-feedback-loop", "c", "police")},
    ),
    (
        "an unowned duty is not also undischarged",
        case(duties=[{"id": "d", "holders": [{"actor": "school", "role": "informed"}]}]),
        {("responsibility-gap", "d", None)},
    ),
    (
        "guidance and practice owners differ; a holder without basis is in neither",
        case(
            duties=[
                {
                    "id": "d1",
                    "holders": [
                        {"actor": "la", "role": "accountable", "basis": "guidance"},
                        {"actor": "police", "role": "responsible", "basis": "practice"},
                    ],
                    "discharged_by": ["x"],
                },
                {
                    "id": "d2",
                    "holders": [
                        {"actor": "la", "role": "accountable", "basis": "guidance"},
                        {"actor": "police", "role": "responsible"},
                    ],
                    "discharged_by": ["x"],
                },
                {
                    "id": "d3",
                    "holders": [
                        {"actor": "la", "role": "responsible"},
                        {"actor": "police", "role": "responsible"},
                    ],
                    "discharged_by": ["x"],
                    "clarity": "unowned",
                },
            ],
            events=[ev("x", "meeting")],
        ),
        {
            ("blurred-ownership", "d1", None),
            ("blurred-ownership", "d3", None),
            ("responsibility-gap", "d3", None),
        },
    ),
    (
        "delivered given wins over counting; counting when absent; planned on an intervention",
        case(
            events=[
                ev("t1", "tasking", planned=2, delivered=2, to=["mentor"]),
                ev("t2", "tasking", planned=2, to=["mentor"]),
                ev("s1", "intervention", under="t2"),
                ev("h", "intervention", planned=3, delivered=0),
            ]
        ),
        {
            ("delivery-shortfall", "t2", None),
            ("delivery-shortfall", "h", None),
            ("broken-feedback-loop", "t1", "police"),
            ("broken-feedback-loop", "t2", "police"),
        },
    ),
    (
        "superseded no later than the event's earliest moment; undated not judged",
        case(
            tools=[
                {"id": "old", "status": "current", "superseded": "2019"},
                {"id": "new", "status": "current", "superseded": "2019-02"},
            ],
            events=[
                ev("a", "assessment", "2019-01", tool="old"),
                ev("b", "assessment", "2019", tool="new"),
                ev("c", "assessment", None, tool="old"),
            ],
        ),
        {("outdated-tool", "a", None)},
    ),
    (
        "exit: open concern; addressed only after; addressed by an unordered event",
        case(
            events=[
                referral("2019-01"),
                ev("d", "decision", "2019-02", consulted=["school"], rationale="r"),
                ev("s", "intervention", "2019-03"),
                ev(
                    "x",
                    "decision",
                    "2019-06",
                    rationale="r",
                    consulted=["school"],
                    stage={"name": "channel", "effect": "exit"},
                ),
                ev("late", "intervention", "2019-09"),
                ev("loose", "intervention"),
            ],
            concerns=[
                {
                    "id": "c1",
                    "identified_by": "school",
                    "identified_at": "ref",
                    "addressed_by": ["s"],
                },
                {
                    "id": "c2",
                    "identified_by": "school",
                    "identified_at": "ref",
                    "addressed_by": ["late"],
                },
                {
                    "id": "c3",
                    "identified_by": "school",
                    "identified_at": "ref",
                    "addressed_by": ["loose"],
                },
            ],
        ),
        {("premature-exit", "x", None)},
    ),
    (
        "exit: a short tasking inside the stage, not one before it",
        case(
            events=[
                ev("t0", "tasking", "2018-12", planned=2, delivered=1, to=["la"]),
                ev(
                    "in",
                    "decision",
                    "2019-01",
                    by=["panel"],
                    rationale="r",
                    stage={"name": "channel", "effect": "enter"},
                ),
                ev("t1", "tasking", "2019-02", planned=2, delivered=1, to=["la"]),
                ev(
                    "out",
                    "decision",
                    "2019-06",
                    by=["panel"],
                    rationale="r",
                    stage={"name": "channel", "effect": "exit"},
                ),
                ev("close", "closure", "2019-07", stage={"name": "channel"}),
                ev("close2", "closure", "2019-08"),
            ]
        ),
        {
            ("delivery-shortfall", "t0", None),
            ("delivery-shortfall", "t1", None),
            ("premature-exit", "out", None),
            ("premature-exit", "close", None),
        },
    ),
    (
        "findings and recommendations",
        case(
            events=[ev("m", "meeting", with_=["panel"])],
            duties=[
                {
                    "id": "d",
                    "holders": [{"actor": "mentor", "role": "informed"}],
                    "discharged_by": ["m"],
                }
            ],
            findings=[{"id": "f1", "evidence": []}, {"id": "f2", "evidence": ["m"]}, {"id": "f3"}],
            recommendations=[
                {"id": "r1", "addresses": ["f1", "f2"], "owner": "la"},  # chair of a taker-part
                {"id": "r2", "addresses": ["f2"], "owner": "mentor"},  # an informed holder
                {"id": "r3", "owner": "outsider"},
                {"id": "r4", "owner": "school"},
            ],
        ),
        {
            ("responsibility-gap", "d", None),
            ("unsupported-finding", "f1", None),
            ("unsupported-finding", "f3", None),
            ("unanswered-finding", "f3", None),
            ("misdirected-recommendation", "r3", None),
            ("misdirected-recommendation", "r4", None),
        },
    ),
    (
        "excluded: concern raised at an event, not a concern without identified_at",
        case(
            events=[
                ev("a", "assessment", "2019-01", by=["mentor"]),
                ev("d", "decision", "2019-02", rationale=""),
            ],
            concerns=[
                {
                    "id": "c1",
                    "identified_by": "mentor",
                    "identified_at": "a",
                    "addressed_by": ["a"],
                },
                {"id": "c2", "identified_by": "school", "addressed_by": ["a"]},
            ],
        ),
        {("excluded-knowledge-holder", "d", "mentor"), ("unrecorded-rationale", "d", None)},
    ),
]


def _with_keys(data: dict[str, Any]) -> dict[str, Any]:
    for e in data.get("events", []):
        if "with_" in e:
            e["with"] = e.pop("with_")
    return data


@pytest.mark.parametrize("name,data,expected", EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_rules_on_small_cases(name: str, data: dict[str, Any], expected: set[Any]) -> None:
    assert rows(_with_keys(data)) == expected


def test_edge_case_count() -> None:
    assert len(EDGE_CASES) == 15


# -- the generator ----------------------------------------------------------------------------


def test_same_seed_same_cases_other_seed_other_cases() -> None:
    first = [generate_case(i, 5) for i in range(20)]
    assert first == [generate_case(i, 5) for i in range(20)]
    other = [generate_case(i, 6)[0] for i in range(20)]
    assert all(a[0] != b for a, b in zip(first, other, strict=True))


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_write_corpus_is_byte_identical_for_a_seed(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", 40, seed=3)
    write_corpus(tmp_path / "b", 40, seed=3)
    write_corpus(tmp_path / "c", 40, seed=4)
    a, b, c = _files(tmp_path / "a"), _files(tmp_path / "b"), _files(tmp_path / "c")
    assert len(a) == 42  # 40 cases, truth.jsonl, manifest.json
    assert a == b
    assert a["truth.jsonl"] != c["truth.jsonl"]
    assert a["cases/synth-3-000000.yaml"] != c["cases/synth-4-000000.yaml"]


def test_every_case_is_valid_and_its_truth_survives_the_file(tmp_path: Path) -> None:
    checked = 0
    for index in range(200):
        text, truth = generate_case(index, 11)
        data = check_case_bytes(text.encode("utf-8"), f"case-{index}.yaml").data
        assert evaluate(data) == truth, index
        checked += 1
    assert checked == 200


def test_base_cases_are_gap_free() -> None:
    seen = 0
    for index in range(200):
        text, truth = generate_case(index, 12, ZERO)
        assert truth == [], index
        if index < 20:
            check_case_bytes(text.encode("utf-8"), f"case-{index}.yaml")
        seen += 1
    assert seen == 200


def test_every_gap_planted_with_default_rates(tmp_path: Path) -> None:
    summary = write_corpus(tmp_path, 500, seed=2024)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["planted"] == summary.planted
    assert manifest["counts"] == summary.results
    assert manifest["rates"] == DEFAULT_RATES
    assert list(summary.planted) == list(GAPS)
    assert GAPS == REFERENCE_IDS  # the product's list, kept apart from the registry
    for gap, rate in DEFAULT_RATES.items():
        planted = summary.planted[gap]
        assert planted >= 1, gap
        assert summary.results[gap] >= planted, gap  # each plant reports its gap at least once
        tolerance = 4 * math.sqrt(rate * (1 - rate) / 500) + 0.005
        assert abs(planted / 500 - rate) <= tolerance, (gap, planted)
    lines = (tmp_path / "truth.jsonl").read_text().splitlines()
    assert len(lines) == summary.truth_rows == sum(summary.results.values())
    for line in lines:
        row = json.loads(line)
        assert list(row) == ["gap", "case", "entity", "actor"]
        assert (row["actor"] is not None) == (row["gap"] in PER_ACTOR)
    assert len(list((tmp_path / "cases").glob("*.yaml"))) == 500


def test_configured_rates_are_observed() -> None:
    rates = {"premature-exit": 0.5, "outdated-tool": 0.0}
    counts = dict.fromkeys(GAPS, 0)
    for index in range(200):
        for gap in {str(r["gap"]) for r in generate_case(index, 8, rates)[1]}:
            counts[gap] += 1
    assert counts["outdated-tool"] == 0
    # at least the planted half, plus what other plants cause (an unaddressed concern ...)
    assert 0.4 < counts["premature-exit"] / 200 < 0.75


def test_large_corpora_use_folders_of_a_thousand(tmp_path: Path) -> None:
    assert case_path(tmp_path, "x", 999, 1000) == tmp_path / "x.yaml"
    assert case_path(tmp_path, "x", 999, 1001) == tmp_path / "00" / "x.yaml"
    assert case_path(tmp_path, "x", 1000, 1001) == tmp_path / "01" / "x.yaml"
    assert case_path(tmp_path, "x", 59_999, 60_000) == tmp_path / "59" / "x.yaml"
    assert case_path(tmp_path, "x", 150_000, 200_000) == tmp_path / "150" / "x.yaml"


def test_write_corpus_refuses_a_used_folder(tmp_path: Path) -> None:
    write_corpus(tmp_path, 2, seed=1)
    with pytest.raises(CaseGraphError, match="already holds files"):
        write_corpus(tmp_path, 2, seed=1)
    summary = write_corpus(tmp_path, 1, seed=1, overwrite=True)
    assert summary.cases == 1
    assert len(list((tmp_path / "cases").iterdir())) == 1


def test_progress_is_reported(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    write_corpus(tmp_path, 3, seed=1, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(3, 3)]


@pytest.mark.parametrize(
    "rates,message",
    [
        ({"premature-exits": 0.1}, "did you mean 'premature-exit'"),
        ({"premature-exit": 1.5}, "from 0 to 1"),
        ({"premature-exit": True}, "from 0 to 1"),
    ],
)
def test_bad_rates_are_refused(rates: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        resolve_rates(rates)


def test_negative_seed_is_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        generate_case(0, -1)
