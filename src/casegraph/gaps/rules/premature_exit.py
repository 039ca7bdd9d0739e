"""premature-exit: a case or stage closed with work outstanding.

Its query is premature-exit.rq beside this file; this module declares the rest (see
casegraph.gaps.gap).
"""

from __future__ import annotations

from collections.abc import Iterator

from casegraph.gaps.detail import Facts, plural
from casegraph.gaps.gap import Clause, Gap
from casegraph.gaps.plain import CaseView, Result, ids


def detail(f: Facts) -> str:
    """The result's sentence."""
    parts = []
    concerns, taskings = f.values("openConcern"), f.values("shortTasking")
    if concerns:
        parts.append(f"{plural(len(concerns), 'concern')} still open ({f.names(concerns)})")
    if taskings:
        parts.append(f"{plural(len(taskings), 'tasking')} short of plan ({f.ids(taskings)})")
    return f"Closed with {' and '.join(parts)}."


def truth(c: CaseView) -> Iterator[Result]:
    """The rule read literally: (entity, actor) for each result."""
    for xid, exit_ in c.events.items():
        stage = exit_.get("stage") or {}
        if stage.get("effect") != "exit" and exit_.get("kind") != "closure":
            continue
        open_concerns = [
            concern["id"]
            for concern in c.concerns
            if concern.get("identified_at")
            and c.later(xid, str(concern["identified_at"]))
            and not any(not c.later(a, xid) for a in ids(concern.get("addressed_by")))
        ]
        short_taskings: list[str] = []
        name = stage.get("name")
        if name:
            enters = [
                sid
                for sid, s in c.events.items()
                if (s.get("stage") or {}).get("name") == name
                and (s.get("stage") or {}).get("effect") == "enter"
                and c.later(xid, sid)
            ]
            short_taskings = [
                tid
                for tid, t in c.events.items()
                if t.get("kind") == "tasking"
                and c.short(t)
                and c.later(xid, tid)
                and any(c.later(tid, sid) for sid in enters)
            ]
        if open_concerns or short_taskings:
            yield xid, None


GAP = Gap(
    id="premature-exit",
    order=11,
    entity="event",
    label="a case or stage closed with work outstanding",
    definition=(
        "the event has stage: {effect: exit} or is of kind closure, and (a) some "
        "concern whose identified_at event it is later than has no addressed_by event"
        " that is not later than it; or (b) the exit has a stage name, and some event"
        " of kind tasking with planned and delivered less than planned is later than "
        "an event that enters a stage of the same name (which this exit is later "
        "than) and is earlier than this exit. A closure without a stage name checks "
        "(a) only. The open concerns and short taskings are in the evidence"
    ),
    detail=detail,
    truth=truth,
    scope="the exit",
    clauses=(
        Clause(
            "open-concern",
            "absence",
            "(a) a concern identified before the exit has no `addressed_by` event before it",
            "responses",
        ),
        Clause(
            "short-tasking",
            "recorded",
            "(b) a tasking in the stage it closes delivered less than planned",
        ),
    ),
)
