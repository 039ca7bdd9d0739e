"""unsupported-finding: a reviewer finding with no evidence in the graph.

Its query is unsupported-finding.rq beside this file; this module declares the rest (see
casegraph.gaps.gap).
"""

from __future__ import annotations

from collections.abc import Iterator

from casegraph.gaps.detail import Facts
from casegraph.gaps.gap import Clause, Gap
from casegraph.gaps.plain import CaseView, Result, ids


def detail(f: Facts) -> str:
    """The result's sentence."""
    return "This finding cites no evidence in the graph."


def truth(c: CaseView) -> Iterator[Result]:
    """The rule read literally: (entity, actor) for each result."""
    for finding in c.findings:
        if not ids(finding.get("evidence")):
            yield finding["id"], None


GAP = Gap(
    id="unsupported-finding",
    order=12,
    entity="finding",
    label="a reviewer finding with no evidence in the graph",
    definition="evidence absent or empty",
    detail=detail,
    truth=truth,
    clauses=(Clause("no-evidence", "absence", "the finding has no `evidence`"),),
)
