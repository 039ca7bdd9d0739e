"""failed-communication: a hand-over that did not arrive as meant.

Its query is failed-communication.rq beside this file; this module declares the rest (see
casegraph.gaps.gap).
"""

from __future__ import annotations

from collections.abc import Iterator

from casegraph.gaps.detail import Facts
from casegraph.gaps.gap import Clause, Gap
from casegraph.gaps.plain import CaseView, Result

_FAILED = ("failed", "miscommunicated", "not-sent")


def detail(f: Facts) -> str:
    """The result's sentence."""
    status = f.enum("status", "event-status")
    said = {
        "failed": "failed",
        "miscommunicated": "was miscommunicated",
        "not-sent": "was never sent",
    }.get(status, status)  # type: ignore[arg-type]
    return f"This hand-over {said}."


def truth(c: CaseView) -> Iterator[Result]:
    """The rule read literally: (entity, actor) for each result."""
    for eid, event in c.events.items():
        if event.get("status") in _FAILED:
            yield eid, None


GAP = Gap(
    id="failed-communication",
    order=7,
    entity="event",
    label="a hand-over that did not arrive as meant",
    definition="status is failed, miscommunicated or not-sent",
    detail=detail,
    truth=truth,
    clauses=(Clause("failed", "recorded", "`status` is failed, miscommunicated or not-sent"),),
)
