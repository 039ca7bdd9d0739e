"""The SPARQL catalogue against the plain-Python reference on thousands of random cases.

2,000 seeded random case files (tests/gapcheck_generate.py: every key of format 1,
overlapping partial dates, same-day events, after/before chains, panels, undated
events) are loaded into ONE dataset, the whole catalogue runs once, and every result
must equal the reference's, key by key: (gap, case, entity, actor) and then evidence,
label, sources and findings. A smaller sample runs on rdflib too and must give
identical results.
"""

from __future__ import annotations

from collections import Counter

import pytest
from gapcheck_cases import check, dataset_of
from gapcheck_generate import random_case_text
from gapcheck_reference import GAP_IDS, expected_results

from casegraph.gaps.catalogue import GapResult, gaps
from casegraph.read.casefile.check import CaseFile

CASES = 2000
RDFLIB_CASES = 50


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
    return Counter(key[0] for key in expected)


def test_catalogue_matches_reference(generated: list[CaseFile]) -> None:
    counts = _compare(generated, gaps(dataset_of(generated)))
    # Every gap is exercised, most of them hundreds of times.
    assert set(counts) == set(GAP_IDS)
    assert min(counts.values()) >= 100, counts
    assert sum(counts.values()) > 10_000


def test_rdflib_gives_identical_results(generated: list[CaseFile]) -> None:
    sample = generated[:RDFLIB_CASES]
    on_rdflib = gaps(dataset_of(sample, engine="rdflib"))
    on_oxigraph = gaps(dataset_of(sample))
    assert [r.to_dict() for r in on_rdflib] == [r.to_dict() for r in on_oxigraph]
    counts = _compare(sample, on_rdflib)
    assert set(counts) == set(GAP_IDS)


def test_generated_cases_are_distinct(generated: list[CaseFile]) -> None:
    assert len(generated) == CASES
    assert len({case.case_id for case in generated}) == CASES
