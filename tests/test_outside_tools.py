"""What casegraph writes, read by tools that know nothing of casegraph.

The catalogue's .rq files through SPARQLWrapper against an Oxigraph server; PROV, ORG
and SKOS terms found by plain SPARQL (no reasoner); exports parsed by rapper (Debian's
raptor2-utils) and checked by pyshacl against the shipped shapes; GraphML and GEXF read
back by networkx and igraph.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import warnings
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from casegraph.cli import main
from casegraph.dataset import load
from casegraph.store.ingest import load_files
from casegraph.store.remote import RemoteEngine

RULES = files("casegraph.gaps") / "rules"
ONTOLOGY = files("casegraph") / "ontology"
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal.yaml"


def rq_files() -> list[str]:
    return sorted(entry.name for entry in RULES.iterdir() if entry.name.endswith(".rq"))


@pytest.mark.server
def test_every_rq_file_runs_as_it_is_through_sparqlwrapper(
    oxigraph_server: str,
    real_case_path: Path,
) -> None:
    from rdflib.plugins.sparql import prepareQuery
    from SPARQLWrapper import JSON, SELECT, SPARQLWrapper

    remote = RemoteEngine(oxigraph_server)
    remote._update("DROP ALL")
    load_files(remote, [real_case_path, MINIMAL], jobs=1)
    memory = load(real_case_path, MINIMAL)
    found = 0
    for name in rq_files():
        text = (RULES / name).read_text(encoding="utf-8")
        prepareQuery(text)  # every prefix it uses is declared in it
        client = SPARQLWrapper(oxigraph_server + "/query")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # SPARQLWrapper warns when it cannot tell the form
            client.setQuery(text)
        assert client.queryType == SELECT, name  # not mistaken for an update by its comments
        client.setReturnFormat(JSON)
        answer: Any = client.query().convert()  # a dict for JSON; typed as a union of forms
        rows = answer["results"]["bindings"]
        assert len(rows) == len(memory.query(text).rows), name
        found += len(rows)
    assert found > 0


def test_prov_org_and_skos_terms_are_in_the_data(real_case_path: Path) -> None:
    dataset = load(real_case_path)

    def count(query: str) -> int:
        return int(dataset.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {query} }}").rows[0][0])

    assert count("?e a cg:Event") == count("?e a prov:Activity") > 0
    assert count("?a a cg:Actor") == count("?a a prov:Agent") > 0
    assert count("?s a cg:Source") <= count("?s a prov:Entity")
    # Teachers are persons in a school: org:memberOf, never typed as an organisation.
    members = dataset.query(
        "SELECT ?p ?o WHERE { ?p a prov:Person ; org:memberOf ?o . ?o a org:Organization }"
    ).rows
    assert any(str(p).endswith("/teachers") for p, _ in members)
    assert count("?p a prov:Person , org:Organization") == 0
    assert count("?p a prov:Person ; org:subOrganizationOf ?o") == 0
    assert count("?e cg:by ?a") == count("?e prov:wasAssociatedWith ?a")
    assert count("?e cg:eventKind ?k . ?k a skos:Concept ; skos:inScheme ?s") == count(
        "?e cg:eventKind ?k"
    )


def test_a_reimported_export_is_not_doubled(real_case_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "case.ttl"
    assert CliRunner().invoke(main, ["export", str(real_case_path), "-o", str(out)]).exit_code == 0
    again = load(out)
    original = load(real_case_path)
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    assert sorted(map(repr, again.query(query).rows)) == sorted(
        map(repr, original.query(query).rows)
    )


@pytest.mark.parametrize(
    ("fmt", "rapper_format"),
    [("turtle", "turtle"), ("nt", "ntriples"), ("nquads", "nquads"), ("trig", "trig")],
)
def test_exports_parse_with_rapper(
    fmt: str, rapper_format: str, real_case_path: Path, tmp_path: Path
) -> None:
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper is not installed (scripts/ensure-virtuoso installs raptor2-utils)")
    out = tmp_path / f"case.{fmt}"
    args = ["export", str(real_case_path), MINIMAL.as_posix(), "--to", fmt, "-o", str(out)]
    assert CliRunner().invoke(main, [*args, "--with-ontology"]).exit_code == 0
    checked = subprocess.run(
        [rapper, "-i", rapper_format, "-c", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert "rapper: Error" not in checked.stderr and "Warning" not in checked.stderr
    parsed = re.search(r"Parsing returned (\d+) (triples|statements)", checked.stderr)
    assert parsed and int(parsed.group(1)) > 1000, checked.stderr


def test_an_export_with_its_ontology_conforms_to_the_shapes(
    real_case_path: Path, tmp_path: Path
) -> None:
    import pyshacl
    import rdflib

    out = tmp_path / "case.trig"
    args = ["export", str(real_case_path), "--to", "trig", "--with-ontology", "-o", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    dataset = rdflib.Dataset()
    dataset.parse(out, format="trig")
    names = {str(g.identifier) for g in dataset.graphs()}
    assert {
        "https://w3id.org/casegraph/ns",
        "https://w3id.org/casegraph/shapes",
        "https://w3id.org/casegraph/case/prevent-amess-2014",
    } <= names
    data = dataset.graph(rdflib.URIRef("https://w3id.org/casegraph/case/prevent-amess-2014"))
    shapes = dataset.graph(rdflib.URIRef("https://w3id.org/casegraph/shapes"))
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes)
    assert conforms, text


def test_jsonld_is_compacted_with_one_named_graph_per_case(
    real_case_path: Path, tmp_path: Path
) -> None:
    import rdflib

    result = CliRunner().invoke(
        main, ["export", str(real_case_path), str(MINIMAL), "--to", "jsonld"]
    )
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["@context"]["cg"] == "https://w3id.org/casegraph/ns#"
    graphs = {g["@id"] for g in document["@graph"]}
    assert graphs == {
        "https://w3id.org/casegraph/case/prevent-amess-2014",
        "https://w3id.org/casegraph/case/fictional-2019-a",
    }
    dataset = rdflib.Dataset()
    dataset.parse(data=result.stdout, format="json-ld")
    expected = load(real_case_path, MINIMAL)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert len(list(dataset.quads((None, None, None, None)))) == expected.query(count).rows[0][0]


def test_graphml_and_gexf_read_back_with_networkx_and_igraph(
    real_case_path: Path, tmp_path: Path
) -> None:
    import igraph
    import networkx as nx

    graphml, gexf = tmp_path / "case.graphml", tmp_path / "case.gexf"
    for out, fmt in ((graphml, "graphml"), (gexf, "gexf")):
        args = ["export", str(real_case_path), "--to", fmt, "-o", str(out)]
        assert CliRunner().invoke(main, args).exit_code == 0
    expected = load(real_case_path).to_networkx()
    for read in (nx.read_graphml, nx.read_gexf):
        back = read(out if read is nx.read_gexf else graphml)
        assert set(back.nodes) == set(expected.nodes)
        node = "https://w3id.org/casegraph/case/prevent-amess-2014/teachers"
        assert back.nodes[node]["item_id"] == "teachers"
    vertices = igraph.Graph.Read_GraphML(str(graphml)).vs
    assert set(vertices["id"]) == set(expected.nodes)  # the IRIs survive
    assert "teachers" in vertices["item_id"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_control_characters_are_escaped_in_xml_exports(write_case, fmt: str) -> None:
    # XML 1.0 cannot hold U+0001: the exports write it as \u0001, as N-Triples does.
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "label: Intervention provider", 'label: "Intervention\\x01provider"'
    )
    path = write_case(text)
    assert CliRunner().invoke(main, ["validate", str(path)]).exit_code == 0
    result = CliRunner().invoke(main, ["export", str(path), "--to", fmt])
    assert result.exit_code == 0, result.output
    assert "Intervention\\u0001provider" in result.stdout and "\x01" not in result.stdout
