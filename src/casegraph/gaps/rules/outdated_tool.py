"""outdated-tool: work done with an out-of-date tool.

Its query is outdated-tool.rq beside this file; this module declares the rest (see
casegraph.gaps.gap).
"""

from __future__ import annotations

from collections.abc import Iterator

from casegraph.gaps.detail import Facts
from casegraph.gaps.gap import Clause, Gap
from casegraph.gaps.plain import CaseView, Result, date_of


def detail(f: Facts) -> str:
    """The result's sentence."""
    reasons = []
    if f.enum("toolStatus", "tool-status") == "outdated":
        reasons.append("marked outdated")
    if f.fact("superseded"):
        reasons.append(f"superseded from {f.fact('superseded')}")
    return f"Done with {f.names(f.evidence)}, {' and '.join(reasons) or 'an out-of-date tool'}."


def truth(c: CaseView) -> Iterator[Result]:
    """The rule read literally: (entity, actor) for each result."""
    for eid, event in c.events.items():
        tool = c.tools.get(event.get("tool")) if event.get("tool") else None
        if tool is None:
            continue
        superseded, when = date_of(tool.get("superseded")), c.dates[eid]
        if tool.get("status") == "outdated" or (
            superseded is not None and when is not None and superseded.earliest <= when.earliest
        ):
            yield eid, None


GAP = Gap(
    id="outdated-tool",
    order=10,
    entity="event",
    label="work done with an out-of-date tool",
    definition=(
        "its tool has status: outdated, or a superseded date whose earliest moment is"
        " no later than the earliest moment of the event's own date (an event with no"
        " date is not judged by superseded)"
    ),
    detail=detail,
    truth=truth,
    clauses=(
        Clause(
            "outdated",
            "recorded",
            "its tool is `status: outdated` or was superseded by its date",
        ),
    ),
)
