"""The metadata graph: a VoID/DCAT description of a store and each loaded case's provenance
(PROV), kept true as cases are loaded, replaced and removed, and never read as a case.

The same checks run on the Oxigraph server and Virtuoso in tests/test_servers.py.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import cli

from casegraph.dataset import CaseDataset, open_store
from casegraph.store.disk import case_triple_counts
from casegraph.store.metadata import PROVENANCE_QUERY, version
from casegraph.store.remote import RemoteEngine
from casegraph.vocab import META_GRAPH, case_graph_id, case_iri

REAL = "prevent-amess-2014"


def provenance(dataset: CaseDataset) -> dict[str, dict]:
    """The records, by case id, as the documented query (docs/remote.md) reads them."""
    rows = dataset.query(PROVENANCE_QUERY).dicts()
    return {str(case_graph_id(row["case"])): row for row in rows}


def check_records(dataset: CaseDataset, files: dict[str, Path]) -> None:
    """A record for every case and for nothing else, each true of its case and file."""
    records = provenance(dataset)
    counts = case_triple_counts(dataset)
    assert sorted(records) == dataset.case_ids() == sorted(files)
    for case_id, row in records.items():
        assert row["triples"] == counts[case_id]
        assert row["file"] == str(files[case_id])
        assert row["sha256"] == hashlib.sha256(files[case_id].read_bytes()).hexdigest()
        assert row["software"] == f"casegraph {version()}"
        assert len(row["loaded"]) == 20 and row["loaded"].endswith("Z")


def test_the_graph_names_casegraph_keeps_are_never_cases() -> None:
    assert case_graph_id(case_iri(REAL)) == REAL
    for graph in (
        META_GRAPH,
        "https://w3id.org/casegraph/graphs/staging/abc",
        "https://w3id.org/casegraph/graphs/results/" + REAL,
        case_iri(REAL) + "/results",
        case_iri(REAL) + "#source-file",
        "https://w3id.org/casegraph/case/",
        "http://www.openlinksw.com/schemas/virtrdf#",
    ):
        assert case_graph_id(graph) is None, graph


def test_a_store_records_each_load_replacement_and_removal(
    real_case_path: Path, tmp_path: Path
) -> None:
    store, minimal = tmp_path / "store", Path(__file__).parent / "fixtures" / "minimal.yaml"
    first = tmp_path / "first.yaml"
    shutil.copyfile(real_case_path, first)
    assert cli("load", str(first), str(minimal), "--store", str(store)).exit_code == 0
    check_records(open_store(store), {REAL: first, "fictional-2019-a": minimal})

    # Replaced from another file with other bytes: the record follows the new file.
    second = tmp_path / "second.yaml"
    second.write_bytes(real_case_path.read_bytes() + b"\n# reloaded\n")
    loaded = cli("load", str(second), "--store", str(store))
    assert loaded.exit_code == 0, loaded.output
    assert "Loaded 1 case" in loaded.output and "replaced" in loaded.output
    check_records(open_store(store), {REAL: second, "fictional-2019-a": minimal})

    assert cli("remove", "fictional-2019-a", "--store", str(store)).exit_code == 0
    check_records(open_store(store), {REAL: second})
    listed = cli("cases", "--format", "json", "--store", str(store))
    assert [row["case"] for row in json.loads(listed.stdout)] == [REAL]


def test_an_endpoint_records_each_load_replacement_and_removal(
    endpoint: str, real_case_path: Path, tmp_path: Path
) -> None:
    minimal = Path(__file__).parent / "fixtures" / "minimal.yaml"
    for _ in range(2):  # a reload replaces the records
        loaded = cli("load", str(real_case_path), str(minimal), "--endpoint", endpoint)
        assert loaded.exit_code == 0, loaded.output
    remote = CaseDataset(RemoteEngine(endpoint))
    check_records(remote, {REAL: real_case_path, "fictional-2019-a": minimal})
    assert cli("remove", REAL, "--endpoint", endpoint).exit_code == 0
    check_records(remote, {"fictional-2019-a": minimal})


def store_export(real_case: Path, tmp_path: Path, fmt: str) -> Path:
    """The real case and another in a store; the real case exported with --with-ontology."""
    store, minimal = tmp_path / "store", Path(__file__).parent / "fixtures" / "minimal.yaml"
    assert cli("load", str(real_case), str(minimal), "--store", str(store)).exit_code == 0
    out = tmp_path / f"export.{fmt}"
    args = ["export", "--store", str(store), "--case", REAL, "--to", fmt, "--with-ontology"]
    exported = cli(*args, "-o", str(out))
    assert exported.exit_code == 0, exported.output
    return out


def test_an_export_with_the_ontology_carries_the_exported_cases_records_only(
    real_case_path: Path, tmp_path: Path
) -> None:
    import rdflib

    exported = rdflib.Dataset()
    exported.parse(store_export(real_case_path, tmp_path, "trig"), format="trig")
    rows = exported.query(PROVENANCE_QUERY).bindings  # the documented query, run by rdflib
    case, sha = rdflib.Variable("case"), rdflib.Variable("sha256")
    assert [(str(r[case]), str(r[sha])) for r in rows] == [  # this case's record only
        (case_iri(REAL), hashlib.sha256(real_case_path.read_bytes()).hexdigest())
    ]
    plain = cli("export", "--store", str(tmp_path / "store"), "--to", "nquads")
    assert META_GRAPH not in plain.stdout  # without the option: the cases alone


@pytest.mark.parametrize(("fmt", "syntax"), [("trig", "trig"), ("nquads", "nquads")])
def test_rapper_reads_a_store_export_with_its_records(
    fmt: str, syntax: str, real_case_path: Path, tmp_path: Path
) -> None:
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper is not installed (scripts/ensure-virtuoso installs raptor2-utils)")
    out = store_export(real_case_path, tmp_path, fmt)
    checked = subprocess.run([rapper, "-i", syntax, "-c", str(out)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "Error" not in checked.stderr and "Warning" not in checked.stderr


def test_a_store_export_with_its_records_conforms_to_the_shapes(
    real_case_path: Path, tmp_path: Path
) -> None:
    import pyshacl
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(store_export(real_case_path, tmp_path, "trig"), format="trig")
    data = rdflib.Graph()
    for graph in (case_iri(REAL), META_GRAPH):  # the case and its record, as one graph
        for triple in dataset.graph(rdflib.URIRef(graph)):
            data.add(triple)
    assert len(data) > 800
    shapes = dataset.graph(rdflib.URIRef("https://w3id.org/casegraph/shapes"))
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes)
    assert conforms, text
