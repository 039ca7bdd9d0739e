"""undischarged-duty: a duty nobody carried out.

Its query is undischarged-duty.rq beside this file; this module declares the rest (see
casegraph.gaps.gap).
"""

from __future__ import annotations

from collections.abc import Iterator

from casegraph.gaps.detail import Facts
from casegraph.gaps.gap import Clause, Gap
from casegraph.gaps.plain import CaseView, Result, ids


def detail(f: Facts) -> str:
    """The result's sentence."""
    return f"Owned by {f.names(f.evidence)}, but no recorded event carried it out."


def truth(c: CaseView) -> Iterator[Result]:
    """The rule read literally: (entity, actor) for each result."""
    for duty in c.duties:
        if c.owners(duty) and not ids(duty.get("discharged_by")):
            yield duty["id"], None


GAP = Gap(
    id="undischarged-duty",
    order=3,
    entity="duty",
    label="a duty nobody carried out",
    definition="it has owners and no discharged_by event (absent or empty list)",
    detail=detail,
    truth=truth,
    clauses=(
        Clause(
            "not-discharged",
            "absence",
            "it has owners and no `discharged_by` event",
            "discharge",
        ),
    ),
)
