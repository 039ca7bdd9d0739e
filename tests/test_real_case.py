"""The first real case (data/cases/prevent-amess-2014.yaml) is faithful to its source.

Every quote must be verbatim text of the news report, every item must be cited, the
reviewer's findings must be there with their quotes, and the file must pass the
format-1 checker. Counts are pinned so the suite cannot silently shrink. The gap
report on the case is pinned too: each result, its basis and who states it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from conftest import REPO

from casegraph.dataset import load
from casegraph.gaps import gaps, not_assessed, reconcile, silent_aspects
from casegraph.read.casefile.check import read_case_file

CASE = REPO / "data" / "cases" / "prevent-amess-2014.yaml"
SOURCE_NAME = "prevent-learning-review-news-report.txt"
SOURCE_COPY = REPO / "data" / "sources" / SOURCE_NAME
# The source as published in the news report; the case's quotes are checked against it.
SOURCE_SHA256 = "a14bbbb2826eaa9c84d32a4bbdc47d09f09b953dce57862fa31a3c59298a0a1e"

ITEM_SECTIONS = ("actors", "concerns", "duties", "tools", "events", "findings", "recommendations")
# Pinned so that deleting items or citations fails the suite rather than shrinking it.
EXPECTED_ITEMS = {
    "actors": 13,
    "concerns": 3,
    "duties": 2,
    "tools": 2,
    "events": 12,
    "findings": 12,
    "recommendations": 0,
}
EXPECTED_CITATIONS = 60


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


def test_the_source_is_unchanged() -> None:
    assert hashlib.sha256(SOURCE_COPY.read_bytes()).hexdigest() == SOURCE_SHA256


def test_findings_quote_the_reviewer(case: dict[str, Any], source_text: str) -> None:
    findings = case["findings"]
    assert [f["id"] for f in findings] == [f"f{n}" for n in range(1, 13)]
    ids = {item["id"] for section in ITEM_SECTIONS for item in case.get(section) or []}
    for finding in findings:
        assert finding.get("text"), finding["id"]
        assert set(finding.get("evidence", [])) <= ids, f"{finding['id']}: unknown evidence"
        quotes = [entry.get("quote") for entry in _citations(finding.get("source"))]
        assert quotes and all(q and q in source_text for q in quotes), finding["id"]
    # Only f2 has no evidence: the report does not say which decisions it means.
    assert [f["id"] for f in findings if not f.get("evidence")] == ["f2"]
    # The overall conclusion keeps its first half.
    f7 = next(f for f in findings if f["id"] == "f7")
    assert "policy and guidance at the time was mostly followed" in f7["source"]["quote"]


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
    assert sum(counts.values()) == 44


def test_passes_the_format_checker() -> None:
    checked = read_case_file(CASE)
    assert checked.case_id == "prevent-amess-2014"
    # 44 items plus the one source.
    assert len(checked.kinds) == 45
    assert checked.data["case"]["silent_on"] == ["recommendations", "ownership"]


# The gap report on the case, pinned: (gap, entity, actor) -> (basis, stated_by). Each is
# a result a reader of the report would accept; see data/README.md for the readings.
EXPECTED_GAPS = {
    ("blurred-ownership", "case-management", None): ("stated", ["f3"]),
    ("unrecorded-rationale", "channel-adoption", None): ("absent", []),
    ("unaddressed-concern", "change-in-demeanour", None): ("absent", []),
    ("unaddressed-concern", "underlying-causes", None): ("stated", ["f1"]),
    ("delivery-shortfall", "ip-tasking", None): ("stated", ["f6"]),
    ("failed-communication", "ip-tasking", None): ("stated", ["f11", "f6"]),
    ("broken-feedback-loop", "referral", "school"): ("stated", ["f10"]),
    ("excluded-knowledge-holder", "channel-adoption", "school"): ("stated", ["f5"]),
    ("excluded-knowledge-holder", "channel-adoption", "teachers"): ("stated", ["f5"]),
    ("excluded-knowledge-holder", "channel-exit", "school"): ("stated", ["f5"]),
    ("excluded-knowledge-holder", "channel-exit", "teachers"): ("stated", ["f5"]),
    ("outdated-tool", "vulnerability-assessment", None): ("stated", ["f4"]),
    ("premature-exit", "channel-case-closure", None): ("stated", ["f12"]),
    ("premature-exit", "channel-exit", None): ("stated", ["f7"]),
    ("premature-exit", "prevent-closure", None): ("recorded", []),
    ("unsupported-finding", "f2", None): ("absent", []),
}


def test_the_gap_report_says_what_the_report_says() -> None:
    dataset = load(CASE)
    results = gaps(dataset)
    got = {(r.gap, r.entity, r.actor): (r.basis, r.stated_by) for r in results}
    assert got == EXPECTED_GAPS
    # The report does not list recommendations, so no finding is "unanswered"; it gives
    # the exit's ground, so the exit's rationale is recorded.
    assert not [r for r in results if r.gap == "unanswered-finding"]
    assert ("unrecorded-rationale", "channel-exit", None) not in got
    assert [item.sentence() for item in not_assessed(silent_aspects(dataset))] == [
        "responsibility-gap assessed in part: not on no owners (informed and consulted "
        "holders do not own), as the sources are silent on ownership",
        "unanswered-finding not assessed: the sources are silent on recommendations",
        "misdirected-recommendation not assessed: the sources are silent on ownership",
    ]
    report = reconcile(dataset, results)
    assert {c.finding: c.status for c in report.findings} == {
        "f1": "corroborated",
        "f2": "uncorroborated",
        "f3": "corroborated",
        "f4": "corroborated",
        "f5": "corroborated",
        "f6": "corroborated",
        "f7": "corroborated",
        "f8": "related",
        "f9": "related",
        "f10": "corroborated",
        "f11": "corroborated",
        "f12": "corroborated",
    }


def test_knew_does_not_pass_his_hidden_views_to_the_police() -> None:
    from casegraph.graph.knowledge import knew_in

    result = knew_in(load(CASE), "police")
    assert "suspected-islamist-ideology" not in {k.item for k in result.known}
    assert "suspected-islamist-ideology" in {u.item for u in result.unreached}
