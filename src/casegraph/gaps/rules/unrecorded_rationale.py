"""unrecorded-rationale: a decision without a recorded reason.

Its query is unrecorded-rationale.rq beside this file; this module declares the rest (see
casegraph.gaps.gap).
"""

from __future__ import annotations

from collections.abc import Iterator

from casegraph.gaps.detail import Facts
from casegraph.gaps.gap import Clause, Gap
from casegraph.gaps.plain import CaseView, Result


def detail(f: Facts) -> str:
    """The result's sentence."""
    return "This decision has no recorded rationale."


def truth(c: CaseView) -> Iterator[Result]:
    """The rule read literally: (entity, actor) for each result."""
    for eid, event in c.events.items():
        if event.get("kind") == "decision" and not event.get("rationale"):
            yield eid, None


GAP = Gap(
    id="unrecorded-rationale",
    order=4,
    entity="event",
    label="a decision without a recorded reason",
    definition="kind: decision and rationale absent, null or empty",
    detail=detail,
    truth=truth,
    clauses=(
        Clause(
            "no-rationale",
            "absence",
            "a decision with no `rationale` (absent or empty)",
            "rationale",
        ),
    ),
)
