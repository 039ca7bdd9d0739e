"""delivery-shortfall: less delivered than planned.

Its query is delivery-shortfall.rq beside this file; this module declares the rest (see
casegraph.gaps.gap).
"""

from __future__ import annotations

from collections.abc import Iterator

from casegraph.gaps.detail import Facts
from casegraph.gaps.gap import Clause, Gap
from casegraph.gaps.plain import CaseView, Result


def detail(f: Facts) -> str:
    """The result's sentence."""
    return f"Only {f.fact('delivered')} of {f.fact('planned')} planned delivered."


def truth(c: CaseView) -> Iterator[Result]:
    """The rule read literally: (entity, actor) for each result."""
    for eid, event in c.events.items():
        if c.short(event):
            yield eid, None


GAP = Gap(
    id="delivery-shortfall",
    order=6,
    entity="event",
    label="less delivered than planned",
    definition="the event has planned and delivered is less than it",
    detail=detail,
    truth=truth,
    clauses=(Clause("short", "recorded", "delivered (given or counted) is less than `planned`"),),
)
