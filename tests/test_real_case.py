"""The first real case (data/cases/prevent-amess-2014.yaml) is faithful to its source.

Every quote must be verbatim text of the news report, every item must be cited, the
reviewer's six issues must be six findings with evidence, and the file must pass the
format-1 checker. Counts are pinned so the suite cannot silently shrink.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from casegraph.read.casefile.check import read_case_file

REPO = Path(__file__).resolve().parents[1]
CASE = REPO / "data" / "cases" / "prevent-amess-2014.yaml"
SOURCE_NAME = "prevent-learning-review-news-report.txt"
SOURCE_COPY = REPO / "data" / "sources" / SOURCE_NAME
SOURCE_SHARED = REPO.parent / "shared" / "seed" / SOURCE_NAME

ITEM_SECTIONS = ("actors", "concerns", "duties", "tools", "events", "findings", "recommendations")
# Pinned so that deleting items or citations fails the suite rather than shrinking it.
EXPECTED_ITEMS = {
    "actors": 13,
    "concerns": 4,
    "duties": 2,
    "tools": 1,
    "events": 12,
    "findings": 6,
    "recommendations": 0,
}
EXPECTED_CITATIONS = 55


@pytest.fixture(scope="module")
def case() -> dict[str, Any]:
    with CASE.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def source_text() -> str:
    return SOURCE_COPY.read_text(encoding="utf-8")


def _citations(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def walk_sources(node: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """Every citation under a `source` key, at any depth, with where it was found."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{where}.{key}" if where else str(key)
            if key == "source":
                for index, entry in enumerate(_citations(value)):
                    yield f"{here}[{index}]", entry
            else:
                yield from walk_sources(value, here)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            label = item.get("id", index) if isinstance(item, dict) else index
            yield from walk_sources(item, f"{where}[{label}]")


def test_every_quote_is_verbatim_in_the_source(case: dict[str, Any], source_text: str) -> None:
    citations = list(walk_sources(case))
    assert len(citations) == EXPECTED_CITATIONS
    missing = []
    for where, entry in citations:
        assert isinstance(entry, dict), f"{where}: citation must be a mapping"
        quote = entry.get("quote")
        assert isinstance(quote, str) and quote.strip(), f"{where}: citation has no quote"
        if quote not in source_text:
            missing.append(f"{where}: {quote!r}")
    assert not missing, "quotes not found verbatim in the source:\n" + "\n".join(missing)


def test_citations_refer_to_declared_sources(case: dict[str, Any]) -> None:
    declared = {source["id"] for source in case["sources"]}
    assert declared == {"news-report"}
    refs = {entry["ref"] for _, entry in walk_sources(case)}
    assert refs == {"news-report"}


def test_source_copy_matches_shared_original() -> None:
    if not SOURCE_SHARED.exists():
        pytest.skip(f"shared original not present at {SOURCE_SHARED}")
    assert SOURCE_COPY.read_bytes() == SOURCE_SHARED.read_bytes()


def test_six_findings_with_evidence_and_quote(case: dict[str, Any], source_text: str) -> None:
    findings = case["findings"]
    assert len(findings) == 6
    ids = {item["id"] for section in ITEM_SECTIONS for item in case.get(section) or []}
    for finding in findings:
        assert finding.get("text"), finding["id"]
        evidence = finding.get("evidence")
        assert isinstance(evidence, list) and evidence, f"{finding['id']}: no evidence"
        assert set(evidence) <= ids, f"{finding['id']}: evidence names unknown ids"
        quotes = [entry.get("quote") for entry in _citations(finding.get("source"))]
        assert quotes and all(q and q in source_text for q in quotes), finding["id"]


def test_every_item_is_cited_with_a_quote(case: dict[str, Any]) -> None:
    counts = {}
    for section in ITEM_SECTIONS:
        items = case.get(section) or []
        counts[section] = len(items)
        for item in items:
            entries = _citations(item.get("source")) if "source" in item else []
            assert entries, f"{section}[{item['id']}] has no source"
            assert any(isinstance(e, dict) and e.get("quote") for e in entries), (
                f"{section}[{item['id']}] has no source with a quote"
            )
    assert counts == EXPECTED_ITEMS
    assert sum(counts.values()) == 38


def test_passes_the_format_checker() -> None:
    checked = read_case_file(CASE)
    assert checked.case_id == "prevent-amess-2014"
    # 38 items plus the one source.
    assert len(checked.kinds) == 39
