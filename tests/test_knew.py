"""Who could have known what, and when (casegraph.graph.knowledge), on fixtures with answers."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from conftest import FIXTURES as ALL_FIXTURES

from casegraph.dataset import CaseDataset, load
from casegraph.errors import AmbiguousNode, UnknownNode
from casegraph.graph.knowledge import NOTE, Knowledge, Link, format_knowledge, knew, knew_in
from casegraph.time.later import case_graph

FIXTURES = ALL_FIXTURES / "paths"
FLOWS = FIXTURES / "flows.yaml"
PARTIAL = FIXTURES / "partial.yaml"
REAL = Path(__file__).resolve().parents[1] / "data" / "cases" / "prevent-amess-2014.yaml"


@pytest.fixture(scope="module")
def flows() -> nx.MultiDiGraph:
    return case_graph(load(FLOWS), "paths-flows")


@pytest.fixture(scope="module")
def both() -> CaseDataset:
    return load(FLOWS, PARTIAL)


def known(result: Knowledge) -> dict[str, tuple[Link, ...]]:
    return {k.item: k.chain for k in result.known}


def unreached(result: Knowledge) -> dict[str, tuple[str, ...]]:
    return {u.item: u.holders for u in result.unreached}


def test_before_the_communication(flows: nx.MultiDiGraph) -> None:
    result = knew(flows, "la", at="e1")
    assert known(result) == {"e0": (Link("la", "e0", "took part"),)}
    assert unreached(result) == {"sleep": ("gp",), "withdrawal": ("police", "school", "teacher")}


def test_after_the_communication(flows: nx.MultiDiGraph) -> None:
    result = knew(flows, "la", at="e2")
    chains = known(result)
    assert set(chains) == {"withdrawal", "e0", "e1", "e2", "e3"}
    assert chains["withdrawal"] == (
        Link("police", "e1", "heard"),
        Link("la", "e2", "heard", "police"),
    )
    assert unreached(result) == {"sleep": ("gp",)}
    assert result.at == "e2"
    assert result.at_label == "Police passed the referral to the local authority."


@pytest.mark.parametrize(
    ("at", "knows_withdrawal"),
    [
        ("2019-03", False),
        ("2019-03-31", False),
        ("2019-04", True),
        ("2019", True),
        ("2019-04-01", True),
    ],
)
def test_partial_dates_as_the_cut_off(
    flows: nx.MultiDiGraph, at: str, knows_withdrawal: bool
) -> None:
    # e2 (2019-04) could have happened by any date whose period reaches April 2019.
    result = knew(flows, "la", at=at)
    assert ("withdrawal" in known(result)) is knows_withdrawal
    assert result.at == at


def test_flows_never_go_back_in_time(flows: nx.MultiDiGraph) -> None:
    # police met the GP at e3 (2019-02), before the referral (e1, 2019-03) brought them
    # the concern; the GP hears of it only at the panel's tasking (e4) through la.
    chains = known(knew(flows, "gp"))
    assert chains["withdrawal"] == (
        Link("police", "e1", "heard"),
        Link("la", "e2", "heard", "police"),
        Link("gp", "e4", "heard", "la"),
    )
    # and the mentor's letter e0 (2019-01) cannot carry what la learnt at e2.
    assert known(knew(flows, "mentor"))["withdrawal"][-1] == Link("mentor", "e4", "heard", "la")
    assert known(knew(flows, "mentor", at="e2")) == {"e0": (Link("mentor", "e0", "heard"),)}


def test_a_concern_starts_with_whoever_identified_it(flows: nx.MultiDiGraph) -> None:
    result = knew(flows, "gp", at="e3")
    assert known(result)["sleep"] == (Link("gp", "e3", "identified"),)
    # withdrawal was identified at e1, after e3: it did not exist yet
    assert unreached(result) == {}
    assert known(knew(flows, "mentor"))["sleep"] == (
        Link("gp", "e3", "identified"),
        Link("mentor", "e4", "heard", "gp"),
    )


def test_members_hear_what_the_panel_does(flows: nx.MultiDiGraph) -> None:
    # la (chair and member) and gp (member) hear in e4, by the panel; the panel itself
    # does not hear in its own event.
    assert known(knew(flows, "gp"))["e4"] == (Link("gp", "e4", "took part"),)
    assert "sleep" not in known(knew(flows, "panel"))


def test_failed_communication_delivers_nothing(flows: nx.MultiDiGraph) -> None:
    result = knew(flows, "person-x")
    assert result.known == ()
    assert unreached(result) == {
        "sleep": ("gp", "la", "mentor"),
        "withdrawal": ("gp", "la", "mentor", "police", "school", "teacher"),
    }


def test_names(flows: nx.MultiDiGraph) -> None:
    assert knew(flows, "Local authority Prevent lead").actor == "la"
    with pytest.raises(UnknownNode) as caught:
        knew(flows, "e1")  # an event, not an actor
    assert str(caught.value) == "'e1' is an event, not an actor; give an actor's id or label"
    with pytest.raises(UnknownNode) as caught:
        knew(flows, "la", at="e99")
    assert "e9" in caught.value.suggestions
    with pytest.raises(AmbiguousNode):
        knew(flows, "prevent")


def test_multi_case_dataset(both: CaseDataset) -> None:
    assert set(known(knew_in(both, "la", "e2"))) == {"withdrawal", "e0", "e1", "e2", "e3"}
    assert knew_in(both, "paths-flows/la").case == "paths-flows"
    assert knew_in(both, "Xavier").case == "paths-partial"
    graph = both.to_networkx()
    assert known(knew(graph, "paths-flows/la", at="e2"))["paths-flows/withdrawal"][-1] == Link(
        "paths-flows/la", "paths-flows/e2", "heard", "paths-flows/police"
    )


def test_json(flows: nx.MultiDiGraph) -> None:
    data = knew(flows, "la", at="e1").to_json()
    assert data == {
        "case": "paths-flows",
        "actor": "la",
        "actor_label": "Local authority Prevent lead",
        "at": "e1",
        "at_label": "The school referred Person X to the police.",
        "known": [
            {
                "item": "e0",
                "type": "event",
                "label": "The local authority wrote to the mentor.",
                "date": "2019-01",
                "chain": [{"actor": "la", "event": "e0", "how": "took part", "from": None}],
            }
        ],
        "unreached": [
            {
                "item": "sleep",
                "label": "Not sleeping",
                "identified_by": ["gp"],
                "identified_at": "e3",
                "holders": ["gp"],
            },
            {
                "item": "withdrawal",
                "label": "Withdrawn from friends",
                "identified_by": ["teacher"],
                "identified_at": "e1",
                "holders": ["police", "school", "teacher"],
            },
        ],
        "note": NOTE,
    }


def test_text(flows: nx.MultiDiGraph) -> None:
    assert format_knowledge(knew(flows, "la", at="e2")).splitlines()[:3] == [
        "What could have reached la (Local authority Prevent lead) by e2 (Police passed the "
        "referral to the local authority.):",
        "  concern withdrawal: Withdrawn from friends",
        "    via police heard in e1 -> la heard it from police in e2",
    ]


@pytest.fixture(scope="module")
def real() -> nx.MultiDiGraph:
    if not REAL.exists():
        pytest.skip(f"{REAL} is not written yet")
    return case_graph(load(REAL), "prevent-amess-2014")


def test_real_case_channel_panel_at_exit(real: nx.MultiDiGraph) -> None:
    result = knew(real, "channel-panel", at="channel-exit")
    # The panel took part in the adoption and the exit and, by the recorded flows,
    # heard from no one: the referral names no recipient, and no one reported back.
    assert set(known(result)) == {"channel-adoption", "channel-exit"}
    assert {u.item for u in result.unreached} == {
        "change-in-demeanour",
        "underlying-causes",
        "suspected-islamist-ideology",
    }
    assert unreached(result)["change-in-demeanour"] == ("school", "teachers")
