"""responsibility-gap: a duty nobody owns.

Its query is responsibility-gap.rq beside this file; this module declares the rest (see
casegraph.gaps.gap).
"""

from __future__ import annotations

from collections.abc import Iterator

from casegraph.gaps.detail import Facts
from casegraph.gaps.gap import Clause, Gap
from casegraph.gaps.plain import CaseView, Result


def detail(f: Facts) -> str:
    """The result's sentence."""
    if "no-owners" not in f.clauses:  # the sources are silent on ownership
        held = f" ({f.names(f.evidence)} recorded as owning it)" if f.evidence else ""
        return f"A source calls this duty unowned{held}."
    if not f.evidence:
        tail = (
            ", and a source calls it unowned" if f.enum("clarity", "clarity") == "unowned" else ""
        )
        return f"Nobody is recorded as responsible or accountable for this duty{tail}."
    verb = "is" if len(f.evidence) == 1 else "are"
    return (
        f"A source calls this duty unowned, though {f.names(f.evidence)} {verb} recorded as "
        "responsible or accountable."
    )


def truth(c: CaseView) -> Iterator[Result]:
    """The rule read literally: (entity, actor) for each result."""
    for duty in c.duties:
        if not c.owners(duty) or duty.get("clarity") == "unowned":
            yield duty["id"], None


GAP = Gap(
    id="responsibility-gap",
    order=1,
    entity="duty",
    label="a duty nobody owns",
    definition="no owners (informed and consulted holders do not own), or clarity: unowned",
    detail=detail,
    truth=truth,
    clauses=(
        Clause(
            "no-owners",
            "absence",
            "no owners (informed and consulted holders do not own)",
            "ownership",
        ),
        Clause("stated-unowned", "recorded", "a source calls it unowned (`clarity: unowned`)"),
    ),
)
