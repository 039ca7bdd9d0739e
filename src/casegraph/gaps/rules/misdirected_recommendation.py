"""misdirected-recommendation: a recommendation owned by someone outside the case's
control structure.

Its query is misdirected-recommendation.rq beside this file; this module declares the rest (see
casegraph.gaps.gap).
"""

from __future__ import annotations

from collections.abc import Iterator

from casegraph.gaps.detail import Facts
from casegraph.gaps.gap import Clause, Gap
from casegraph.gaps.plain import CaseView, Result


def detail(f: Facts) -> str:
    """The result's sentence."""
    return (
        f"Owned by {f.names(f.evidence)}, who holds no duty and takes part in no event in "
        "this case."
    )


def truth(c: CaseView) -> Iterator[Result]:
    """The rule read literally: (entity, actor) for each result."""
    holders = {str(h["actor"]) for d in c.duties for h in d.get("holders") or []}
    for rec in c.recommendations:
        owner = rec.get("owner")
        if (
            owner
            and owner not in holders
            and not any(c.takes_part(str(owner), eid) for eid in c.events)
        ):
            yield rec["id"], None


GAP = Gap(
    id="misdirected-recommendation",
    order=14,
    entity="recommendation",
    label="a recommendation owned by someone outside the case's control structure",
    definition="it has an owner, who is no duty's holder (in any role) and takes part in no event",
    detail=detail,
    truth=truth,
    clauses=(
        Clause(
            "owner-outside",
            "absence",
            "its `owner` holds no duty and takes part in no event",
            "ownership",
        ),
    ),
)
