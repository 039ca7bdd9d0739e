"""The SPARQL catalogue against the plain-Python reference on thousands of random cases.

2,000 seeded random case files (tests/gapcheck_generate.py: every key of format 1,
overlapping partial dates, same-day events, after/before chains, panels, undated
events, ``silent_on`` aspects, findings with one theme or a list) are loaded into ONE
dataset, the whole catalogue runs once, and every result must equal the reference's,
key by key: (gap, case, entity, actor) and then evidence, label, sources, findings,
basis and stated_by. Samples run on rdflib, on a store on disk, and through a TriG
export read back, and must give identical results.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from gapcheck_cases import check, dataset_of
from gapcheck_generate import random_case_text
from gapcheck_reference import GAP_IDS, expected_results

from casegraph.dataset import load, open_store
from casegraph.export import export
from casegraph.gaps.catalogue import GapResult, gaps
from casegraph.read.casefile.check import CaseFile
from casegraph.read.mapping import case_ntriples
from casegraph.store.disk import CaseStore, PreparedCase
from casegraph.store.ingest import to_nquads
from casegraph.vocab import case_iri

CASES = 2000
RDFLIB_CASES = 50
STORE_CASES = 300


@pytest.fixture(scope="module")
def generated() -> list[CaseFile]:
    return [check(random_case_text(seed), f"gen-{seed}.yaml") for seed in range(CASES)]


def _compare(cases: list[CaseFile], results: list[GapResult]) -> Counter[str]:
    expected = {}
    for case in cases:
        expected.update(expected_results(case.data))
    got = {r.key: r for r in results}
    assert len(got) == len(results), "a (gap, case, entity, actor) is reported twice"
    assert sorted(set(got) - set(expected)) == [], "reported but not in the reference"
    assert sorted(set(expected) - set(got)) == [], "in the reference but not reported"
    for key, want in expected.items():
        result = got[key]
        assert result.evidence == sorted(want.evidence), key
        assert result.label == want.label, key
        assert result.sources == want.sources, key
        assert result.findings == want.findings, key
        assert result.stated_by == want.stated_by, key
        assert result.basis == want.basis, key
    return Counter(key[0] for key in expected)


def _bases(results: list[GapResult]) -> Counter[str]:
    return Counter(r.basis for r in results)


def test_catalogue_matches_reference(generated: list[CaseFile]) -> None:
    results = gaps(dataset_of(generated))
    counts = _compare(generated, results)
    # Every gap is exercised, most of them hundreds of times, on every basis.
    assert set(counts) == set(GAP_IDS)
    assert min(counts.values()) >= 100, counts
    assert sum(counts.values()) > 10_000
    assert min(_bases(results).values()) >= 300, _bases(results)
    assert len({r.gap for r in results if r.basis == "stated"}) >= 12
    # Silences matter: many cases are silent on something, and premature exits of
    # cases silent on responses are reported on their short taskings alone.
    silent = {c.case_id: c.data["case"].get("silent_on", []) for c in generated}
    assert sum(1 for aspects in silent.values() if aspects) > CASES / 3
    exits = [r for r in results if r.gap == "premature-exit" and "responses" in silent[r.case]]
    assert len(exits) >= 20 and all(r.clauses == ["short-tasking"] for r in exits)


def test_rdflib_gives_identical_results(generated: list[CaseFile]) -> None:
    sample = generated[:RDFLIB_CASES]
    on_rdflib = gaps(dataset_of(sample, engine="rdflib"))
    on_oxigraph = gaps(dataset_of(sample))
    assert [r.to_dict() for r in on_rdflib] == [r.to_dict() for r in on_oxigraph]
    counts = _compare(sample, on_rdflib)
    assert set(counts) == set(GAP_IDS)


def test_a_store_on_disk_gives_identical_results(generated: list[CaseFile], tmp_path: Path) -> None:
    sample = generated[:STORE_CASES]
    store = CaseStore(tmp_path / "store")
    prepared = []
    for case in sample:
        nquads, triples = to_nquads(case_ntriples(case), case_iri(case.case_id))
        prepared.append(
            PreparedCase(case.case_id, case.path, case_iri(case.case_id), nquads, triples)
        )
    store.write_batch(prepared)
    store.close()
    on_store = gaps(open_store(tmp_path / "store"))
    assert [r.to_dict() for r in on_store] == [r.to_dict() for r in gaps(dataset_of(sample))]
    _compare(sample, on_store)


def test_a_trig_export_read_back_gives_identical_results(
    generated: list[CaseFile], tmp_path: Path
) -> None:
    # silent_on and theme lists survive RDF: TriG out, RDF input back in.
    sample = generated[:RDFLIB_CASES]
    trig = tmp_path / "sample.trig"
    trig.write_bytes(export(dataset_of(sample), "trig"))
    read_back = gaps(load(trig))
    assert [r.to_dict() for r in read_back] == [r.to_dict() for r in gaps(dataset_of(sample))]
    _compare(sample, read_back)


def test_generated_cases_are_distinct(generated: list[CaseFile]) -> None:
    assert len(generated) == CASES
    assert len({case.case_id for case in generated}) == CASES
