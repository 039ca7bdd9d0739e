"""The catalogue as package data, the result shape, reconciliation and the real case.

Golden file: tests/fixtures/gaps/traced.expected.json is the exact output of
``casegraph gaps tests/fixtures/gaps/traced.yaml --format json`` (every gap, with
labels, sources, findings and details), reviewed by hand; regenerate it with that
command only after reading the difference.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from conftest import FIXTURES as ALL_FIXTURES
from conftest import REAL_CASE
from gapcheck_cases import case_text, check, dataset_of
from gapcheck_reference import GAP_IDS as REFERENCE_IDS

from casegraph.dataset import CaseDataset, load
from casegraph.errors import QueryError
from casegraph.gaps.catalogue import (
    UnknownQuery,
    gaps,
    get_query,
    list_queries,
    query,
    reconcile,
    run_query,
)
from casegraph.gaps.registry import GAP_IDS, PER_ACTOR_GAPS
from casegraph.vocab import CG, IRI, PREFIXES, item_iri

FIXTURES = ALL_FIXTURES / "gaps"
TRACED = FIXTURES / "traced.yaml"
CONTRACT_KEYS = {
    "gap",
    "case",
    "entity",
    "label",
    "detail",
    "evidence",
    "sources",
    "findings",
    "basis",
    "stated_by",
}


# -- the catalogue ------------------------------------------------------------------------


def test_catalogue_is_the_product_list_in_order() -> None:
    names = [q.name for q in list_queries()]
    assert names == list(GAP_IDS)
    assert names == list(REFERENCE_IDS)  # the product's list, kept apart from the registry


@pytest.mark.parametrize("name", GAP_IDS)
def test_query_file_shape(name: str) -> None:
    q = get_query(name)
    # A complete query: its PREFIX lines (the project's) first, then its description.
    header, text = q.sparql.split("\n\n", 1)
    assert header.startswith("PREFIX ")
    declared = dict(re.findall(r"^PREFIX (\w+): <([^>]+)>$", header, re.MULTILINE))
    assert declared == PREFIXES
    first = text.splitlines()[0]
    assert first.startswith("# ") and q.description == first[2:].strip()
    assert len(q.description) > 20 and "\n" not in q.description
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    head = body[: body.index("WHERE")]
    assert re.match(r"\s*SELECT\b", body)
    assert "?g" in head and "?entity" in head
    assert ("?actor" in head) == (name in PER_ACTOR_GAPS)
    assert "GRAPH ?g" in body
    # Plain SPARQL 1.1: no engine extensions, no SERVICE.
    assert "PREFIX" not in body.upper() and "SERVICE" not in body.upper()
    assert set(re.findall(r"\b([a-z]+):[A-Za-z]", body)) <= {"cg", "rdfs", "dcterms", "rdf", "xsd"}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_every_query_runs_on_both_engines(engine: str) -> None:
    dataset = dataset_of([check(case_text("duties: [{id: d1}]\n"))], engine=engine)
    for q in list_queries():
        rows = run_query(dataset, q.name)
        assert {"g", "entity"} <= set(rows.variables), q.name


def test_every_query_parses_as_standard_sparql() -> None:
    from rdflib.plugins.sparql import prepareQuery

    from casegraph.vocab import PREFIXES

    for q in list_queries():
        prepareQuery(q.sparql, initNs=PREFIXES)


def test_unknown_query_name_suggests() -> None:
    with pytest.raises(UnknownQuery, match=r"did you mean 'premature-exit'\?"):
        get_query("premature-exits")
    with pytest.raises(UnknownQuery) as caught:
        gaps(dataset_of([]), only=["nonsense"])
    assert caught.value.suggestions == []
    assert isinstance(caught.value, QueryError)


# -- results -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def traced():  # type: ignore[no-untyped-def]
    return load(TRACED)


def test_traced_fixture_matches_golden_file(traced) -> None:  # type: ignore[no-untyped-def]
    expected = json.loads((FIXTURES / "traced.expected.json").read_text(encoding="utf-8"))
    assert [r.to_dict() for r in gaps(traced)] == expected
    assert {item["gap"] for item in expected} == set(GAP_IDS)
    assert len(expected) == 16


def test_result_keys_follow_the_contract(traced) -> None:  # type: ignore[no-untyped-def]
    for result in gaps(traced):
        data = result.to_dict()
        if result.gap in PER_ACTOR_GAPS:
            assert set(data) == CONTRACT_KEYS | {"actor"}
            assert data["actor"] in data["evidence"]
        else:
            assert set(data) == CONTRACT_KEYS
            assert result.actor is None
        assert data["evidence"] == sorted(set(data["evidence"]))
        assert all(set(source) == {"ref", "quote"} for source in data["sources"])
        json.dumps(data)


def test_sources_are_the_entitys_then_the_evidences(traced) -> None:  # type: ignore[no-untyped-def]
    by_key = {(r.gap, r.entity, r.actor): r for r in gaps(traced)}
    loop = by_key[("broken-feedback-loop", "referral", "school")]
    # the referral's quote, then the school's (the same words: listed once)
    assert loop.sources == [{"ref": "review", "quote": "the school referred"}]
    exit_ = by_key[("premature-exit", "exit", None)]
    assert exit_.evidence == ["isolation", "tasking"]
    assert exit_.sources == [{"ref": "review", "quote": "isolation was never worked on"}]
    assert by_key[("blurred-ownership", "coordinate", None)].sources == [
        {"ref": "review", "quote": "responsibilities were blurred"},
        {"ref": "minutes", "quote": None},
    ]


def test_label_falls_back_to_outcome_summary_text_then_id() -> None:
    case = check(
        case_text("""
        events:
          - {id: e1, kind: decision, outcome: The outcome, summary: The summary}
          - {id: e2, kind: decision, summary: The summary}
          - {id: e3, kind: decision, outcome: "  "}
        concerns:
          - {id: c1, label: ""}
          - {id: c2, label: A concern}
        findings:
          - {id: f1, text: The text}
    """)
    )
    only = ["unrecorded-rationale", "unsupported-finding", "unaddressed-concern"]
    labels = {r.entity: r.label for r in gaps(dataset_of([case]), only=only)}
    assert labels == {
        "e1": "The outcome",
        "e2": "The summary",
        "e3": "e3",
        "f1": "The text",
        "c1": "c1",
        "c2": "A concern",
    }


def test_findings_match_on_the_entity_not_the_theme() -> None:
    case = check(
        case_text("""
        concerns: [{id: c1}, {id: c2}]
        findings:
          - {id: f1, theme: unaddressed-concern, evidence: [a]}
          - {id: f2, theme: other, evidence: [c2, a]}
          - {id: f3, evidence: [c2]}
    """)
    )
    found = {r.entity: r.findings for r in gaps(dataset_of([case]), only=["unaddressed-concern"])}
    assert found == {"c1": [], "c2": ["f2", "f3"]}


def test_results_are_sorted_and_per_case() -> None:
    one = check(case_text("concerns: [{id: c1}, {id: c0}]\n", case_id="b-case"))
    two = check(case_text("concerns: [{id: c9}]\nduties: [{id: d1}]\n", case_id="a-case"))
    keys = [r.key for r in gaps(dataset_of([one, two]))]
    assert keys == [
        ("responsibility-gap", "a-case", "d1", None),
        ("unaddressed-concern", "a-case", "c9", None),
        ("unaddressed-concern", "b-case", "c0", None),
        ("unaddressed-concern", "b-case", "c1", None),
    ]


def test_details_say_what_was_found(traced) -> None:  # type: ignore[no-untyped-def]
    details = {(r.gap, r.entity): r.detail for r in gaps(traced)}
    assert details[("unaddressed-concern", "isolation")] == (
        "No event worked on this concern (underlying)."
    )
    assert details[("delivery-shortfall", "tasking")] == "Only 1 of 3 planned delivered."
    assert details[("outdated-tool", "screening")] == (
        "Done with Old screening form, superseded from 2019-06."
    )


# -- reconciliation -----------------------------------------------------------------------


def test_reconcile_both_ways(traced) -> None:  # type: ignore[no-untyped-def]
    results = gaps(traced)
    report = reconcile(traced, results)
    checks = {c.finding: c for c in report.findings}
    # Stated: the finding's theme is the gap and its evidence names the entity.
    assert {f: c.stated_by for f, c in checks.items()} == {
        "f1": [("unaddressed-concern", "isolation", None)],
        "f2": [("broken-feedback-loop", "referral", "school")],
        "f3": [],
        "f4": [],
    }
    # Related: the evidence shares the entity, under another theme.
    assert {f: c.related_by for f, c in checks.items()} == {
        "f1": [("excluded-knowledge-holder", "exit", "school"), ("premature-exit", "exit", None)],
        "f2": [("responsibility-gap", "inform-referrer", None)],
        "f3": [],
        "f4": [],
    }
    assert [c.finding for c in report.having("corroborated")] == ["f1", "f2"]
    assert report.having("related") == []
    assert [c.finding for c in report.having("uncorroborated")] == ["f3", "f4"]
    assert {c.finding: c.themes for c in report.findings} == {
        "f1": ["unaddressed-concern"],
        "f2": ["broken-feedback-loop"],
        "f3": [],
        "f4": [],
    }
    assert len(report.unnamed) == 11
    assert all(not r.findings for r in report.unnamed)
    json.dumps(report.to_dict())


def test_reconcile_with_part_of_the_catalogue(traced) -> None:  # type: ignore[no-untyped-def]
    # Only premature-exit ran: no finding is "uncorroborated" for want of a gap not run.
    only = ["premature-exit"]
    report = reconcile(traced, gaps(traced, only=only), only=only)
    status = {c.finding: c.status for c in report.findings}
    assert status == {
        "f1": "related",  # premature-exit's exit is in its evidence
        "f2": "not-assessed",  # its theme, broken-feedback-loop, did not run
        "f3": "not-assessed",  # no gap theme: any gap left out might name its evidence
        "f4": "not-assessed",
    }
    assert report.findings[1].not_assessed == ["broken-feedback-loop"]
    assert report.having("uncorroborated") == []
    assert [r.key for r in report.unnamed] == []


def test_reconcile_does_not_blame_a_gap_the_sources_are_silent_on() -> None:
    case = check(
        case_text("""
        case: {id: t, silent_on: [recommendations]}
        findings:
          - {id: f1, theme: unanswered-finding, evidence: [a]}
          - {id: f2, theme: [unanswered-finding, unsupported-finding], evidence: [f3]}
          - {id: f3, theme: free}
    """).replace("case: {id: t}\n", "", 1)
    )
    dataset = dataset_of([case])
    report = reconcile(dataset, gaps(dataset))
    assert {c.finding: c.status for c in report.findings} == {
        "f1": "not-assessed",  # its one gap was not assessed: the sources are silent
        "f2": "corroborated",  # unsupported-finding on f3 (no evidence) states it
        "f3": "uncorroborated",
    }
    assert report.findings[0].not_assessed == ["unanswered-finding"]


# -- bound queries ------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_binds_values_as_data(engine: str) -> None:
    dataset = load(TRACED, engine=engine)
    sparql = "SELECT ?e ?text WHERE { ?e cg:outcome ?text }"
    rows = query(dataset, sparql, {"text": "Adopted onto the programme"})
    assert [row[0] for row in rows.rows] == [item_iri("traced-2020", "adoption")]
    hostile = '" } ; DROP ALL # '
    assert query(dataset, sparql, {"text": hostile}).rows == []
    kinds = query(
        dataset, "SELECT ?e ?k WHERE { ?e cg:eventKind ?k }", {"k": IRI(CG + "event-kind-tasking")}
    )
    assert [row[0] for row in kinds.rows] == [item_iri("traced-2020", "tasking")]
    assert len(query(dataset, "SELECT * WHERE { ?s ?p ?o }").rows) > 100  # nothing dropped


def test_query_refuses_updates(traced) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match="SPARQL Update"):
        query(traced, "DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="malformed SPARQL"):
        query(traced, "SELECT ?s WHERE { ?s ")


# -- the real case -------------------------------------------------------------------------

# Each of the reviewer's findings themed with a gap, and that gap.
REAL_FINDINGS = {
    "f1": "unaddressed-concern",
    "f3": "blurred-ownership",
    "f4": "outdated-tool",
    "f5": "excluded-knowledge-holder",
    "f6": "delivery-shortfall",
    "f7": "premature-exit",
    "f10": "broken-feedback-loop",
    "f11": "failed-communication",
    "f12": "premature-exit",
}


def test_real_case_states_every_finding_with_evidence_and_a_gap_theme() -> None:
    dataset = load(REAL_CASE)
    report = reconcile(dataset, gaps(dataset))
    checks = {c.finding: c for c in report.findings}
    for finding, theme in REAL_FINDINGS.items():
        assert checks[finding].status == "corroborated", finding
        assert theme in {gap for gap, _, _ in checks[finding].stated_by}, finding
    # f2 names no decision (no evidence); f8 and f9 carry free themes only.
    assert [c.finding for c in report.having("uncorroborated")] == ["f2"]
    assert [c.finding for c in report.having("related")] == ["f8", "f9"]


# -- running queries at once ------------------------------------------------------------------


@contextmanager
def _concurrency(dataset: CaseDataset, workers: int) -> Iterator[None]:
    saved = dataset.engine.concurrency
    dataset.engine.concurrency = workers
    try:
        yield
    finally:
        dataset.engine.concurrency = saved


def test_query_many_answers_in_order_as_one_by_one(traced) -> None:  # type: ignore[no-untyped-def]
    queries = [q.sparql for q in list_queries()]
    with _concurrency(traced, 4):
        together = traced.query_many(queries)
    with _concurrency(traced, 1):
        one_by_one = traced.query_many(queries)
    assert [sorted(rows.rows, key=repr) for rows in together] == [
        sorted(rows.rows, key=repr) for rows in one_by_one
    ]
    assert sum(len(rows) for rows in together) > 0


def test_query_many_raises_a_failing_querys_error(traced) -> None:  # type: ignore[no-untyped-def]
    with _concurrency(traced, 3), pytest.raises(QueryError, match="malformed SPARQL"):
        traced.query_many(["SELECT * WHERE { ?s ?p ?o } LIMIT 1", "SELECT WHERE {"])


def test_the_catalogue_is_the_same_run_serially_or_concurrently(traced) -> None:  # type: ignore[no-untyped-def]
    with _concurrency(traced, 1):
        serial = [r.to_dict() for r in gaps(traced)]
    with _concurrency(traced, 4):
        concurrent = [r.to_dict() for r in gaps(traced)]
    assert concurrent == serial and len(serial) > 10
