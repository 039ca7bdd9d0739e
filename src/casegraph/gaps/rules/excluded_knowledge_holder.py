"""excluded-knowledge-holder: someone who raised a concern left out of a later decision.

Its query is excluded-knowledge-holder.rq beside this file; this module declares the rest (see
casegraph.gaps.gap).
"""

from __future__ import annotations

from collections.abc import Iterator

from casegraph.gaps.detail import Facts
from casegraph.gaps.gap import Clause, Gap
from casegraph.gaps.plain import CaseView, Result, ids


def detail(f: Facts) -> str:
    """The result's sentence."""
    who = f.names([f.actor] if f.actor else [])
    raised = f.ids(f.evidence - {f.actor})
    return f"{who}, who raised a concern (at {raised}), took no part in this later decision."


def truth(c: CaseView) -> Iterator[Result]:
    """The rule read literally: (entity, actor) for each result."""
    triggers: dict[str, set[str]] = {}
    for eid, event in c.events.items():
        if event.get("kind") == "referral":
            for actor in ids(event.get("by")):
                triggers.setdefault(actor, set()).add(eid)
    for concern in c.concerns:
        by, at = concern.get("identified_by"), concern.get("identified_at")
        if by and at:
            triggers.setdefault(str(by), set()).add(str(at))
    for did, decision in c.events.items():
        if decision.get("kind") != "decision":
            continue
        for actor in sorted(triggers):
            if any(c.later(did, t) for t in triggers[actor]) and not c.takes_part(actor, did):
                yield did, actor


GAP = Gap(
    id="excluded-knowledge-holder",
    order=9,
    entity="event",
    label="someone who raised a concern left out of a later decision",
    definition=(
        "A's trigger events are the referrals A is by and the identified_at events of"
        " the concerns A is identified_by (a concern without identified_at is no "
        "trigger); for each event of kind decision later than any of A's trigger "
        "events in which A does not take part"
    ),
    detail=detail,
    truth=truth,
    per_actor=True,
    scope="the decision",
    clauses=(
        Clause(
            "took-no-part",
            "absence",
            "someone who raised a concern takes no part in a later decision",
            "participation",
        ),
    ),
)
