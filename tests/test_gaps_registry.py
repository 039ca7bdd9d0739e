"""The gap registry: one home per gap, and everything that lists the gaps agrees with it."""

from __future__ import annotations

from importlib.resources import files

import pytest
from gapcheck_reference import GAP_IDS as REFERENCE_IDS
from gapcheck_reference import PER_ACTOR as REFERENCE_PER_ACTOR

from casegraph.gaps.detail import Facts, Found
from casegraph.gaps.gap import ASPECTS
from casegraph.gaps.generate import ontology_text, shapes_text
from casegraph.gaps.registry import GAP_IDS, PER_ACTOR_GAPS, registry
from casegraph.synth.plants import DEFAULT_RATES
from casegraph.vocab import item_iri

RULES = files("casegraph.gaps") / "rules"


def test_every_query_has_a_declaration_and_every_declaration_a_query() -> None:
    queries = {entry.name[: -len(".rq")] for entry in RULES.iterdir() if entry.name.endswith(".rq")}
    homes = {
        entry.name[: -len(".py")].replace("_", "-")
        for entry in RULES.iterdir()
        if entry.name.endswith(".py") and entry.name != "__init__.py"
    }
    assert queries == homes == set(GAP_IDS)


def test_ids_and_order_are_unique_and_match_the_reference() -> None:
    gaps = list(registry().values())
    assert len({gap.order for gap in gaps}) == len(gaps)
    assert GAP_IDS == REFERENCE_IDS
    assert set(REFERENCE_PER_ACTOR) == PER_ACTOR_GAPS


@pytest.mark.parametrize("gap", list(registry().values()), ids=lambda gap: gap.id)
def test_declaration(gap) -> None:  # type: ignore[no-untyped-def]
    assert gap.label and gap.definition and gap.entity
    assert gap.scope_note.startswith(f"Reports one {gap.entity}")
    assert gap.clauses, "every rule declares its clauses"
    names = [clause.name for clause in gap.clauses]
    assert len(set(names)) == len(names)
    for clause in gap.clauses:
        assert clause.text and clause.name
        assert clause.basis in ("recorded", "absence")
        # An absence clause has an aspect, or none when it is always assessed
        # (unsupported-finding: a finding's own evidence is never a source's silence).
        if clause.basis == "absence":
            assert clause.aspect in ASPECTS or gap.id == "unsupported-finding"
        else:
            assert clause.aspect is None
    # A query with several clauses says, row by row, which one matched.
    query = (RULES / f"{gap.id}.rq").read_text(encoding="utf-8")
    if len(gap.clauses) > 1:
        for name in names:
            assert f'BIND ("{name}" AS ?clause)' in query, (gap.id, name)
    else:
        assert "?clause" not in query


def test_ontology_and_shapes_are_generated_from_the_registry() -> None:
    ontology = files("casegraph") / "ontology"
    for name, render in (("casegraph.ttl", ontology_text), ("shapes.ttl", shapes_text)):
        current = (ontology / name).read_text(encoding="utf-8")
        assert render(current) == current, f"{name} is stale: run python -m casegraph.gaps.generate"


def test_the_synthetic_planter_covers_every_gap() -> None:
    assert list(DEFAULT_RATES) == list(GAP_IDS)


def test_a_detail_sentence_names_items_by_label() -> None:
    duty = item_iri("c", "d1")
    a, b = item_iri("c", "a"), item_iri("c", "b")
    found = Found("blurred-ownership", "c", duty, None, evidence={a, b})
    sentence = registry()["blurred-ownership"].detail(Facts(found, {a: "Police"}))
    assert sentence == "Ownership of this duty is unclear between Police and b."
