"""unanswered-finding: a finding that no recommendation responds to.

Its query is unanswered-finding.rq beside this file; this module declares the rest (see
casegraph.gaps.gap).
"""

from __future__ import annotations

from collections.abc import Iterator

from casegraph.gaps.detail import Facts
from casegraph.gaps.gap import Clause, Gap
from casegraph.gaps.plain import CaseView, Result, ids


def detail(f: Facts) -> str:
    """The result's sentence."""
    return "No recommendation responds to this finding."


def truth(c: CaseView) -> Iterator[Result]:
    """The rule read literally: (entity, actor) for each result."""
    answered = {f for r in c.recommendations for f in ids(r.get("addresses"))}
    for finding in c.findings:
        if finding["id"] not in answered:
            yield finding["id"], None


GAP = Gap(
    id="unanswered-finding",
    order=13,
    entity="finding",
    label="a finding that no recommendation responds to",
    definition="no recommendation addresses it",
    detail=detail,
    truth=truth,
    clauses=(
        Clause(
            "unanswered",
            "absence",
            "no recommendation `addresses` it",
            "recommendations",
        ),
    ),
)
