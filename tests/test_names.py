"""Finding an item by name (casegraph.graph.names), on the fictional paths fixture.

The rules of ``resolve``, in order: the node key, an exact id (spaces and underscores
count as hyphens; ``case-id/item-id`` picks a case), an exact label, a part of an id or
label; the first rule that matches decides, and several matches are ambiguous.
``locate`` answers the same over a dataset with SPARQL, without projecting it.
"""

from __future__ import annotations

import networkx as nx
import pytest
from conftest import FIXTURES

from casegraph.dataset import CaseDataset, load
from casegraph.errors import AmbiguousNode, UnknownNode
from casegraph.graph.names import locate, resolve
from casegraph.text import shorten
from casegraph.vocab import item_iri

FLOWS = FIXTURES / "paths" / "flows.yaml"


@pytest.fixture(scope="module")
def dataset() -> CaseDataset:
    return load(FLOWS)


@pytest.fixture(scope="module")
def graph(dataset: CaseDataset) -> nx.MultiDiGraph:
    return dataset.to_networkx()


def node(item: str) -> str:
    return item_iri("paths-flows", item)


@pytest.mark.parametrize(
    ("name", "item"),
    [
        (node("police"), "police"),  # the node key itself
        ("police", "police"),  # an exact id
        ("Police", "police"),  # case does not matter
        ("person x", "person-x"),  # a space counts as a hyphen
        ("person_x", "person-x"),  # so does an underscore
        ("paths-flows/gp", "gp"),  # case-id/item-id
        ("Channel panel", "panel"),  # an exact label
        ("GP surgery", "gp"),
        ("withdrawn", "withdrawal"),  # part of a label: "Withdrawn from friends"
    ],
)
def test_resolve(graph: nx.MultiDiGraph, name: str, item: str) -> None:
    assert resolve(graph, name) == node(item)


def test_several_matches_are_ambiguous_and_listed(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(AmbiguousNode) as caught:
        resolve(graph, "prevent")
    assert caught.value.suggestions == [
        "la (Local authority Prevent lead)",
        "police (Police Prevent team)",
    ]
    assert str(caught.value).endswith("Give one of these ids")


def test_no_match_suggests_the_nearest(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownNode) as caught:
        resolve(graph, "polise")
    assert not isinstance(caught.value, AmbiguousNode)
    assert caught.value.suggestions == ["police"]
    assert str(caught.value) == "no id or label matches 'polise'; did you mean 'police'?"


def test_types_restrict_the_candidates(graph: nx.MultiDiGraph) -> None:
    assert resolve(graph, "police", types={"actor"}) == node("police")
    # among events, "police" is only part of three summaries
    with pytest.raises(AmbiguousNode, match="'police' matches 3 items: e1 "):
        resolve(graph, "police", types={"event"})


def test_locate_agrees_with_resolve_without_a_projection(dataset: CaseDataset) -> None:
    assert locate(dataset, "Mentor") == ("paths-flows", node("mentor"))
    assert locate(dataset, "person x") == ("paths-flows", node("person-x"))
    with pytest.raises(UnknownNode, match="did you mean 'police'"):
        locate(dataset, "polise")


def test_shorten_marks_a_cut() -> None:
    assert shorten("short") == "short"
    assert shorten("a" * 80) == "a" * 69 + "…"
    assert shorten("word " * 20, width=10) == "word word…"
