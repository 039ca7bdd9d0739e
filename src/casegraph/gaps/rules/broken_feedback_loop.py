"""broken-feedback-loop: someone who passed something on and never heard back.

Its query is broken-feedback-loop.rq beside this file; this module declares the rest (see
casegraph.gaps.gap).
"""

from __future__ import annotations

from collections.abc import Iterator

from casegraph.gaps.detail import Facts
from casegraph.gaps.gap import Clause, Gap
from casegraph.gaps.plain import CaseView, Result, ids

_PASSED_ON = ("referral", "communication", "tasking")


def detail(f: Facts) -> str:
    """The result's sentence."""
    who = f.names([f.actor] if f.actor else [])
    return f"{who} passed this on and heard nothing back in any later event."


def truth(c: CaseView) -> Iterator[Result]:
    """The rule read literally: (entity, actor) for each result."""
    for eid, event in c.events.items():
        if event.get("kind") not in _PASSED_ON:
            continue
        for actor in dict.fromkeys(ids(event.get("by"))):
            if not any(c.hears(actor, fid) and c.later(fid, eid) for fid in c.events):
                yield eid, actor


GAP = Gap(
    id="broken-feedback-loop",
    order=8,
    entity="event",
    label="someone who passed something on and never heard back",
    definition=(
        "an event of kind referral, communication or tasking; for each actor A in its"
        " by (a panel is taken as itself, not its members): A hears in no later "
        "event. Undated events with no chain are reported too (nothing is provably "
        "later)"
    ),
    detail=detail,
    truth=truth,
    per_actor=True,
    clauses=(
        Clause(
            "not-heard-back",
            "absence",
            "the sender hears in no later event",
            "communications",
        ),
    ),
)
