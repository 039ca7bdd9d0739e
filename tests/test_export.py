"""Export in every format, and the NetworkX projection it builds on."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from conftest import MINIMAL, cli
from rdflib.compare import isomorphic

from casegraph.dataset import CaseDataset, load
from casegraph.export import FORMATS, export
from casegraph.read.rdfinput import read_rdf

CASE = "https://w3id.org/casegraph/case/fictional-2019-a"


def iri(item: str) -> str:
    return f"{CASE}/{item}"


@pytest.fixture(scope="module")
def minimal() -> CaseDataset:
    return load(MINIMAL)


@pytest.fixture(scope="module")
def graph(minimal: CaseDataset) -> nx.MultiDiGraph:
    return minimal.to_networkx()


def test_there_are_seven_formats() -> None:
    assert FORMATS == ("turtle", "nt", "nquads", "jsonld", "trig", "graphml", "gexf")


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_single_graph_rdf_formats_parse_to_the_case(minimal: CaseDataset, fmt: str) -> None:
    parsed = rdflib.Graph().parse(data=export(minimal, fmt), format=fmt)
    expected = rdflib.Graph().parse(data=minimal.nquads("fictional-2019-a"), format="nt")
    # 197 cg: triples and 98 restating them in PROV, ORG and SKOS (casegraph.read.standard)
    assert len(parsed) == 295
    assert isomorphic(parsed, expected)


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_quad_formats_keep_one_named_graph_per_case(fmt: str, real_case_path: Path) -> None:
    both = load(MINIMAL, real_case_path)
    parsed = rdflib.Dataset()
    parsed.parse(data=export(both, fmt), format="json-ld" if fmt == "jsonld" else fmt)
    names = sorted(str(g.identifier) for g in parsed.graphs() if len(g))
    assert names == [CASE, "https://w3id.org/casegraph/case/prevent-amess-2014"]
    for name in names:
        expected = rdflib.Graph().parse(data=both.nquads(name.rsplit("/", 1)[1]), format="nt")
        assert isomorphic(parsed.graph(rdflib.URIRef(name)), expected)


def test_export_of_one_case_from_several(real_case_path: Path) -> None:
    both = load(MINIMAL, real_case_path)
    parsed = rdflib.Graph().parse(data=export(both, "nt", ["fictional-2019-a"]), format="nt")
    assert len(parsed) == 295


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_formats_are_readable_by_networkx(minimal: CaseDataset, fmt: str, reader) -> None:  # type: ignore[no-untyped-def]
    back = reader(io.BytesIO(export(minimal, fmt)))
    assert back.number_of_nodes() == 20
    assert back.number_of_edges() == 27
    referral = back.nodes[iri("referral")]
    assert referral["item_id"] == "referral"
    assert referral["kind"] == "referral"
    assert referral["date"] == "2019-03"
    assert json.loads(referral["sources"]) == [
        {"ref": "review", "quote": "referred", "locator": "p. 3"}
    ]
    assert set(back.edges()) == set(minimal.to_networkx().edges())


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_formats_keep_cases_apart(fmt: str, reader, real_case_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Regression: GEXF used the item id as the node id, so the two cases' home-office,
    # local-authority, ... became one node each (60 nodes came back as 54).
    both = load(MINIMAL, real_case_path)
    back = reader(io.BytesIO(export(both, fmt)))
    projection = both.to_networkx()
    assert back.number_of_nodes() == projection.number_of_nodes() == 66
    assert set(back.edges()) == set(projection.edges())


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_export_writes_every_format(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"out.{fmt}"
    result = cli("export", "--to", fmt, "-o", str(out), str(MINIMAL))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_bytes() == export(load(MINIMAL), fmt)


def test_cli_export_to_stdout_defaults_to_turtle(minimal: CaseDataset) -> None:
    result = cli("export", str(MINIMAL))
    assert result.exit_code == 0
    assert result.stdout.encode() == export(minimal, "turtle")


# -- the NetworkX projection ------------------------------------------------------------------


def test_projection_counts(graph: nx.MultiDiGraph) -> None:
    assert graph.number_of_nodes() == 20
    assert graph.number_of_edges() == 27
    assert Counter(t for _, t in graph.nodes(data="type")) == {
        "actor": 8,
        "event": 4,
        "duty": 2,
        "case": 1,
        "source": 1,
        "concern": 1,
        "tool": 1,
        "finding": 1,
        "recommendation": 1,
    }
    assert Counter(k for _, _, k in graph.edges(keys=True)) == {
        "by": 4,
        "holder": 3,
        "to": 2,
        "evidence": 2,
        "members": 2,
        "after": 1,
        "with": 1,
        "under": 1,
        "tool": 1,
        "consulted": 1,
        "about": 1,
        "owner": 1,
        "addresses": 1,
        "addressed_by": 1,
        "identified_at": 1,
        "identified_by": 1,
        "chair": 1,
        "part_of": 1,
        "subject": 1,
    }


def test_projection_node_attributes(graph: nx.MultiDiGraph) -> None:
    assert graph.nodes[iri("referral")] == {
        "id": "referral",
        "case": "fictional-2019-a",
        "type": "event",
        "kind": "referral",
        "label": "Teacher referred Person A to Prevent.",
        "date": "2019-03",
        "earliest": "2019-03-01",
        "latest": "2019-03-31",
        "not_before": "2019-03-01",
        "not_after": "2019-03-31",
        "summary": "Teacher referred Person A to Prevent.",
        "sources": [{"ref": "review", "quote": "referred", "locator": "p. 3"}],
    }
    assert graph.nodes[iri("mentor-tasking")] == {
        "id": "mentor-tasking",
        "case": "fictional-2019-a",
        "type": "event",
        "kind": "tasking",
        "label": "mentor-tasking",
        "status": "miscommunicated",
        "planned": 2,
        "delivered": 1,
        "deliveredCount": 1,
        "not_before": "2019-05-01",  # after a 2019-05 event, undated itself
        "sources": [],
    }
    teacher = graph.nodes[iri("teacher")]
    assert (teacher["type"], teacher["kind"], teacher["actor_type"]) == (
        "actor",
        "person",
        "person",
    )
    assert graph.nodes[CASE]["label"] == "Handling of Person A's referral, 2019-2020"
    assert graph.nodes[CASE]["period_start"] == "2019-03"


def test_projection_edge_attributes(graph: nx.MultiDiGraph) -> None:
    holders = {
        (u.rsplit("/", 1)[1], v.rsplit("/", 1)[1]): (d["role"], d["basis"])
        for u, v, k, d in graph.edges(keys=True, data=True)
        if k == "holder"
    }
    assert holders == {
        ("case-ownership", "local-authority"): ("accountable", "practice"),
        ("case-ownership", "police-prevent"): ("accountable", "practice"),
        ("keep-referrer-informed", "police-prevent"): ("responsible", "guidance"),
    }
    assert graph.get_edge_data(iri("referral"), iri("police-prevent")) == {"to": {"relation": "to"}}


def test_projection_gives_a_theme_from_the_catalogue_as_its_gap_id(graph: nx.MultiDiGraph) -> None:
    # Regression: the theme was the gap's full IRI, unlike every other closed value.
    assert graph.nodes[iri("f1")]["theme"] == "unaddressed-concern"


def test_projection_of_the_same_case_from_rdf_input_is_identical(
    graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    path = tmp_path / "minimal.ttl"
    path.write_bytes(export(load(MINIMAL), "turtle"))
    again = load(path).to_networkx()
    assert dict(again.nodes(data=True)) == dict(graph.nodes(data=True))
    assert sorted(again.edges(keys=True)) == sorted(graph.edges(keys=True))


def test_projection_of_a_citation_to_an_outside_source(tmp_path: Path) -> None:
    # Regression: a cg:ref outside the case namespace (allowed by the loader, refused only
    # by the shapes) crashed the projection with a TypeError.
    path = tmp_path / "outside.ttl"
    path.write_text(
        "@prefix cg: <https://w3id.org/casegraph/ns#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        '<https://w3id.org/casegraph/case/o> a cg:Case ; dcterms:identifier "o" .\n'
        '<https://w3id.org/casegraph/case/o/a> a cg:Actor ; dcterms:identifier "a" ;\n'
        "    cg:inCase <https://w3id.org/casegraph/case/o> ;\n"
        "    cg:citation <https://w3id.org/casegraph/case/o/a#source-1> .\n"
        "<https://w3id.org/casegraph/case/o/a#source-1> a cg:Citation ;\n"
        "    cg:ref <https://example.org/report> .\n",
        encoding="utf-8",
    )
    # Loading refuses it now (RDF input is shape-checked), so add the parsed case directly,
    # as a store or endpoint filled by other tools could hold it.
    dataset = CaseDataset()
    for case in read_rdf(path, "turtle"):
        dataset.add(case)
    projection = dataset.to_networkx()
    assert projection.nodes["https://w3id.org/casegraph/case/o/a"]["sources"] == [
        {"ref": "https://example.org/report", "quote": None, "locator": None}
    ]


def test_projection_keeps_the_review_on_the_case_node(real_case_path: Path) -> None:
    graph = load(real_case_path).to_networkx()
    case = graph.nodes["https://w3id.org/casegraph/case/prevent-amess-2014"]
    assert case["review"] == {
        "title": "Prevent learning review (Ali Harbi Ali)",
        "kind": "prevent-learning-review",
        "commissioned_by": ["counter-terrorism-policing", "home-office"],
    }
    # An attribute, not a node: no path runs through the review.
    assert not any("#review" in node for node in graph)
