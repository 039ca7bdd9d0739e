"""RDF input: parsing, one case per graph, derived facts recomputed, round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from conftest import FIXTURES, cli
from rdflib.compare import isomorphic

from casegraph.dataset import load
from casegraph.errors import InvalidInput
from casegraph.export import export
from casegraph.read.casefile.check import read_case_file
from casegraph.read.inputs import read_input
from casegraph.read.mapping import case_ntriples
from casegraph.read.rdfinput import read_rdf
from casegraph.read.rdfsource import SourceLines

HEAD = (
    "@prefix cg: <https://w3id.org/casegraph/ns#> .\n"
    "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix c: <https://w3id.org/casegraph/case/x/> .\n"
)  # lines 1-4
CASE_X = (
    '<https://w3id.org/casegraph/case/x> a cg:Case ; dcterms:identifier "x" ; '
    "cg:formatVersion 1 .\n"
)  # line 5
SUFFIX = {"turtle": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "trig": ".trig", "nquads": ".nq"}
PARSER = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nquads": "nquads"}


def event(name: str, extra: str = "") -> str:
    return (
        f'c:{name} a cg:Event ; dcterms:identifier "{name}" ; '
        "cg:inCase <https://w3id.org/casegraph/case/x> ; "
        f"cg:eventKind cg:event-kind-other {extra}.\n"
    )


def graph_of(ntriples: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=ntriples, format="nt")


def problems(path: Path, fmt: str) -> list[str]:
    with pytest.raises(InvalidInput) as raised:
        read_rdf(path, fmt)
    return [str(p).removeprefix(f"{path}:") for p in raised.value.problems]


# -- round trips ------------------------------------------------------------------------

ROUND_TRIP_FIXTURES = ["minimal.yaml", "every-key.yaml"]


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
@pytest.mark.parametrize("fixture", ROUND_TRIP_FIXTURES)
def test_export_then_read_back_is_isomorphic(fixture: str, fmt: str, tmp_path: Path) -> None:
    case = read_case_file(FIXTURES / fixture)
    original = graph_of(case_ntriples(case))
    path = tmp_path / f"case{SUFFIX[fmt]}"
    path.write_bytes(export(load(FIXTURES / fixture), fmt))
    (loaded,) = read_rdf(path, PARSER[fmt])
    assert loaded.case_id == case.case_id
    assert loaded.path == str(path)
    assert isomorphic(graph_of(loaded.ntriples), original)


def test_round_trip_count() -> None:
    assert len(ROUND_TRIP_FIXTURES) * len(SUFFIX) == 10


def test_cli_turtle_export_loads_back_isomorphic(real_case_path: Path, tmp_path: Path) -> None:
    for source in (FIXTURES / "minimal.yaml", real_case_path):
        out = tmp_path / f"{source.stem}.ttl"
        result = cli("export", "--to", "turtle", "-o", str(out), str(source))
        assert result.exit_code == 0, result.output
        case = read_case_file(source)
        dataset = load(out)
        assert dataset.case_ids() == [case.case_id]
        back = graph_of(dataset.nquads(case.case_id))
        assert isomorphic(back, graph_of(case_ntriples(case)))


def test_trig_and_nquads_hold_one_case_per_graph(real_case_path: Path, tmp_path: Path) -> None:
    both = load(FIXTURES / "minimal.yaml", real_case_path)
    for fmt in ("trig", "nquads"):
        path = tmp_path / f"both{SUFFIX[fmt]}"
        path.write_bytes(export(both, fmt))
        cases = read_input(path)
        assert [c.case_id for c in cases] == ["fictional-2019-a", "prevent-amess-2014"]
        for case in cases:
            assert isomorphic(graph_of(case.ntriples), graph_of(both.nquads(case.case_id)))


def test_a_json_file_is_read_as_json_ld(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(export(load(FIXTURES / "minimal.yaml"), "jsonld"))
    assert [c.case_id for c in read_input(path)] == ["fictional-2019-a"]


# -- derived facts ------------------------------------------------------------------------


def test_derived_facts_in_the_input_are_dropped_and_recomputed(tmp_path: Path) -> None:
    case = read_case_file(FIXTURES / "minimal.yaml")
    original = graph_of(case_ntriples(case))
    tampered = graph_of(case_ntriples(case))
    cg = rdflib.Namespace("https://w3id.org/casegraph/ns#")
    base = rdflib.Namespace("https://w3id.org/casegraph/case/fictional-2019-a/")
    tampered.add((base["referral"], cg.laterThan, base["mentoring-1"]))  # stored by old versions
    tampered.set(
        (base["referral"], cg.notBefore, rdflib.Literal("2030-01-01", datatype=rdflib.XSD.date))
    )
    tampered.set((base["mentor-tasking"], cg.deliveredCount, rdflib.Literal(99)))
    tampered.set(
        (base["referral"], cg.earliest, rdflib.Literal("1900-01-01", datatype=rdflib.XSD.date))
    )
    tampered.add(
        (
            base["vaf-2012"],
            cg.supersededFrom,
            rdflib.Literal("2000-01-01", datatype=rdflib.XSD.date),
        )
    )
    path = tmp_path / "tampered.ttl"
    tampered.serialize(path, format="turtle")
    (loaded,) = read_rdf(path, "turtle")
    assert isomorphic(graph_of(loaded.ntriples), original)


def test_delivered_count_is_counted_from_under_when_delivered_is_absent(tmp_path: Path) -> None:
    path = tmp_path / "count.ttl"
    path.write_text(
        HEAD + CASE_X + 'c:t a cg:Event ; dcterms:identifier "t" ; '
        "cg:inCase <https://w3id.org/casegraph/case/x> ;"
        " cg:eventKind cg:event-kind-tasking ; cg:planned 3 .\n"
        + event("i1", "; cg:under c:t ")
        + event("i2", "; cg:under c:t "),
        encoding="utf-8",
    )
    (loaded,) = read_rdf(path, "turtle")
    count = rdflib.URIRef("https://w3id.org/casegraph/ns#deliveredCount")
    values = list(graph_of(loaded.ntriples).objects(None, count))
    assert values == [rdflib.Literal(2)]


# -- refused input ------------------------------------------------------------------------

REFUSED: dict[str, tuple[str, str | bytes, list[str]]] = {
    "turtle syntax": (
        "bad.ttl",
        HEAD + CASE_X + "c:a cg:x ;\n  cg:y .\n",
        ["6: not valid Turtle: objectList expected"],
    ),
    "n-triples syntax": (
        "bad.nt",
        '<http://a/x> <http://a/p> "c" .\n<http://a/x> <http://a/p> c .\n',
        ["2: not valid N-Triples: Invalid line: c ."],
    ),
    "n-quads syntax": (
        "bad.nq",
        '<http://a/x> <http://a/p> "c" <http://a/g> .\n\n'
        "<http://a/x> <http://a/p> c <http://a/g> .\n",
        [
            "3: not valid N-Quads: Invalid line (Unrecognised object type): "
            "'<http://a/x> <http://a/p> c <http://a/g> .'"
        ],
    ),
    "trig syntax": (
        "bad.trig",
        "@prefix : <http://x/> .\n:g {\n :a :b :c .\n :a :b }\n",
        ["4: not valid TriG: objectList expected"],
    ),
    "json syntax": (
        "bad.jsonld",
        '{\n  "@id": "http://a/x",\n  "http://a/p": [1,\n}\n',
        ["4: not valid JSON-LD: Expecting value"],
    ),
    "remote json-ld context": (
        "remote.jsonld",
        '{"@context": "https://example.org/context.jsonld", "@id": "x"}',
        [
            "1: JSON-LD contexts given by URL are not fetched; write the context inline "
            "(a JSON object)"
        ],
    ),
    "empty file": (
        "empty.ttl",
        "",
        ["1: no triples here; an RDF case needs a node `a cg:Case` with a dcterms:identifier"],
    ),
    "no case": (
        "nocase.ttl",
        HEAD + event("a"),
        ["1: no case: a case needs a node `a cg:Case` with a dcterms:identifier"],
    ),
    "two cases in one graph": (
        "two.ttl",
        HEAD
        + CASE_X
        + '<https://w3id.org/casegraph/case/y> a cg:Case ; dcterms:identifier "y" .\n',
        [
            "6: 2 cases (<https://w3id.org/casegraph/case/x>, <https://w3id.org/casegraph/case/y>);"
            " Turtle holds one case per file; use TriG or N-Quads (one named graph per case) or one"
            " file per case"
        ],
    ),
    "case iri": (
        "iri.ttl",
        HEAD + '<https://example.org/x> a cg:Case ; dcterms:identifier "x" .\n',
        [
            "5: the case with identifier 'x' must have the IRI "
            "<https://w3id.org/casegraph/case/x>, not <https://example.org/x>"
        ],
    ),
    "case id": (
        "id.ttl",
        HEAD + '<https://w3id.org/casegraph/case/X> a cg:Case ; dcterms:identifier "X" .\n',
        [
            "5: dcterms:identifier: the case <https://w3id.org/casegraph/case/X> needs exactly one "
            "dcterms:identifier of lower-case letters, digits and hyphens"
        ],
    ),
    "item iri": (
        "item.ttl",
        HEAD + CASE_X + '<https://example.org/a> a cg:Actor ; dcterms:identifier "a" ; '
        "cg:inCase <https://w3id.org/casegraph/case/x> .\n",
        [
            "6: dcterms:identifier: the item with identifier 'a' must have the IRI "
            "<https://w3id.org/casegraph/case/x/a> (its case's IRI, a slash and its id), not "
            "<https://example.org/a>"
        ],
    ),
    "after/before cycle": (
        "cycle.ttl",
        HEAD + CASE_X + event("a", "; cg:after c:b ; cg:before c:b ") + event("b"),
        [
            "6: cg:after: 'a' after 'b' contradicts the dates or the other after/before (it makes "
            "a cycle); fix the order or the date (event 'a')",
            "6: cg:before: 'a' before 'b' contradicts the dates or the other after/before (it makes"
            " a cycle); fix the order or the date (event 'a')",
        ],
    ),
    "dates and counts": (
        "dates.ttl",
        HEAD
        + CASE_X
        + event("a", '; cg:date "2019-13"^^xsd:gYearMonth ')
        + event("b", '; cg:date "2019"^^xsd:date ')
        + event("c", '; cg:date "2019-03" ')
        + event("d", '; cg:date "2019"^^xsd:gYear, "2020"^^xsd:gYear ')
        + event("e", '; cg:planned -1 ; cg:delivered "2" ')
        + '<https://w3id.org/casegraph/case/x> cg:periodStart "2019-02-30"^^xsd:date .\n',
        [
            "5: cg:periodStart: '2019-02-30' is not a real date: 2019-02 has 28 days (case 'x')",
            "6: cg:date: '2019-13' is not a real date: month 13 does not exist (event 'a')",
            "7: cg:date: '2019' is not a valid xsd:date; type a year as xsd:gYear (event 'b')",
            "8: cg:date: cg:date must be a date typed xsd:gYear, xsd:gYearMonth or xsd:date "
            "(event 'c', found \"2019-03\")",
            "9: cg:date: cg:date takes one value, not 2; keep one (event 'd')",
            "10: cg:delivered: cg:delivered (`delivered`) goes only with events of kind tasking, "
            "intervention; remove it or change the kind (event 'e', found cg:event-kind-other)",
            "10: cg:delivered: cg:delivered must be a whole number of zero or more, typed "
            "xsd:integer (event 'e', found \"2\")",
            "10: cg:planned: cg:planned (`planned`) goes only with events of kind tasking, "
            "intervention; remove it or change the kind (event 'e', found cg:event-kind-other)",
            "10: cg:planned: cg:planned must be a whole number of zero or more, typed xsd:integer "
            "(event 'e', found -1)",
        ],
    ),
    "not utf-8": ("latin1.ttl", b"# caf\xe9\n", ["1: not UTF-8 (byte 5); save the file as UTF-8"]),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_input_names_file_and_line(name: str, tmp_path: Path) -> None:
    file_name, text, expected = REFUSED[name]
    path = tmp_path / file_name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    fmt = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld"}
    assert problems(path, fmt[path.suffix]) == expected


def test_refused_count() -> None:
    assert len(REFUSED) == 15


def test_a_named_graph_without_a_case_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "graphs.trig"
    path.write_text(
        HEAD
        + "<https://w3id.org/casegraph/case/x> {\n"
        + CASE_X
        + "}\n"
        + "<urn:other> {\n  c:a c:b c:c .\n}\n",
        encoding="utf-8",
    )
    assert problems(path, "trig") == [
        "8: no case in graph <urn:other>: a case needs a node `a cg:Case` with a dcterms:identifier"
    ]


def test_rdflib_logs_no_traceback_for_ill_typed_literals(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ill.ttl"
    path.write_text(
        HEAD + CASE_X + 'c:t a cg:Event ; dcterms:identifier "t" ; '
        "cg:inCase <https://w3id.org/casegraph/case/x> ;"
        ' cg:eventKind cg:event-kind-tasking ; cg:planned "many"^^xsd:integer .\n',
        encoding="utf-8",
    )
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:6: cg:planned: cg:planned must be a whole number of zero or more, typed "
        "xsd:integer (event 't', found \"many\"^^xsd:integer)",
        "1 problem",
    ]
    assert "Traceback" not in capfd.readouterr().err


# -- where a node is in the source ----------------------------------------------------------


def test_source_lines_finds_subjects_prefixed_names_json_ld_and_yaml_ids() -> None:
    turtle = SourceLines(
        "@prefix c: <https://w3id.org/casegraph/case/x/> .\n"
        "c:b c:p c:a .\n"
        "c:a c:p c:b .\n"
        "<https://w3id.org/casegraph/case/x/z> c:p c:a .\n"
    )
    assert turtle.line_of("https://w3id.org/casegraph/case/x/a") == 3
    assert turtle.line_of("https://w3id.org/casegraph/case/x/z") == 4
    assert turtle.line_of("https://w3id.org/casegraph/case/x/a#holder-1") == 3
    assert turtle.line_of("https://w3id.org/casegraph/case/x/nowhere") == 1
    jsonld = SourceLines('[\n  {\n    "@id": "https://w3id.org/casegraph/case/x/a"\n  }\n]\n')
    assert jsonld.line_of("https://w3id.org/casegraph/case/x/a") == 3
    yaml = SourceLines("events:\n  - id: ab\n    kind: other\n  - {id: a, kind: other}\n")
    assert yaml.line_of("https://w3id.org/casegraph/case/x/a") == 4
    assert yaml.line_of("https://w3id.org/casegraph/case/x/ab") == 2
