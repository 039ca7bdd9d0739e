"""The RDF mapping: every key of format 1 becomes a triple, derived facts are added.

tests/fixtures/every-key.yaml uses every key of the spec; EXPECTED pins, per key, the
triple pattern it must produce. The key list is walked from casegraph.read.casefile.spec,
so a key added to the spec without a mapping test fails here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import rdflib
from conftest import FIXTURES

from casegraph.dataset import CaseDataset, load
from casegraph.read.casefile.check import check_case_bytes, read_case_file
from casegraph.read.casefile.spec import CITATION, HOLDER, ITEM_FIELDS, TOP_FIELDS, Field
from casegraph.read.mapping import case_ntriples

EVERY_KEY = FIXTURES / "every-key.yaml"
CASE = "<https://w3id.org/casegraph/case/every-key>"
PREFIX = "PREFIX c: <https://w3id.org/casegraph/case/every-key/>\n"


def spec_keys() -> Iterator[str]:
    """Every key of the format as a dotted path: top.*, <item kind>.*, citation.*, holder.*."""

    def walk(prefix: str, fields: dict[str, Field]) -> Iterator[str]:
        for key, spec in fields.items():
            path = f"{prefix}.{key}"
            yield path
            if spec.type == "map":
                yield from walk(path, spec.fields)

    yield from walk("top", TOP_FIELDS)
    for kind, fields in ITEM_FIELDS.items():
        yield from walk(kind, fields)
    yield from walk("citation", CITATION)
    yield from walk("holder", HOLDER)


# Key -> a SPARQL graph pattern over every-key.yaml that the key's value must produce.
EXPECTED: dict[str, str] = {
    "top.casegraph": f"{CASE} cg:formatVersion 1",
    "top.case": f"{CASE} a cg:Case",
    "top.sources": f"c:report a cg:Source ; cg:inCase {CASE}",
    "top.actors": f"c:subject a cg:Actor ; cg:inCase {CASE}",
    "top.concerns": f"c:worry a cg:Concern ; cg:inCase {CASE}",
    "top.duties": f"c:duty a cg:Duty ; cg:inCase {CASE}",
    "top.tools": f"c:tool a cg:Tool ; cg:inCase {CASE}",
    "top.events": f"c:first a cg:Event ; cg:inCase {CASE}",
    "top.findings": f"c:finding a cg:Finding ; cg:inCase {CASE}",
    "top.recommendations": f"c:rec a cg:Recommendation ; cg:inCase {CASE}",
    "top.case.id": f'{CASE} dcterms:identifier "every-key"',
    "top.case.title": f'{CASE} dcterms:title "Every key of the format"',
    "top.case.subject": f"{CASE} cg:subject c:subject",
    "top.case.period": f"{CASE} cg:periodStart ?start ; cg:periodEnd ?end",
    "top.case.period.start": f'{CASE} cg:periodStart "2019-03"^^xsd:gYearMonth',
    "top.case.period.end": f'{CASE} cg:periodEnd "2020-11-30"^^xsd:date',
    "top.case.review": f"{CASE} cg:review ?r . ?r a cg:Review",
    "top.case.review.title": f'{CASE} cg:review ?r . ?r dcterms:title "Review of every key"',
    "top.case.review.kind": f'{CASE} cg:review ?r . ?r cg:reviewKind "safeguarding-adults-review"',
    "top.case.review.published": f'{CASE} cg:review ?r . ?r dcterms:issued "2021"^^xsd:gYear',
    "top.case.review.commissioned_by": f"{CASE} cg:review ?r . ?r cg:commissionedBy c:government",
    "top.case.silent_on": f"{CASE} cg:silentOn cg:aspect-participation",
    "source.id": 'c:report dcterms:identifier "report"',
    "source.title": 'c:report dcterms:title "The review report"',
    "source.kind": "c:report cg:sourceKind cg:source-kind-review-report",
    "source.url": 'c:report cg:url "https://example.org/report.pdf"^^xsd:anyURI',
    "source.published": 'c:report dcterms:issued "2021-06"^^xsd:gYearMonth',
    "source.file": 'c:notes cg:file "every-key-notes.txt"',
    "source.sha256": 'c:notes cg:sha256 "7800dafc7606f134dba7e66dca003421a89'
    'daff24d93f00b513033cca0166d84"',
    "actor.id": 'c:subject dcterms:identifier "subject"',
    "actor.label": 'c:subject rdfs:label "The subject"',
    "actor.type": "c:subject cg:actorType cg:actor-type-subject",
    "actor.level": "c:subject cg:level cg:level-subject",
    "actor.part_of": "c:council-team cg:partOf c:council",
    "actor.chair": "c:panel cg:chair c:council",
    "actor.members": "c:panel cg:members c:council, c:council-team",
    "actor.source": "c:government cg:citation ?cite . ?cite a cg:Citation ; cg:ref c:report",
    "concern.id": 'c:worry dcterms:identifier "worry"',
    "concern.label": 'c:worry rdfs:label "A worry"',
    "concern.nature": "c:worry cg:nature cg:nature-underlying",
    "concern.identified_by": "c:worry cg:identifiedBy c:council-team",
    "concern.identified_at": "c:worry cg:identifiedAt c:first",
    "concern.addressed_by": "c:worry cg:addressedBy c:help",
    "concern.source": "c:worry cg:citation ?cite . ?cite cg:ref c:report",
    "duty.id": 'c:duty dcterms:identifier "duty"',
    "duty.label": 'c:duty rdfs:label "A duty"',
    "duty.holders": "c:duty cg:holding ?h1, ?h2 . ?h1 a cg:Holding . FILTER (?h1 != ?h2)",
    "duty.discharged_by": "c:duty cg:dischargedBy c:first",
    "duty.clarity": "c:duty cg:clarity cg:clarity-clear",
    "duty.source": "c:duty cg:citation ?a, ?b . ?a cg:ref c:report . ?b cg:ref c:report . "
    "FILTER (?a != ?b)",
    "tool.id": 'c:tool dcterms:identifier "tool"',
    "tool.label": 'c:tool rdfs:label "A tool"',
    "tool.status": "c:tool cg:toolStatus cg:tool-status-outdated",
    "tool.superseded": 'c:tool cg:superseded "2018-06"^^xsd:gYearMonth',
    "tool.source": "c:tool cg:citation ?cite . ?cite cg:ref c:report",
    "event.id": 'c:first dcterms:identifier "first"',
    "event.kind": "c:first cg:eventKind cg:event-kind-referral",
    "event.date": 'c:first cg:date "2019-03-04"^^xsd:date',
    "event.by": "c:first cg:by c:council-team",
    "event.to": "c:first cg:to c:panel",
    "event.with": "c:first cg:with c:subject",
    "event.consulted": "c:first cg:consulted c:council",
    "event.informed": "c:first cg:informed c:government",
    "event.about": "c:first cg:about c:worry",
    "event.summary": 'c:first cg:summary "The first thing."',
    "event.outcome": 'c:first cg:outcome "It was passed on."',
    "event.rationale": 'c:first cg:rationale "Because of the worry."',
    "event.tool": "c:first cg:tool c:tool",
    "event.risk": "c:first cg:risk cg:risk-high",
    "event.stage": "c:first cg:stageName ?name ; cg:stageEffect ?effect",
    "event.stage.name": 'c:first cg:stageName "support"',
    "event.stage.effect": "c:first cg:stageEffect cg:stage-effect-enter",
    "event.status": "c:first cg:status cg:event-status-failed",
    "event.planned": "c:task cg:planned 3",
    "event.delivered": "c:task cg:delivered 1",
    "event.under": "c:help cg:under c:task",
    "event.after": "c:task cg:after c:first",
    "event.before": "c:help cg:before c:end",
    "event.source": 'c:first cg:citation ?cite . ?cite cg:quote "first"',
    "finding.id": 'c:finding dcterms:identifier "finding"',
    "finding.text": 'c:finding cg:text "Something went wrong."',
    "finding.theme": 'c:finding cg:theme gap:delivery-shortfall, "good practice"',
    "finding.evidence": "c:finding cg:evidence c:task, c:worry",
    "finding.source": 'c:finding cg:citation ?cite . ?cite cg:quote "wrong"',
    "recommendation.id": 'c:rec dcterms:identifier "rec"',
    "recommendation.text": 'c:rec cg:text "Do better."',
    "recommendation.addresses": "c:rec cg:addresses c:finding",
    "recommendation.owner": "c:rec cg:owner c:government",
    "recommendation.status": "c:rec cg:recommendationStatus cg:recommendation-status-in-progress",
    "recommendation.source": "c:rec cg:citation ?cite . ?cite cg:ref c:report",
    "citation.ref": "<https://w3id.org/casegraph/case/every-key/government#source-1> "
    "cg:ref c:report",
    "citation.quote": "<https://w3id.org/casegraph/case/every-key/government#source-1> "
    'cg:quote "the department"',
    "citation.locator": "<https://w3id.org/casegraph/case/every-key/government#source-1> "
    'cg:locator "p. 1"',
    "holder.actor": "c:duty cg:holding ?h . ?h cg:holder c:council",
    "holder.role": "c:duty cg:holding ?h . ?h cg:holder c:council ; cg:role cg:role-accountable",
    "holder.basis": "c:duty cg:holding ?h . ?h cg:holder c:council ; cg:basis cg:basis-guidance",
}

# Derived facts of every-key.yaml (casegraph.read.derive).
DERIVED: dict[str, str] = {
    "earliest": 'c:first cg:earliest "2019-03-04"^^xsd:date . '
    'c:end cg:earliest "2020-11-01"^^xsd:date',
    "latest": 'c:first cg:latest "2019-03-04"^^xsd:date . c:end cg:latest "2020-11-30"^^xsd:date',
    "notBefore of a dated event": 'c:end cg:notBefore "2020-11-01"^^xsd:date',
    "notAfter of a dated event": 'c:first cg:notAfter "2019-03-04"^^xsd:date',
    "notBefore along the after chain": 'c:help cg:notBefore "2019-03-04"^^xsd:date',
    "notAfter along the before chain": 'c:task cg:notAfter "2020-11-30"^^xsd:date',
    "supersededFrom": 'c:tool cg:supersededFrom "2018-06-01"^^xsd:date',
    "deliveredCount given": "c:task cg:deliveredCount 1",
    "deliveredCount counted": "c:help cg:deliveredCount 0",
    "hearsIn by being in to": "c:council cg:hearsIn c:task",
    "hearsIn as a member of the by actor": "c:council-team cg:hearsIn c:task",
    "takesPartIn by by, with and consulted": "c:council-team cg:takesPartIn c:first . "
    "c:subject cg:takesPartIn c:first . c:council cg:takesPartIn c:first",
    "takesPartIn as a member of the by actor": "c:council-team cg:takesPartIn c:task",
    "ownedBy an accountable holder": "c:duty cg:ownedBy c:council",
}


@pytest.fixture(scope="module")
def every_key() -> CaseDataset:
    return load(EVERY_KEY)


def test_the_key_list_covers_the_whole_spec() -> None:
    keys = list(spec_keys())
    assert len(keys) == len(set(keys)) == 96
    assert sorted(EXPECTED) == sorted(keys)


def test_the_fixture_uses_every_key() -> None:
    import yaml

    data = yaml.safe_load(EVERY_KEY.read_text(encoding="utf-8"))
    used: set[str] = set()

    def mark(prefix: str, value: object, fields: dict[str, Field]) -> None:
        assert isinstance(value, dict)
        for key, sub in value.items():
            spec = fields[key]
            path = f"{prefix}.{key}"
            used.add(path)
            if spec.type == "map":
                mark(path, sub, spec.fields)
            elif spec.type == "citations":
                for cite in sub if isinstance(sub, list) else [sub]:
                    mark("citation", cite, CITATION)
            elif spec.type == "holders":
                for holder in sub:
                    mark("holder", holder, HOLDER)
            elif spec.type == "items":
                for item in sub:
                    mark(str(spec.target), item, ITEM_FIELDS[str(spec.target)])

    mark("top", data, TOP_FIELDS)
    assert sorted(used) == sorted(spec_keys())


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_every_key_becomes_its_triple(every_key: CaseDataset, key: str) -> None:
    rows = every_key.query(f"{PREFIX}ASK {{ GRAPH {CASE} {{ {EXPECTED[key]} }} }}")
    assert rows.rows == [(True,)], EXPECTED[key]


@pytest.mark.parametrize("name", sorted(DERIVED))
def test_derived_facts(every_key: CaseDataset, name: str) -> None:
    rows = every_key.query(f"{PREFIX}ASK {{ {DERIVED[name]} }}")
    assert rows.rows == [(True,)], DERIVED[name]


def test_parametrised_counts() -> None:
    assert len(EXPECTED) == 96
    assert len(DERIVED) == 14


def test_the_helper_notions_hold_exactly_and_no_more(every_key: CaseDataset) -> None:
    """No one hears in a failed hand-over or in their own `by`; the informed do not own."""
    rows = every_key.query(
        f"{PREFIX}SELECT ?s ?p ?o WHERE {{ ?s ?p ?o "
        "FILTER (?p IN (cg:hearsIn, cg:takesPartIn, cg:ownedBy)) }"
    )
    found = {
        (s.rsplit("/", 1)[1], p.rsplit("#", 1)[1], o.rsplit("/", 1)[1]) for s, p, o in rows.rows
    }
    assert found == {
        ("council", "hearsIn", "task"),
        ("council-team", "hearsIn", "task"),
        ("council-team", "takesPartIn", "first"),
        ("subject", "takesPartIn", "first"),
        ("council", "takesPartIn", "first"),
        ("panel", "takesPartIn", "task"),
        ("council", "takesPartIn", "task"),
        ("council-team", "takesPartIn", "task"),
        ("council", "takesPartIn", "help"),
        ("duty", "ownedBy", "council"),
    }


def test_an_undated_event_has_no_interval_and_takes_its_bounds_from_its_chain(
    every_key: CaseDataset,
) -> None:
    rows = every_key.query(
        f"{PREFIX}SELECT ?p ?o WHERE {{ c:help ?p ?o . "
        "FILTER (?p IN (cg:earliest, cg:latest, cg:notBefore, cg:notAfter)) } ORDER BY ?p"
    )
    ns = "https://w3id.org/casegraph/ns#"
    # help: after task, after first (2019-03-04); before end (2020-11)
    assert [(p, str(o)) for p, o in rows.rows] == [
        (ns + "notAfter", "2020-11-30"),
        (ns + "notBefore", "2019-03-04"),
    ]


def test_no_pairs_of_events_are_stored(every_key: CaseDataset) -> None:
    """The later relation is two dates per event plus the links, never the closure."""
    rows = every_key.query(
        f"{PREFIX}SELECT ?p WHERE {{ ?s ?p ?o . ?s a cg:Event . ?o a cg:Event }} GROUP BY ?p"
    )
    assert sorted(p for (p,) in rows.rows) == [
        "https://w3id.org/casegraph/ns#after",
        "https://w3id.org/casegraph/ns#before",
        "https://w3id.org/casegraph/ns#under",
    ]


def test_case_triple_count_is_pinned() -> None:
    nt = case_ntriples(read_case_file(EVERY_KEY))
    # 198 cg: triples and 83 restating them in PROV, ORG and SKOS (casegraph.read.standard)
    assert len(nt.splitlines()) == 281
    assert len(rdflib.Graph().parse(data=nt, format="nt")) == 281


def test_free_text_theme_is_a_literal_and_text_is_escaped(write_case) -> None:  # type: ignore[no-untyped-def]
    path = write_case(
        "casegraph: 1\n"
        "case: {id: escapes}\n"
        "actors:\n"
        "  - id: a\n"
        '    label: "Quote \\" backslash \\\\ newline \\n tab \\t and é \u2019"\n'
        "findings:\n"
        "  - id: f\n"
        "    theme: poor record keeping\n"
    )
    nt = case_ntriples(check_case_bytes(path.read_bytes(), str(path)))
    graph = rdflib.Graph().parse(data=nt, format="nt")
    base = "https://w3id.org/casegraph/case/escapes/"
    label = graph.value(rdflib.URIRef(base + "a"), rdflib.RDFS.label)
    assert str(label) == 'Quote " backslash \\ newline \n tab \t and é \u2019'
    theme = graph.value(
        rdflib.URIRef(base + "f"), rdflib.URIRef("https://w3id.org/casegraph/ns#theme")
    )
    assert theme == rdflib.Literal("poor record keeping")
    dataset = load(path)
    assert dataset.query("SELECT ?l WHERE { ?a rdfs:label ?l }").rows == [
        ('Quote " backslash \\ newline \n tab \t and é \u2019',)
    ]
