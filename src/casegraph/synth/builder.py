"""The state of one synthetic case while it is built, and the steps that add items to it."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from casegraph.synth.vocab import CONCERNS, LABEL_OF, NATURE_OF


class CaseBuilder:
    """One case's items as they are built, and the small steps every stage builds with.

    The pathway, plants, dates and review (their own modules) are functions of a
    builder; :func:`casegraph.synth.pathway.build` runs them in order.
    """

    # set by the pathway's stages (casegraph.synth.pathway)
    ideology: str
    subject: str
    referrer_org: str
    referrer: str
    extras: list[str]
    commissioners: list[str]
    pre: bool
    post: bool
    planned: int
    referral_concerns: list[dict[str, Any]]
    police_concern: dict[str, Any] | None
    sessions: list[str]
    health: str | None
    re_referrer: str

    def __init__(self, rng: random.Random, case_id: str, rates: dict[str, float]):
        self.rng = rng
        self.case_id = case_id
        self.rates = rates
        self.actors: dict[str, dict[str, Any]] = {}
        self.concerns: list[dict[str, Any]] = []
        self.duties: list[dict[str, Any]] = []
        self.tools: list[dict[str, Any]] = []
        self.story: list[dict[str, Any]] = []  # events in the order they happened
        self.findings: list[dict[str, Any]] = []
        self.recs: list[dict[str, Any]] = []
        self.sources: list[dict[str, Any]] = []
        self.triggers: list[str] = []  # actors who referred or identified a concern, so far
        self.plan: dict[str, str] = {}  # gap -> variant planted
        self.entity: dict[str, str] = {}  # gap -> the entity its plant targets
        self.claimed: set[str] = set()

    def actor(
        self, aid: str, label: str, type_: str, level: str | None = None, **extra: Any
    ) -> str:
        if aid not in self.actors:
            item: dict[str, Any] = {"id": aid, "label": label, "type": type_}
            if level:
                item["level"] = level
            item.update(extra)
            self.actors[aid] = item
        return aid

    def members(self, aid: str) -> set[str]:
        a = self.actors.get(aid, {})
        return set(a.get("members", [])) | ({a["chair"]} if a.get("chair") else set())

    def takes_part(self, actor: str, event: dict[str, Any]) -> bool:
        part = event.get("by", []) + event.get("with", []) + event.get("consulted", [])
        return actor in part or any(actor in self.members(p) for p in part)

    def event(
        self, eid: str, kind: str, gap: tuple[int, int], by: list[str], **fields: Any
    ) -> dict[str, Any]:
        ev: dict[str, Any] = {"id": eid, "kind": kind, "by": by, "_gap": gap}
        for key, value in fields.items():
            ev[key.rstrip("_")] = value
        self.story.append(ev)
        return ev

    def insert_after(self, anchor: str, ev: dict[str, Any]) -> None:
        self.story.remove(ev)
        pos = next(i for i, e in enumerate(self.story) if e["id"] == anchor)
        self.story.insert(pos + 1, ev)

    def ev(self, eid: str) -> dict[str, Any]:
        return next(e for e in self.story if e["id"] == eid)

    def has(self, eid: str) -> bool:
        return any(e["id"] == eid for e in self.story)

    def trigger(self, actor: str) -> None:
        if actor not in self.triggers:
            self.triggers.append(actor)

    def decision(self, eid: str, gap: tuple[int, int], by: str, **fields: Any) -> dict[str, Any]:
        ev = self.event(eid, "decision", gap, [by], **fields)
        consulted = list(fields.get("consulted", []))
        for actor in self.triggers:
            if actor not in consulted and not self.takes_part(
                actor, {**ev, "consulted": consulted}
            ):
                consulted.append(actor)
        ev["consulted"] = consulted
        return ev

    def concern(self, cid: str, by: str | None, at: str | None, **extra: Any) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": cid,
            "label": LABEL_OF[cid].format(ideology=self.ideology),
            "nature": NATURE_OF[cid],
        }
        if by:
            item["identified_by"] = by
        if at:
            item["identified_at"] = at
        item.update(extra)
        self.concerns.append(item)
        if by and at:
            self.trigger(by)
        return item

    def free_concern(self, natures: tuple[str, ...]) -> str:
        used = {c["id"] for c in self.concerns}
        pool = [cid for n in natures for cid, _ in CONCERNS[n] if cid not in used]
        if not pool:  # every concern of these natures is taken: any will do
            pool = [cid for cid in NATURE_OF if cid not in used]
        return self.rng.choice(pool)

    def in_panel(self, actor: str) -> bool:
        return actor in self.members("channel-panel")

    def owners(self) -> list[str]:
        """The actors a review's recommendation may be addressed to."""
        return [
            "local-authority",
            "police-prevent",
            "channel-panel",
            "intervention-provider",
            self.referrer,
        ]

    def finding(
        self,
        text: str,
        theme: str | None,
        evidence: list[str] | None,
        rec: str | None,
        owner: str | None,
    ) -> str:
        """Add a finding and, with ``rec``, a recommendation addressing it; its id."""
        fid = f"f{len(self.findings) + 1}"
        item: dict[str, Any] = {"id": fid, "text": text}
        if theme:
            item["theme"] = theme
        if evidence is not None:
            item["evidence"] = evidence
        self.findings.append(item)
        if rec:
            self.recs.append(
                {
                    "id": f"r{len(self.recs) + 1}",
                    "text": rec,
                    "addresses": [fid],
                    "owner": owner,
                    "status": self.rng.choice(("open", "in-progress", "done")),
                }
            )
        return fid

    def assemble(self) -> dict[str, Any]:
        """The case as a case file's data (dates of the review from the story's span)."""
        rng = self.rng
        days = [e["_day"] for e in self.story]
        start, end = min(days), max(days)
        published = end + timedelta(days=rng.randint(90, 400))
        self.sources[0]["published"] = f"{published.year}-{published.month:02d}"
        events = [
            {
                k: v
                for k, v in e.items()
                if not k.startswith("_") and (v or k not in ("consulted", "informed"))
            }
            for e in self.story
        ]
        if rng.random() < 0.1:
            rng.shuffle(events)  # a case file may list events in any order
        label = self.actors["subject"]["label"]
        return {
            "casegraph": 1,
            "case": {
                "id": self.case_id,
                "title": f"Handling of {label}'s Prevent referral",
                "subject": "subject",
                "period": {
                    "start": f"{start.year}-{start.month:02d}",
                    "end": f"{end.year}-{end.month:02d}",
                },
                "review": {
                    "title": f"Prevent learning review: {label}",
                    "kind": "prevent-learning-review",
                    "published": f"{published.year}-{published.month:02d}",
                    "commissioned_by": self.commissioners,
                },
            },
            "sources": self.sources,
            "actors": list(self.actors.values()),
            "concerns": self.concerns,
            "duties": self.duties,
            "tools": self.tools,
            "events": events,
            "findings": self.findings,
            "recommendations": self.recs,
        }
