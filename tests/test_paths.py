"""Path queries (casegraph.graph.paths) on fixtures with known answers (see their headers)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from conftest import FIXTURES as ALL_FIXTURES

from casegraph.dataset import CaseDataset, load
from casegraph.errors import AmbiguousNode, CaseGraphError, NoPath, UnknownNode
from casegraph.graph.names import locate, resolve
from casegraph.graph.pathresult import format_paths, paths_json
from casegraph.graph.paths import all_paths, find_paths, shortest_path
from casegraph.read.casefile.spec import RELATIONS
from casegraph.time.later import case_graph, chronology

FIXTURES = ALL_FIXTURES / "paths"
FLOWS = FIXTURES / "flows.yaml"
PARTIAL = FIXTURES / "partial.yaml"
REAL = Path(__file__).resolve().parents[1] / "data" / "cases" / "prevent-amess-2014.yaml"

P1 = ["school", "e1", "police", "e2", "la", "e0", "mentor"]  # shortest, back in time
P2 = ["school", "e1", "police", "e2", "la", "panel", "e4", "mentor"]  # time-respecting
P3 = ["school", "e1", "police", "e3", "gp", "panel", "e4", "mentor"]  # one source


@pytest.fixture(scope="module")
def flows() -> nx.MultiDiGraph:
    return case_graph(load(FLOWS), "paths-flows")


@pytest.fixture(scope="module")
def partial() -> nx.MultiDiGraph:
    return case_graph(load(PARTIAL), "paths-partial")


@pytest.fixture(scope="module")
def both() -> CaseDataset:
    return load(FLOWS, PARTIAL)


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("police", "police"),  # exact id
        ("POLICE", "police"),  # case-insensitive
        ("Channel panel", "panel"),  # exact label
        ("  gp   SURGERY ", "gp"),  # label, spaces collapsed
        ("surgery", "gp"),  # unique substring
        ("Withdrawn", "withdrawal"),  # substring of a label
        ("e9", "e9"),
        ("paths-flows/mentor", "mentor"),  # case-id/item-id
        ("https://w3id.org/casegraph/case/paths-flows/la", "la"),  # the node key itself
    ],
)
def test_resolve(flows: nx.MultiDiGraph, name: str, expected: str) -> None:
    assert flows.nodes[resolve(flows, name)]["id"] == expected


def test_resolve_cases_are_counted() -> None:
    # Pinned so the parametrised list above cannot silently shrink.
    marks = test_resolve.pytestmark  # type: ignore[attr-defined]
    assert len(next(m for m in marks if m.name == "parametrize").args[1]) == 9


def test_exact_id_beats_label_and_substring(flows: nx.MultiDiGraph) -> None:
    # "mentor" is both an id and a substring of nothing else; "e1" is also a substring
    # of no other id, but "e" alone is in many.
    assert flows.nodes[resolve(flows, "mentor")]["id"] == "mentor"
    with pytest.raises(AmbiguousNode):
        resolve(flows, "e")


def test_unknown_name_suggests_nearest_ids_and_labels(flows: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownNode) as caught:
        resolve(flows, "polise")
    assert caught.value.suggestions[0] == "police"
    assert str(caught.value).startswith("no id or label matches 'polise'; did you mean 'police'")
    with pytest.raises(UnknownNode) as caught:
        resolve(flows, "Chanel panle")
    assert "Channel panel" in caught.value.suggestions


def test_unknown_name_without_anything_near(flows: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownNode) as caught:
        resolve(flows, "qqqqqqqq")
    assert caught.value.suggestions == []
    assert str(caught.value) == "no id or label matches 'qqqqqqqq'"


def test_ambiguous_name_lists_candidates(flows: nx.MultiDiGraph) -> None:
    with pytest.raises(AmbiguousNode) as caught:
        resolve(flows, "prevent")
    assert str(caught.value) == (
        "'prevent' matches 2 items: la (Local authority Prevent lead); "
        "police (Police Prevent team). Give one of these ids"
    )
    assert isinstance(caught.value, UnknownNode)  # a name that names no single item
    assert isinstance(caught.value, CaseGraphError)


def test_resolve_by_type(flows: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownNode):
        resolve(flows, "e1", types={"actor"})
    assert flows.nodes[resolve(flows, "panel", types={"actor"})]["id"] == "panel"


def test_case_and_sources_are_not_names(flows: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownNode):
        resolve(flows, "chronology")  # a source's id
    with pytest.raises(UnknownNode):
        resolve(flows, "paths-flows")  # the case's id


# --------------------------------------------------------------------------- shortest


def test_shortest_path(flows: nx.MultiDiGraph) -> None:
    path = shortest_path(flows, "school", "mentor")
    assert path.ids == P1
    assert len(path) == 6
    assert path.case == "paths-flows"
    first = path.steps[0]
    assert (first.start, first.relation, first.reverse, first.end) == ("school", "by", True, "e1")
    assert first.date == "2019-03"
    assert first.sources == (
        {
            "item": "e1",
            "ref": "review",
            "quote": "the school referred him in March",
            "locator": "p. 3",
        },
    )


def test_shortest_path_is_stitched_across_sources(flows: nx.MultiDiGraph) -> None:
    support = shortest_path(flows, "school", "mentor").support
    assert not support.common
    assert support.cover == ("chronology", "review")
    assert support.describe() == (
        "stitched across 2 sources (chronology, review): no one document states the whole "
        "chain, so it is weaker evidence"
    )


def test_undirected_is_the_default_and_directed_follows_recorded_edges(
    flows: nx.MultiDiGraph,
) -> None:
    # withdrawal --identified_at--> e1 --to--> police: recorded that way round.
    assert shortest_path(flows, "withdrawal", "police", directed=True).ids == [
        "withdrawal",
        "e1",
        "police",
    ]
    with pytest.raises(NoPath, match=r"\(directed\)$"):
        shortest_path(flows, "police", "withdrawal", directed=True)
    assert shortest_path(flows, "police", "withdrawal").ids == ["police", "e1", "withdrawal"]


def test_findings_are_ends_not_stepping_stones(flows: nx.MultiDiGraph) -> None:
    assert shortest_path(flows, "school", "mentor").ids != ["school", "f1", "mentor"]
    assert shortest_path(flows, "school", "mentor", through_review=True).ids == [
        "school",
        "f1",
        "mentor",
    ]
    to_finding = shortest_path(flows, "school", "f1")
    assert to_finding.ids == ["school", "f1"]
    assert (to_finding.steps[0].relation, to_finding.steps[0].reverse) == ("evidence", True)


def test_parallel_edges_make_one_step(flows: nx.MultiDiGraph) -> None:
    # e1 --about--> withdrawal and withdrawal --identified_at--> e1.
    step = shortest_path(flows, "e1", "withdrawal").steps[0]
    assert (step.relation, step.reverse) == ("about", False)
    assert step.also == (("identified_at", True),)
    assert {s["item"] for s in step.sources} == {"e1", "withdrawal"}
    # la is both chair and a member of the panel.
    step = shortest_path(flows, "la", "panel").steps[0]
    assert (step.relation, step.also) == ("chair", (("members", True),))


def test_same_item_is_a_path_of_no_steps(flows: nx.MultiDiGraph) -> None:
    assert len(shortest_path(flows, "police", "police")) == 0


# --------------------------------------------------------------------------- filters


def test_via_restricts_relations(flows: nx.MultiDiGraph) -> None:
    assert shortest_path(flows, "school", "mentor", via=["by", "to"]).ids == P1
    with pytest.raises(NoPath) as caught:
        shortest_path(flows, "school", "mentor", via=["by"])
    assert str(caught.value) == "no path from school (High school) to mentor (Mentor) (only by)"
    path = shortest_path(
        flows, "school", "mentor", via=["by", "to", "members"], time_respecting=True
    )
    assert path.ids == P2


def test_via_unknown_relation(flows: nx.MultiDiGraph) -> None:
    with pytest.raises(ValueError, match="unknown relation 'bye'; did you mean 'by'"):
        shortest_path(flows, "school", "mentor", via=["bye"])


def test_relations_match_the_projection(flows: nx.MultiDiGraph) -> None:
    assert {k for _, _, k in flows.edges(keys=True)} <= set(RELATIONS)


def test_cutoff(flows: nx.MultiDiGraph) -> None:
    assert len(shortest_path(flows, "school", "mentor", cutoff=6)) == 6
    with pytest.raises(NoPath) as caught:
        shortest_path(flows, "school", "mentor", cutoff=5)
    assert str(caught.value) == (
        "no path from school (High school) to mentor (Mentor) (at most 5 steps); "
        "without the length limit, the shortest path has 6 steps"
    )
    with pytest.raises(ValueError, match="cutoff must be 1 or more"):
        all_paths(flows, "school", "mentor", cutoff=0)


# --------------------------------------------------------------------------- time


def test_time_respecting_skips_an_edge_back_in_time(flows: nx.MultiDiGraph) -> None:
    path = shortest_path(flows, "school", "mentor", time_respecting=True)
    assert path.ids == P2
    dates = [s.date for s in path.steps]
    assert "2019-01" not in dates  # e0 is before the referral


def test_time_respecting_uses_the_later_relation(flows: nx.MultiDiGraph) -> None:
    time = chronology(flows)
    e = {flows.nodes[n]["id"]: n for n in flows}
    assert time.is_later(e["e1"], e["e0"])  # e1 (2019-03) is later than e0 (2019-01)
    # the bounds the projection carries are the ones the chronology computes
    assert flows.nodes[e["e1"]]["not_before"] == str(time.not_before[e["e1"]])


def test_partial_dates(partial: nx.MultiDiGraph) -> None:
    assert shortest_path(partial, "x", "z").ids == ["x", "b", "y", "c", "z"]
    # a (the year 2019) overlaps b (2019-03-10) and c2 (2019-02-20): unordered. c2 is
    # earlier than b, two events back, so x..a..c2..z is not time-respecting either.
    path = shortest_path(partial, "x", "z", time_respecting=True)
    assert path.ids == ["x", "b", "y", "a", "w", "d", "v", "e", "z"]


def test_all_paths(partial: nx.MultiDiGraph) -> None:
    found = all_paths(partial, "x", "z", cutoff=8)
    assert [p.ids for p in found] == [
        ["x", "b", "y", "c", "z"],
        ["x", "b", "y", "a", "w", "c2", "z"],
        ["x", "b", "y", "a", "w", "d", "v", "e", "z"],
    ]
    assert len(all_paths(partial, "x", "z", cutoff=6)) == 2
    timed = all_paths(partial, "x", "z", cutoff=8, time_respecting=True)
    assert [p.ids for p in timed] == [["x", "b", "y", "a", "w", "d", "v", "e", "z"]]
    with pytest.raises(NoPath):
        all_paths(partial, "x", "z", cutoff=7, time_respecting=True)


def test_all_paths_on_flows(flows: nx.MultiDiGraph) -> None:
    found = all_paths(flows, "school", "mentor", cutoff=7)
    ids = [p.ids for p in found]
    assert ids[0] == P1
    assert P2 in ids and P3 in ids
    assert [len(p) for p in found] == sorted(len(p) for p in found)
    timed = [p.ids for p in all_paths(flows, "school", "mentor", cutoff=7, time_respecting=True)]
    assert timed == [P2]


# --------------------------------------------------------------------------- sources


def test_same_source(flows: nx.MultiDiGraph) -> None:
    path = shortest_path(flows, "school", "mentor", same_source=True)
    assert path.ids == P3
    assert path.support.common == ("review",)
    assert path.support.describe() == "one source (review)"
    every = all_paths(flows, "school", "mentor", cutoff=8, same_source=True)
    assert every[0].ids == P3


def test_same_source_and_time_respecting_together(flows: nx.MultiDiGraph) -> None:
    with pytest.raises(NoPath) as caught:
        shortest_path(flows, "school", "mentor", same_source=True, time_respecting=True)
    assert str(caught.value) == (
        "no path from school (High school) to mentor (Mentor) (time-respecting; one source); "
        "without time-respecting and one source, the shortest path has 6 steps"
    )


def test_unsourced_steps(partial: nx.MultiDiGraph) -> None:
    support = shortest_path(partial, "x", "z", time_respecting=True).support
    assert support.unsourced == (5, 6)  # the steps asserted by d, which cites nothing
    assert support.describe() == (
        "steps 5, 6 cite no source and the others one source (notes): no one document "
        "states the whole chain, so it is weaker evidence"
    )
    with pytest.raises(NoPath):
        shortest_path(partial, "x", "z", time_respecting=True, same_source=True)


# --------------------------------------------------------------------------- datasets


def test_multi_case_dataset(both: CaseDataset) -> None:
    assert locate(both, "police")[0] == "paths-flows"
    assert locate(both, "Xavier")[0] == "paths-partial"
    assert locate(both, "paths-partial/x")[0] == "paths-partial"
    assert locate(both, "PATHS-PARTIAL/x")[0] == "paths-partial"
    # the same rules as resolve(), run as SPARQL over every case
    assert locate(both, "police prevent TEAM")[1].endswith("/paths-flows/police")
    assert locate(both, "xavi")[1].endswith("/paths-partial/x")
    with pytest.raises(AmbiguousNode, match="paths-flows/la; paths-flows/police"):
        locate(both, "prevent")
    with pytest.raises(UnknownNode):
        locate(both, "e1", types={"actor"})
    with pytest.raises(UnknownNode):
        locate(both, "chronology")  # a source
    assert [p.ids for p in find_paths(both, "school", "mentor")] == [P1]
    assert find_paths(both, "paths-partial/x", "zoe")[0].ids == ["x", "b", "y", "c", "z"]
    with pytest.raises(NoPath) as caught:
        find_paths(both, "police", "x")
    assert str(caught.value) == (
        "no path from paths-flows/police to paths-partial/x: they are in different cases, "
        "and no edge joins two cases"
    )
    with pytest.raises(UnknownNode) as unknown:
        find_paths(both, "polise", "x")
    assert "police" in unknown.value.suggestions


def test_same_id_in_two_cases_is_ambiguous(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text(FLOWS.read_text().replace("id: paths-flows", "id: paths-copy"))
    dataset = load(FLOWS, copy)
    with pytest.raises(AmbiguousNode) as caught:
        find_paths(dataset, "police", "mentor")
    assert str(caught.value) == (
        "'police' matches 2 items: paths-copy/police; paths-flows/police. "
        "Give one of these ids (as case-id/item-id)"
    )
    assert find_paths(dataset, "paths-copy/police", "paths-copy/mentor")[0].case == "paths-copy"
    # in one graph of both cases, ids show their case
    graph = dataset.to_networkx()
    with pytest.raises(AmbiguousNode, match="paths-copy/police"):
        resolve(graph, "police")
    path = shortest_path(graph, "paths-copy/school", "paths-copy/mentor")
    assert path.ids[0] == "paths-copy/school"
    with pytest.raises(NoPath, match="different cases"):
        shortest_path(graph, "paths-copy/school", "paths-flows/mentor")


def test_find_paths_all(both: CaseDataset) -> None:
    found = find_paths(both, "x", "z", every=True)  # default cutoff: 6
    assert [len(p) for p in found] == [4, 6]


# --------------------------------------------------------------------------- output


def test_json(flows: nx.MultiDiGraph) -> None:
    data = paths_json([shortest_path(flows, "e1", "withdrawal")])
    assert data == [
        [
            {
                "from": "e1",
                "from_label": "The school referred Person X to the police.",
                "relation": "about",
                "reverse": False,
                "to": "withdrawal",
                "to_label": "Withdrawn from friends",
                "date": "2019-03",
                "sources": [
                    {
                        "item": "e1",
                        "ref": "review",
                        "quote": "the school referred him in March",
                        "locator": "p. 3",
                    },
                    {
                        "item": "withdrawal",
                        "ref": "review",
                        "quote": "his tutor noticed he had withdrawn",
                        "locator": None,
                    },
                ],
                "also": [{"relation": "identified_at", "reverse": True}],
            }
        ]
    ]


def test_text(flows: nx.MultiDiGraph) -> None:
    text = format_paths([shortest_path(flows, "school", "police")])
    assert text == (
        "Path: 2 steps, one source (review)\n"
        "  school  High school\n"
        "  <-by- e1  The school referred Person X to the police.  [2019-03]\n"
        '      review on e1, p. 3: "the school referred him in March"\n'
        "  -to-> police  Police Prevent team  [2019-03]\n"
        '      review on e1, p. 3: "the school referred him in March"'
    )


# --------------------------------------------------------------------------- real case


@pytest.fixture(scope="module")
def real() -> nx.MultiDiGraph:
    if not REAL.exists():
        pytest.skip(f"{REAL} is not written yet")
    return case_graph(load(REAL), "prevent-amess-2014")


def test_real_case_school_to_intervention_provider(real: nx.MultiDiGraph) -> None:
    path = shortest_path(real, "school", "intervention provider")
    assert len(path) == 4
    assert path.ids[0] == "school" and path.ids[-1] == "intervention-provider"
    assert path.support.common == ("news-report",)
    timed = shortest_path(real, "school", "intervention-provider", time_respecting=True)
    assert len(timed) == 4
    # through the people and events only: the school's referral, then the Channel
    # adoption, then the tasking of the provider
    flow = shortest_path(
        real,
        "school",
        "intervention-provider",
        time_respecting=True,
        via=["by", "to", "with", "after", "before"],
    )
    assert flow.ids[:3] == ["school", "referral", "channel-adoption"]


def test_real_case_ties_are_broken_by_id(real: nx.MultiDiGraph) -> None:
    both = all_paths(real, "channel-panel", "intervention-provider", cutoff=3)
    assert [p.ids[1:-1] for p in both] == [
        ["channel-adoption", "ip-tasking"],
        ["channel-exit", "intervention-session"],
    ]
    assert shortest_path(real, "channel-panel", "intervention-provider").ids == both[0].ids
    timed = shortest_path(real, "channel-panel", "intervention-provider", time_respecting=True)
    assert timed.ids == both[0].ids


def test_many_matches_are_counted_not_all_listed(tmp_path: Path) -> None:
    text = PARTIAL.read_text()
    for n in range(11):
        (tmp_path / f"c{n:02d}.yaml").write_text(text.replace("id: paths-partial", f"id: c{n:02d}"))
    with pytest.raises(AmbiguousNode) as caught:
        locate(load(tmp_path), "x")
    listed = "; ".join(f"c{n:02d}/x" for n in range(10))
    assert str(caught.value) == (
        f"'x' matches 11 items: {listed}; and 1 more. Give one of these ids (as case-id/item-id)"
    )
