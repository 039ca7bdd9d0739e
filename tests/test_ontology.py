"""The shipped ontology and shapes: they parse, and they cover what the mapping writes."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest
import rdflib
from conftest import FIXTURES
from gapcheck_reference import GAP_IDS as REFERENCE_IDS
from rdflib import OWL, RDF, RDFS, SKOS, Literal, URIRef

from casegraph.dataset import load
from casegraph.gaps.registry import GAP_IDS
from casegraph.read.casefile.spec import ENUMS
from casegraph.read.mapping import DERIVED_PROPERTIES, ENUM_PROPERTIES
from casegraph.read.standard import STANDARD_NAMESPACES, STANDARD_PREDICATES
from casegraph.vocab import CG, DCTERMS, GAP, ORG, PROV, XSD, enum_iri

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property, OWL.AnnotationProperty}
BUILT_IN = {RDF.type, RDFS.label}
# Standard terms the data restates cg: facts in (casegraph.read.standard); declared by
# their own vocabularies, not by casegraph's ontology.
STANDARD = {URIRef(p) for p in STANDARD_PREDICATES}


def _cg_types(data: rdflib.Graph) -> set:
    return {t for t in data.objects(None, RDF.type) if not str(t).startswith(STANDARD_NAMESPACES)}


ITEM_CLASSES = ("Case", "Review", "Source", "Actor", "Concern", "Duty", "Holding", "Tool",
                "Event", "Citation", "Finding", "Recommendation")  # fmt: skip


def _package_graph(name: str) -> rdflib.Graph:
    text = files("casegraph").joinpath("ontology", name).read_text(encoding="utf-8")
    return rdflib.Graph().parse(data=text, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return _package_graph("casegraph.ttl")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return _package_graph("shapes.ttl")


@pytest.fixture(scope="module")
def every_key_graph() -> rdflib.Graph:
    data = load(FIXTURES / "every-key.yaml").nquads("every-key")
    return rdflib.Graph().parse(data=data, format="nt")


def _declared(ontology: rdflib.Graph) -> tuple[set[URIRef], set[URIRef]]:
    classes = {s for s in ontology.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
    props = {
        s for t in PROPERTY_TYPES for s in ontology.subjects(RDF.type, t) if isinstance(s, URIRef)
    }
    return classes, props


def test_ontology_is_an_owl_ontology(ontology: rdflib.Graph) -> None:
    assert (URIRef("https://w3id.org/casegraph/ns"), RDF.type, OWL.Ontology) in ontology
    assert len(ontology) == 1067


def test_every_class_the_mapping_writes_is_declared(ontology: rdflib.Graph) -> None:
    classes, _ = _declared(ontology)
    assert {URIRef(CG + name) for name in ITEM_CLASSES} <= classes


@pytest.mark.parametrize("fixture", ["every-key.yaml", "minimal.yaml"])
def test_every_predicate_and_class_in_the_data_is_declared(
    ontology: rdflib.Graph, fixture: str
) -> None:
    dataset = load(FIXTURES / fixture)
    (case_id,) = dataset.case_ids()
    data = rdflib.Graph().parse(data=dataset.nquads(case_id), format="nt")
    classes, props = _declared(ontology)
    assert set(data.predicates()) - BUILT_IN - STANDARD - props == set()
    assert _cg_types(data) - classes == set()


def test_every_key_uses_every_declared_cg_property(
    ontology: rdflib.Graph, every_key_graph: rdflib.Graph
) -> None:
    _, props = _declared(ontology)
    used = set(every_key_graph.predicates())
    assert {p for p in props if p.startswith(CG)} - used == set()
    assert len([p for p in props if p.startswith(CG)]) == 70


def test_every_class_and_property_has_a_label_and_a_comment(ontology: rdflib.Graph) -> None:
    classes, props = _declared(ontology)
    missing = [
        str(term)
        for term in classes | props
        if not ontology.value(term, RDFS.label) or not ontology.value(term, RDFS.comment)
    ]
    assert missing == []
    assert len(classes) == 13  # the twelve the mapping writes, and cg:Panel


def test_derived_properties_say_how_they_are_computed(ontology: rdflib.Graph) -> None:
    for prop in DERIVED_PROPERTIES:
        comment = str(ontology.value(URIRef(prop), RDFS.comment))
        assert comment.startswith("Derived"), prop
    assert len(DERIVED_PROPERTIES) == 9


def test_domains_and_ranges_hold_in_the_data(
    ontology: rdflib.Graph, every_key_graph: rdflib.Graph
) -> None:
    data = every_key_graph
    wrong = []
    for s, p, o in data:
        domain = ontology.value(p, RDFS.domain)
        if isinstance(domain, URIRef) and (s, RDF.type, domain) not in data:
            wrong.append(("domain", s, p))
        range_ = ontology.value(p, RDFS.range)
        if range_ == SKOS.Concept:
            ok = (o, RDF.type, SKOS.Concept) in ontology
        elif isinstance(range_, URIRef) and range_.startswith(XSD):
            datatype = (
                o.datatype if isinstance(o, Literal) and o.datatype else URIRef(XSD + "string")
            )
            ok = isinstance(o, Literal) and datatype == range_
        elif isinstance(range_, URIRef):
            ok = (o, RDF.type, range_) in data
        else:
            ok = True
        if not ok:
            wrong.append(("range", p, o))
    assert wrong == []


@pytest.mark.parametrize("scheme", sorted(ENUMS))
def test_every_enum_value_is_a_concept_of_its_scheme(ontology: rdflib.Graph, scheme: str) -> None:
    scheme_iri = URIRef(f"{CG}scheme-{scheme}")
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in ontology
    concepts = set(ontology.subjects(SKOS.inScheme, scheme_iri))
    assert concepts == {URIRef(enum_iri(scheme, value)) for value in ENUMS[scheme]}
    for value in ENUMS[scheme]:
        concept = URIRef(enum_iri(scheme, value))
        assert (concept, RDF.type, SKOS.Concept) in ontology
        assert ontology.value(concept, SKOS.prefLabel) == Literal(value)
    prop = URIRef(CG + ENUM_PROPERTIES[scheme])
    assert (prop, RDFS.range, SKOS.Concept) in ontology


def test_enum_scheme_count() -> None:
    assert len(ENUMS) == 14


def test_every_gap_id_is_a_concept_with_a_label_and_a_definition(ontology: rdflib.Graph) -> None:
    scheme = URIRef(CG + "scheme-gap")
    assert set(ontology.subjects(SKOS.inScheme, scheme)) == {URIRef(GAP + g) for g in GAP_IDS}
    for gap in GAP_IDS:
        concept = URIRef(GAP + gap)
        assert (concept, RDF.type, SKOS.Concept) in ontology
        assert ontology.value(concept, SKOS.notation) == Literal(gap)
        assert str(ontology.value(concept, SKOS.prefLabel))
        assert str(ontology.value(concept, SKOS.definition))
    assert GAP_IDS == REFERENCE_IDS  # the product's list, kept apart from the registry
    assert str(ontology.value(URIRef(GAP + "responsibility-gap"), SKOS.prefLabel)) == (
        "a duty nobody owns"
    )


ALIGNMENTS = [
    (CG + "Actor", RDFS.subClassOf, PROV + "Agent"),
    (CG + "Event", RDFS.subClassOf, PROV + "Activity"),
    (CG + "Holding", RDFS.subClassOf, PROV + "Association"),
    (CG + "Panel", RDFS.subClassOf, ORG + "OrganizationalCollaboration"),
    (CG + "Source", RDFS.subClassOf, DCTERMS + "BibliographicResource"),
    (CG + "by", RDFS.subPropertyOf, PROV + "wasAssociatedWith"),
    (CG + "holder", RDFS.subPropertyOf, PROV + "agent"),
    (CG + "role", RDFS.subPropertyOf, PROV + "hadRole"),
    (CG + "members", RDFS.subPropertyOf, ORG + "hasMember"),
    # cg:partOf links persons and organisations alike: the data says which (org:memberOf
    # or org:subOrganizationOf), so it is only seeAlso both (no sub-property of either).
    (CG + "partOf", RDFS.seeAlso, ORG + "memberOf"),
    (CG + "ref", RDFS.subPropertyOf, DCTERMS + "source"),
    (CG + "ref", RDFS.subPropertyOf, PROV + "hadPrimarySource"),
]


@pytest.mark.parametrize(("s", "p", "o"), ALIGNMENTS)
def test_alignment(ontology: rdflib.Graph, s: str, p: URIRef, o: str) -> None:
    assert (URIRef(s), p, URIRef(o)) in ontology


def test_alignment_count() -> None:
    assert len(ALIGNMENTS) == 12


def test_shapes_refer_only_to_declared_terms(ontology: rdflib.Graph, shapes: rdflib.Graph) -> None:
    classes, props = _declared(ontology)
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept))
    targets = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    assert targets - classes == set()
    paths = set(shapes.objects(None, SH.path)) | set(shapes.objects(None, SH.targetSubjectsOf))
    assert paths - props - BUILT_IN == set()
    listed = {
        item
        for head in shapes.objects(None, SH["in"])
        for item in rdflib.collection.Collection(shapes, head)
        if isinstance(item, URIRef)
    }
    assert listed - concepts - classes == set()
    assert len(set(shapes.subjects(RDF.type, SH.NodeShape))) == 18


def test_the_real_case_uses_only_declared_terms(
    ontology: rdflib.Graph, real_case_path: Path
) -> None:
    dataset = load(real_case_path)
    data = rdflib.Graph().parse(data=dataset.nquads("prevent-amess-2014"), format="nt")
    classes, props = _declared(ontology)
    assert set(data.predicates()) - BUILT_IN - STANDARD - props == set()
    assert _cg_types(data) - classes == set()
