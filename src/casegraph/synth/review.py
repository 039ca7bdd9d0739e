"""The review's layer of a synthetic case: findings of good practice, sources, citations.

Findings about the planted gaps, and the gaps in this layer itself, are plants
(casegraph.synth.plants).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casegraph.synth.builder import CaseBuilder


def base_findings(b: CaseBuilder) -> None:
    """One or two findings of good practice, each with a recommendation."""
    rng = b.rng
    owners = b.owners()
    pool = [
        (
            "Information was shared promptly between police Prevent and the local authority.",
            ["referral-to-channel", "screening"],
            "Keep the information-sharing agreement under review.",
        ),
        (
            "The intervention provider built a trusting relationship with the subject.",
            b.sessions[:2],
            "Share good mentoring practice with other Channel panels.",
        ),
        (
            "The panel applied the vulnerability assessment framework at adoption.",
            ["adoption", "vaf"],
            "Record VAF scores at every panel meeting.",
        ),
        (
            "Post-exit reviews took place on time.",
            ["review-6m", "review-12m"],
            "Keep six- and twelve-month post-exit reviews.",
        ),
    ]
    for text, evidence, rec in rng.sample(pool, rng.randint(1, 2)):
        b.finding(text, None, evidence, rec, rng.choice(owners))


def cite(b: CaseBuilder) -> None:
    """The review and its other sources, and citations of them on some items."""
    rng = b.rng
    b.sources.append(
        {
            "id": "review",
            "title": "Prevent learning review (synthetic)",
            "kind": "review-report",
            "url": f"https://example.org/synth/{b.case_id}.pdf",
        }
    )
    if rng.random() < 0.5:
        b.sources.append(
            {"id": "chronology", "title": "Multi-agency chronology", "kind": "chronology"}
        )
    if rng.random() < 0.4:
        b.sources.append({"id": "panel-minutes", "title": "Channel panel minutes", "kind": "other"})
    refs = [s["id"] for s in b.sources]
    items = [
        *b.actors.values(),
        *b.concerns,
        *b.duties,
        *b.story,
        *b.findings,
        *b.recs,
    ]
    for item in items:
        if rng.random() < 0.2:
            quote = (
                item.get("summary")
                or item.get("outcome")
                or item.get("text")
                or item.get("label")
                or item["id"]
            )
            cite: dict[str, Any] = {"ref": rng.choice(refs), "quote": quote}
            if rng.random() < 0.5:
                cite["locator"] = f"p. {rng.randint(2, 60)}"
            item["source"] = [cite]
            if rng.random() < 0.1:
                item["source"].append({"ref": rng.choice(refs), "quote": quote})
