"""compare and recurring on four fixture cases whose gaps are known exactly.

tests/fixtures/compare/{a,b,c,d}.yaml: each file's header lists the gaps planted in it
and the durations of its stages; EXPECTED below repeats them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES as ALL_FIXTURES

from casegraph.compare import Comparison, UnknownCase, compare, format_comparison, profile
from casegraph.dataset import CaseDataset, load
from casegraph.errors import UnknownNode
from casegraph.gaps.catalogue import gaps
from casegraph.gaps.recurrence import format_recurring, recurring
from casegraph.gaps.registry import GAP_IDS

FIXTURES = ALL_FIXTURES / "compare"

# case id -> {gap id: number of results}; every other gap: none.
EXPECTED: dict[str, dict[str, int]] = {
    "cmp-a": {"unrecorded-rationale": 1, "failed-communication": 1},
    "cmp-b": {"unrecorded-rationale": 1, "delivery-shortfall": 1, "premature-exit": 2},
    "cmp-c": {
        "unrecorded-rationale": 1,
        "broken-feedback-loop": 1,
        "excluded-knowledge-holder": 2,
        "undischarged-duty": 1,
    },
    "cmp-d": {},
}
FILES = {"cmp-a": "a.yaml", "cmp-b": "b.yaml", "cmp-c": "c.yaml", "cmp-d": "d.yaml"}


@pytest.fixture(scope="module")
def corpus() -> CaseDataset:
    return load(FIXTURES)


def test_the_fixtures_are_all_here() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.yaml")) == sorted(FILES.values())
    assert len(EXPECTED) == 4


@pytest.mark.parametrize("case_id", sorted(EXPECTED))
def test_gap_profile_of_each_fixture(corpus: CaseDataset, case_id: str) -> None:
    found = profile(corpus, case_id)
    assert found.gaps == {gap: EXPECTED[case_id].get(gap, 0) for gap in GAP_IDS}
    assert len(found.results) == sum(EXPECTED[case_id].values())
    assert {r.case for r in found.results} <= {case_id}


def test_profile_matches_the_catalogue_on_the_whole_corpus(corpus: CaseDataset) -> None:
    # the copy-one-case route gives the same results as the catalogue over everything
    every = gaps(corpus)
    for case_id in EXPECTED:
        mine = [r.to_dict() for r in profile(corpus, case_id).results]
        assert mine == [r.to_dict() for r in every if r.case == case_id]


# -- compare ------------------------------------------------------------------------------


def test_compare_a_with_b(corpus: CaseDataset) -> None:
    result = compare(corpus, "cmp-a", "cmp-b")
    assert isinstance(result, Comparison)
    assert (result.a.case, result.b.case) == ("cmp-a", "cmp-b")
    assert [row.gap for row in result.gaps] == list(GAP_IDS)
    counts = {row.gap: (row.a, row.b) for row in result.gaps if row.a or row.b}
    assert counts == {
        "unrecorded-rationale": (1, 1),
        "failed-communication": (1, 0),
        "delivery-shortfall": (0, 1),
        "premature-exit": (0, 2),
    }
    assert result.shared_gaps == ["unrecorded-rationale"]
    assert result.gaps_only_a == ["failed-communication"]
    assert result.gaps_only_b == ["delivery-shortfall", "premature-exit"]
    # the results themselves: which item each gap reports, in which case only
    assert [(r.gap, r.kind, r.entity) for r in result.results.only_a] == [
        ("unrecorded-rationale", "event", "adoption"),
        ("failed-communication", "event", "feedback"),
    ]
    assert [(r.gap, r.kind, r.entity) for r in result.results.only_b] == [
        ("unrecorded-rationale", "event", "exit"),
        ("delivery-shortfall", "event", "tasking"),
        ("premature-exit", "event", "closure"),
        ("premature-exit", "event", "exit"),
    ]
    assert result.results.shared == []
    text = format_comparison(result)
    assert "Results (matched by gap, item kind, item and actor): 0 shared, 2 only in A" in text
    assert "    premature-exit, event:\n      closure: " in text
    # the same six actors (id and type) and the same two duties (by label)
    assert len(result.actors.shared) == 6
    assert result.actors.only_a == result.actors.only_b == []
    assert [a.id for a, _ in result.duties.shared] == ["d1", "d2"]
    stages = {name: (sa and sa.duration, sb and sb.duration) for name, sa, sb in result.stages}
    assert stages == {"channel": ("60 days", "unknown"), "prevent": ("112 days", "112 days")}
    assert result.themes.only_a == ["unrecorded-rationale"]
    assert result.themes.only_b == ["delivery-shortfall"]
    assert result.themes.shared == []


def test_compare_a_with_d_actors_duties_and_partial_dates(corpus: CaseDataset) -> None:
    result = compare(corpus, "cmp-a", "cmp-d")
    assert sorted(a.id for a, _ in result.actors.shared) == [
        "la",
        "mentor",
        "panel",
        "police",
        "subject",
    ]
    assert [(a.id, a.type) for a in result.actors.only_a] == [("school", "school")]
    assert [(a.id, a.type) for a in result.actors.only_b] == [("gp", "health")]
    # "Coordinate  THE case" matches "Coordinate the case": case and spacing ignored
    assert [(a.id, b.id) for a, b in result.duties.shared] == [("d1", "d1"), ("d2", "d2")]
    assert [d.id for d in result.duties.only_b] == ["d3"]
    assert result.duties.only_a == []
    channel = next(sb for name, _, sb in result.stages if name == "channel")
    assert channel is not None
    assert (channel.min_days, channel.max_days, channel.status) == (32, 89, "known")
    assert channel.duration == "32 to 89 days"
    assert channel.entered == ("adoption",) and channel.exited == ("exit",)
    prevent = next((sa, sb) for name, sa, sb in result.stages if name == "prevent")
    assert prevent[0] is not None and prevent[0].duration == "112 days"
    assert prevent[1] is None
    assert result.gaps_only_a == ["unrecorded-rationale", "failed-communication"]
    assert result.gaps_only_b == result.shared_gaps == []
    assert result.themes.only_b == ["good practice"]


def test_actors_match_by_id_and_type(corpus: CaseDataset) -> None:
    # C's referrer is a teacher (person) who is part of the school: C has both actors
    result = compare(corpus, "cmp-a", "cmp-c")
    assert [(a.id, a.type) for a in result.actors.only_b] == [("teacher", "person")]
    assert ("school", "school") in [(a.id, a.type) for a, _ in result.actors.shared]
    assert result.themes.only_b == ["excluded-knowledge-holder", "information sharing"]


def test_a_pair_of_files_can_be_two_versions_of_one_case(tmp_path: Path) -> None:
    before = FIXTURES / "a.yaml"
    after = tmp_path / "a-revised.yaml"
    after.write_text(
        before.read_text(encoding="utf-8").replace("status: failed", "status: delivered"),
        encoding="utf-8",
    )
    result = compare((before, after))
    assert result.a.case == result.b.case == "cmp-a"
    assert result.gaps_only_a == ["failed-communication"]
    assert result.shared_gaps == ["unrecorded-rationale"]
    assert result.gaps_only_b == []


def test_a_pair_of_datasets_with_case_ids(corpus: CaseDataset) -> None:
    single = load(FIXTURES / "d.yaml")
    result = compare((corpus, single), "cmp-b")
    assert (result.a.case, result.b.case) == ("cmp-b", "cmp-d")
    assert result.gaps_only_a == ["unrecorded-rationale", "delivery-shortfall", "premature-exit"]


def test_a_dataset_of_two_cases_needs_no_ids() -> None:
    pair = load(FIXTURES / "a.yaml", FIXTURES / "c.yaml")
    result = compare(pair)
    assert (result.a.case, result.b.case) == ("cmp-a", "cmp-c")


def test_unknown_case_names_near_misses(corpus: CaseDataset) -> None:
    with pytest.raises(UnknownCase) as caught:
        compare(corpus, "cmp-a", "cmp-bb")
    assert str(caught.value) == (
        "no case 'cmp-bb' in the dataset; did you mean 'cmp-b', 'cmp-d', 'cmp-c'?"
    )
    assert caught.value.suggestions[0] == "cmp-b"
    assert isinstance(caught.value, UnknownNode)  # the CLI reports it as bad input (exit 1)


def test_cases_must_be_named_in_a_dataset_of_several(corpus: CaseDataset) -> None:
    with pytest.raises(UnknownCase, match=r"^name the two cases to compare \(the dataset "):
        compare(corpus)
    with pytest.raises(UnknownCase, match=r"^name the case to compare: the dataset holds 4"):
        compare((corpus, corpus), None, "cmp-a")


def test_the_real_case_stages(real_case_path: Path) -> None:
    # prevent: referral 2014-10 to prevent-closure 2016 (partial dates: a range);
    # channel: the adoption has no date, so its duration is unknown
    stages = profile(load(real_case_path)).stages
    assert stages["prevent"].duration == "427 to 822 days"
    assert stages["prevent"].entered == ("referral",)
    assert stages["prevent"].exited == ("prevent-closure",)
    assert stages["channel"].status == "unknown"
    assert stages["channel"].duration == "unknown"


def test_a_stage_with_no_exit_is_open(write_case: Callable[..., Path]) -> None:
    text = (FIXTURES / "a.yaml").read_text(encoding="utf-8")
    text = text.replace(", stage: {name: prevent, effect: exit}", "")
    stage = profile(load(write_case(text))).stages["prevent"]
    assert stage.exited == ()
    assert (stage.status, stage.duration, stage.min_days) == ("open", "open (no exit)", None)


def test_to_dict_is_json(corpus: CaseDataset) -> None:
    data = json.loads(json.dumps(compare(corpus, "cmp-a", "cmp-d").to_dict()))
    assert set(data) == {"a", "b", "gaps", "results", "actors", "duties", "stages", "themes"}
    assert data["results"]["only_a"][0] == {
        "gap": "unrecorded-rationale",
        "kind": "event",
        "entity": "adoption",
        "label": "Adopted",
    }
    assert data["gaps"]["only_a"] == ["unrecorded-rationale", "failed-communication"]
    assert len(data["gaps"]["counts"]) == len(GAP_IDS)
    assert data["stages"][0] == {
        "name": "channel",
        "a": {
            "name": "channel",
            "entered": ["adoption"],
            "exited": ["exit"],
            "min_days": 60,
            "max_days": 60,
            "status": "known",
            "duration": "60 days",
        },
        "b": {
            "name": "channel",
            "entered": ["adoption"],
            "exited": ["exit"],
            "min_days": 32,
            "max_days": 89,
            "status": "known",
            "duration": "32 to 89 days",
        },
    }
    assert data["actors"]["only_b"] == [
        {"id": "gp", "type": "health", "label": "General practitioner"}
    ]


def test_format_comparison(corpus: CaseDataset) -> None:
    text = format_comparison(compare(corpus, "cmp-a", "cmp-b"))
    lines = text.splitlines()
    assert lines[0] == "A: cmp-a  Compare fixture A"
    assert "  premature-exit                 0    2" in lines
    assert "  shared: unrecorded-rationale" in lines
    assert "  only in B: delivery-shortfall, premature-exit" in lines
    assert "  channel  A: 60 days               B: unknown" in lines
    assert "Actors (matched by id and type): 6 shared, 0 only in A, 0 only in B" in lines


def test_compare_on_the_rdflib_engine_agrees() -> None:
    files = [FIXTURES / "a.yaml", FIXTURES / "d.yaml"]
    fast = compare(load(*files), "cmp-a", "cmp-d").to_dict()
    slow = compare(load(*files, engine="rdflib"), "cmp-a", "cmp-d").to_dict()
    assert fast == slow


# -- recurring ----------------------------------------------------------------------------


def test_recurring_counts_cases_and_results(corpus: CaseDataset) -> None:
    found = recurring(corpus)
    assert len(found) == len(GAP_IDS)
    by_gap = {r.gap: r for r in found}
    for gap in GAP_IDS:
        in_cases = [case for case, counts in EXPECTED.items() if counts.get(gap)]
        assert by_gap[gap].cases == len(in_cases), gap
        assert by_gap[gap].results == sum(c.get(gap, 0) for c in EXPECTED.values()), gap
        assert by_gap[gap].total_cases == 4
    assert [r.gap for r in found if r.recurring] == ["unrecorded-rationale"]
    top = found[0]
    assert (top.gap, top.cases, top.share, top.results) == ("unrecorded-rationale", 3, 0.75, 3)
    # most widespread first, then catalogue order
    assert [r.gap for r in found[:7]] == [
        "unrecorded-rationale",
        "undischarged-duty",
        "delivery-shortfall",
        "failed-communication",
        "broken-feedback-loop",
        "excluded-knowledge-holder",
        "premature-exit",
    ]


def test_recurring_by_actor_type(corpus: CaseDataset) -> None:
    by_gap = {r.gap: r.by_actor_type for r in recurring(corpus)}
    assert by_gap["unrecorded-rationale"] == {"panel": 3}  # the decisions' by
    assert by_gap["failed-communication"] == {"police": 1}  # the communication's by
    assert by_gap["delivery-shortfall"] == {"local-authority": 1}  # the tasking's by
    assert by_gap["undischarged-duty"] == {"police": 1}  # the duty's owner (evidence)
    assert by_gap["premature-exit"] == {"panel": 1, "police": 1}  # exit and closure's by
    # per-actor gaps: the result's actor alone; a person part of the school is a school
    assert by_gap["broken-feedback-loop"] == {"school": 1}
    assert by_gap["excluded-knowledge-holder"] == {"school": 1}
    assert by_gap["responsibility-gap"] == {}


def test_recurring_threshold(corpus: CaseDataset) -> None:
    assert sum(r.recurring for r in recurring(corpus, threshold=1)) == 7
    assert sum(r.recurring for r in recurring(corpus, threshold=4)) == 0
    with pytest.raises(ValueError, match="threshold must be 1 or more, not 0"):
        recurring(corpus, threshold=0)


def test_recurring_reuses_given_results(corpus: CaseDataset) -> None:
    results = gaps(corpus)
    assert recurring(corpus, results=results) == recurring(corpus)
    only_c = [r for r in results if r.case == "cmp-c"]
    by_gap = {r.gap: r.cases for r in recurring(corpus, results=only_c)}
    assert by_gap["unrecorded-rationale"] == 1


def test_recurring_on_an_empty_dataset() -> None:
    found = recurring(CaseDataset())
    assert [(r.cases, r.share, r.recurring) for r in found] == [(0, 0.0, False)] * len(GAP_IDS)


def test_recurring_on_a_store(tmp_path: Path, corpus: CaseDataset) -> None:
    from casegraph.dataset import open_store
    from casegraph.store.disk import CaseStore
    from casegraph.store.ingest import load_files

    store = CaseStore(tmp_path / "store")
    load_files(store, [FIXTURES], jobs=1)
    store.close()
    on_disk = open_store(tmp_path / "store")
    assert recurring(on_disk) == recurring(corpus)
    assert (
        compare(on_disk, "cmp-b", "cmp-c").to_dict() == compare(corpus, "cmp-b", "cmp-c").to_dict()
    )


def test_format_recurring(corpus: CaseDataset) -> None:
    text = format_recurring(recurring(corpus), 3)
    lines = text.splitlines()
    assert lines[0] == f"1 of {len(GAP_IDS)} gaps recur in 3 or more of 4 cases"
    assert lines[2].split() == ["gap", "cases", "share", "results", "actor", "types", "(cases)"]
    assert lines[3] == "* unrecorded-rationale            3   75.0%        3  panel 3"
    assert "  premature-exit                  1   25.0%        2  panel 1, police 1" in lines
    assert lines[-1] == "* recurring: found in 3 or more cases"


# -- on a SPARQL endpoint -------------------------------------------------------------------


@pytest.mark.server
def test_compare_and_recurring_on_an_endpoint(endpoint: str, corpus: CaseDataset) -> None:
    from casegraph.store.ingest import load_files
    from casegraph.store.remote import RemoteEngine

    remote = RemoteEngine(endpoint)
    load_files(remote, [FIXTURES], jobs=1)
    served = CaseDataset(remote)
    assert recurring(served) == recurring(corpus)
    assert (
        compare(served, "cmp-a", "cmp-d").to_dict() == compare(corpus, "cmp-a", "cmp-d").to_dict()
    )
