"""blurred-ownership: a duty owned ambiguously.

Its query is blurred-ownership.rq beside this file; this module declares the rest (see
casegraph.gaps.gap).
"""

from __future__ import annotations

from collections.abc import Iterator

from casegraph.gaps.detail import Facts
from casegraph.gaps.gap import Clause, Gap
from casegraph.gaps.plain import CaseView, Result


def detail(f: Facts) -> str:
    """The result's sentence."""
    said = "; a source calls it blurred" if f.enum("clarity", "clarity") == "blurred" else ""
    if len(f.evidence) >= 2:
        return f"Ownership of this duty is unclear between {f.names(f.evidence)}{said}."
    held = f" (owner: {f.names(f.evidence)})" if f.evidence else " (no owner is recorded)"
    return f"A source calls ownership of this duty blurred{held}."


def truth(c: CaseView) -> Iterator[Result]:
    """The rule read literally: (entity, actor) for each result."""
    for duty in c.duties:
        holders = duty.get("holders") or []
        accountable = {h["actor"] for h in holders if h.get("role") == "accountable"}
        responsible = {h["actor"] for h in holders if h.get("role") == "responsible"}
        guidance, practice = c.owners(duty, "guidance"), c.owners(duty, "practice")
        if (
            len(accountable) >= 2
            or (len(responsible) >= 2 and not accountable)
            or (guidance and practice and guidance != practice)
            or duty.get("clarity") == "blurred"
        ):
            yield duty["id"], None


GAP = Gap(
    id="blurred-ownership",
    order=2,
    entity="duty",
    label="a duty owned ambiguously",
    definition=(
        "two or more distinct accountable actors (counted across all bases); or two "
        "or more distinct responsible actors and no accountable one; or the owners "
        "with basis: guidance and the owners with basis: practice are both non-empty "
        "and differ; or clarity: blurred"
    ),
    detail=detail,
    truth=truth,
    clauses=(
        Clause(
            "blurred",
            "recorded",
            "two or more accountable actors; or two or more responsible and none "
            "accountable; or the owners on guidance and in practice differ; or a source "
            "calls it blurred (`clarity: blurred`)",
        ),
    ),
)
