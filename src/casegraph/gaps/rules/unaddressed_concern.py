"""unaddressed-concern: a concern no event worked on.

Its query is unaddressed-concern.rq beside this file; this module declares the rest (see
casegraph.gaps.gap).
"""

from __future__ import annotations

from collections.abc import Iterator

from casegraph.gaps.detail import Facts
from casegraph.gaps.gap import Clause, Gap
from casegraph.gaps.plain import CaseView, Result, ids


def detail(f: Facts) -> str:
    """The result's sentence."""
    return (
        f"No event worked on this concern ({f.enum('nature', 'nature') or 'nature not recorded'})."
    )


def truth(c: CaseView) -> Iterator[Result]:
    """The rule read literally: (entity, actor) for each result."""
    for concern in c.concerns:
        if not ids(concern.get("addressed_by")):
            yield concern["id"], None


GAP = Gap(
    id="unaddressed-concern",
    order=5,
    entity="concern",
    label="a concern no event worked on",
    definition=(
        "addressed_by absent or empty; the result's detail gives its nature, so that "
        '"symptoms addressed, causes not" shows'
    ),
    detail=detail,
    truth=truth,
    clauses=(Clause("not-addressed", "absence", "no `addressed_by` event", "responses"),),
)
